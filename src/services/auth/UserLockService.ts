// Locking a user out (fd-core.md §3.4): the `!` form of userPassword, behind the `userLock` ACL of user/user.
import { AppError } from '../../errors/AppError.ts';
import { isDescendantOf } from '../../ldap/dn.ts';
import { AssertionFailedError } from '../../ldap/errors.ts';
import { eq } from '../../ldap/filter.ts';
import type { LdapEntry } from '../../ldap/LdapEntry.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import { PasswordLockError, isPasswordLocked, planUserLock, type UserLockContributor } from '../../passwords/index.ts';
import type { AccessPolicy, Actor } from '../AccessPolicy.ts';
import type { AuditSink } from '../audit/AuditLog.ts';

export interface UserLockServiceOptions {
  gateway: LdapGateway;
  access: AccessPolicy;
  baseDN: string;
  /** What the user's other tabs add to a lock (none in core). */
  contributors?: UserLockContributor[];
  /** The audit trail: each lock and unlock is a `security`/`account` event (FusionDirectory 1.5). */
  audit?: AuditSink;
}

/** Lock state of users. */
export class UserLockService {
  private readonly gateway: LdapGateway;
  private readonly access: AccessPolicy;
  private readonly baseDN: string;
  private readonly contributors: UserLockContributor[];
  private readonly audit: AuditSink | undefined;

  constructor(options: UserLockServiceOptions) {
    this.gateway = options.gateway;
    this.access = options.access;
    this.baseDN = options.baseDN;
    this.contributors = options.contributors ?? [];
    this.audit = options.audit;
  }

  private async readUser(dn: string): Promise<LdapEntry> {
    const missing = () => new AppError({ code: 'object.not_found', message: `Non-existing dn "${dn}"!`, dn });
    if (!isDescendantOf(dn, this.baseDN)) throw missing();
    // Contributors (SupAnn's resource states…) see the whole entry, and ppolicy's lock time (operational).
    const entry = await this.gateway.read(dn, this.contributors.length > 0 ? ['*', 'entryCSN', 'pwdAccountLockedTime'] : ['objectClass', 'userPassword', 'entryCSN']);
    if (!entry) throw missing();
    if (!entry.get('objectClass').some((c) => c.toLowerCase() === 'inetorgperson')) throw new AppError({ code: 'object.not_found', message: `"${dn}" is not an object of type "user"`, dn });
    return entry;
  }

  private async require(actor: Actor, dn: string, right: 'r' | 'w'): Promise<void> {
    const rights = await this.access.rights(actor, { dn, category: 'user', tab: 'user', attribute: 'userLock' });
    if (!rights.includes(right)) throw new AppError({ code: 'acl.denied', message: `Not enough rights to ${right === 'r' ? 'read' : 'modify'} "userLock" of "${dn}"`, dn, tab: 'user', attribute: 'userLock' });
  }

  private static passwordOf(entry: LdapEntry): string | undefined {
    return entry.first('userPassword');
  }

  /** Whether the user is locked (needs `r` on `userLock`). */
  async isLocked(actor: Actor, dn: string): Promise<boolean> {
    const entry = await this.readUser(dn);
    await this.require(actor, entry.dn, 'r');
    return isPasswordLocked(UserLockService.passwordOf(entry));
  }

  /** Lock or unlock (needs `w` on `userLock`); a user already in that state is left alone. */
  async setLocked(actor: Actor, dn: string, locked: boolean): Promise<void> {
    const entry = await this.readUser(dn);
    await this.require(actor, entry.dn, 'w');
    const stored = UserLockService.passwordOf(entry);
    // As FusionDirectory's webservice: a user without a password has no method to lock.
    if (stored === undefined) throw new AppError({ code: 'value.invalid', message: 'Failed to get password method', dn: entry.dn, tab: 'user', attribute: 'userPassword' });
    let plan;
    try {
      plan = planUserLock(locked ? 'lock' : 'unlock', stored, this.contributors, { dn: entry.dn, get: (a) => entry.get(a) });
    } catch (e) {
      if (e instanceof PasswordLockError) throw new AppError({ code: 'value.invalid', message: e.message, dn: entry.dn, tab: 'user', attribute: 'userPassword' });
      throw e;
    }
    if (!plan.changed) return;
    const csn = entry.first('entryCSN');
    try {
      await this.gateway.modify(entry.dn, plan.changes, csn ? { assertion: eq('entryCSN', csn) } : {});
    } catch (e) {
      if (e instanceof AssertionFailedError) throw new AppError({ code: 'entry.conflict', message: `"${entry.dn}" was changed by someone else meanwhile; nothing was changed, try again.`, dn: entry.dn });
      throw e;
    }
    await this.audit?.record({ action: 'security', objectType: 'account', object: entry.dn, result: `DN : ${entry.dn} is ${locked ? 'locked' : 'unlocked'}.`, author: actor.dn, ...(actor.ip ? { ip: actor.ip } : {}) });
  }
}
