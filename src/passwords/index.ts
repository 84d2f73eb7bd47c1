// Public API of the passwords module: FusionDirectory's password methods, user locking and password-change checks.
export {
  PASSWORD_METHOD_NAMES,
  PasswordMethodError,
  isPasswordMethodName,
  type Argon2Cost,
  type HashOptions,
  type PasswordMethod,
  type PasswordMethodErrorCode,
  type PasswordMethodName,
  type SaslIdentity,
} from './PasswordMethod.ts';
export {
  DEFAULT_ARGON2_COST,
  detectPasswordMethod,
  getPasswordMethod,
  hashPassword,
  passwordMethods,
  saslIdentityFor,
  verifyStoredPassword,
} from './passwordMethods.ts';
export {
  LOCKED_EMPTY_PASSWORD,
  PasswordLockError,
  isPasswordLockable,
  isPasswordLocked,
  lockPassword,
  planUserLock,
  unlockPassword,
  type LockAction,
  type LockedEntry,
  type UserLockContributor,
  type UserLockPlan,
} from './locking.ts';
export {
  checkPasswordChange,
  type PasswordChangeRequest,
  type PasswordCheckCode,
  type PasswordCheckResult,
  type PasswordPolicyCheck,
  type PasswordRules,
} from './checkPasswordChange.ts';
export { crypt, cryptVariantOf, verifyCrypt, type CryptVariant } from './crypt.ts';
export { hashDigest, verifyDigest, type DigestScheme } from './digest.ts';
export { hashSalted, verifySalted } from './ssha.ts';
