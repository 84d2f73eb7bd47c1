// The registry of FusionDirectory's password methods: how each writes userPassword, checks it, and is recognised.
import { hash as argon2Hash, verify as argon2Verify, type Algorithm } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { crypt, cryptVariantOf, verifyCrypt, type CryptVariant } from './crypt.ts';
import { CRYPT_ALPHABET, randomCryptSalt } from './crypt64.ts';
import { FD_SALT_BYTES, hashDigest, verifyDigest, type DigestScheme } from './digest.ts';
import { isPasswordLocked, lockPassword, LOCKED_EMPTY_PASSWORD, PasswordLockError, unlockPassword } from './locking.ts';
import {
  PASSWORD_METHOD_NAMES,
  PasswordMethodError,
  isPasswordMethodName,
  type Argon2Cost,
  type HashOptions,
  type PasswordMethod,
  type PasswordMethodName,
  type SaslIdentity,
} from './PasswordMethod.ts';

/** PHP's `password_hash(…, PASSWORD_ARGON2ID)` defaults, which FusionDirectory's argon2 method writes. */
export const DEFAULT_ARGON2_COST: Argon2Cost = { memoryCost: 65536, timeCost: 4, parallelism: 1 };
const ARGON2ID = 2 as Algorithm; // Algorithm.Argon2id (an ambient const enum, unusable with isolatedModules)

const CRYPT_SUBTYPES: Record<CryptVariant, PasswordMethodName> = {
  des: 'crypt/standard-des',
  'extended-des': 'crypt/enhanced-des',
  md5: 'crypt/md5',
  bcrypt: 'crypt/blowfish',
  'sha-256': 'crypt/sha-256',
  'sha-512': 'crypt/sha-512',
};

const SCHEME_METHODS: Record<string, PasswordMethodName> = {
  MD5: 'md5',
  SMD5: 'smd5',
  SHA: 'sha',
  SSHA: 'ssha',
  SSHA512: 'ssha512',
  SASL: 'sasl',
  ARGON2: 'argon2',
};

/**
 * The method a stored userPassword value belongs to, as FusionDirectory tells it: no value or `{CRYPT}!` ⇒ `empty`;
 * a known `{SCHEME}` prefix (any case, lock mark allowed) ⇒ that method, `{CRYPT}` by the shape of its salt;
 * no prefix ⇒ `clear`. Null for a `{SCHEME}` no method writes (`{SSHA256}`, `{PBKDF2}`, `{CRYPT}$y$…`):
 * FusionDirectory shows those as `clear` (docs/compatibility.md); Trousseau keeps them as they are.
 * @example detectPasswordMethod('{CRYPT}!$6$abc$def') // 'crypt/sha-512'
 */
export function detectPasswordMethod(stored: string | null | undefined): PasswordMethodName | null {
  if (stored === null || stored === undefined || stored === '' || stored === LOCKED_EMPTY_PASSWORD) return 'empty';
  const match = /^\{([^}]+)\}(!?)(.*)$/s.exec(stored);
  if (!match) return 'clear';
  const scheme = match[1]!.toUpperCase();
  if (scheme === 'CRYPT') {
    const variant = cryptVariantOf(match[3]!);
    return variant === null ? null : CRYPT_SUBTYPES[variant];
  }
  return SCHEME_METHODS[scheme] ?? null;
}

function cryptSalt(options: HashOptions, length: number, what: string): string {
  const salt = options.salt ?? randomCryptSalt(length);
  if (typeof salt !== 'string' || salt.length !== length || [...salt].some((c) => !CRYPT_ALPHABET.includes(c))) {
    throw new PasswordMethodError('password.option_invalid', `${what} needs a salt of ${length} characters among ./0-9A-Za-z`);
  }
  return salt;
}

function byteSalt(options: HashOptions, length: number, what: string): Buffer {
  const salt = options.salt ?? randomBytes(length);
  if (!Buffer.isBuffer(salt) || salt.length === 0) throw new PasswordMethodError('password.option_invalid', `${what} needs a salt of bytes`);
  return salt;
}

function encodeCount(count: number): string {
  let out = '';
  for (let i = 0; i < 4; i++) out += CRYPT_ALPHABET[Math.floor(count / 64 ** i) % 64];
  return out;
}

