import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashSalted, verifySalted } from './ssha.ts';

describe('salted SHA password hashes', () => {
  it('computes {SSHA} as base64(sha1(password + salt) + salt)', () => {
    const salt = Buffer.from('12345678');
    const expected = Buffer.concat([createHash('sha1').update('secret').update(salt).digest(), salt]).toString('base64');
    expect(hashSalted('secret', 'SSHA', salt)).toBe(`{SSHA}${expected}`);
  });

  it('verifies what it hashes, for both schemes, and nothing else', () => {
    for (const scheme of ['SSHA', 'SSHA512'] as const) {
      const hash = hashSalted('pässwörd', scheme);
      expect(verifySalted('pässwörd', hash)).toBe(true);
      expect(verifySalted('passwörd', hash)).toBe(false);
    }
    expect(verifySalted('x', '{CRYPT}$6$abc$def')).toBe(false);
    expect(verifySalted('x', '{SSHA}AAAA')).toBe(false);
  });

  it('uses a fresh salt each time', () => {
    expect(hashSalted('same')).not.toBe(hashSalted('same'));
  });
});
