import { describe, expect, it } from 'vitest';

import { AttributeNameSet, LdapEntry } from './LdapEntry.ts';

describe('LdapEntry', () => {
  const binary = new AttributeNameSet(['jpegPhoto']);
  const entry = LdapEntry.fromLdapts(
    {
      dn: 'uid=a,dc=x',
      objectClass: ['top', 'inetOrgPerson'],
      cn: 'Alice',
      jpegPhoto: 'text-looking-bytes',
      'userCertificate;binary': Buffer.from([0x30, 0x82]),
      description: Buffer.from([0xff, 0xfe]),
      mail: [],
    },
    binary,
  );

  it('looks attributes up without regard to case', () => {
    expect(entry.get('OBJECTCLASS')).toEqual(['top', 'inetOrgPerson']);
    expect(entry.first('CN')).toBe('Alice');
    expect(entry.has('cn')).toBe(true);
    expect(entry.get('sn')).toEqual([]);
    expect(entry.first('sn')).toBeUndefined();
  });

  it('drops empty attributes', () => {
    expect(entry.has('mail')).toBe(false);
    expect(entry.names()).not.toContain('mail');
  });

  it('gives Buffers for binary attributes even when ldapts decoded them as text', () => {
    expect(entry.attributes.jpegPhoto).toEqual([Buffer.from('text-looking-bytes')]);
    expect(entry.buffers('jpegphoto')).toEqual([Buffer.from('text-looking-bytes')]);
  });

  it('finds ;binary attributes by their plain name', () => {
    expect(entry.buffers('userCertificate')).toEqual([Buffer.from([0x30, 0x82])]);
  });

  it('keeps bytes that are not UTF-8 as Buffers', () => {
    expect(entry.attributes.description).toEqual([Buffer.from([0xff, 0xfe])]);
  });

  it('serializes binary values as base64', () => {
    expect(entry.toJSON().attributes['userCertificate;binary']).toEqual(['MII=']);
  });
});

describe('AttributeNameSet', () => {
  it('matches names case-insensitively, ignoring options, and any ;binary name', () => {
    const set = new AttributeNameSet(['jpegPhoto']);
    expect(set.has('JPEGPHOTO')).toBe(true);
    expect(set.has('jpegPhoto;x-foo')).toBe(true);
    expect(set.has('userCertificate;binary')).toBe(true);
    expect(set.has('cn')).toBe(false);
    expect(set.with(['cn']).has('CN')).toBe(true);
    expect(set.has('cn')).toBe(false);
  });

  it('gives ldapts a list whose includes() is case-insensitive', () => {
    const list = new AttributeNameSet(['jpegphoto']).toLdaptsList();
    expect(list.includes('jpegPhoto')).toBe(true);
    expect(list.includes('cn')).toBe(false);
  });
});
