import { describe, expect, it } from 'vitest';

import { parseFilter } from '../ldap/filter.ts';
import { type Column, FALSE, NotEvaluableError, TRUE, UNDEFINED, compileFilter, parseGeneralizedTime, parseInteger } from './compileFilter.ts';
import { MatchingTable } from './matching.ts';

type Entry = Record<string, string | string[]>;

/** Evaluates `filter` on each entry; returns the truth values. */
function evaluate(filter: string, entries: Entry[], matching = new MatchingTable()): number[] {
  const columns = new Map<string, Column>();
  for (const [i, e] of entries.entries()) {
    for (const [name, value] of Object.entries(e)) {
      const key = matching.canonical(name);
      if (!columns.has(key)) columns.set(key, new Array(entries.length).fill(undefined));
      (columns.get(key) as (string | string[] | undefined)[])[i] = value;
    }
  }
  // Every attribute mentioned by the tests is "indexed", present or not.
  for (const name of ['cn', 'sn', 'uid', 'mail', 'uidnumber', 'objectclass', 'member', 'modifytimestamp', 'telephonenumber', 'description', 'homedirectory', 'fdflag', 'memberuid']) {
    if (!columns.has(name)) columns.set(name, new Array(entries.length).fill(undefined));
  }
  const compiled = compileFilter(parseFilter(filter), { matching, column: (name) => columns.get(name) });
  return entries.map((_, i) => compiled(i));
}

const people: Entry[] = [
  { uid: 'jdupont', cn: 'Jean  Dupont', sn: 'Dupont', mail: 'Jean.Dupont@Example.org', uidNumber: '1001', objectClass: ['top', 'inetOrgPerson', 'posixAccount'] },
  { uid: 'eleroy', cn: 'Émile Leroy', sn: 'Leroy', uidNumber: '20', objectClass: ['top', 'inetOrgPerson'], description: ['a', 'b'] },
  { uid: 'ZOE', cn: 'zoé', sn: 'Zoé', uidNumber: '-5', objectClass: ['inetOrgPerson'], telephoneNumber: '+33 1 23-45' },
];

