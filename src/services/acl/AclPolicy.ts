// The AccessPolicy of FusionDirectory's ACLs (fd-core.md §5): each user's rules loaded once, evaluated in memory,
// and dropped when ACLs, groups, roles or departments change, here or on another instance.
import type { AclEvaluator } from '../../acl/index.ts';
import { dnEquals, isDescendantOf, normalizeDn } from '../../ldap/dn.ts';
import { and, eq, ge, or } from '../../ldap/filter.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import type { AccessPolicy, AccessTarget, Actor, Rights } from '../AccessPolicy.ts';
import type { ObjectWrite } from '../objects/ObjectService.ts';
import { AclLoader, type AclDirectorySnapshot } from './AclLoader.ts';

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

  /** Whether the actor has some right on a category somewhere (menus); `self` asks about his own entry ("My account"). */
  async hasAnyRight(actor: Actor, category: string, options: { self?: boolean } = {}): Promise<boolean> {
    if (this.ignoresAcl(actor)) return true;
    return (await this.evaluator(actor)).hasAnyRight(category, options);
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
