// FusionDirectory's ACL evaluation (fd-core.md §5.3, `userinfo::get_permissions`) over the rules of one user, in memory.
import { normalizeDn, parseDn, type Dn } from '../ldap/dn.ts';
import { ALL_OBJECTS, type AclObjectPermissions, type AclRoleTemplate } from './AclRoleTemplate.ts';
import type { AclScope } from './AclAssignmentEntry.ts';

/** One kept assignment as the evaluator needs it: where it applies, how far, and the lines of its role. */
export interface AclRule {
  /** The assignment entry's DN, or one DN its target filter found. */
  dn: string;
  scope: AclScope;
  /** Every line of the role (each line is a rule of its own at evaluation, as in FusionDirectory). */
  lines: readonly AclRoleTemplate[];
  /** Where the rule comes from, for explanations: the entry holding the assignment and its index there. */
  source?: AclRuleSource;
}

/** The assignment a rule comes from. */
export interface AclRuleSource {
  /** DN of the entry whose gosaAclEntry holds the assignment. */
  assignment: string;
  /** The assignment's index (priority) in gosaAclEntry. */
  index: number;
}

/** Why a rule the user has counts, or not, at one DN (AclEvaluator.explain). */
export type AclRuleUse = 'applies' | 'baseElsewhere' | 'selfOnly';

/** One of the user's rules on the chain of a DN, and what it grants there. */
export interface AclRuleExplanation {
  source: AclRuleSource | undefined;
  /** The DN the rule is attached to (the assignment's, or one its target filter found). */
  dn: string;
  scope: AclScope;
  use: AclRuleUse;
  /** What it grants at the DN when it applies: letters by object (`all`, `user/user`) then `0` or attribute ACL name. */
  grants: Record<string, Record<string, string>>;
}

/** The rights letters in FusionDirectory's order; `s` is never part of an answer. */
const ORDER = 'rwcdm';

/** One role line attached to a DN: FusionDirectory's `{acl, type}` entry of `$this->ACL[dn]`. */
interface CompiledRule {
  /** Normalised DN the rule is attached to. */
  dn: string;
  scope: AclScope;
  /** By object name (`all`, `user/user`…). */
  objects: Map<string, CompiledObject>;
  source: AclRuleSource | undefined;
}

interface CompiledObject {
  /** Class-level letters without `s`. */
  permissions: string;
  /** The object is for the user's own entry only (`s` in its class-level letters). */
  selfOnly: boolean;
  /** Per attribute ACL name, letters without `s`. */
  attributes: Map<string, string>;
  /** Class-level letters plus every attribute's: the answer to "any right on this tab?". */
  any: string;
}

/** Letters of `a` and `b`, in `rwcdm` order. */
function union(a: string, b: string): string {
  if (b === '' || a === ORDER) return a;
  let out = '';
  for (const c of ORDER) if (a.includes(c) || b.includes(c)) out += c;
  return out;
}

const clean = (letters: string) => union('', letters);

function compileObject(o: AclObjectPermissions): CompiledObject {
  const permissions = clean(o.permissions);
  const attributes = new Map<string, string>();
  let any = permissions;
  for (const a of o.attributes) {
    const letters = clean(a.permissions);
    attributes.set(a.attribute, union(attributes.get(a.attribute) ?? '', letters));
    any = union(any, letters);
  }
  return { permissions, selfOnly: o.permissions.includes('s'), attributes, any };
}

/** DN parsing that never throws: an unparsable DN is compared as lower-cased text. */
function safeParse(dn: string): Dn | null {
  try {
    return parseDn(dn);
  } catch {
    return null;
  }
}

function safeNormalize(dn: string): string {
  const parsed = safeParse(dn);
  return parsed ? normalizeDn(parsed) : dn.toLowerCase();
}

/** What FusionDirectory asks rights at for an object not created yet: `new,<department>`. */
const NEW_PREFIX = /^new,/i;

/**
 * Normalised DNs of `dn` and its ancestors, nearest first (the root DSE excluded). `new,<dn>` (an object about to be
 * created there) is a child of `<dn>` that no rule is attached to: base rules of `<dn>` do not reach it.
 */
function chainOf(dn: string): string[] {
  if (NEW_PREFIX.test(dn)) {
    const parent = chainOf(dn.replace(NEW_PREFIX, ''));
    return [`new,${parent[0] ?? ''}`, ...parent];
  }
  const parsed = safeParse(dn);
  if (!parsed) return [dn.toLowerCase()];
  // normalizeDn joins its normalised RDNs with ',': each suffix is a join of the same pieces.
  const rdns = parsed.map((rdn) => normalizeDn([rdn]));
  const chain: string[] = new Array<string>(rdns.length);
  let suffix = '';
  for (let i = rdns.length - 1; i >= 0; i--) chain[i] = suffix = suffix === '' ? rdns[i]! : `${rdns[i]!},${suffix}`;
  return chain;
}

