// Salted SHA-1 / SHA-512 password hashes in the `{SSHA}` and `{SSHA512}` forms slapd verifies at bind.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

type SaltedScheme = 'SSHA' | 'SSHA512';
const algorithmOf: Record<SaltedScheme, string> = { SSHA: 'sha1', SSHA512: 'sha512' };

/**
 * Hash a password the way slapd's `{SSHA}` / `{SSHA512}` schemes expect: base64(digest(password + salt) + salt).
 * @example hashSalted('secret') // '{SSHA}…'
 */
export function hashSalted(password: string, scheme: SaltedScheme = 'SSHA', salt: Buffer = randomBytes(8)): string {
  const digest = createHash(algorithmOf[scheme]).update(Buffer.from(password, 'utf8')).update(salt).digest();
  return `{${scheme}}${Buffer.concat([digest, salt]).toString('base64')}`;
}

/** Check a clear-text password against a `{SSHA}` or `{SSHA512}` value; false for any other scheme. */
export function verifySalted(password: string, stored: string): boolean {
  const match = /^\{(SSHA|SSHA512)\}(.+)$/i.exec(stored);
  if (!match) return false;
  const scheme = match[1]!.toUpperCase() as SaltedScheme;
  const raw = Buffer.from(match[2]!, 'base64');
  const digestLength = scheme === 'SSHA' ? 20 : 64;
  if (raw.length <= digestLength) return false;
  const expected = hashSalted(password, scheme, raw.subarray(digestLength));
  const a = Buffer.from(expected.slice(scheme.length + 2), 'base64');
  return a.length === raw.length && timingSafeEqual(a, raw);
}
