import { describe, expect, it } from 'vitest';

import {
  FilterSyntaxError,
  and,
  approx,
  contains,
  endsWith,
  eq,
  escapeFilterValue,
  extensible,
  filterAttributes,
  filterToString,
  ge,
  le,
  not,
  or,
  parseFilter,
  present,
  raw,
  startsWith,
  substring,
} from './filter.ts';

const HOSTILE = '*)(uid=*))(|(uid=*';

describe('escapeFilterValue', () => {
  it('escapes the five RFC 4515 characters', () => {
    expect(escapeFilterValue('a*b(c)d\\e\0f')).toBe('a\\2ab\\28c\\29d\\5ce\\00f');
  });

  it('leaves non-ASCII text as is', () => {
    expect(escapeFilterValue('Zoë 日本')).toBe('Zoë 日本');
  });

  it('turns an injection attempt into a literal value', () => {
    expect(escapeFilterValue(HOSTILE)).toBe('\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a');
    expect(parseFilter(`(uid=${escapeFilterValue(HOSTILE)})`)).toEqual({ type: 'equality', attribute: 'uid', value: HOSTILE });
  });

  it('escapes every non-printable byte of a Buffer', () => {
    expect(escapeFilterValue(Buffer.from([0x00, 0x41, 0xff, 0x2a]))).toBe('\\00A\\ff\\2a');
  });
});

describe('builder', () => {
  it('builds and serializes every kind of filter, escaping values', () => {
    const f = and(
      eq('objectClass', 'inetOrgPerson'),
      or(startsWith('cn', 'J*'), contains('mail', '(x)'), endsWith('sn', '\\'), substring('cn', { initial: 'a', any: ['b', 'c'], final: 'd' })),
      not(present('loginShell')),
      ge('uidNumber', '1000'),
      le('uidNumber', '2000'),
      approx('sn', 'smyth'),
      extensible({ attribute: 'ou', matchingRule: 'caseExactMatch', dnAttributes: true, value: 'People' }),
    );
    expect(filterToString(f)).toBe(
      '(&(objectClass=inetOrgPerson)(|(cn=J\\2a*)(mail=*\\28x\\29*)(sn=*\\5c)(cn=a*b*c*d))(!(loginShell=*))(uidNumber>=1000)(uidNumber<=2000)(sn~=smyth)(ou:dn:caseExactMatch:=People))',
    );
  });

  it('keeps a hostile value inert in every builder', () => {
    for (const node of [eq('uid', HOSTILE), contains('uid', HOSTILE), ge('uid', HOSTILE), approx('uid', HOSTILE)]) {
      const text = filterToString(node);
      expect(text.startsWith('(uid')).toBe(true);
      expect(parseFilter(text)).toEqual(node);
    }
  });

  it('rejects invalid attribute descriptions', () => {
    expect(() => eq('uid)(cn', 'x')).toThrow(TypeError);
    expect(() => present('')).toThrow(TypeError);
    expect(() => eq('cn;lang-fr', 'x')).not.toThrow();
    expect(() => eq('2.5.4.3', 'x')).not.toThrow();
  });

  it('rejects a substring filter with no part', () => {
    expect(() => substring('cn', {})).toThrow(TypeError);
  });

  it('raw() validates the text it is given', () => {
    expect(raw('(objectClass=person)')).toEqual({ type: 'equality', attribute: 'objectClass', value: 'person' });
    expect(() => raw('(objectClass=person')).toThrow(FilterSyntaxError);
  });

  it('serializes the absolute true and false filters', () => {
    expect(filterToString(and())).toBe('(&)');
    expect(filterToString(or())).toBe('(|)');
  });
});

