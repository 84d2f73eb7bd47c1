// FusionDirectory's user lock: a `!` right after the `{SCHEME}` prefix of userPassword (`{CRYPT}!` for no password),
// plus whatever the user's other tabs add to the same modify. Pure data: the caller writes the changes.
import type { LdapChange } from '../ldap/LdapGateway.ts';

/** The value FusionDirectory writes to lock a user who has no password (method `empty`). */
export const LOCKED_EMPTY_PASSWORD = '{CRYPT}!';

export type LockAction = 'lock' | 'unlock';

/** Raised when a value cannot be locked: a clear-text password has no `{SCHEME}` to put the `!` after. */
export class PasswordLockError extends Error {
  readonly code = 'password.not_lockable';

  constructor(message: string) {
    super(message);
    this.name = 'PasswordLockError';
  }
}

/** Whether a userPassword value is in the locked form (`^[^}]*}!`, FusionDirectory's test). */
export function isPasswordLocked(stored: string | null | undefined): boolean {
  return stored !== null && stored !== undefined && /^[^}]*\}!/.test(stored);
}

/** Whether a value can be locked: no value, or any value with a `{SCHEME}` prefix; not a clear-text password. */
export function isPasswordLockable(stored: string | null | undefined): boolean {
  return stored === null || stored === undefined || stored === '' || /^\{[^}]+\}/.test(stored);
}

/**
 * The locked form of a userPassword value: `!` inserted after the first `}`; `{CRYPT}!` for no value.
 * A value already locked is returned as it is.
 * @throws PasswordLockError for a clear-text password
 * @example lockPassword('{SSHA}abc=') // '{SSHA}!abc='
 */
export function lockPassword(stored: string | null | undefined): string {
  if (stored === null || stored === undefined || stored === '') return LOCKED_EMPTY_PASSWORD;
  if (isPasswordLocked(stored)) return stored;
  if (!isPasswordLockable(stored)) throw new PasswordLockError('A password stored in clear text cannot be locked: choose a hashing method first.');
  return stored.replace(/^(\{[^}]+\})/, '$1!');
}

/**
 * The unlocked form: the `!` after the first `}` removed; no value (null) for `{CRYPT}!`.
 * A value that is not locked is returned as it is.
 * @example unlockPassword('{SSHA}!abc=') // '{SSHA}abc='
 */
export function unlockPassword(stored: string | null | undefined): string | null {
  if (stored === null || stored === undefined || stored === '') return null;
  if (stored === LOCKED_EMPTY_PASSWORD) return null;
  return stored.replace(/^([^}]+\})!/, '$1');
}

/**
 * What a tab adds to a lock or unlock (FusionDirectory's "UserTabLockingAction" contract): the ppolicy tab sets
 * `pwdAccountLockedTime`, SupAnn changes resource states, mail plugins their account status…
 * Called only when the lock state really changes.
 */
export type UserLockContributor = (action: LockAction, entry: LockedEntry) => LdapChange[];

/** The user's entry as a contributor sees it (every user attribute, read just before the lock). */
export interface LockedEntry {
  dn: string;
  get(attribute: string): string[];
}

/** The changes one lock or unlock makes, in one modify. */
export interface UserLockPlan {
  /** True when the user was not already in the asked state; otherwise nothing is to be written. */
  changed: boolean;
  /** The new userPassword value; null means the attribute is deleted (unlocking `{CRYPT}!`). */
  userPassword: string | null;
  /** The tabs' own changes (FusionDirectory core itself touches neither shadowExpire nor sambaAcctFlags). */
  extra: LdapChange[];
  /** userPassword's change followed by `extra`, ready for one LDAP modify; empty when nothing changes. */
  changes: LdapChange[];
}

/**
 * Plan a user lock or unlock from the current userPassword value and the contributions of the user's tabs.
 * As FusionDirectory, a user already in the asked state is left alone: tabs are not asked either.
 * @throws PasswordLockError when locking a clear-text password
 * @example planUserLock('lock', '{SSHA}abc=') // { changed: true, userPassword: '{SSHA}!abc=', extra: [], changes: [replace] }
 */
export function planUserLock(action: LockAction, stored: string | null | undefined, contributors: readonly UserLockContributor[] = [], entry: LockedEntry = { dn: '', get: () => [] }): UserLockPlan {
  const current = stored === undefined || stored === '' ? null : stored;
  const locked = isPasswordLocked(current);
  if ((action === 'lock') === locked) return { changed: false, userPassword: current, extra: [], changes: [] };
  const userPassword = action === 'lock' ? lockPassword(current) : unlockPassword(current);
  const extra = contributors.flatMap((contribute) => contribute(action, entry));
  const passwordChange: LdapChange =
    userPassword === null ? { operation: 'delete', attribute: 'userPassword' } : { operation: 'replace', attribute: 'userPassword', values: [userPassword] };
  return { changed: true, userPassword, extra, changes: [passwordChange, ...extra] };
}
