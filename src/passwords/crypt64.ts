// The `./0-9A-Za-z` alphabet crypt(3) uses for salts and hash output, and the helpers every crypt variant shares.
import { randomInt } from 'node:crypto';

/** crypt(3)'s base-64 alphabet: `.` = 0, `/` = 1, `0`–`9` = 2–11, `A`–`Z` = 12–37, `a`–`z` = 38–63. */
export const CRYPT_ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random string of crypt alphabet characters, as FusionDirectory draws its crypt salts. */
export function randomCryptSalt(length: number): string {
  let salt = '';
  for (let i = 0; i < length; i++) salt += CRYPT_ALPHABET[randomInt(64)];
  return salt;
}

/** Value (0–63) of one crypt alphabet character, or -1 when it is not one. */
export function cryptCharValue(char: string): number {
  return char.length === 1 ? CRYPT_ALPHABET.indexOf(char) : -1;
}

/**
 * Encode 24 bits (`b2 b1 b0`, b2 most significant) as `n` characters, least significant six bits first:
 * the `b64_from_24bit` step of the MD5 and SHA-2 crypt algorithms.
 */
export function encode24(b2: number, b1: number, b0: number, n: number): string {
  let w = (b2 << 16) | (b1 << 8) | b0;
  let out = '';
  for (let i = 0; i < n; i++) {
    out += CRYPT_ALPHABET[w & 0x3f];
    w >>>= 6;
  }
  return out;
}

/** Encode a digest with crypt's byte permutation: each triple of byte indexes (most significant first) gives 4 characters. */
export function encodePermuted(digest: Buffer, triples: readonly (readonly [number, number, number])[], tail: readonly [number, number, number], tailChars: number): string {
  let out = '';
  for (const [a, b, c] of triples) out += encode24(digest[a]!, digest[b]!, digest[c]!, 4);
  const [a, b, c] = tail;
  // A tail index of -1 stands for a zero byte.
  const at = (i: number): number => (i < 0 ? 0 : digest[i]!);
  return out + encode24(at(a), at(b), at(c), tailChars);
}