/**
 * The rights of one signed-in user, answered from the assignments that concern him. Pure and synchronous:
 * the loader has already kept the assignments by member and user filter, and expanded target filters.
 * @example
 * const acl = new AclEvaluator('uid=jo,ou=people,dc=x', 'dc=x', [{ dn: 'ou=sales,dc=x', scope: 'subtree', lines: [parseAclRoleTemplate('0:user/user;cmdrw')] }]);
 * acl.rights('uid=ann,ou=people,ou=sales,dc=x', 'user', 'user') // 'rwcdm'
 */
export class AclEvaluator {
  readonly userDn: string;
  private readonly user: string;
  private readonly base: string;
  /** Rules by the normalised DN they are attached to. */
  private readonly byDn = new Map<string, CompiledRule[]>();
  /** Every rule that can apply somewhere (self-only objects away from the user's entry removed). */
  private readonly live: CompiledRule[] = [];
  /** Applicable rules by target DN as given (rules at the DN, subtree rules above it). */
  private readonly chains = new Map<string, { self: boolean; rules: CompiledRule[] }>();
  /** Answers by target DN, object and attribute. */
  private readonly answers = new Map<string, string>();
  private uniformCache: { value: string | undefined } | undefined;

  constructor(userDn: string, baseDN: string, rules: readonly AclRule[]) {
    this.userDn = userDn;
    this.user = safeNormalize(userDn);
    this.base = safeNormalize(baseDN);
    const userChain = new Set(chainOf(userDn));
    for (const rule of rules) {
      const dn = safeNormalize(rule.dn);
      // Self-only objects can only ever apply on the user's entry: drop them where the rule cannot reach it.
      const reachesUser = rule.scope === 'base' ? dn === this.user : userChain.has(dn);
      for (const line of rule.lines) {
        const objects = new Map<string, CompiledObject>();
        for (const o of line.objects) {
          const compiled = compileObject(o);
          if (compiled.selfOnly && !reachesUser) continue;
          const previous = objects.get(o.object);
          objects.set(o.object, previous ? mergeObjects(previous, compiled) : compiled);
        }
        if (objects.size === 0) continue;
        const compiled: CompiledRule = { dn, scope: rule.scope, objects, source: rule.source };
        this.live.push(compiled);
        const list = this.byDn.get(dn);
        if (list) list.push(compiled);
        else this.byDn.set(dn, [compiled]);
      }
    }
  }

  /** Whether any rule at all concerns the user. */
  get isEmpty(): boolean {
    return this.live.length === 0;
  }

  /**
   * The rights (letters among `rwcdm`) on `targetDn` for a tab class of a category; `attribute` '' or absent asks
   * "any right on this tab", an attribute ACL name asks that attribute, and tab `0` asks the whole category.
   * @example acl.rights(dn, 'user', 'user', 'userPassword') // 'rw'
   */
  rights(targetDn: string, category: string, tab: string, attribute = ''): string {
    const key = `${targetDn}\u0000${category}/${tab}\u0000${attribute}`;
    const cached = this.answers.get(key);
    if (cached !== undefined) return cached;
    const answer = this.compute(targetDn, category, tab, attribute);
    if (this.answers.size > 50_000) this.answers.clear();
    this.answers.set(key, answer);
    return answer;
  }

  private applicable(targetDn: string): { self: boolean; rules: CompiledRule[] } {
    let found = this.chains.get(targetDn);
    if (found) return found;
    const chain = chainOf(targetDn);
    const rules: CompiledRule[] = [];
    // Nearest first, as FusionDirectory merges (the order does not change a union).
    chain.forEach((dn, depth) => {
      for (const rule of this.byDn.get(dn) ?? []) if (depth === 0 || rule.scope === 'subtree') rules.push(rule);
    });
    found = { self: chain[0] === this.user, rules };
    if (this.chains.size > 10_000) this.chains.clear();
    this.chains.set(targetDn, found);
    return found;
  }

  private compute(targetDn: string, category: string, tab: string, attribute: string): string {
    const { self, rules } = this.applicable(targetDn);
    const object = `${category}/${tab}`;
    const categoryQuery = tab === '0';
    let out = '';
    for (const rule of rules) {
      const own = rule.objects.get(object);
      if (!self && own?.selfOnly) continue;
      const all = rule.objects.get(ALL_OBJECTS);
      // A decision of ours: an `all` object marked `s` is self-only like any other object.
      if (all && (self || !all.selfOnly)) out = union(out, all.permissions);
      if (categoryQuery) {
        const prefix = `${category}/`;
        for (const [name, o] of rule.objects) {
          if (!name.startsWith(prefix) || (o.selfOnly && !self)) continue;
          out = union(out, o.any);
        }
      } else if (own) {
        out = union(out, attribute === '' ? own.any : union(own.permissions, own.attributes.get(attribute) ?? ''));
      }
      if (out === ORDER) break;
    }
    return out;
  }