/** The crypt(3) setting FusionDirectory builds for each crypt method (fd-core.md §3.2). */
function cryptSetting(name: PasswordMethodName, options: HashOptions): string {
  const rounds = options.rounds;
  const badRounds = (range: string): never => {
    throw new PasswordMethodError('password.option_invalid', `${name}: rounds must be ${range}`);
  };
  switch (name) {
    case 'crypt/standard-des':
      return cryptSalt(options, 2, name);
    case 'crypt/enhanced-des': {
      // FusionDirectory draws all 8 characters at random, the 4 count characters too, so its cost is anything
      // from 1 to 16 777 215 iterations; we write a fixed count (docs/compatibility.md).
      const count = rounds ?? 725;
      if (!Number.isInteger(count) || count < 1 || count > 0xffffff) badRounds('an integer from 1 to 16777215');
      return `_${encodeCount(count)}${cryptSalt(options, 4, name)}`;
    }
    case 'crypt/md5':
      return `$1$${cryptSalt(options, 8, name)}$`;
    case 'crypt/blowfish': {
      const cost = rounds ?? 7;
      if (!Number.isInteger(cost) || cost < 4 || cost > 31) badRounds('an integer from 4 to 31');
      return `$2a$${String(cost).padStart(2, '0')}$${cryptSalt(options, 22, name)}`;
    }
    case 'crypt/sha-256':
    case 'crypt/sha-512': {
      if (rounds !== undefined && (!Number.isInteger(rounds) || rounds < 1000 || rounds > 999_999_999)) badRounds('an integer from 1000 to 999999999');
      const id = name === 'crypt/sha-256' ? '5' : '6';
      return `$${id}$${rounds === undefined ? '' : `rounds=${rounds}$`}${cryptSalt(options, 16, name)}$`;
    }
    default:
      throw new PasswordMethodError('password.method_unknown', `${name} is not a crypt method`);
  }
}

function stripScheme(stored: string, scheme: string): string | null {
  return stored.slice(0, scheme.length + 2).toUpperCase() === `{${scheme}}` ? stored.slice(scheme.length + 2) : null;
}

interface MethodDefinition {
  scheme: string | null;
  needsPassword?: boolean;
  lockable?: boolean;
  slapdVerifiable: boolean;
  inFusionDirectory15?: boolean;
  write(password: string, options: HashOptions): Promise<string | null>;
  verify?(password: string, stored: string): Promise<boolean>;
}

function digestMethod(scheme: DigestScheme, salted: boolean): MethodDefinition {
  return {
    scheme,
    slapdVerifiable: true,
    write: async (password, options) => hashDigest(scheme, password, salted ? byteSalt(options, FD_SALT_BYTES, scheme) : undefined),
    verify: async (password, stored) => verifyDigest(password, stored),
  };
}

function cryptMethod(name: PasswordMethodName): MethodDefinition {
  return {
    scheme: 'CRYPT',
    slapdVerifiable: true,
    write: async (password, options) => {
      const computed = crypt(password, cryptSetting(name, options));
      if (computed === null) throw new PasswordMethodError('password.option_invalid', `${name}: crypt refused the setting`);
      return `{CRYPT}${computed}`;
    },
    verify: async (password, stored) => {
      const value = stripScheme(stored, 'CRYPT');
      return value !== null && verifyCrypt(password, value);
    },
  };
}

const DEFINITIONS: Record<PasswordMethodName, MethodDefinition> = {
  clear: {
    scheme: null,
    lockable: false,
    slapdVerifiable: true,
    write: async (password) => password,
    verify: async (password, stored) => password === stored,
  },
  empty: {
    scheme: null,
    needsPassword: false,
    slapdVerifiable: false,
    write: async () => null,
  },
  md5: digestMethod('MD5', false),
  smd5: digestMethod('SMD5', true),
  sha: digestMethod('SHA', false),
  ssha: digestMethod('SSHA', true),
  ssha512: digestMethod('SSHA512', true),
  'crypt/standard-des': cryptMethod('crypt/standard-des'),
  'crypt/enhanced-des': cryptMethod('crypt/enhanced-des'),
  'crypt/md5': cryptMethod('crypt/md5'),
  'crypt/blowfish': cryptMethod('crypt/blowfish'),
  'crypt/sha-256': cryptMethod('crypt/sha-256'),
  'crypt/sha-512': cryptMethod('crypt/sha-512'),
  sasl: {
    scheme: 'SASL',
    needsPassword: false,
    slapdVerifiable: false,
    write: async (_password, options) => {
      const identity = options.sasl;
      if (identity === undefined || (identity.kind === 'realm' ? identity.uid === '' || identity.realm === '' : identity.value === '')) {
        throw new PasswordMethodError('password.sasl_unconfigured', 'The SASL method needs fdSaslRealm or fdSaslExop in the configuration, and the user’s identity.');
      }
      return `{SASL}${identity.kind === 'realm' ? `${identity.uid}@${identity.realm}` : identity.value}`;
    },
  },
  argon2: {
    scheme: 'ARGON2',
    slapdVerifiable: true,
    inFusionDirectory15: false,
    write: async (password, options) => {
      const cost = { ...DEFAULT_ARGON2_COST, ...options.argon2 };
      const salt = byteSalt(options, 16, 'argon2');
      if (salt.length < 8) throw new PasswordMethodError('password.option_invalid', 'argon2 needs a salt of at least 8 bytes');
      return `{ARGON2}${await argon2Hash(password, { algorithm: ARGON2ID, ...cost, outputLen: 32, salt })}`;
    },
    verify: async (password, stored) => {
      const value = stripScheme(stored, 'ARGON2');
      if (value === null || !value.startsWith('$argon2')) return false;
      try {
        return await argon2Verify(value, password);
      } catch {
        return false;
      }
    },
  },
};

