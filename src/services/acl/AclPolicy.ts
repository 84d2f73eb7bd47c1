// The AccessPolicy of FusionDirectory's ACLs (fd-core.md §5): each user's rules loaded once, evaluated in memory,
// and dropped when ACLs, groups, roles or departments change, here or on another instance.
import type { AclEvaluator, AclRuleExplanation } from '../../acl/index.ts';
import { dnEquals, isDescendantOf, normalizeDn, parentDn } from '../../ldap/dn.ts';
import { and, eq, ge, or } from '../../ldap/filter.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import type { AccessPolicy, AccessTarget, Actor, AclPolicyExplanation, AclPolicyRuleExplanation, Rights } from '../AccessPolicy.ts';
import type { ObjectWrite } from '../objects/ObjectService.ts';
import { AclLoader, type AclAssignmentDecision, type AclDirectorySnapshot } from './AclLoader.ts';



export interface AclPolicyOptions {
  gateway: LdapGateway;
  baseDN: string;
  /** The configured `ignoreAclDN`: that DN may do everything, whatever the ACLs say. */
  ignoreAclDN?: string;
  /** `fdAclTargetFilterLimit` (default 100), or a function reading it from the configuration. */
  targetFilterLimit?: number | (() => number);
  warn?: (message: string) => void;
  /** How often, at most, the directory is asked whether ACLs changed elsewhere (default 2000 ms). */
  checkIntervalMs?: number;
  now?: () => number;
}

const ORDER = 'rwcdms';
const unionLetters = (a: string, b: string) => [...ORDER].filter((c) => a.includes(c) || b.includes(c)).join('');

/** The parent of a normalised DN ('' at the top). */
function parentOf(dn: string): string | null {
  try {
    return parentDn(dn);
  } catch {
    return null;
  }
}

/** objectClasses whose entries change someone's rights when written (fd-core.md §5.3, "reset when ACLs or departments change"). */
const ACL_CLASSES = ['gosaAcl', 'gosaRole', 'groupOfNames', 'posixGroup', 'organizationalRole', 'gosaDepartment'];
const ACL_CLASSES_LOWER = new Set(ACL_CLASSES.map((c) => c.toLowerCase()));

const normalize = (dn: string) => {
  try {
    return normalizeDn(dn);
  } catch {
    return dn.toLowerCase();
  }
};

/**
 * FusionDirectory's ACL evaluation as the services' AccessPolicy.
 * @example const access = new AclPolicy({ gateway, baseDN, ignoreAclDN }); await access.rights(actor, { dn, category: 'user', tab: 'user' })
 */
export class AclPolicy implements AccessPolicy {
  private readonly gateway: LdapGateway;
  private readonly baseDN: string;
  private readonly ignoreAclDN: string | undefined;
  private readonly loader: AclLoader;
  private readonly interval: number;
  private readonly now: () => number;
  private snapshot: Promise<AclDirectorySnapshot> | undefined;
  /** Evaluators by normalised user DN (promises, so simultaneous requests load once). */
  private readonly evaluators = new Map<string, Promise<AclEvaluator>>();
  /** Bumped by every invalidation: a load started before it is not cached. */
  private generation = 0;
  private lastCheck = 0;
  private contextCSN: string[] | undefined;
  private checking: Promise<void> | undefined;

  constructor(options: AclPolicyOptions) {
    this.gateway = options.gateway;
    this.baseDN = options.baseDN;
    this.ignoreAclDN = options.ignoreAclDN;
    this.loader = new AclLoader({
      gateway: options.gateway,
      baseDN: options.baseDN,
      ...(options.targetFilterLimit !== undefined ? { targetFilterLimit: options.targetFilterLimit } : {}),
      ...(options.warn ? { warn: options.warn } : {}),
    });
    this.interval = options.checkIntervalMs ?? 2000;
    this.now = options.now ?? Date.now;
  }

  private ignoresAcl(actor: Actor): boolean {
    return this.ignoreAclDN !== undefined && this.ignoreAclDN !== '' && dnEquals(actor.dn, this.ignoreAclDN);
  }

  async rights(actor: Actor, target: AccessTarget): Promise<Rights> {
    if (this.ignoresAcl(actor)) return 'rwcdm';
    return (await this.evaluator(actor)).rights(target.dn, target.category, target.tab, target.attribute ?? '');
  }

  async uniformRights(actor: Actor): Promise<Rights | undefined> {
    if (this.ignoresAcl(actor)) return 'rwcdm';
    return (await this.evaluator(actor)).uniform();
  }

