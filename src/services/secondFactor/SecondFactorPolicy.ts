// Which users must have a second factor (docs/second-factors.md): the roles, groups and departments a directory's
// `secondFactor.requiredFor` (trousseau.yaml) names. FusionDirectory has no such setting, hence no LDAP storage.
import { isDescendantOf, normalizeDn, parseDn } from '../../ldap/dn.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';

export interface SecondFactorPolicyOptions {
  gateway: LdapGateway;
  /** The configured DNs (roles, groups or departments). */
  requiredFor: readonly string[];
  /** Told once per configured entry that does not exist (it then requires nobody). */
  warn?: (message: string) => void;
  /** How long a configured entry read from LDAP is trusted (default 10 s). */
  cacheMs?: number;
  now?: () => number;
}

/** What a configured DN turned out to be when it was read. */
type Requirer =
  | { kind: 'missing' }
  | { kind: 'role'; occupants: Set<string> }
  | { kind: 'group'; members: Set<string>; memberUids: Set<string> }
  | { kind: 'department' };

const ROLE_CLASS = 'organizationalrole';
const GROUP_CLASSES = new Set(['groupofnames', 'groupofuniquenames', 'posixgroup', 'groupofmembers', 'gosagroupofnames']);
const MEMBER_ATTRIBUTES = ['member', 'uniqueMember'];

/** A DN value of `member`/`roleOccupant`, normalised; `uniqueMember`'s optional `#'…'B` UID suffix is dropped. */
function normalisedMember(value: string): string | undefined {
  try {
    return normalizeDn(value.replace(/#'[01]*'B$/, ''));
  } catch {
    return undefined;
  }
}

/**
 * The second-factor requirement of a user: the configured roles (`roleOccupant`), groups (`member`, `uniqueMember`, or
 * a posixGroup's `memberUid`) and departments (any other entry: the user is below it) he falls under.
 * @example const by = await policy.requirementOf('uid=jo,ou=people,ou=dsi,dc=example,dc=org'); // ['ou=dsi,dc=example,dc=org']
 */
export class SecondFactorPolicy {
  private readonly gateway: LdapGateway;
  private readonly requiredFor: readonly string[];
  private readonly warn: (message: string) => void;
  private readonly cacheMs: number;
  private readonly now: () => number;
  private readonly cache = new Map<string, { at: number; value: Promise<Requirer> }>();
  private readonly warned = new Set<string>();

  constructor(options: SecondFactorPolicyOptions) {
    this.gateway = options.gateway;
    this.requiredFor = options.requiredFor.filter((dn) => {
      try {
        return parseDn(dn).length > 0;
      } catch {
        return false;
      }
    });
    this.warn = options.warn ?? (() => undefined);
    this.cacheMs = options.cacheMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Whether any requirement is configured at all (none: nobody is ever asked to enrol). */
  get configured(): boolean {
    return this.requiredFor.length > 0;
  }

  /** The configured DNs that require a second factor of the user `dn` (empty: a second factor is optional for him). */
  async requirementOf(dn: string): Promise<string[]> {
    if (this.requiredFor.length === 0) return [];
    let uid: Promise<string | undefined> | undefined;
    const uidOf = () => (uid ??= this.gateway.read(dn, ['uid']).then((e) => e?.first('uid')));
    const member = normalisedMember(dn);
    if (member === undefined) return [];
    const applies = await Promise.all(
      this.requiredFor.map(async (requirer) => {
        const found = await this.read(requirer);
        switch (found.kind) {
          case 'missing':
            return false;
          case 'role':
            return found.occupants.has(member);
          case 'group': {
            if (found.members.has(member)) return true;
            if (found.memberUids.size === 0) return false;
            const u = await uidOf();
            return u !== undefined && found.memberUids.has(u);
          }
          case 'department':
            return isDescendantOf(dn, requirer, { orSelf: true });
        }
      }),
    );
    return this.requiredFor.filter((_, i) => applies[i]);
  }

  /** One configured entry, from the cache when it was read less than `cacheMs` ago. */
  private read(dn: string): Promise<Requirer> {
    const now = this.now();
    const cached = this.cache.get(dn);
    if (cached && now - cached.at < this.cacheMs) return cached.value;
    const value = this.load(dn);
    this.cache.set(dn, { at: now, value });
    // A failed read (directory unreachable) is not remembered: the next sign-in tries again.
    value.catch(() => this.cache.delete(dn));
    return value;
  }

  private async load(dn: string): Promise<Requirer> {
    const entry = await this.gateway.read(dn, ['objectClass', 'roleOccupant', ...MEMBER_ATTRIBUTES, 'memberUid']);
    if (!entry) {
      if (!this.warned.has(dn)) {
        this.warned.add(dn);
        this.warn(`secondFactor.requiredFor: "${dn}" does not exist in the directory; it requires a second factor of nobody`);
      }
      return { kind: 'missing' };
    }
    this.warned.delete(dn);
    const classes = new Set(entry.get('objectClass').map((c) => c.toLowerCase()));
    const dns = (values: string[]) => new Set(values.map(normalisedMember).filter((v): v is string => v !== undefined));
    if (classes.has(ROLE_CLASS)) return { kind: 'role', occupants: dns(entry.get('roleOccupant')) };
    if ([...classes].some((c) => GROUP_CLASSES.has(c))) {
      return { kind: 'group', members: dns(MEMBER_ATTRIBUTES.flatMap((a) => entry.get(a))), memberUids: new Set(entry.get('memberUid')) };
    }
    return { kind: 'department' };
  }
}
