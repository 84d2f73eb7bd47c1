import { describe, expect, it } from 'vitest';

import { LdapEntry } from './LdapEntry.ts';
import { parseLdapSyntax, parseMatchingRule, parseSubschemaEntry } from './subschema.ts';

describe('subschema descriptions', () => {
  it('reads a matching rule', () => {
    expect(parseMatchingRule("( 2.5.13.2 NAME 'caseIgnoreMatch' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )")).toEqual({
      oid: '2.5.13.2',
      names: ['caseIgnoreMatch'],
      syntax: '1.3.6.1.4.1.1466.115.121.1.15',
    });
    expect(parseMatchingRule("( 1.2.3.4 NAME ( 'a' 'b' ) DESC 'it\\27s' OBSOLETE SYNTAX 1.2.3 )")).toEqual({
      oid: '1.2.3.4',
      names: ['a', 'b'],
      desc: "it's",
      syntax: '1.2.3',
      obsolete: true,
    });
  });

  it('reads a syntax and its extensions', () => {
    expect(parseLdapSyntax("( 1.3.6.1.4.1.1466.115.121.1.5 DESC 'Binary' X-NOT-HUMAN-READABLE 'TRUE' )")).toEqual({
      oid: '1.3.6.1.4.1.1466.115.121.1.5',
      desc: 'Binary',
      extensions: { 'X-NOT-HUMAN-READABLE': ['TRUE'] },
    });
  });

  it('parses a subschema entry and keeps what it cannot parse aside', () => {
    const schema = parseSubschemaEntry(
      new LdapEntry('cn=Subschema', {
        attributeTypes: ["( 2.5.4.3 NAME ( 'cn' 'commonName' ) SUP name )", 'garbage'],
        objectClasses: ["( 2.5.6.6 NAME 'person' SUP top STRUCTURAL MUST ( sn $ cn ) MAY ( userPassword $ telephoneNumber ) )"],
        matchingRules: ["( 2.5.13.2 NAME 'caseIgnoreMatch' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )"],
        ldapSyntaxes: ["( 1.3.6.1.4.1.1466.115.121.1.15 DESC 'Directory String' )"],
      }),
    );
    expect(schema.attributeTypes.map((a) => a.names)).toEqual([['cn', 'commonName']]);
    expect(schema.objectClasses[0]).toMatchObject({ oid: '2.5.6.6', kind: 'STRUCTURAL', must: ['sn', 'cn'] });
    expect(schema.matchingRules).toHaveLength(1);
    expect(schema.ldapSyntaxes[0]?.desc).toBe('Directory String');
    expect(schema.unparsed).toEqual([expect.objectContaining({ attribute: 'attributeTypes', description: 'garbage' })]);
  });
});
