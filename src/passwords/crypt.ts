// crypt(3) in TypeScript for the variants FusionDirectory writes under `{CRYPT}`, so Trousseau can make and check
// them without the C library; slapd checks the same strings with the system crypt(3) (libxcrypt on Debian).
import bcrypt from 'bcryptjs';
import { timingSafeEqual } from 'node:crypto';
import { desCrypt, extendedDesCrypt } from './desCrypt.ts';
import { md5Crypt } from './md5Crypt.ts';
import { sha2Crypt } from './sha2Crypt.ts';

/** The crypt variants this module computes, by the shape of their setting. */
export type CryptVariant = 'des' | 'extended-des' | 'md5' | 'bcrypt' | 'sha-256' | 'sha-512';

/**
 * Which variant a setting or stored crypt string is, or null for one this module does not compute
 * (yescrypt `$y$`, scrypt `$7$`, `$2$`/`$2x$` bcrypt, …).
 */
export function cryptVariantOf(setting: string): CryptVariant | null {
  if (setting.startsWith('$1$')) return 'md5';
  if (/^\$2[aby]\$[0-9]{2}\$/.test(setting)) return 'bcrypt';
  if (setting.startsWith('$5$')) return 'sha-256';
  if (setting.startsWith('$6$')) return 'sha-512';
  if (/^_[./0-9A-Za-z]{8}/.test(setting)) return 'extended-des';
  if (/^[./0-9A-Za-z]{2}/.test(setting)) return 'des';
  return null;
}

function bcryptCrypt(password: string, setting: string): string | null {
  const match = /^(\$2[aby]\$([0-9]{2})\$[./A-Za-z0-9]{22})/.exec(setting);
  if (!match) return null;
  const cost = Number(match[2]);
  if (cost < 4 || cost > 31) return null;
  return bcrypt.hashSync(password, match[1]!);
}

/**
 * crypt(password, setting): the setting is a salt string (`ab`, `_J9..salt`, `$1$salt`, `$2a$07$<22 chars>`,
 * `$5$salt`, `$6$rounds=N$salt`) or a whole stored hash, whose hash part is ignored. Null when the setting
 * is not a variant computed here or is malformed (as crypt(3) fails on it).
 * @example crypt('secret', '$6$abcdefgh') // '$6$abcdefgh$…'
 */
export function crypt(password: string, setting: string): string | null {
  switch (cryptVariantOf(setting)) {
    case 'md5':
      return md5Crypt(password, setting);
    case 'bcrypt':
      return bcryptCrypt(password, setting);
    case 'sha-256':
    case 'sha-512':
      return sha2Crypt(password, setting);
    case 'extended-des':
      return extendedDesCrypt(password, setting);
    case 'des':
      return desCrypt(password, setting);
    case null:
      return null;
  }
}

/** Whether `password` gives `stored` (a crypt string without any `{CRYPT}` prefix); false when it cannot be computed. */
export function verifyCrypt(password: string, stored: string): boolean {
  const computed = crypt(password, stored);
  if (computed === null) return false;
  const a = Buffer.from(computed);
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}
