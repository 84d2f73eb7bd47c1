// The `{MD5}`, `{SMD5}`, `{SHA}`, `{SSHA}` and SHA-2 (`{SSHA512}`…) userPassword schemes: base64 of digest(password ‖ salt) ‖ salt.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Digest schemes slapd knows: built in (MD5, SMD5, SHA, SSHA) or from the pw-sha2 module (the SHA-2 ones). */
export type DigestScheme = 'MD5' | 'SMD5' | 'SHA' | 'SSHA' | 'SHA256' | 'SSHA256' | 'SHA384' | 'SSHA384' | 'SHA512' | 'SSHA512';

interface SchemeInfo {
  algorithm: string;
  length: number;
  salted: boolean;
}

const SCHEMES: Record<DigestScheme, SchemeInfo> = {
  MD5: { algorithm: 'md5', length: 16, salted: false },
  SMD5: { algorithm: 'md5', length: 16, salted: true },
  SHA: { algorithm: 'sha1', length: 20, salted: false },
  SSHA: { algorithm: 'sha1', length: 20, salted: true },
  SHA256: { algorithm: 'sha256', length: 32, salted: false },
  SSHA256: { algorithm: 'sha256', length: 32, salted: true },
  SHA384: { algorithm: 'sha384', length: 48, salted: false },
  SSHA384: { algorithm: 'sha384', length: 48, salted: true },
  SHA512: { algorithm: 'sha512', length: 64, salted: false },
  SSHA512: { algorithm: 'sha512', length: 64, salted: true },
};

/** FusionDirectory's salt length for `{SMD5}`, `{SSHA}` and `{SSHA512}` (slappasswd uses the same). */
export const FD_SALT_BYTES = 4;

// Node's base64 decoder skips characters it does not know; slapd's does not. A locked value (`{SSHA}!…`)
// must not decode, so the text is checked first.
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The digest scheme of a stored value (`{SSHA}…`, case-insensitive), or null. */
export function digestSchemeOf(stored: string): DigestScheme | null {
  const match = /^\{([A-Za-z0-9]+)\}/.exec(stored);
  const name = match?.[1]?.toUpperCase();
  return name !== undefined && name in SCHEMES ? (name as DigestScheme) : null;
}

/**
 * Hash a password with a digest scheme; salted schemes take `salt` (default: 4 random bytes, as FusionDirectory).
 * @example hashDigest('SSHA', 'secret') // '{SSHA}' + base64(sha1('secret' ‖ salt) ‖ salt)
 */
export function hashDigest(scheme: DigestScheme, password: string, salt: Buffer = randomBytes(FD_SALT_BYTES)): string {
  const info = SCHEMES[scheme];
  const h = createHash(info.algorithm).update(Buffer.from(password, 'utf8'));
  if (!info.salted) return `{${scheme}}${h.digest('base64')}`;
  if (salt.length === 0) throw new RangeError(`{${scheme}} needs a salt of at least one byte`);
  return `{${scheme}}${Buffer.concat([h.update(salt).digest(), salt]).toString('base64')}`;
}

/** Whether a password matches a stored digest value; false for other schemes, malformed and locked values. */
export function verifyDigest(password: string, stored: string): boolean {
  const scheme = digestSchemeOf(stored);
  if (!scheme) return false;
  const info = SCHEMES[scheme];
  const encoded = stored.slice(scheme.length + 2);
  if (!STRICT_BASE64.test(encoded)) return false;
  const raw = Buffer.from(encoded, 'base64');
  if (info.salted ? raw.length <= info.length : raw.length !== info.length) return false;
  const salt = raw.subarray(info.length);
  const h = createHash(info.algorithm).update(Buffer.from(password, 'utf8'));
  if (info.salted) h.update(salt);
  return timingSafeEqual(h.digest(), raw.subarray(0, info.length));
}
