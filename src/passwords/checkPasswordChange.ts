// The checks FusionDirectory makes before it changes a password (user form, REST, recovery), in its order:
// the ppolicy ones first, then its own rules (reference fd-core.md §3.3 "Password checks on change").
import { unlockPassword } from './locking.ts';
import { verifyStoredPassword } from './passwordMethods.ts';

export type PasswordCheckCode =
  | 'password.change_forbidden'
  | 'password.too_young'
  | 'password.too_short'
  | 'password.in_history'
  | 'password.unchanged'
  | 'password.current_required'
  | 'password.mismatch'
  | 'password.empty'
  | 'password.too_similar'
  | 'password.invalid_characters';

/** A check's answer; the service turns a failure into an error on attribute `userPassword`. */
export type PasswordCheckResult = { ok: true } | { ok: false; code: PasswordCheckCode; message: string };

/** The ppolicy values in force for the user (its `pwdPolicySubentry`, else config `ppolicyDefaultDn`) and its state. */
export interface PasswordPolicyCheck {
  /** `pwdAllowUserChange` (ppolicy's default: TRUE). */
  allowUserChange?: boolean;
  /** `pwdMinAge`, seconds. */
  minAge?: number;
  /** `pwdMinLength`. */
  minLength?: number;
  /** `pwdSafeModify`: the current password must be given with a change of one's own. */
  safeModify?: boolean;
  /** The user's `pwdChangedTime` (a Date, or GeneralizedTime text such as `20250101120000Z`). */
  changedTime?: Date | string;
  /** The user's `pwdHistory` values, `time#syntax#length#hash`. */
  history?: readonly string[];
  /** The user's `pwdReset` is TRUE (an administrator's reset): the minimum age does not apply, as in slapd's overlay. */
  reset?: boolean;
}

/** FusionDirectory's own rules: config `fdPasswordMinLength`, `fdPasswordMinDiffer`, `strictPasswordRules`. */
export interface PasswordRules {
  minLength?: number;
  minDiffer?: number;
  strictPasswordRules?: boolean;
}

export interface PasswordChangeRequest {
  newPassword: string;
  /** The repetition typed in the second field. */
  repeatedPassword: string;
  /** The current password in clear, when the user typed it. */
  currentPassword?: string;
  /** Whether the form asks for the current password (self-service change). */
  askCurrentPassword?: boolean;
  /** The stored userPassword value, to refuse an unchanged password when a ppolicy applies. */
  currentHash?: string | null;
  /** A user changing their own password (or recovering it), as opposed to an administrator setting it. */
  selfChange?: boolean;
  rules?: PasswordRules;
  /** Present when a ppolicy applies to the user (ppolicy plugin). */
  ppolicy?: PasswordPolicyCheck;
  /** For tests. */
  now?: Date;
}

const OK: PasswordCheckResult = { ok: true };

function fail(code: PasswordCheckCode, message: string): PasswordCheckResult {
  return { ok: false, code, message };
}

/** GeneralizedTime (`YYYYMMDDHHMM[SS[.fff]](Z|±HHMM)`) to a Date; null when malformed. */
function parseGeneralizedTime(text: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{4})$/.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '0', frac = '0', zone] = m;
  let time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Math.round(Number(`0.${frac}`) * 1000));
  if (zone !== 'Z') {
    const sign = zone!.startsWith('-') ? -1 : 1;
    time -= sign * (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(3, 5))) * 60_000;
  }
  return new Date(time);
}

/** Number of characters, not UTF-16 units nor bytes. */
function length(text: string): number {
  return [...text].length;
}

async function checkPolicy(request: PasswordChangeRequest, policy: PasswordPolicyCheck): Promise<PasswordCheckResult> {
  const self = request.selfChange === true;
  if (self && policy.allowUserChange === false) return fail('password.change_forbidden', 'You are not allowed to change your own password.');
  if (self && policy.reset !== true && policy.minAge !== undefined && policy.minAge > 0 && policy.changedTime !== undefined) {
    const changed = typeof policy.changedTime === 'string' ? parseGeneralizedTime(policy.changedTime) : policy.changedTime;
    if (changed) {
      const elapsed = Math.floor(((request.now ?? new Date()).getTime() - changed.getTime()) / 1000);
      const wait = policy.minAge - elapsed;
      if (wait > 0) return fail('password.too_young', `You must wait ${wait} seconds before changing your password again.`);
    }
  }
  if (policy.minLength !== undefined && policy.minLength > 0 && length(request.newPassword) < policy.minLength) {
    return fail('password.too_short', `The password must be at least ${policy.minLength} characters long.`);
  }
  for (const entry of policy.history ?? []) {
    const hash = entry.split('#').slice(3).join('#');
    if (hash !== '' && (await verifyStoredPassword(request.newPassword, hash)) === true) {
      return fail('password.in_history', 'This password was used before: choose one that is not in the password history.');
    }
  }
  const current = unlockPassword(request.currentHash);
  if (current !== null && (await verifyStoredPassword(request.newPassword, current)) === true) {
    return fail('password.unchanged', 'The new password is the same as the current one.');
  }
  return OK;
}

/**
 * Check a password change as FusionDirectory does, stopping at the first failure: with a ppolicy, change allowed
 * to the user, minimum age, minimum length, history, unchanged; then FusionDirectory's rules: current password given
 * when asked, both entries equal, not empty, first `fdPasswordMinDiffer` characters not those of the current
 * password, `fdPasswordMinLength`, and with `strictPasswordRules` nothing beyond Latin-1.
 * @example await checkPasswordChange({ newPassword: 'a', repeatedPassword: 'b' }) // { ok: false, code: 'password.mismatch', … }
 */
export async function checkPasswordChange(request: PasswordChangeRequest): Promise<PasswordCheckResult> {
  const { newPassword, repeatedPassword, currentPassword } = request;
  const rules = request.rules ?? {};

  if (request.ppolicy) {
    const result = await checkPolicy(request, request.ppolicy);
    if (!result.ok) return result;
  }

  const askCurrent = request.askCurrentPassword === true || (request.selfChange === true && request.ppolicy?.safeModify === true);
  if (askCurrent && (currentPassword === undefined || currentPassword === '')) {
    return fail('password.current_required', 'You need to specify your current password in order to proceed.');
  }
  if (newPassword !== repeatedPassword) {
    return fail('password.mismatch', 'The passwords you entered as "New password" and "Repeated new password" do not match.');
  }
  if (newPassword === '') return fail('password.empty', 'The password you entered as "New password" is empty.');
  // fdPasswordMinDiffer = N compares the first N characters only: "abcdX" after "abcdY" passes with N = 5 (docs/compatibility.md).
  const minDiffer = rules.minDiffer ?? 0;
  if (minDiffer > 0 && currentPassword !== undefined && currentPassword !== '') {
    const prefix = (text: string): string => [...text].slice(0, minDiffer).join('');
    if (prefix(currentPassword) === prefix(newPassword)) return fail('password.too_similar', 'The new password and the current one are too similar.');
  }
  const minLength = rules.minLength ?? 0;
  if (minLength > 0 && length(newPassword) < minLength) {
    return fail('password.too_short', `The new password is too short: it must be at least ${minLength} characters long.`);
  }
  if (rules.strictPasswordRules === true && [...newPassword].some((c) => c.codePointAt(0)! > 0xff)) {
    return fail('password.invalid_characters', 'The password contains possibly problematic Unicode characters.');
  }
  return OK;
}