  async readableTest(actor: Actor, category: string, tab: string): Promise<{ key: string; test(dn: string): boolean }> {
    if (this.ignoresAcl(actor)) return { key: 'all', test: () => true };
    const generation = this.generation;
    const evaluator = await this.evaluator(actor);
    const rightsOf = evaluator.bulkRights(category, tab);
    return { key: `${normalize(actor.dn)}\u0000${generation}\u0000${category}/${tab}`, test: (dn) => rightsOf(dn).includes('r') };
  }

  /** Whether the actor has some right on a category somewhere (menus); `self` asks about his own entry ("My account"). */
  async hasAnyRight(actor: Actor, category: string, options: { self?: boolean } = {}): Promise<boolean> {
    if (this.ignoresAcl(actor)) return true;
    return (await this.evaluator(actor)).hasAnyRight(category, options);
  }

  /**
   * Every assignment attached to `targetDn` or an ancestor, for `user`: whether it applies there, or why not, and what
   * it grants on the objects of `categories` ("what can this user do here"). Read afresh: explanations are rare.
   */
  async explain(user: Actor, targetDn: string, categories: readonly string[]): Promise<AclPolicyExplanation> {
    const snapshot = await this.directory();
    const evaluator = await this.evaluator(user);
    const decisions = await this.loader.decisionsFor(user.dn, snapshot);
    const chain = new Set<string>();
    for (let dn: string | null = normalize(targetDn); dn !== null && dn !== ''; dn = parentOf(dn)) chain.add(dn);
    const used = new Map<string, AclRuleExplanation[]>();
    for (const category of categories) {
      for (const e of evaluator.explain(targetDn, category)) {
        const key = e.source ? `${normalize(e.source.assignment)}\u0000${e.source.index}` : '';
        const list = used.get(key) ?? [];
        list.push(e);
        used.set(key, list);
      }
    }
    const rules: AclPolicyRuleExplanation[] = [];
    for (const d of decisions) {
      if (!chain.has(normalize(d.dn))) continue;
      rules.push(this.explainDecision(d, used.get(`${normalize(d.dn)}\u0000${d.entry.priority}`) ?? [], chain));
    }
    return { ignoreAcl: this.ignoresAcl(user), rules, problems: snapshot.problems };
  }

  private explainDecision(d: AclAssignmentDecision, uses: AclRuleExplanation[], chain: Set<string>): AclPolicyRuleExplanation {
    const base = { assignment: d.dn, entry: d.entry, ...(d.matchedBy !== undefined ? { matchedBy: d.matchedBy } : {}) };
    if (d.status !== 'kept') return { ...base, status: d.status, grants: {} };
    if (d.entry.targetFilter !== '' && !d.targets.some((t) => chain.has(normalize(t)))) return { ...base, status: 'targetFilter', grants: {} };
    const applying = uses.filter((u) => u.use === 'applies');
    if (applying.length > 0) {
      const grants: Record<string, Record<string, string>> = {};
      for (const u of applying) {
        for (const [object, letters] of Object.entries(u.grants)) {
          const into = (grants[object] ??= {});
          for (const [key, value] of Object.entries(letters)) into[key] = unionLetters(into[key] ?? '', value);
        }
      }
      return { ...base, status: 'applies', grants };
    }
    if (uses.some((u) => u.use === 'baseElsewhere')) return { ...base, status: 'baseElsewhere', grants: {} };
    if (uses.some((u) => u.use === 'selfOnly')) return { ...base, status: 'selfOnly', grants: {} };
    // Kept for the user but absent from the evaluator's answer here: a base rule of an ancestor, a role whose
    // objects of these categories are all self-only (dropped away from the user's entry), or a role naming nothing
    // of these categories (it applies, granting nothing).
    const target = [...chain][0];
    if (d.entry.scope === 'base' && target !== normalize(d.dn)) return { ...base, status: 'baseElsewhere', grants: {} };
    if (d.selfOnly) return { ...base, status: 'selfOnly', grants: {} };
    return { ...base, status: 'applies', grants: {} };
  }

