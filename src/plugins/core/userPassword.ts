// The user's password field (fd-core.md §3.3): reads give the stored hash; writes take a clear password (hashed
// with the current or default method) or FusionDirectory's 5-array [method, password, again, hash, locked].
import type { SaveContext } from '../../model/declarations.ts';
import { type AttributeKind, type Value, ValueError } from '../../model/kinds/index.ts';
import { passwordPolicyOf } from '../../passwords/passwordPolicyOf.ts';
import { checkPasswordChange, detectPasswordMethod, hashPassword, isPasswordLocked, isPasswordMethodName, lockPassword, type PasswordMethodName } from '../../passwords/index.ts';

/**
 * A change not hashed yet travels inside the engine as a marked string, replaced by its hash in prepareSave; it
 * never reaches LDAP or a client (toJson masks it, and the check refuses one left over).
 */
const PENDING = '\u0000pending-password\u0000';

interface PendingChange {
  method: string;
  password: string;
  again: string;
  locked: boolean | undefined;
}

export function pendingPassword(value: Value): PendingChange | undefined {
  if (typeof value !== 'string' || !value.startsWith(PENDING)) return undefined;
  return JSON.parse(value.slice(PENDING.length)) as PendingChange;
}

const pending = (change: PendingChange): string => PENDING + JSON.stringify(change);

export const userPasswordKind: AttributeKind = {
  multiValued: false,
  binary: false,
  empty: () => '',
  decode: (values) => {
    const v = values[0];
    return v === undefined ? '' : typeof v === 'string' ? v : v.toString('utf8');
  },
  encode: (value) => (typeof value === 'string' && value !== '' && !value.startsWith(PENDING) ? [value] : []),
  fromJson: (input, decl) => {
    if (typeof input === 'string') return pending({ method: '', password: input, again: input, locked: undefined });
    if (Array.isArray(input) && input.length === 5) {
      const [method, password, again, , locked] = input as unknown[];
      if (typeof method !== 'string' || typeof password !== 'string' || typeof again !== 'string') throw new ValueError(`"${decl.name}" expects [method, password, password again, current hash, locked].`);
      return pending({ method, password, again, locked: locked === true || locked === 'TRUE' || locked === 1 ? true : locked === false || locked === 'FALSE' || locked === 0 ? false : undefined });
    }
    throw new ValueError(`"${decl.name}" expects a new password as a string, or FusionDirectory's array of 5 values.`);
  },
  toJson: (value) => (typeof value === 'string' && value.startsWith(PENDING) ? '' : value),
  check: (value, decl) => (pendingPassword(value) ? [{ code: 'value.password', message: `"${decl.name}" could not be hashed.` }] : []),
  isEmpty: (value) => value === '' || value === null,
  jsonSchema: () => ({ oneOf: [{ type: 'string', description: 'A new password in clear (reads give the stored hash)' }, { type: 'array', minItems: 5, maxItems: 5, description: '[method, password, password again, current hash, locked]' }] }),
};

/** The user tab's prepareSave for the password: check the rules, hash with the method, keep the lock state. */
export async function preparePassword(context: SaveContext): Promise<void> {
  const change = pendingPassword(context.raw('userPassword') as Value);
  if (!change) return;
  const stored = typeof context.stored.userPassword === 'string' ? context.stored.userPassword : '';
  // The 5-array with an empty password and the same method keeps the current hash (fd-core.md §3.3).
  if (change.password === '' && change.again === '' && (change.method === '' || change.method === detectPasswordMethod(stored))) {
    context.setRaw('userPassword', stored);
    return;
  }
  const defaultMethod = context.config('fdPasswordDefaultHash') ?? 'ssha';
  const forced = context.config('fdForcePasswordDefaultHash') === 'TRUE';
  const current = stored ? detectPasswordMethod(stored) : null;
  const method = forced ? defaultMethod : change.method || (current && current !== 'empty' ? current : defaultMethod);
  if (!isPasswordMethodName(method)) throw new ValueError(`Unknown password method "${method}"`, 'userPassword');
  // The ppolicy plugin's tab gives the user's policy (slapd does not check what its root DN writes): docs/ppolicy.md.
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  // Users changing their own password also meet the policy's own-change rules: allowed at all, minimum age, history,
  // and the current password with pwdSafeModify (docs/ppolicy.md).
  const self = context.savedBy?.self === true;
  const own = self ? await context.readEntry(context.savedBy!.dn, ['pwdHistory', 'pwdReset']) : null;
  const ppolicy = await passwordPolicyOf(context.readEntry, {
    subentry: text(context.objectValues.pwdPolicySubentry),
    defaultDn: context.config('fdPpolicyDefaultDn'),
    changedTime: text(context.objectValues.pwdChangedTime),
    history: own?.get('pwdHistory') ?? [],
    reset: own?.get('pwdReset')[0] === 'TRUE',
  });
  const currentPassword = context.savedBy?.currentPassword;
  const result = await checkPasswordChange({
    newPassword: change.password,
    repeatedPassword: change.again,
    currentHash: stored || null,
    selfChange: self,
    ...(currentPassword !== undefined ? { currentPassword } : {}),
    ...(ppolicy ? { ppolicy } : {}),
    rules: {
      ...(context.config('fdPasswordMinLength') ? { minLength: Number(context.config('fdPasswordMinLength')) } : {}),
      ...(context.config('fdPasswordMinDiffer') ? { minDiffer: Number(context.config('fdPasswordMinDiffer')) } : {}),
    },
  });
  if (!result.ok) throw new ValueError(result.message, 'userPassword');
  let hash = await hashPassword(method as PasswordMethodName, change.password);
  // A locked account stays locked when its password changes (FusionDirectory re-locks it).
  if (hash !== null && (change.locked ?? isPasswordLocked(stored))) hash = lockPassword(hash);
  context.setRaw('userPassword', hash ?? '');
}

