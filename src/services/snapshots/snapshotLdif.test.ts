// The snapshot LDIF as ldapsearch prints it and as FusionDirectory reads it (the integration test compares it with a
// real ldapsearch byte for byte; these are the rules one by one).
import { describe, expect, it } from 'vitest';
import { readSnapshotLdif, snapshotLdifLine, SnapshotLdifError, writeSnapshotLdif } from './snapshotLdif.ts';

describe('writing', () => {
  it('prints printable ASCII as is and the rest in base64, as ldapsearch', () => {
    expect(snapshotLdifLine('sn', 'Martin')).toBe('sn: Martin');
    expect(snapshotLdifLine('sn', 'Zoë')).toBe(`sn:: ${Buffer.from('Zoë').toString('base64')}`);
    for (const v of [' lead', ':colon', '<angle', 'trail ', 'tab\there', 'line\nbreak']) expect(snapshotLdifLine('description', v)).toMatch(/^description:: /);
    expect(snapshotLdifLine('description', 'a:b <c> d')).toBe('description: a:b <c> d');
    expect(snapshotLdifLine('userPassword', '{SSHA}abc')).toBe(`userPassword:: ${Buffer.from('{SSHA}abc').toString('base64')}`);
    expect(snapshotLdifLine('jpegPhoto', Buffer.from([0xff, 0xd8]))).toBe('jpegPhoto:: /9g=');
  });

  it('folds lines at 78 columns, continuation lines starting with one space', () => {
    const lines = snapshotLdifLine('description', 'x'.repeat(200)).split('\n');
    expect(lines.map((l) => l.length)).toEqual([78, 78, 59]);
    expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(snapshotLdifLine('description', 'x'.repeat(65))).toHaveLength(78);
  });

  it('ends every record with a blank line', () => {
    expect(writeSnapshotLdif([{ dn: 'cn=a,dc=x', attributes: [{ name: 'cn', values: ['a'] }] }, { dn: 'cn=b,dc=x', attributes: [] }])).toBe('dn: cn=a,dc=x\ncn: a\n\ndn: cn=b,dc=x\n\n');
  });
});

describe('reading', () => {
  it('joins folded lines, decodes base64, skips comments and the version line, keeps bytes that are not text', () => {
    const text = `version: 1\n# a comment\ndn: uid=a,dc=x\ncn:: ${Buffer.from('Léa').toString('base64')}\ndescription: a long\n  value\njpegPhoto:: /9g=\ncn: second\n\n`;
    expect(readSnapshotLdif(text)).toEqual([
      { dn: 'uid=a,dc=x', attributes: [{ name: 'cn', values: ['Léa', 'second'] }, { name: 'description', values: ['a long value'] }, { name: 'jpegPhoto', values: [Buffer.from([0xff, 0xd8])] }] },
    ]);
  });

  it('gives back what it wrote', () => {
    const entries = [{ dn: 'uid=é,dc=x', attributes: [{ name: 'description', values: ['y'.repeat(300), ' spaced '] }] }];
    expect(readSnapshotLdif(writeSnapshotLdif(entries))).toEqual(entries);
  });

  it('refuses external files and lines outside an entry', () => {
    expect(() => readSnapshotLdif('dn: cn=a\njpegPhoto:< file:///etc/passwd\n')).toThrow(SnapshotLdifError);
    expect(() => readSnapshotLdif('cn: a\n')).toThrow(/start with its dn/);
    expect(() => readSnapshotLdif(' continued\n')).toThrow(SnapshotLdifError);
  });
});