  /** The actor's evaluator, loaded at first use and kept until the ACLs change. */
  async evaluator(actor: Actor): Promise<AclEvaluator> {
    await this.checkForChanges();
    const key = normalize(actor.dn);
    let found = this.evaluators.get(key);
    if (!found) {
      const generation = this.generation;
      found = this.directory().then((snapshot) => this.loader.evaluatorFor(actor.dn, snapshot));
      this.evaluators.set(key, found);
      found.catch(() => {
        if (this.evaluators.get(key) === found) this.evaluators.delete(key);
      });
      void found.then(() => {
        // Loaded across an invalidation: answer this request, but load again next time.
        if (generation !== this.generation && this.evaluators.get(key) === found) this.evaluators.delete(key);
      }, () => undefined);
    }
    return found;
  }

  private directory(): Promise<AclDirectorySnapshot> {
    if (!this.snapshot) {
      const loading = this.loader.loadDirectory();
      this.snapshot = loading;
      loading.catch(() => {
        if (this.snapshot === loading) this.snapshot = undefined;
      });
    }
    return this.snapshot;
  }

  /** Forget every loaded rule: the next question reads the ACLs again. */
  invalidate(): void {
    this.generation++;
    this.snapshot = undefined;
    this.evaluators.clear();
  }

  /**
   * ObjectService's `onWrite`: an ACL assignment, role, group, role or department written means everyone's rules may
   * have changed; a user written changes his own (user and target filters read his values).
   */
  noticeWrite(write: ObjectWrite): void {
    if (write.objectClasses.some((c) => ACL_CLASSES_LOWER.has(c.toLowerCase()))) {
      this.invalidate();
      return;
    }
    for (const dn of [write.dn, write.previousDn]) if (dn) this.evaluators.delete(normalize(dn));
  }

  /**
   * Another instance may have changed ACLs: at most every `checkIntervalMs`, read the base's contextCSN (kept by
   * syncprov); when it moved, look for one ACL-related entry changed since, and forget everything if there is one.
   */
  private async checkForChanges(): Promise<void> {
    if (this.now() - this.lastCheck < this.interval) return;
    // A failed check is tried again at the next interval; the rights themselves still need the directory.
    this.checking ??= this.check().catch(() => undefined).finally(() => {
      this.lastCheck = this.now();
      this.checking = undefined;
    });
    return this.checking;
  }

  /** The entry holding contextCSN: the base, or the naming context above it when the base is not a suffix. */
  private csnEntry: string | undefined;

  private async readContextCSN(): Promise<string[]> {
    const values = async (dn: string) => ((await this.gateway.read(dn, ['contextCSN'])) ?.get('contextCSN') ?? []).slice().sort();
    if (this.csnEntry !== undefined) return values(this.csnEntry);
    let found = await values(this.baseDN);
    this.csnEntry = this.baseDN;
    if (found.length === 0) {
      const suffix = (await this.gateway.readRootDSE()).namingContexts.find((c) => isDescendantOf(this.baseDN, c, { orSelf: true }));
      if (suffix !== undefined) {
        this.csnEntry = suffix;
        found = await values(suffix);
      }
    }
    return found;
  }

  private async check(): Promise<void> {
    const current = await this.readContextCSN();
    const previous = this.contextCSN;
    this.contextCSN = current;
    if (previous === undefined || current.length === 0) return;
    if (previous.length === current.length && previous.every((c, i) => c === current[i])) return;
    // Each server's CSN: an entry changed since any of them is newer than the oldest.
    const since = previous.length > 0 ? previous.reduce((a, b) => (a < b ? a : b)) : '';
    const changed =
      since === ''
        ? [true]
        : await this.gateway.searchAll(this.baseDN, {
            filter: and(or(...ACL_CLASSES.map((c) => eq('objectClass', c))), ge('entryCSN', since)),
            attributes: ['1.1'],
            sizeLimit: 1,
          }).catch(() => [true]);
    // Assignments removed elsewhere (the entry loses gosaAcl, or is deleted) are not found by the search above.
    const assignments = changed.length > 0 ? undefined : await this.assignmentsChanged();
    if (changed.length > 0 || assignments) this.invalidate();
  }

  private async assignmentsChanged(): Promise<boolean> {
    if (!this.snapshot) return false;
    const snapshot = await this.snapshot.catch(() => undefined);
    if (!snapshot) return false;
    const now = await this.gateway.searchAll(this.baseDN, { filter: eq('objectClass', 'gosaAcl'), attributes: ['1.1'] });
    const known = new Set(snapshot.assignments.map((a) => normalize(a.dn)));
    const found = new Set(now.map((e) => normalize(e.dn)));
    return [...known].some((dn) => !found.has(dn));
  }
}
