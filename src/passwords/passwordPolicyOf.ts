// The ppolicy values in force for a user, for the checks Trousseau makes before writing a password
// (fd-core.md §3.3): slapd skips its own checks for the root DN, which is often the service account.
import type { PasswordPolicyCheck } from './checkPasswordChange.ts';

type ReadEntry = (dn: string, attributes: string[]) => Promise<{ get(attribute: string): string[] } | null>;

const POLICY_ATTRIBUTES = ['pwdAllowUserChange', 'pwdMinAge', 'pwdMinLength', 'pwdSafeModify'];

/**
 * The policy of `pwdPolicySubentry`, else of the configured default (`fdPpolicyDefaultDn`); undefined when neither
 * names a readable pwdPolicy entry. `changedTime`, `history` and `reset` are the user's `pwdChangedTime`, `pwdHistory` and `pwdReset`.
 * @example await passwordPolicyOf(readEntry, { subentry: 'cn=strict,ou=ppolicies,dc=x', changedTime: '20250101120000Z' })
 */
export async function passwordPolicyOf(readEntry: ReadEntry, user: { subentry?: string; defaultDn?: string; changedTime?: string; history?: string[]; reset?: boolean }): Promise<PasswordPolicyCheck | undefined> {
  const dn = user.subentry || user.defaultDn;
  if (!dn) return undefined;
  const policy = await readEntry(dn, POLICY_ATTRIBUTES).catch(() => null);
  if (!policy) return undefined;
  const int = (name: string) => {
    const v = policy.get(name)[0];
    return v === undefined || Number.isNaN(Number(v)) ? undefined : Number(v);
  };
  const bool = (name: string) => {
    const v = policy.get(name)[0];
    return v === undefined ? undefined : v.toUpperCase() === 'TRUE';
  };
  const out: PasswordPolicyCheck = {};
  const allow = bool('pwdAllowUserChange');
  if (allow !== undefined) out.allowUserChange = allow;
  const safe = bool('pwdSafeModify');
  if (safe !== undefined) out.safeModify = safe;
  const minAge = int('pwdMinAge');
  if (minAge !== undefined) out.minAge = minAge;
  const minLength = int('pwdMinLength');
  if (minLength !== undefined) out.minLength = minLength;
  if (user.changedTime) out.changedTime = user.changedTime;
  if (user.history && user.history.length > 0) out.history = user.history;
  if (user.reset === true) out.reset = true;
  return out;
}