describe('in-memory filter evaluation', () => {
  it('matches equality case-insensitively for caseIgnore attributes, with insignificant spaces', () => {
    expect(evaluate('(sn=dupont)', people)).toEqual([TRUE, FALSE, FALSE]);
    expect(evaluate('(cn=jean dupont)', people)).toEqual([TRUE, FALSE, FALSE]);
    expect(evaluate('(uid=zoe)', people)).toEqual([FALSE, FALSE, TRUE]);
    expect(evaluate('(mail=jean.dupont@example.ORG)', people)).toEqual([TRUE, FALSE, FALSE]);
    // accents stay significant in LDAP matching
    expect(evaluate('(cn=zoe)', people)).toEqual([FALSE, FALSE, FALSE]);
    expect(evaluate('(cn=ZOÉ)', people)).toEqual([FALSE, FALSE, TRUE]);
  });

  it('matches object classes by name, any case', () => {
    expect(evaluate('(objectClass=posixaccount)', people)).toEqual([TRUE, FALSE, FALSE]);
    expect(evaluate('(objectClass=INETORGPERSON)', people)).toEqual([TRUE, TRUE, TRUE]);
  });

  it('evaluates substrings with initial, any and final parts', () => {
    expect(evaluate('(cn=j*)', people)).toEqual([TRUE, FALSE, FALSE]);
    expect(evaluate('(cn=*ont)', people)).toEqual([TRUE, FALSE, FALSE]);
    expect(evaluate('(cn=*e*r*y)', people)).toEqual([FALSE, TRUE, FALSE]);
    expect(evaluate('(cn=*DUP*)', people)).toEqual([TRUE, FALSE, FALSE]);
    // parts may not overlap: "ab*ba" does not match "aba"
    expect(evaluate('(sn=ab*ba)', [{ sn: 'aba' }, { sn: 'abba' }])).toEqual([FALSE, TRUE]);
  });

  it('evaluates presence, and/or/not with three-valued logic', () => {
    expect(evaluate('(description=*)', people)).toEqual([FALSE, TRUE, FALSE]);
    expect(evaluate('(&(objectClass=inetOrgPerson)(!(uid=eleroy)))', people)).toEqual([TRUE, FALSE, TRUE]);
    expect(evaluate('(|(sn=leroy)(uid=zoe))', people)).toEqual([FALSE, TRUE, TRUE]);
    // cn has no ORDERING rule: (cn>=m) is Undefined, so is its negation; OR with TRUE is TRUE
    expect(evaluate('(cn>=m)', people)).toEqual([UNDEFINED, UNDEFINED, UNDEFINED]);
    expect(evaluate('(!(cn>=m))', people)).toEqual([UNDEFINED, UNDEFINED, UNDEFINED]);
    expect(evaluate('(|(cn>=m)(sn=leroy))', people)).toEqual([UNDEFINED, TRUE, UNDEFINED]);
    expect(evaluate('(&(cn>=m)(sn=leroy))', people)).toEqual([FALSE, UNDEFINED, FALSE]);
    expect(evaluate('(&)', people)).toEqual([TRUE, TRUE, TRUE]);
    expect(evaluate('(|)', people)).toEqual([FALSE, FALSE, FALSE]);
  });

  it('compares integers numerically for >= and <=, and an invalid assertion is Undefined', () => {
    expect(evaluate('(uidNumber>=100)', people)).toEqual([TRUE, FALSE, FALSE]);
    expect(evaluate('(uidNumber<=20)', people)).toEqual([FALSE, TRUE, TRUE]);
    expect(evaluate('(uidNumber=1001)', people)).toEqual([TRUE, FALSE, FALSE]);
    expect(evaluate('(uidNumber=abc)', people)).toEqual([UNDEFINED, UNDEFINED, UNDEFINED]);
    // integer attributes have no substrings rule
    expect(evaluate('(uidNumber=1*)', people)).toEqual([UNDEFINED, UNDEFINED, UNDEFINED]);
    expect(evaluate('(uidNumber>=99999999999999999999)', [{ uidNumber: '100000000000000000000' }, { uidNumber: '5' }])).toEqual([TRUE, FALSE]);
  });

  it('compares string orderings when the attribute has one (caseIgnoreOrderingMatch)', () => {
    const matching = new MatchingTable({ matching: { fdFlag: { equality: 'caseIgnore', ordering: 'caseIgnore' } } });
    expect(evaluate('(fdFlag>=M)', [{ fdFlag: 'apple' }, { fdFlag: 'Mango' }, { fdFlag: 'zebra' }], matching)).toEqual([FALSE, TRUE, TRUE]);
    expect(evaluate('(fdFlag<=m)', [{ fdFlag: 'apple' }, { fdFlag: 'M' }, { fdFlag: 'zebra' }], matching)).toEqual([TRUE, TRUE, FALSE]);
  });

  it('matches DNs, times, telephone numbers and caseExact values by their own rules', () => {
    expect(evaluate('(member=UID=A, OU=People,dc=X)', [{ member: ['uid=b,ou=people,dc=x', 'uid=a,ou=people,dc=x'] }, { member: 'uid=c,dc=x' }])).toEqual([TRUE, FALSE]);
    expect(evaluate('(modifyTimestamp>=20240101000000Z)', [{ modifyTimestamp: '20240315120000Z' }, { modifyTimestamp: '20231231235959Z' }])).toEqual([TRUE, FALSE]);
    expect(evaluate('(modifyTimestamp=20240101010000+0100)', [{ modifyTimestamp: '20240101000000Z' }])).toEqual([TRUE]);
    expect(evaluate('(telephoneNumber=+33123 45)', people)).toEqual([FALSE, FALSE, TRUE]);
    expect(evaluate('(homeDirectory=/home/A)', [{ homeDirectory: '/home/a' }, { homeDirectory: '/home/A' }])).toEqual([FALSE, TRUE]);
    expect(evaluate('(memberUid=Ann)', [{ memberUid: ['ann', 'bob'] }, { memberUid: 'Ann' }])).toEqual([FALSE, TRUE]);
  });

  it('refuses what it cannot do exactly', () => {
    const cannot = (filter: string, matching?: MatchingTable) => () => evaluate(filter, people, matching);
    expect(cannot('(cn~=jon)')).toThrow(NotEvaluableError);
    expect(cannot('(cn:caseExactMatch:=Jean)')).toThrow(NotEvaluableError);
    expect(cannot('(givenName=x)')).toThrow(/not indexed/);
    expect(cannot('(cn;lang-fr=x)')).toThrow(/options/);
    expect(cannot('(name=x)')).toThrow(/subtypes/);
    expect(cannot('(objectClass=2.16.840.1.113730.3.2.2)')).toThrow(/numeric OID/);
    expect(cannot('(fdFlag=x)')).toThrow(/matching rules/);
    expect(cannot('(cn= jean*)')).toThrow(/spaces/);
    expect(cannot('(cn=\\ff\\fe)')).toThrow(/binary/);
  });

  it('reads a schema for the rules, following SUP', () => {
    const matching = new MatchingTable({
      schema: {
        attributeTypes: [
          { oid: '2.5.4.41', names: ['name'], equality: 'caseIgnoreMatch', substr: 'caseIgnoreSubstringsMatch' },
          { oid: '1.3.6.1.4.1.1', names: ['fdFlag', 'fdFlagAlias'], sup: 'name' },
          { oid: '1.3.6.1.4.1.2', names: ['fdOdd'], equality: 'someVendorMatch' },
        ],
      },
    });
    expect(matching.rulesOf('FDFLAGALIAS')).toEqual({ equality: 'caseIgnore', substrings: 'caseIgnore' });
    expect(matching.rulesOf('fdOdd')).toBeUndefined();
    expect(evaluate('(fdFlag=*X*)', [{ fdFlag: 'axe' }, { fdFlag: 'b' }], matching)).toEqual([TRUE, FALSE]);
  });

  it('parses INTEGER and GeneralizedTime values', () => {
    expect(parseInteger(' 42 ')).toBe(42);
    expect(parseInteger('007')).toBeUndefined();
    expect(parseInteger('12345678901234567890')).toBe(12345678901234567890n);
    expect(parseGeneralizedTime('20240102030405Z')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(parseGeneralizedTime('202401020304Z')).toBe(Date.UTC(2024, 0, 2, 3, 4));
    expect(parseGeneralizedTime('2024010203.5Z')).toBe(Date.UTC(2024, 0, 2, 3, 30));
    expect(parseGeneralizedTime('20240102030405.25-0130')).toBe(Date.UTC(2024, 0, 2, 4, 34, 5, 250));
    expect(parseGeneralizedTime('20241302030405Z')).toBeUndefined();
  });
});
