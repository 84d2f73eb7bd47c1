// Salted SHA-1 / SHA-512 password hashes in the `{SSHA}` and `{SSHA512}` forms slapd verifies at bind.
// Kept for the callers that only need these two; the general digest schemes are in digest.ts.
import { randomBytes } from 'node:crypto';
import { digestSchemeOf, hashDigest, verifyDigest } from './digest.ts';

type SaltedScheme = 'SSHA' | 'SSHA512';

/**
 * Hash a password the way slapd's `{SSHA}` / `{SSHA512}` schemes expect: base64(digest(password + salt) + salt).
 * The default salt here is 8 bytes; the `ssha`/`ssha512` password methods use FusionDirectory's 4.
 * @example hashSalted('secret') // '{SSHA}…'
 */
export function hashSalted(password: string, scheme: SaltedScheme = 'SSHA', salt: Buffer = randomBytes(8)): string {
  return hashDigest(scheme, password, salt);
}

/** Check a clear-text password against a `{SSHA}` or `{SSHA512}` value; false for any other scheme. */
export function verifySalted(password: string, stored: string): boolean {
  const scheme = digestSchemeOf(stored);
  return (scheme === 'SSHA' || scheme === 'SSHA512') && verifyDigest(password, stored);
}
