import { describe, expect, it } from 'vitest';
import type { LdapChange } from '../ldap/LdapGateway.ts';
import {
  LOCKED_EMPTY_PASSWORD,
  PasswordLockError,
  isPasswordLockable,
  isPasswordLocked,
  lockPassword,
  planUserLock,
  unlockPassword,
  type LockAction,
} from './locking.ts';

describe('password lock mark', () => {
  it('puts ! right after the first }, whatever the scheme', () => {
    expect(lockPassword('{SSHA}abc=')).toBe('{SSHA}!abc=');
    expect(lockPassword('{CRYPT}$6$salt$hash')).toBe('{CRYPT}!$6$salt$hash');
    expect(lockPassword('{SSHA256}abc')).toBe('{SSHA256}!abc');
    expect(lockPassword('{SASL}jdoe@EXAMPLE.ORG')).toBe('{SASL}!jdoe@EXAMPLE.ORG');
  });

  it('locks no password as {CRYPT}!, and unlocks that to no value', () => {
    expect(lockPassword(null)).toBe(LOCKED_EMPTY_PASSWORD);
    expect(lockPassword('')).toBe('{CRYPT}!');
    expect(unlockPassword('{CRYPT}!')).toBeNull();
    expect(isPasswordLocked('{CRYPT}!')).toBe(true);
  });

  it('leaves a value already in the asked state as it is', () => {
    expect(lockPassword('{SSHA}!abc=')).toBe('{SSHA}!abc=');
    expect(unlockPassword('{SSHA}abc=')).toBe('{SSHA}abc=');
    expect(unlockPassword(null)).toBeNull();
  });

  it('round-trips every shape', () => {
    for (const value of ['{SSHA}abc=', '{CRYPT}abJnggxhB/yWI', '{CRYPT}$2a$07$x', '{ARGON2}$argon2id$v=19$m=1,t=1,p=1$a$b', '{MD5}x==']) {
      const locked = lockPassword(value);
      expect(isPasswordLocked(locked)).toBe(true);
      expect(isPasswordLocked(value)).toBe(false);
      expect(unlockPassword(locked)).toBe(value);
    }
  });

  it('refuses to lock a clear-text password', () => {
    expect(isPasswordLockable('secret')).toBe(false);
    expect(isPasswordLockable('abc}def')).toBe(false);
    expect(isPasswordLockable(null)).toBe(true);
    expect(() => lockPassword('secret')).toThrow(PasswordLockError);
    expect(() => lockPassword('secret')).toThrow(expect.objectContaining({ code: 'password.not_lockable' }));
  });

  it('tests the locked form with FusionDirectory’s pattern ^[^}]*}!', () => {
    expect(isPasswordLocked('{SSHA}!x')).toBe(true);
    expect(isPasswordLocked('{SSHA}x!')).toBe(false);
    expect(isPasswordLocked('!{SSHA}x')).toBe(false);
    expect(isPasswordLocked(undefined)).toBe(false);
  });
});

describe('planning a user lock', () => {
  const ppolicy = (action: LockAction): LdapChange[] =>
    action === 'lock'
      ? [{ operation: 'replace', attribute: 'pwdAccountLockedTime', values: ['000001010000Z'] }]
      : [{ operation: 'delete', attribute: 'pwdAccountLockedTime' }];

  it('locks the password and adds the tabs’ changes to the same modify', () => {
    const plan = planUserLock('lock', '{SSHA}abc=', [ppolicy]);
    expect(plan).toEqual({
      changed: true,
      userPassword: '{SSHA}!abc=',
      extra: [{ operation: 'replace', attribute: 'pwdAccountLockedTime', values: ['000001010000Z'] }],
      changes: [
        { operation: 'replace', attribute: 'userPassword', values: ['{SSHA}!abc='] },
        { operation: 'replace', attribute: 'pwdAccountLockedTime', values: ['000001010000Z'] },
      ],
    });
  });

  it('unlocks, deleting userPassword when it was {CRYPT}!', () => {
    expect(planUserLock('unlock', '{SSHA}!abc=').changes).toEqual([{ operation: 'replace', attribute: 'userPassword', values: ['{SSHA}abc='] }]);
    const plan = planUserLock('unlock', '{CRYPT}!', [ppolicy]);
    expect(plan.userPassword).toBeNull();
    expect(plan.changes).toEqual([{ operation: 'delete', attribute: 'userPassword' }, { operation: 'delete', attribute: 'pwdAccountLockedTime' }]);
  });

  it('locks a user without password as {CRYPT}!', () => {
    expect(planUserLock('lock', undefined).userPassword).toBe('{CRYPT}!');
  });

  it('does nothing, and asks no tab, when the user is already in the asked state', () => {
    let asked = 0;
    const counting = (): LdapChange[] => {
      asked++;
      return [];
    };
    expect(planUserLock('lock', '{SSHA}!abc=', [counting])).toEqual({ changed: false, userPassword: '{SSHA}!abc=', extra: [], changes: [] });
    expect(planUserLock('unlock', '{SSHA}abc=', [counting]).changed).toBe(false);
    expect(asked).toBe(0);
  });

  it('refuses to lock a clear-text password', () => {
    expect(() => planUserLock('lock', 'secret')).toThrow(PasswordLockError);
  });
});
