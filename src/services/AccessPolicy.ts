// Who may do what: the one question every service operation asks before reading or writing.
import { AclFormatError, parseAclAssignmentEntry, type AclAssignmentEntry } from '../acl/index.ts';
import { grantsEverything } from '../directory/bootstrap.ts';
import { dnEquals, isDescendantOf } from '../ldap/dn.ts';
import type { LdapGateway } from '../ldap/LdapGateway.ts';

/** The signed-in user an operation runs for. */
export interface Actor {
  dn: string;
  /** The client address of the request acting, for the audit trail (fdAuditAuthorIP). */
  ip?: string;
}

/** What a right is asked on: an entry, a tab of a type's ACL category, optionally one attribute. */
export interface AccessTarget {
  dn: string;
  category: string;
  tab: string;
  attribute?: string;
}

/** Letters among `r w c d m` (read, write, create, delete, move). */
export type Rights = string;

export interface AccessPolicy {
  rights(actor: Actor, target: AccessTarget): Promise<Rights>;
  /**
   * The actor's rights when they are the same on every entry, tab and attribute of the directory (a super
   * administrator, or someone with no right at all), so a listing need not ask entry by entry; undefined otherwise.
   */
  uniformRights?(actor: Actor): Promise<Rights | undefined>;
  /**
   * Whether the actor has some right on an ACL category in any department (menus, fd-core.md §5.3; self-only rules
   * do not count); without it, callers ask for rights at the base.
   */
  hasAnyRight?(actor: Actor, category: string): Promise<boolean>;
  /**
   * A synchronous "may the actor read this entry" for one tab class, for lists filtered in memory, with a key that
   * changes whenever the answers may (policies that can tell).
   */
  readableTest?(actor: Actor, category: string, tab: string): Promise<{ key: string; test(dn: string): boolean }>;
  /** Why `user` has the rights he has at `targetDn` on the objects of `categories` (policies that can tell). */
  explain?(user: Actor, targetDn: string, categories: readonly string[]): Promise<AclPolicyExplanation>;
}

/** One assignment on the DN's chain and what it does for the user there (AclPolicy.explain). */
export interface AclPolicyRuleExplanation {
  assignment: string;
  entry: AclAssignmentEntry;
  status: 'applies' | 'notMember' | 'userFilter' | 'targetFilter' | 'baseElsewhere' | 'selfOnly' | 'unreadable';
  matchedBy?: string;
  grants: Record<string, Record<string, string>>;
}

/** Why the user has the rights he has at a DN: every assignment on its chain, kept or not. */
export interface AclPolicyExplanation {
  ignoreAcl: boolean;
  rules: AclPolicyRuleExplanation[];
  problems: string[];
}


/**
 * The interim policy until ACL evaluation lands (delegated administration): users holding an all-rights
 * role assigned on the base with subtree scope (the super administrators FusionDirectory's setup creates),
 * and the configured `ignoreAcl` DN, may do everything; everyone else nothing. Secure by default.
 */
export class SuperAdministratorPolicy implements AccessPolicy {
  private cache = new Map<string, { at: number; admin: boolean }>();
  private readonly gateway: LdapGateway;
  private readonly baseDN: string;
  private readonly ignoreAclDN: string | undefined;

  constructor(gateway: LdapGateway, baseDN: string, ignoreAclDN?: string) {
    this.gateway = gateway;
    this.baseDN = baseDN;
    this.ignoreAclDN = ignoreAclDN;
    this.baseLower = baseDN.toLowerCase();
  }
  private readonly baseLower: string;

  private async isSuperAdministrator(actor: Actor): Promise<boolean> {
    if (this.ignoreAclDN && dnEquals(actor.dn, this.ignoreAclDN)) return true;
    const cached = this.cache.get(actor.dn.toLowerCase());
    if (cached && Date.now() - cached.at < 10_000) return cached.admin;
    const base = await this.gateway.read(this.baseDN, ['gosaAclEntry']);
    let admin = false;
    for (const value of base?.get('gosaAclEntry') ?? []) {
      let assignment;
      try {
        assignment = parseAclAssignmentEntry(value);
      } catch (e) {
        // A line that cannot be read grants nothing.
        if (e instanceof AclFormatError) continue;
        throw e;
      }
      if (assignment.scope !== 'subtree') continue;
      if (!assignment.members.some((m) => m === '*' || dnEquals(m, actor.dn))) continue;
      const role = await this.gateway.read(assignment.role, ['gosaAclTemplate']);
      if (role?.get('gosaAclTemplate').some(grantsEverything)) {
        admin = true;
        break;
      }
    }
    this.cache.set(actor.dn.toLowerCase(), { at: Date.now(), admin });
    return admin;
  }

  async rights(actor: Actor, target: AccessTarget): Promise<Rights> {
    if (!this.insideBase(target.dn)) return '';
    return (await this.isSuperAdministrator(actor)) ? 'rwcdm' : '';
  }

  async uniformRights(actor: Actor): Promise<Rights> {
    return (await this.isSuperAdministrator(actor)) ? 'rwcdm' : '';
  }

  /** Entries read from the directory end with the base as written there: a suffix test avoids parsing each DN. */
  private insideBase(dn: string): boolean {
    // `new,<department>`: an object about to be created there.
    const d = dn.toLowerCase().replace(/^new,/, '');
    if (d === this.baseLower || d.endsWith(`,${this.baseLower}`)) return true;
    try {
      return isDescendantOf(d, this.baseDN, { orSelf: true });
    } catch {
      return false;
    }
  }
}
