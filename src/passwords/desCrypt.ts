// Traditional DES crypt (2-character salt) and BSDi extended DES crypt (`_` + count + salt), as crypt(3) computes them.
import { CRYPT_ALPHABET, cryptCharValue } from './crypt64.ts';

// DES tables (FIPS 46-3), 1-based bit numbers, bit 1 being the most significant.
const IP = [
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
  57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
];
const P = [16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25];
const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
  63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
];
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
  41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];
const S = [
  [14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7, 0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
    4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0, 15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13],
  [15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10, 3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
    0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15, 13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9],
  [10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8, 13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
    13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7, 1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12],
  [7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15, 13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
    10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4, 3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14],
  [2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9, 14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
    4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14, 11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3],
  [12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11, 10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
    9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6, 4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13],
  [4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1, 13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
    1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2, 6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12],
  [13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7, 1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
    7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8, 2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11],
];

/** Bits of a byte string, most significant bit of the first byte first. */
function toBits(bytes: Uint8Array): number[] {
  const bits: number[] = [];
  for (const byte of bytes) for (let i = 7; i >= 0; i--) bits.push((byte >> i) & 1);
  return bits;
}

function permute(bits: readonly number[], table: readonly number[]): number[] {
  return table.map((position) => bits[position - 1]!);
}

function bitsToWord(bits: readonly number[], from: number): number {
  let word = 0;
  for (let i = 0; i < 32; i++) word = (word << 1) | bits[from + i]!;
  return word >>> 0;
}

function wordToBits(word: number): number[] {
  const bits: number[] = [];
  for (let i = 31; i >= 0; i--) bits.push((word >>> i) & 1);
  return bits;
}

// The S-boxes followed by P, per S-box and 6-bit input, as one 32-bit word.
const SP: number[][] = S.map((box, g) =>
  Array.from({ length: 64 }, (_, input) => {
    const row = ((input >> 4) & 2) | (input & 1);
    const column = (input >> 1) & 0xf;
    const nibble = box[row * 16 + column]!;
    const beforeP = (nibble << (28 - 4 * g)) >>> 0;
    return bitsToWord(permute(wordToBits(beforeP), P), 0);
  }),
);

const SP_TYPED = SP.map((box) => Int32Array.from(box)) as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];

const FP: number[] = Array.from({ length: 64 }, (_, i) => IP.indexOf(i + 1) + 1);

/** The 16 round keys, each as eight 6-bit groups. */
function keySchedule(key: Uint8Array): number[][] {
  const cd = permute(toBits(key), PC1);
  let c = cd.slice(0, 28);
  let d = cd.slice(28);
  const keys: number[][] = [];
  for (const shift of SHIFTS) {
    c = [...c.slice(shift), ...c.slice(0, shift)];
    d = [...d.slice(shift), ...d.slice(0, shift)];
    const k = permute([...c, ...d], PC2);
    const groups: number[] = [];
    for (let g = 0; g < 8; g++) {
      let v = 0;
      for (let i = 0; i < 6; i++) v = (v << 1) | k[6 * g + i]!;
      groups.push(v);
    }
    keys.push(groups);
  }
  return keys;
}

/** For a crypt salt, the masks of E-expansion bits swapped between groups g and g+4 (g = 0..3): salt bit k swaps E bits k and k+24. */
function saltMasks(salt: number): number[] {
  const masks = [0, 0, 0, 0];
  for (let k = 0; k < 24; k++) if ((salt >>> k) & 1) masks[Math.floor(k / 6)]! |= 1 << (5 - (k % 6));
  return masks;
}

/**
 * Run `count` chained DES encryptions of the (already initially-permuted) block `l‖r` and return the final
 * preoutput, not yet through FP. Between two encryptions FP and IP cancel out, so they are skipped.
 * Written with locals and typed arrays only: an enhanced-DES hash made by FusionDirectory may ask for millions of iterations.
 */
function desIterate(l0: number, r0: number, keys: number[][], masks: number[], count: number): [number, number] {
  const k = Int32Array.from(keys.flat());
  const [s0, s1, s2, s3, s4, s5, s6, s7] = SP_TYPED;
  const m0 = masks[0]!, m1 = masks[1]!, m2 = masks[2]!, m3 = masks[3]!;
  let l = l0 | 0;
  let r = r0 | 0;
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < 128; i += 8) {
      const rr = (r >>> 1) | (r << 31);
      // The eight 6-bit groups of the E expansion; a salt bit swaps one bit between groups g and g+4.
      const e0 = (rr >>> 26) & 0x3f, e1 = (rr >>> 22) & 0x3f, e2 = (rr >>> 18) & 0x3f, e3 = (rr >>> 14) & 0x3f;
      const e4 = (rr >>> 10) & 0x3f, e5 = (rr >>> 6) & 0x3f, e6 = (rr >>> 2) & 0x3f, e7 = ((rr & 0xf) << 2) | (rr >>> 30);
      const t0 = (e0 ^ e4) & m0, t1 = (e1 ^ e5) & m1, t2 = (e2 ^ e6) & m2, t3 = (e3 ^ e7) & m3;
      const f = s0[e0 ^ t0 ^ k[i]!]! | s1[e1 ^ t1 ^ k[i + 1]!]! | s2[e2 ^ t2 ^ k[i + 2]!]! | s3[e3 ^ t3 ^ k[i + 3]!]!
        | s4[e4 ^ t0 ^ k[i + 4]!]! | s5[e5 ^ t1 ^ k[i + 5]!]! | s6[e6 ^ t2 ^ k[i + 6]!]! | s7[e7 ^ t3 ^ k[i + 7]!]!;
      const next = l ^ f;
      l = r;
      r = next;
    }
    const swap = l;
    l = r;
    r = swap;
  }
  return [l >>> 0, r >>> 0];
}

