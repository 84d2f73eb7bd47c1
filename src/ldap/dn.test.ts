import { describe, expect, it } from 'vitest';

import {
  DnSyntaxError,
  childDn,
  dnEquals,
  escapeDnValue,
  formatDn,
  isDescendantOf,
  normalizeDn,
  parentDn,
  parseDn,
  rdnOf,
  rdnValue,
} from './dn.ts';

describe('parseDn', () => {
  it('parses a plain DN into RDNs, leftmost first', () => {
    expect(parseDn('uid=jo,ou=people,dc=example,dc=org')).toEqual([
      [{ type: 'uid', value: 'jo' }],
      [{ type: 'ou', value: 'people' }],
      [{ type: 'dc', value: 'example' }],
      [{ type: 'dc', value: 'org' }],
    ]);
  });

  it('returns no RDN for the root DSE', () => {
    expect(parseDn('')).toEqual([]);
    expect(parseDn('   ')).toEqual([]);
  });

  it('decodes backslash-escaped specials', () => {
    expect(parseDn('cn=Smith\\, John\\+\\"x\\"\\;\\<\\>\\\\\\=,dc=x')[0]).toEqual([{ type: 'cn', value: 'Smith, John+"x";<>\\=' }]);
  });

  it('decodes \\HH escapes, including multi-byte UTF-8 sequences', () => {
    expect(parseDn('cn=a\\2Cb,dc=x')[0]?.[0]?.value).toBe('a,b');
    expect(parseDn('cn=Ren\\C3\\A9e,dc=x')[0]?.[0]?.value).toBe('Renée');
    expect(parseDn('cn=\\00nul,dc=x')[0]?.[0]?.value).toBe('\0nul');
  });

  it('keeps non-ASCII characters written as UTF-8', () => {
    expect(parseDn('cn=Zoë Łódź 日本,dc=x')[0]?.[0]?.value).toBe('Zoë Łódź 日本');
  });

  it('parses multi-valued RDNs', () => {
    expect(parseDn('cn=John+uid=jo,dc=x')[0]).toEqual([
      { type: 'cn', value: 'John' },
      { type: 'uid', value: 'jo' },
    ]);
  });

  it('accepts spaces around separators and drops unescaped trailing spaces', () => {
    expect(parseDn(' uid = jo , ou = people ; dc=x ')).toEqual([[{ type: 'uid', value: 'jo' }], [{ type: 'ou', value: 'people' }], [{ type: 'dc', value: 'x' }]]);
  });

  it('keeps escaped leading and trailing spaces', () => {
    expect(parseDn('cn=\\ a \\ ,dc=x')[0]?.[0]?.value).toBe(' a  ');
  });

  it('accepts quoted values (RFC 2253 input)', () => {
    expect(parseDn('cn="Smith, J + co",dc=x')[0]?.[0]?.value).toBe('Smith, J + co');
  });

  it('decodes #hex BER values of string types and keeps the encoding', () => {
    const [rdn] = parseDn('cn=#04024869,dc=x');
    expect(rdn?.[0]?.value).toBe('Hi');
    expect(rdn?.[0]?.ber?.toString('hex')).toBe('04024869');
    expect(formatDn(parseDn('cn=#04024869,dc=x'))).toBe('cn=#04024869,dc=x');
  });

  it('accepts numeric OIDs as attribute types', () => {
    expect(parseDn('2.5.4.3=a,OID.0.9.2342.19200300.100.1.25=x')).toEqual([[{ type: '2.5.4.3', value: 'a' }], [{ type: '0.9.2342.19200300.100.1.25', value: 'x' }]]);
  });

  it.each([
    ['cn', 2, 'expected "="'],
    ['=x', 0, 'attribute type'],
    ['cn=a,', 5, 'ends with a separator'],
    ['cn=a\\', 4, 'lone "\\"'],
    ['cn=a\\q', 4, 'invalid escape'],
    ['cn=a"b', 4, 'must be escaped'],
    ['cn=\\C3\\28', 3, 'valid UTF-8'],
    ['cn=#0', 3, 'hex digits'],
    ['cn="abc', 7, 'unterminated'],
    ['1.=a', 0, 'numeric OID'],
  ])('rejects %j at position %i', (text, position, reason) => {
    try {
      parseDn(text);
      expect.fail('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(DnSyntaxError);
      expect((error as DnSyntaxError).position).toBe(position);
      expect((error as DnSyntaxError).message).toContain(reason);
    }
  });
});

describe('escapeDnValue / formatDn', () => {
  it('escapes RFC 4514 specials, leading # and spaces, trailing spaces', () => {
    expect(escapeDnValue(' #a,b+c"d\\e<f>g;h=i ')).toBe('\\ #a\\,b\\+c\\"d\\\\e\\<f\\>g\\;h\\=i\\ ');
    expect(escapeDnValue('#x')).toBe('\\#x');
  });

  it('writes NUL and control characters as \\HH, non-ASCII as is', () => {
    expect(escapeDnValue('a\0b\nc')).toBe('a\\00b\\0Ac');
    expect(escapeDnValue('Émile 日本')).toBe('Émile 日本');
  });

  it('can write every escape in hex form', () => {
    expect(escapeDnValue('a,b\\', { hex: true })).toBe('a\\2Cb\\5C');
  });

  it('round-trips hostile values through format and parse', () => {
    for (const value of ['a,b', 'a+b=c', ' lead', 'trail ', '#hash', '\\', 'x\\,y', '"q"', 'Zoë, Ñ+日本=1', '\0', 'a;b<c>d']) {
      const dn = childDn('cn', value, 'dc=x');
      expect(parseDn(dn)[0]).toEqual([{ type: 'cn', value }]);
    }
  });
});

describe('normalizeDn / dnEquals', () => {
  it('ignores type case, aliases, OIDs and spaces around separators', () => {
    expect(normalizeDn('UID=Jo , OU=People,DC=Example')).toBe('uid=jo,ou=people,dc=example');
    expect(dnEquals('commonName=A,dc=x', '2.5.4.3=a,DC=X')).toBe(true);
  });

  it('ignores value case only for caseIgnore attributes', () => {
    expect(dnEquals('cn=ABC,dc=x', 'cn=abc,dc=x')).toBe(true);
    expect(dnEquals('automountKey=ABC,dc=x', 'automountKey=abc,dc=x')).toBe(false);
    expect(dnEquals('automountKey=ABC,dc=x', 'automountKey=abc,dc=x', { caseIgnoreAttributes: ['automountKey'] })).toBe(true);
  });

  it('treats escaped forms of the same value as equal', () => {
    expect(dnEquals('cn=a\\2Cb,dc=x', 'cn=a\\,b,dc=x')).toBe(true);
    expect(dnEquals('cn="a,b",dc=x', 'cn=a\\,b,dc=x')).toBe(true);
    expect(dnEquals('cn=Ren\\C3\\A9e,dc=x', 'cn=renée,dc=x')).toBe(true);
  });

  it('orders the AVAs of a multi-valued RDN', () => {
    expect(dnEquals('uid=jo+cn=John,dc=x', 'cn=john+uid=JO,dc=x')).toBe(true);
  });

  it('collapses insignificant spaces of caseIgnore values', () => {
    expect(dnEquals('cn=John   Smith,dc=x', 'cn=john smith,dc=x')).toBe(true);
  });

  it('does not confuse an escaped comma with a separator', () => {
    expect(dnEquals('cn=a\\,dc=x', 'cn=a,dc=x')).toBe(false);
  });
});

describe('tree helpers', () => {
  it('isDescendantOf compares normalized RDNs from the end', () => {
    expect(isDescendantOf('uid=a,ou=People,dc=x', 'ou=people,DC=X')).toBe(true);
    expect(isDescendantOf('ou=people,dc=x', 'ou=people,dc=x')).toBe(false);
    expect(isDescendantOf('ou=people,dc=x', 'ou=people,dc=x', { orSelf: true })).toBe(true);
    expect(isDescendantOf('uid=a,ou=people2,dc=x', 'ou=people,dc=x')).toBe(false);
    expect(isDescendantOf('cn=x\\,ou=people,dc=x', 'ou=people,dc=x')).toBe(false);
    expect(isDescendantOf('dc=x', '')).toBe(true);
  });

  it('parentDn and rdnOf split off the first RDN', () => {
    expect(parentDn('cn=a\\,b,ou=p,dc=x')).toBe('ou=p,dc=x');
    expect(parentDn('dc=x')).toBe('');
    expect(parentDn('')).toBeNull();
    expect(rdnOf('cn=a\\,b+uid=c,dc=x')).toEqual([
      { type: 'cn', value: 'a,b' },
      { type: 'uid', value: 'c' },
    ]);
    expect(rdnOf('')).toBeNull();
    expect(rdnValue('CN=a\\,b+uid=c,dc=x', 'commonName')).toBe('a,b');
  });

  it('childDn escapes the value and validates the attribute', () => {
    expect(childDn('cn', 'Doe, John', 'ou=people,dc=x')).toBe('cn=Doe\\, John,ou=people,dc=x');
    expect(childDn('dc', 'org', '')).toBe('dc=org');
    expect(() => childDn('cn,dc', 'x', 'dc=x')).toThrow(DnSyntaxError);
    expect(() => childDn('cn', '', 'dc=x')).toThrow(DnSyntaxError);
  });
});
