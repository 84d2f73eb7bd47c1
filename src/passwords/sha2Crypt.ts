// SHA-256-crypt (`$5$`) and SHA-512-crypt (`$6$`), Ulrich Drepper's algorithm as glibc/libxcrypt crypt(3) computes it.
import { createHash } from 'node:crypto';
import { encodePermuted } from './crypt64.ts';

const DEFAULT_ROUNDS = 5000;
const MIN_ROUNDS = 1000;
const MAX_ROUNDS = 999_999_999;
const MAX_SALT_LENGTH = 16;

interface Variant {
  algorithm: 'sha256' | 'sha512';
  triples: readonly (readonly [number, number, number])[];
  tail: readonly [number, number, number];
  tailChars: number;
}

const VARIANTS: Record<'5' | '6', Variant> = {
  '5': {
    algorithm: 'sha256',
    triples: [[0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14], [15, 25, 5], [6, 16, 26], [27, 7, 17], [18, 28, 8], [9, 19, 29]],
    tail: [-1, 31, 30],
    tailChars: 3,
  },
  '6': {
    algorithm: 'sha512',
    triples: [
      [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48], [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10],
      [53, 11, 32], [12, 33, 54], [34, 55, 13], [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41],
    ],
    tail: [-1, -1, 63],
    tailChars: 2,
  },
};

/** The parts of a `$5$`/`$6$` setting: variant, rounds (when given explicitly), salt. */
export interface Sha2CryptSetting {
  id: '5' | '6';
  rounds?: number;
  salt: string;
}

/** Parse `$5$[rounds=N$]salt[$hash]`; null when the string is not a SHA-2 crypt setting or its rounds are out of range. */
export function parseSha2CryptSetting(setting: string): Sha2CryptSetting | null {
  const match = /^\$([56])\$(?:rounds=([0-9]+)\$)?([^$]*)/.exec(setting);
  if (!match) return null;
  const id = match[1] as '5' | '6';
  const salt = match[3]!.slice(0, MAX_SALT_LENGTH);
  if (match[2] === undefined) return { id, salt };
  const rounds = Number(match[2]);
  // glibc clamps a count outside [1000, 999999999]; libxcrypt (Debian's crypt(3), which slapd calls) refuses it.
  if (rounds < MIN_ROUNDS || rounds > MAX_ROUNDS) return null;
  return { id, rounds, salt };
}

function repeatTo(source: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += source.length) source.copy(out, i, 0, Math.min(source.length, length - i));
  return out;
}

/**
 * Compute a SHA-256-crypt or SHA-512-crypt string from a setting such as `$6$salt`, `$6$rounds=10000$salt`
 * or a whole stored hash (whose hash part is ignored). Returns null when the setting is not `$5$`/`$6$`.
 * @example sha2Crypt('secret', '$6$saltsalt') // '$6$saltsalt$…' (86 hash characters)
 */
export function sha2Crypt(password: string, setting: string): string | null {
  const parsed = parseSha2CryptSetting(setting);
  if (!parsed) return null;
  const variant = VARIANTS[parsed.id];
  const rounds = parsed.rounds ?? DEFAULT_ROUNDS;
  const hash = (...parts: Buffer[]): Buffer => {
    const h = createHash(variant.algorithm);
    for (const part of parts) h.update(part);
    return h.digest();
  };
  const p = Buffer.from(password, 'utf8');
  const s = Buffer.from(parsed.salt, 'utf8');

  const b = hash(p, s, p);
  const aParts: Buffer[] = [p, s, repeatTo(b, p.length)];
  for (let n = p.length; n > 0; n >>>= 1) aParts.push(n & 1 ? b : p);
  let a = hash(...aParts);

  const dp = hash(...Array.from({ length: p.length }, () => p));
  const pBytes = repeatTo(dp, p.length);
  const ds = hash(...Array.from({ length: 16 + a[0]! }, () => s));
  const sBytes = repeatTo(ds, s.length);

  for (let i = 0; i < rounds; i++) {
    const h = createHash(variant.algorithm);
    h.update(i & 1 ? pBytes : a);
    if (i % 3 !== 0) h.update(sBytes);
    if (i % 7 !== 0) h.update(pBytes);
    h.update(i & 1 ? a : pBytes);
    a = h.digest();
  }

  const roundsPart = parsed.rounds === undefined ? '' : `rounds=${parsed.rounds}$`;
  return `$${parsed.id}$${roundsPart}${parsed.salt}$${encodePermuted(a, variant.triples, variant.tail, variant.tailChars)}`;
}
