import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { digestSchemeOf, hashDigest, verifyDigest } from './digest.ts';

// slapd's own password tool, with the pw-sha2 module for the SHA-2 schemes.
function slappasswd(scheme: string, secret: string): string {
  return execFileSync('slappasswd', ['-o', 'module-path=/usr/lib/ldap', '-o', 'module-load=pw-sha2.la', '-h', scheme, '-s', secret]).toString().trim();
}

describe('digest userPassword schemes', () => {
  const salt = Buffer.from([0xde, 0xad, 0xbe, 0xef]);

  it('writes {MD5} and {SHA} as base64 of the raw digest', () => {
    expect(hashDigest('MD5', 'secret')).toBe(`{MD5}${createHash('md5').update('secret').digest('base64')}`);
    expect(hashDigest('SHA', 'secret')).toBe('{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=');
  });

  it('writes salted schemes as base64(digest(password ‖ salt) ‖ salt), with a 4-byte salt by default', () => {
    for (const [scheme, algorithm] of [['SMD5', 'md5'], ['SSHA', 'sha1'], ['SSHA512', 'sha512']] as const) {
      const digest = createHash(algorithm).update('pässwörd', 'utf8').update(salt).digest();
      expect(hashDigest(scheme, 'pässwörd', salt)).toBe(`{${scheme}}${Buffer.concat([digest, salt]).toString('base64')}`);
      const raw = Buffer.from(hashDigest(scheme, 'x').slice(scheme.length + 2), 'base64');
      expect(raw.length).toBe(digest.length + 4);
    }
  });

  it('verifies what slappasswd writes, for every scheme', () => {
    for (const scheme of ['{MD5}', '{SMD5}', '{SHA}', '{SSHA}', '{SHA256}', '{SSHA256}', '{SHA384}', '{SSHA384}', '{SHA512}', '{SSHA512}']) {
      const stored = slappasswd(scheme, 'pässwörd');
      expect(stored.startsWith(scheme)).toBe(true);
      expect(verifyDigest('pässwörd', stored)).toBe(true);
      expect(verifyDigest('passwörd', stored)).toBe(false);
    }
  });

  it('refuses locked, malformed and foreign values', () => {
    const stored = hashDigest('SSHA', 'secret', salt);
    expect(verifyDigest('secret', stored.replace('}', '}!'))).toBe(false);
    expect(verifyDigest('secret', '{SSHA}AAAA')).toBe(false);
    expect(verifyDigest('secret', '{SHA}' + hashDigest('MD5', 'secret').slice(5))).toBe(false);
    expect(verifyDigest('secret', '{CRYPT}$6$abc$def')).toBe(false);
    expect(verifyDigest('secret', 'secret')).toBe(false);
  });

  it('reads the scheme in any case', () => {
    expect(digestSchemeOf('{ssha}abc')).toBe('SSHA');
    expect(digestSchemeOf('{Ssha512}abc')).toBe('SSHA512');
    expect(digestSchemeOf('{CRYPT}abc')).toBeNull();
    expect(verifyDigest('secret', hashDigest('SSHA', 'secret').replace('{SSHA}', '{ssha}'))).toBe(true);
  });
});
