// MD5-crypt (`$1$`), Poul-Henning Kamp's FreeBSD algorithm as crypt(3) computes it.
import { createHash } from 'node:crypto';
import { encodePermuted } from './crypt64.ts';

const MAGIC = '$1$';
const MAX_SALT_LENGTH = 8;
const TRIPLES = [[0, 6, 12], [1, 7, 13], [2, 8, 14], [3, 9, 15], [4, 10, 5]] as const;

/**
 * Compute an MD5-crypt string from a setting `$1$salt` or a whole stored `$1$salt$hash`.
 * Returns null when the setting does not start with `$1$`.
 * @example md5Crypt('secret', '$1$saltsalt') // '$1$saltsalt$…' (22 hash characters)
 */
export function md5Crypt(password: string, setting: string): string | null {
  if (!setting.startsWith(MAGIC)) return null;
  const rest = setting.slice(MAGIC.length);
  const end = rest.indexOf('$');
  const salt = (end < 0 ? rest : rest.slice(0, end)).slice(0, MAX_SALT_LENGTH);
  const p = Buffer.from(password, 'utf8');
  const s = Buffer.from(salt, 'utf8');
  const md5 = (...parts: Buffer[]): Buffer => {
    const h = createHash('md5');
    for (const part of parts) h.update(part);
    return h.digest();
  };

  const alternate = md5(p, s, p);
  const parts: Buffer[] = [p, Buffer.from(MAGIC), s];
  for (let left = p.length; left > 0; left -= 16) parts.push(alternate.subarray(0, Math.min(16, left)));
  // One byte per bit of the length: a zero byte for a set bit, the password's first byte for a clear one.
  for (let n = p.length; n > 0; n >>>= 1) parts.push(n & 1 ? Buffer.alloc(1) : p.subarray(0, 1));
  let digest = md5(...parts);

  for (let i = 0; i < 1000; i++) {
    const h = createHash('md5');
    h.update(i & 1 ? p : digest);
    if (i % 3 !== 0) h.update(s);
    if (i % 7 !== 0) h.update(p);
    h.update(i & 1 ? digest : p);
    digest = h.digest();
  }

  return `${MAGIC}${salt}$${encodePermuted(digest, TRIPLES, [-1, -1, 11], 2)}`;
}