  /**
   * The rights when they are the same on every entry of the base, tab and attribute (a super administrator's
   * `rwcdm`, or '' for someone without rules), so a list need not ask entry by entry; undefined otherwise.
   */
  uniform(): string | undefined {
    if (this.uniformCache) return this.uniformCache.value;
    let everywhere = '';
    for (const rule of this.byDn.get(this.base) ?? []) {
      const all = rule.objects.get(ALL_OBJECTS);
      if (rule.scope === 'subtree' && all && !all.selfOnly) everywhere = union(everywhere, all.permissions);
    }
    // Uniform when nothing grants more than what the base's `all` rules grant everywhere.
    const exceeds = this.live.some((rule) => [...rule.objects.values()].some((o) => union(everywhere, o.any) !== everywhere));
    const value = exceeds ? undefined : everywhere;
    this.uniformCache = { value };
    return value;
  }

  /**
   * `rights(dn, category, tab)` for many entries at once (lists of 100 000): an entry with no rule attached to it
   * and that is not the user has the rights of any new child of its parent (`new,<parent>`), computed once per
   * parent from the DN's text; entries that may have rules of their own (their first RDN value is that of a rule's
   * DN or the user's, or their DN has escapes) take the full way.
   * @example const of = acl.bulkRights('user', 'user'); rows.filter((r) => of(r.dn).includes('r'))
   */
  bulkRights(category: string, tab: string): (dn: string) => string {
    const own = new Set<string>();
    for (const dn of [this.user, ...this.byDn.keys()]) {
      const parsed = safeParse(dn);
      const first = parsed?.[0];
      if (!first) continue;
      for (const part of first) own.add(String(part.value).toLowerCase().replace(/\s+/g, ' '));
    }
    const byParent = new Map<string, string>();
    return (dn: string) => {
      const comma = dn.indexOf(',');
      const equals = dn.indexOf('=');
      if (comma < 0 || equals < 0 || equals > comma || dn.includes('\\') || dn.includes('"') || dn.slice(0, comma).includes('+')) return this.rights(dn, category, tab);
      if (own.has(dn.slice(equals + 1, comma).trim().toLowerCase().replace(/\s+/g, ' '))) return this.rights(dn, category, tab);
      const parent = dn.slice(comma + 1);
      const key = parent.toLowerCase();
      let answer = byParent.get(key);
      if (answer === undefined) byParent.set(key, (answer = this.compute(`new,${parent}`, category, tab, '')));
      return answer;
    };
  }

  /**
   * The user's rules attached to `targetDn` or to one of its ancestors, nearest first, with what each grants at
   * `targetDn` for the objects of `category` (and `all`): the "what can this user do here" view.
   */
  explain(targetDn: string, category: string): AclRuleExplanation[] {
    const chain = chainOf(targetDn);
    const self = chain[0] === this.user;
    const prefix = `${category}/`;
    const out: AclRuleExplanation[] = [];
    chain.forEach((dn, depth) => {
      for (const rule of this.byDn.get(dn) ?? []) {
        const relevant = [...rule.objects].filter(([name]) => name === ALL_OBJECTS || name.startsWith(prefix));
        if (relevant.length === 0) continue;
        const grants: Record<string, Record<string, string>> = {};
        let selfOnlySkipped = false;
        for (const [name, o] of relevant) {
          if (o.selfOnly && !self) {
            selfOnlySkipped = true;
            continue;
          }
          const letters: Record<string, string> = { '0': o.permissions };
          for (const [attribute, perms] of o.attributes) letters[attribute] = perms;
          grants[name] = letters;
        }
        const use: AclRuleUse = depth > 0 && rule.scope === 'base' ? 'baseElsewhere' : Object.keys(grants).length === 0 && selfOnlySkipped ? 'selfOnly' : 'applies';
        out.push({ source: rule.source, dn: rule.dn, scope: rule.scope, use, grants: use === 'applies' ? grants : {} });
      }
    });
    return out;
  }

  /**
   * Whether the user has some right on a category somewhere (menus, fd-core.md §2.3): self-only rules do not
   * count, unless `self` is set, which asks about the user's own entry ("My account" entries).
   */
  hasAnyRight(category: string, options: { self?: boolean } = {}): boolean {
    if (options.self) return this.rights(this.userDn, category, '0') !== '';
    const prefix = `${category}/`;
    return this.live.some((rule) =>
      [...rule.objects].some(([name, o]) => !o.selfOnly && o.any !== '' && (name === ALL_OBJECTS ? o.permissions !== '' : name.startsWith(prefix))),
    );
  }
}

function mergeObjects(a: CompiledObject, b: CompiledObject): CompiledObject {
  const attributes = new Map(a.attributes);
  for (const [k, v] of b.attributes) attributes.set(k, union(attributes.get(k) ?? '', v));
  return { permissions: union(a.permissions, b.permissions), selfOnly: a.selfOnly || b.selfOnly, attributes, any: union(a.any, b.any) };
}