function buildMethod(name: PasswordMethodName): PasswordMethod {
  const def = DEFINITIONS[name];
  const lockable = def.lockable ?? true;
  const method: PasswordMethod = {
    name,
    scheme: def.scheme,
    needsPassword: def.needsPassword ?? true,
    lockable,
    slapdVerifiable: def.slapdVerifiable,
    inFusionDirectory15: def.inFusionDirectory15 ?? true,
    async hash(password, options = {}) {
      const value = await def.write(password, options);
      return options.locked ? lockPassword(value) : value;
    },
    detect: (stored) => detectPasswordMethod(stored) === name,
    isLocked: (stored) => lockable && isPasswordLocked(stored),
    lock(stored) {
      if (!lockable) throw new PasswordLockError(`The ${name} method cannot be locked.`);
      return lockPassword(stored);
    },
    unlock: (stored) => unlockPassword(stored),
  };
  if (def.verify) method.verify = def.verify;
  return method;
}

/** Every password method, by FusionDirectory's name. */
export const passwordMethods: Readonly<Record<PasswordMethodName, PasswordMethod>> = Object.freeze(
  Object.fromEntries(PASSWORD_METHOD_NAMES.map((name) => [name, buildMethod(name)])) as Record<PasswordMethodName, PasswordMethod>,
);

/**
 * The method of a name read from configuration or a request (`fdPasswordDefaultHash`, a REST 5-tuple…).
 * @throws PasswordMethodError (`password.method_unknown`) for a name no method has
 */
export function getPasswordMethod(name: string): PasswordMethod {
  if (!isPasswordMethodName(name)) throw new PasswordMethodError('password.method_unknown', `Unknown password method "${name}"`);
  return passwordMethods[name];
}

/**
 * Hash a password with a method, by name.
 * @example await hashPassword('ssha', 'secret') // '{SSHA}…'
 */
export async function hashPassword(name: PasswordMethodName, password: string, options: HashOptions = {}): Promise<string | null> {
  return passwordMethods[name].hash(password, options);
}

/**
 * Check a password against any stored value: the detected method's check, and also the `{SCHEME}`s of slapd's
 * pw-sha2 module that no method writes (`{SSHA256}`…), as found in `pwdHistory`. Null when no check is possible
 * (`sasl`, `empty`, an unknown scheme). A locked value never matches.
 */
export async function verifyStoredPassword(password: string, stored: string): Promise<boolean | null> {
  const name = detectPasswordMethod(stored);
  if (name === null) return /^\{S?SHA(256|384|512)\}/i.test(stored) ? verifyDigest(password, stored) : null;
  const verify = passwordMethods[name].verify;
  return verify ? verify(password, stored) : null;
}

/**
 * The `{SASL}` identity of a user from the configuration: the value of the attribute named by `fdSaslExop` when it
 * is set, else `uid@fdSaslRealm`. Null when neither is configured or the user lacks the attribute.
 * @example saslIdentityFor({ saslRealm: 'EXAMPLE.ORG' }, (a) => entry[a]) // { kind: 'realm', uid: 'jdoe', realm: 'EXAMPLE.ORG' }
 */
export function saslIdentityFor(config: { saslRealm?: string; saslExop?: string }, read: (attribute: string) => string | undefined): SaslIdentity | null {
  const exop = config.saslExop?.trim() ?? '';
  if (exop !== '') {
    const value = read(exop);
    return value ? { kind: 'exop', value } : null;
  }
  const realm = config.saslRealm?.trim() ?? '';
  const uid = read('uid');
  return realm !== '' && uid ? { kind: 'realm', uid, realm } : null;
}