/** Plain DES encryption of one 8-byte block (used to fold long keys in extended DES, and by the tests). */
export function desEncryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  const permuted = permute(toBits(block), IP);
  const [l, r] = desIterate(bitsToWord(permuted, 0), bitsToWord(permuted, 32), keySchedule(key), [0, 0, 0, 0], 1);
  const out = permute([...wordToBits(l), ...wordToBits(r)], FP);
  return Uint8Array.from({ length: 8 }, (_, i) => out.slice(8 * i, 8 * i + 8).reduce((v, bit) => (v << 1) | bit, 0));
}

/** 64 bits as 11 crypt characters, six bits at a time from the most significant, two zero bits appended. */
function encode64Bits(l: number, r: number): string {
  const bits = [...wordToBits(l), ...wordToBits(r), 0, 0];
  let out = '';
  for (let i = 0; i < 11; i++) out += CRYPT_ALPHABET[bits.slice(6 * i, 6 * i + 6).reduce((v, bit) => (v << 1) | bit, 0)];
  return out;
}

function cryptBlock(keys: number[][], salt: number, count: number): string {
  const [l, r] = desIterate(0, 0, keys, saltMasks(salt), count);
  const out = permute([...wordToBits(l), ...wordToBits(r)], FP);
  return encode64Bits(bitsToWord(out, 0), bitsToWord(out, 32));
}

/** Value of a run of crypt characters, least significant character first; -1 if one is not in the alphabet. */
function littleEndianValue(chars: string): number {
  let value = 0;
  for (let i = chars.length - 1; i >= 0; i--) {
    const v = cryptCharValue(chars[i]!);
    if (v < 0) return -1;
    value = value * 64 + v;
  }
  return value;
}

/**
 * Traditional DES crypt: a 2-character salt, only the first 8 bytes of the password count.
 * Returns null when the setting does not start with two crypt alphabet characters.
 * @example desCrypt('secret', 'ab') // 'ab' + 11 characters
 */
export function desCrypt(password: string, setting: string): string | null {
  const saltChars = setting.slice(0, 2);
  const salt = littleEndianValue(saltChars);
  if (saltChars.length !== 2 || salt < 0) return null;
  const bytes = Buffer.from(password, 'utf8');
  const key = Uint8Array.from({ length: 8 }, (_, i) => ((bytes[i] ?? 0) << 1) & 0xff);
  return saltChars + cryptBlock(keySchedule(key), salt, 25);
}

/** The iteration count of a `_CCCCSSSS` extended DES setting, or -1 when it is not one. */
export function extendedDesCount(setting: string): number {
  return /^_[./0-9A-Za-z]{8}/.test(setting) ? littleEndianValue(setting.slice(1, 5)) : -1;
}

/**
 * BSDi extended DES crypt: `_` + 4 characters of iteration count + 4 characters of 24-bit salt; every byte of
 * the password counts (longer passwords are folded into the key 8 bytes at a time).
 * Returns null when the setting is not of that shape.
 * @example extendedDesCrypt('secret', '_J9..abcd') // '_J9..abcd' + 11 characters (725 iterations)
 */
export function extendedDesCrypt(password: string, setting: string): string | null {
  const count = extendedDesCount(setting);
  if (count < 0) return null;
  const salt = littleEndianValue(setting.slice(5, 9));
  const bytes = Buffer.from(password, 'utf8');
  let key: Uint8Array = Uint8Array.from({ length: 8 }, (_, i) => ((bytes[i] ?? 0) << 1) & 0xff);
  for (let next = 8; next < bytes.length; next += 8) {
    key = desEncryptBlock(key, key);
    for (let i = 0; i < 8 && next + i < bytes.length; i++) key[i] = (key[i]! ^ (bytes[next + i]! << 1)) & 0xff;
  }
  // libxcrypt runs a zero count as one iteration.
  return setting.slice(0, 9) + cryptBlock(keySchedule(key), salt, Math.max(1, count));
}