describe('parseFilter', () => {
  it('parses nested filters', () => {
    expect(parseFilter('(&(objectClass=person)(|(cn=J*)(!(sn=x))))')).toEqual({
      type: 'and',
      filters: [
        { type: 'equality', attribute: 'objectClass', value: 'person' },
        {
          type: 'or',
          filters: [
            { type: 'substrings', attribute: 'cn', initial: 'J', any: [] },
            { type: 'not', filter: { type: 'equality', attribute: 'sn', value: 'x' } },
          ],
        },
      ],
    });
  });

  it('parses every item type', () => {
    expect(parseFilter('(cn=*)')).toEqual({ type: 'present', attribute: 'cn' });
    expect(parseFilter('(cn>=a)')).toEqual({ type: 'greaterOrEqual', attribute: 'cn', value: 'a' });
    expect(parseFilter('(cn<=a)')).toEqual({ type: 'lessOrEqual', attribute: 'cn', value: 'a' });
    expect(parseFilter('(cn~=a)')).toEqual({ type: 'approx', attribute: 'cn', value: 'a' });
    expect(parseFilter('(cn=*a*b*)')).toEqual({ type: 'substrings', attribute: 'cn', any: ['a', 'b'] });
    expect(parseFilter('(cn=a*)')).toEqual({ type: 'substrings', attribute: 'cn', initial: 'a', any: [] });
    expect(parseFilter('(cn=*a)')).toEqual({ type: 'substrings', attribute: 'cn', final: 'a', any: [] });
    expect(parseFilter('(cn:caseExactMatch:=A)')).toEqual({ type: 'extensible', attribute: 'cn', matchingRule: 'caseExactMatch', dnAttributes: false, value: 'A' });
    expect(parseFilter('(:dn:2.5.13.5:=A)')).toEqual({ type: 'extensible', matchingRule: '2.5.13.5', dnAttributes: true, value: 'A' });
    expect(parseFilter('(cn;lang-fr=a=b)')).toEqual({ type: 'equality', attribute: 'cn;lang-fr', value: 'a=b' });
    expect(parseFilter('(&)')).toEqual({ type: 'and', filters: [] });
  });

  it('decodes \\HH escapes, multi-byte UTF-8 included', () => {
    expect(parseFilter('(cn=Ren\\c3\\a9e)')).toEqual({ type: 'equality', attribute: 'cn', value: 'Renée' });
    expect(parseFilter('(cn=a\\2a\\28\\29\\5c\\00)')).toEqual({ type: 'equality', attribute: 'cn', value: 'a*()\\\0' });
  });

  it('keeps bytes that are not UTF-8 as a Buffer', () => {
    expect(parseFilter('(objectGUID=\\ff\\fe)')).toEqual({ type: 'equality', attribute: 'objectGUID', value: Buffer.from([0xff, 0xfe]) });
  });

  it('accepts non-ASCII text as typed', () => {
    expect(parseFilter('(cn=Zoë 日本)')).toEqual({ type: 'equality', attribute: 'cn', value: 'Zoë 日本' });
  });

  it('accepts a bare item and whitespace between components', () => {
    expect(parseFilter('uid=jo ')).toEqual({ type: 'equality', attribute: 'uid', value: 'jo' });
    expect(parseFilter(' (& (uid=jo) (cn=x) ) ')).toEqual({
      type: 'and',
      filters: [
        { type: 'equality', attribute: 'uid', value: 'jo' },
        { type: 'equality', attribute: 'cn', value: 'x' },
      ],
    });
    expect(() => parseFilter('uid=jo', { allowBareItem: false })).toThrow(FilterSyntaxError);
  });

  it.each([
    ['', 0, 'empty'],
    ['(uid=a', 0, 'unbalanced "("'],
    ['(uid=a))', 7, 'unbalanced ")"'],
    ['(&(uid=a)', 0, 'unbalanced "("'],
    ['(uid=a(b)', 6, 'unescaped "("'],
    ['(uid=a\\)', 6, 'lone "\\"'],
    ['(uid=a\\zz)', 6, 'invalid escape'],
    ['(uid=a\u0000b)', 6, 'NUL'],
    ['(u id=a)', 1, 'invalid attribute description'],
    ['(=a)', 1, 'missing attribute description'],
    ['(uid)', 1, 'missing "="'],
    ['(cn=a**b)', 6, 'empty part'],
    ['(cn>=a*)', 6, 'unexpected "*"'],
    ['(cn:bad rule:=x)', 1, 'invalid matching rule'],
    ['(:=x)', 1, 'needs an attribute or a matching rule'],
    ['(uid=a)(cn=b)', 7, 'unexpected text'],
    [`uid=${HOSTILE}`, 5, 'unexpected ")"'],
  ])('rejects %j at position %i', (text, position, reason) => {
    try {
      parseFilter(text);
      expect.fail('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(FilterSyntaxError);
      expect((error as FilterSyntaxError).position).toBe(position);
      expect((error as FilterSyntaxError).message).toContain(reason);
    }
  });

  it('limits nesting depth and length', () => {
    const deep = `${'(!'.repeat(100)}(cn=a)${')'.repeat(100)}`;
    expect(() => parseFilter(deep)).toThrow(/nested more than 64/);
    expect(() => parseFilter(`(cn=${'a'.repeat(20_000)})`)).toThrow(/longer than/);
  });

  it('round-trips through filterToString', () => {
    for (const text of ['(&(a=1)(|(b=2*)(!(c=*))))', '(cn=\\2a\\28\\29\\5c\\00)', '(cn:dn:caseExactMatch:=x)', '(objectGUID=\\ff\\fe)', '(cn=Zoë)']) {
      expect(filterToString(parseFilter(text))).toBe(text);
    }
  });
});

describe('filterAttributes', () => {
  it('lists the attributes a filter uses, lower-case and without options', () => {
    expect([...filterAttributes(parseFilter('(&(objectClass=a)(|(CN;lang-fr=b)(!(mail=*))))'))].sort()).toEqual(['cn', 'mail', 'objectclass']);
  });
});
