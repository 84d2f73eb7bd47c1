import { describe, expect, it } from 'vitest';
import { checkPasswordChange, type PasswordChangeRequest } from './checkPasswordChange.ts';
import { hashPassword } from './passwordMethods.ts';

const change = (request: Partial<PasswordChangeRequest> & { newPassword: string }): Promise<unknown> =>
  checkPasswordChange({ repeatedPassword: request.newPassword, ...request });

describe('FusionDirectory’s password rules', () => {
  it('accepts a password that breaks no rule', async () => {
    expect(await change({ newPassword: 'correct horse', rules: { minLength: 8, minDiffer: 3 }, currentPassword: 'old one' })).toEqual({ ok: true });
  });

  it('asks for the current password when the form asks for it', async () => {
    expect(await change({ newPassword: 'new', askCurrentPassword: true })).toMatchObject({ ok: false, code: 'password.current_required' });
    expect(await change({ newPassword: 'new', askCurrentPassword: true, currentPassword: 'old' })).toEqual({ ok: true });
  });

  it('wants both entries equal', async () => {
    expect(await checkPasswordChange({ newPassword: 'abc', repeatedPassword: 'abd' })).toMatchObject({ ok: false, code: 'password.mismatch' });
  });

  it('refuses an empty password', async () => {
    expect(await change({ newPassword: '' })).toMatchObject({ ok: false, code: 'password.empty' });
  });

  it('fdPasswordMinDiffer compares the first N characters with the current password, as FusionDirectory', async () => {
    const rules = { minDiffer: 4 };
    expect(await change({ newPassword: 'abcdXYZ', currentPassword: 'abcd123', rules })).toMatchObject({ ok: false, code: 'password.too_similar' });
    expect(await change({ newPassword: 'abcXdef', currentPassword: 'abcYdef', rules })).toEqual({ ok: true }); // differs at the 4th
    expect(await change({ newPassword: 'abcdXYZ', rules })).toEqual({ ok: true }); // current password unknown (administrator)
  });

  it('fdPasswordMinLength counts characters', async () => {
    expect(await change({ newPassword: 'short', rules: { minLength: 8 } })).toMatchObject({ ok: false, code: 'password.too_short' });
    expect(await change({ newPassword: 'éééééééé', rules: { minLength: 8 } })).toEqual({ ok: true });
    expect(await change({ newPassword: 'éééé', rules: { minLength: 8 } })).toMatchObject({ code: 'password.too_short' });
  });

  it('strictPasswordRules refuses characters beyond Latin-1', async () => {
    const rules = { strictPasswordRules: true };
    expect(await change({ newPassword: 'Grüße', rules })).toEqual({ ok: true });
    expect(await change({ newPassword: '€uro', rules })).toMatchObject({ ok: false, code: 'password.invalid_characters' });
    expect(await change({ newPassword: '€uro' })).toEqual({ ok: true });
  });

  it('stops at the first failure, in FusionDirectory’s order', async () => {
    const rules = { minLength: 10, minDiffer: 2, strictPasswordRules: true };
    expect(await checkPasswordChange({ newPassword: '€', repeatedPassword: 'x', askCurrentPassword: true, rules })).toMatchObject({ code: 'password.current_required' });
    expect(await checkPasswordChange({ newPassword: '€', repeatedPassword: 'x', currentPassword: '€', rules })).toMatchObject({ code: 'password.mismatch' });
    expect(await change({ newPassword: '€a', currentPassword: '€a', rules })).toMatchObject({ code: 'password.too_similar' });
    expect(await change({ newPassword: '€a', currentPassword: 'zz', rules })).toMatchObject({ code: 'password.too_short' });
    expect(await change({ newPassword: '€abcdefghij', currentPassword: 'zz', rules })).toMatchObject({ code: 'password.invalid_characters' });
  });

  it('gives a message with every failure', async () => {
    const result = await change({ newPassword: 'x', rules: { minLength: 3 } });
    expect(result).toEqual({ ok: false, code: 'password.too_short', message: expect.stringContaining('3') });
  });
});

describe('ppolicy checks, before FusionDirectory’s own', () => {
  const now = new Date('2025-06-01T12:00:00Z');

  it('refuses a change of one’s own password when pwdAllowUserChange is FALSE', async () => {
    const ppolicy = { allowUserChange: false };
    expect(await change({ newPassword: 'new password', selfChange: true, ppolicy })).toMatchObject({ code: 'password.change_forbidden' });
    expect(await change({ newPassword: 'new password', ppolicy })).toEqual({ ok: true }); // an administrator may
  });

  it('makes the user wait pwdMinAge seconds after the last change', async () => {
    const ppolicy = { minAge: 3600, changedTime: '20250601113000Z' };
    const result = await change({ newPassword: 'new password', selfChange: true, ppolicy, now });
    expect(result).toMatchObject({ ok: false, code: 'password.too_young', message: expect.stringContaining('1800 seconds') });
    expect(await change({ newPassword: 'new password', selfChange: true, ppolicy: { ...ppolicy, changedTime: new Date('2025-06-01T10:00:00Z') }, now })).toEqual({ ok: true });
  });

  it('applies pwdMinLength', async () => {
    expect(await change({ newPassword: 'short', ppolicy: { minLength: 6 } })).toMatchObject({ code: 'password.too_short' });
  });

  it('refuses a password found in pwdHistory, whatever its hash method', async () => {
    const history = [
      `20240101000000Z#1.3.6.1.4.1.1466.115.121.1.40#38#${await hashPassword('ssha', 'first')}`,
      `20240201000000Z#1.3.6.1.4.1.1466.115.121.1.40#98#${await hashPassword('crypt/sha-512', 'second')}`,
    ];
    expect(await change({ newPassword: 'first', ppolicy: { history } })).toMatchObject({ code: 'password.in_history' });
    expect(await change({ newPassword: 'second', ppolicy: { history } })).toMatchObject({ code: 'password.in_history' });
    expect(await change({ newPassword: 'third', ppolicy: { history } })).toEqual({ ok: true });
  });

  it('refuses the current password, even when the user is locked', async () => {
    const currentHash = await hashPassword('crypt/sha-512', 'current', { locked: true });
    expect(await change({ newPassword: 'current', currentHash, ppolicy: {} })).toMatchObject({ code: 'password.unchanged' });
    expect(await change({ newPassword: 'current', currentHash })).toEqual({ ok: true }); // only with a ppolicy, as FusionDirectory
  });

  it('asks for the current password with pwdSafeModify', async () => {
    expect(await change({ newPassword: 'new password', selfChange: true, ppolicy: { safeModify: true } })).toMatchObject({ code: 'password.current_required' });
  });

  it('runs the ppolicy checks first', async () => {
    expect(await checkPasswordChange({ newPassword: 'a', repeatedPassword: 'b', selfChange: true, ppolicy: { allowUserChange: false } })).toMatchObject({
      code: 'password.change_forbidden',
    });
  });
});
