// What a password method is: FusionDirectory's name for it, how it writes userPassword, and what it can check.

/**
 * FusionDirectory's method names, as stored in `fdPasswordDefaultHash` and `fdPasswordAllowedHashes`
 * (reference fd-core.md §3.2). `argon2` is not in FusionDirectory 1.5 core; FusionDirectory's later core
 * has it under this name, writing the same `{ARGON2}` form.
 */
export const PASSWORD_METHOD_NAMES = [
  'clear',
  'empty',
  'md5',
  'smd5',
  'sha',
  'ssha',
  'ssha512',
  'crypt/standard-des',
  'crypt/enhanced-des',
  'crypt/md5',
  'crypt/blowfish',
  'crypt/sha-256',
  'crypt/sha-512',
  'sasl',
  'argon2',
] as const;

export type PasswordMethodName = (typeof PASSWORD_METHOD_NAMES)[number];

/** Whether a string (a config value, a REST argument) is one of the method names. */
export function isPasswordMethodName(name: string): name is PasswordMethodName {
  return (PASSWORD_METHOD_NAMES as readonly string[]).includes(name);
}

/**
 * Who a `{SASL}` value names: `uid@fdSaslRealm`, or — when `fdSaslExop` names an attribute — that attribute's value
 * (FusionDirectory prefers the exop form when both are configured; see `saslIdentityAttribute`).
 */
export type SaslIdentity = { kind: 'realm'; uid: string; realm: string } | { kind: 'exop'; value: string };

/** Argon2id cost parameters (the `m=…,t=…,p=…` of the stored string). */
export interface Argon2Cost {
  /** Memory in KiB. */
  memoryCost: number;
  /** Passes. */
  timeCost: number;
  parallelism: number;
}

/** Options of `hash`; each method reads the ones that concern it and ignores the others. */
export interface HashOptions {
  /**
   * A fixed salt instead of a random one (tests, reproducible output): crypt alphabet characters for the crypt
   * methods, as many as FusionDirectory draws (2 for standard DES, 4 for enhanced DES after the count, 8 for MD5,
   * 22 for blowfish, 16 for SHA-2); bytes for smd5/ssha/ssha512 (FusionDirectory: 4) and argon2 (at least 8).
   */
  salt?: string | Buffer;
  /**
   * Cost for the crypt methods: `rounds=` for crypt/sha-256 and crypt/sha-512 (default: none written, 5000, as
   * FusionDirectory), the 2-digit cost for crypt/blowfish (default 7, FusionDirectory's `$2a$07$`), the iteration
   * count for crypt/enhanced-des (default 725, BSD's `_J9..`).
   */
  rounds?: number;
  /** For argon2 (default m=65536 KiB, t=4, p=1: PHP's `password_hash` defaults, which FusionDirectory's method uses). */
  argon2?: Partial<Argon2Cost>;
  /** Required by the `sasl` method. */
  sasl?: SaslIdentity;
  /** Write the locked form directly (FusionDirectory re-locks a locked user whose password changes). */
  locked?: boolean;
}

/** One password method of the registry. */
export interface PasswordMethod {
  readonly name: PasswordMethodName;
  /** The `{SCHEME}` written before the hash; null for `clear` and `empty`, which write none. */
  readonly scheme: string | null;
  /**
   * Whether the form asks for a password. False for `empty`, and for `sasl` unless config
   * `fdForceSaslPasswordAsk` is TRUE (the value then is still the SASL identity, never the password).
   */
  readonly needsPassword: boolean;
  /** False only for `clear`: there is no `{SCHEME}` to put the lock mark after. */
  readonly lockable: boolean;
  /** Whether slapd checks a bind against this value by itself (false: `sasl` needs saslauthd, `empty` has no password). */
  readonly slapdVerifiable: boolean;
  /** Whether FusionDirectory 1.5 core offers the method (false for `argon2`: such a value shows as `clear` there). */
  readonly inFusionDirectory15: boolean;
  /**
   * The userPassword value FusionDirectory writes for this password; null means no value (`empty`: the attribute
   * is deleted, or `{CRYPT}!` when `locked`).
   * @throws PasswordMethodError when a required option is missing or malformed
   */
  hash(password: string, options?: HashOptions): Promise<string | null>;
  /**
   * Whether the password matches a stored value of this method. A locked value never matches, as at a bind.
   * Absent where no check is possible (`sasl`, `empty`).
   */
  verify?(password: string, stored: string): Promise<boolean>;
  /** Whether a stored value belongs to this method (the method the UI shows for an existing hash). */
  detect(stored: string | null | undefined): boolean;
  isLocked(stored: string | null | undefined): boolean;
  /** @throws PasswordLockError for a method that is not lockable */
  lock(stored: string | null | undefined): string;
  unlock(stored: string | null | undefined): string | null;
}

export type PasswordMethodErrorCode = 'password.method_unknown' | 'password.sasl_unconfigured' | 'password.option_invalid';

/** A method asked for something it cannot do: unknown name, missing SASL identity, malformed salt or cost. */
export class PasswordMethodError extends Error {
  readonly code: PasswordMethodErrorCode;

  constructor(code: PasswordMethodErrorCode, message: string) {
    super(message);
    this.name = 'PasswordMethodError';
    this.code = code;
  }
}
