import { describe, expect, it } from 'vitest';
import { entryToLdif, ldifLine } from './writeLdif.ts';

describe('LDIF writing', () => {
  it('writes safe ASCII as-is and anything else base64', () => {
    expect(ldifLine('cn', 'John Smith')).toBe('cn: John Smith');
    expect(ldifLine('cn', 'Léa')).toBe(`cn:: ${Buffer.from('Léa').toString('base64')}`);
    expect(ldifLine('description', ' leading space')).toMatch(/^description:: /);
    expect(ldifLine('description', ':colon')).toMatch(/^description:: /);
    expect(ldifLine('description', '<angle')).toMatch(/^description:: /);
    expect(ldifLine('description', 'trailing ')).toMatch(/^description:: /);
    expect(ldifLine('description', 'two\nlines')).toMatch(/^description:: /);
    expect(ldifLine('jpegPhoto', Buffer.from([0, 1, 2]))).toBe('jpegPhoto:: AAEC');
    expect(ldifLine('description', '')).toBe('description: ');
  });

  it('folds long lines at 76 columns with a leading space', () => {
    const line = ldifLine('description', 'x'.repeat(200));
    const parts = line.split('\n');
    expect(parts.every((p) => p.length <= 76)).toBe(true);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(`description: ${'x'.repeat(200)}`);
  });

  it('writes an entry with its dn first and every value of every attribute', () => {
    expect(entryToLdif({ dn: 'uid=a,dc=x', attributes: { objectClass: ['top', 'person'], cn: 'A' } })).toBe('dn: uid=a,dc=x\nobjectClass: top\nobjectClass: person\ncn: A');
  });
});
