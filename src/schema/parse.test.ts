// Unit tests of the RFC 4512 schema parser: .schema files, subschema values and cn=config values.
import { describe, expect, it } from 'vitest';
import {
  SchemaParseError,
  type SchemaParseWarning,
  parseAttributeType,
  parseObjectClass,
  parseSchemaConfigEntry,
  parseSchemaFile,
  resolveOidMacro,
} from './parse.ts';
import { Syntax } from './syntaxes.ts';

function collectWarnings(): { warnings: SchemaParseWarning[]; onWarning: (w: SchemaParseWarning) => void } {
  const warnings: SchemaParseWarning[] = [];
  return { warnings, onWarning: (w) => warnings.push(w) };
}

describe('parseAttributeType', () => {
  it('reads every RFC 4512 field', () => {
    const def = parseAttributeType(
      "( 1.2.3.4 NAME ( 'fdThing' 'thing' ) DESC 'A thing' OBSOLETE SUP name EQUALITY caseIgnoreMatch " +
        'ORDERING caseIgnoreOrderingMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{64} ' +
        'SINGLE-VALUE COLLECTIVE NO-USER-MODIFICATION USAGE directoryOperation )',
    );
    expect(def).toEqual({
      oid: '1.2.3.4',
      names: ['fdThing', 'thing'],
      desc: 'A thing',
      obsolete: true,
      sup: 'name',
      equality: 'caseIgnoreMatch',
      ordering: 'caseIgnoreOrderingMatch',
      substr: 'caseIgnoreSubstringsMatch',
      syntax: `${Syntax.DirectoryString}{64}`,
      singleValue: true,
      collective: true,
      noUserModification: true,
      usage: 'directoryOperation',
    });
  });

  it('accepts keywords in any order and any case, across lines and tabs', () => {
    const def = parseAttributeType(
      "(1.2.3.5\n\tname 'fdA'\n  single-value\n\tsyntax 1.3.6.1.4.1.1466.115.121.1.7\n  Desc 'x'\n  equality booleanMatch)",
    );
    expect(def).toEqual({
      oid: '1.2.3.5',
      names: ['fdA'],
      desc: 'x',
      equality: 'booleanMatch',
      syntax: Syntax.Boolean,
      singleValue: true,
    });
  });

  it('reads SINGLE-VALUE and SYNTAX glued to the closing parenthesis', () => {
    expect(parseAttributeType("( 1.2.3.6 NAME 'a' SYNTAX 1.3.6.1.4.1.1466.115.121.1.26 SINGLE-VALUE)")).toMatchObject({
      syntax: Syntax.IA5String,
      singleValue: true,
    });
    expect(parseAttributeType("( 1.2.3.7 NAME 'b' SYNTAX 1.3.6.1.4.1.1466.115.121.1.40)").syntax).toBe(Syntax.OctetString);
  });

  it('reads a NAME list holding one name', () => {
    expect(parseAttributeType("( 2.16.840.1.113730.3.1.17 NAME ( 'mailForwardingAddress' ) )").names).toEqual([
      'mailForwardingAddress',
    ]);
  });

  it('accepts a quoted SYNTAX, with or without length bound, and reports it', () => {
    const { warnings, onWarning } = collectWarnings();
    expect(parseAttributeType("( 1.2.3.8 NAME 'q' SYNTAX '1.3.6.1.4.1.1466.115.121.1.7')", { onWarning }).syntax).toBe(
      Syntax.Boolean,
    );
    expect(parseAttributeType("( 1.2.3.9 NAME 'r' SYNTAX '1.3.6.1.4.1.1466.115.121.1.15'{32} )", { onWarning }).syntax).toBe(
      `${Syntax.DirectoryString}{32}`,
    );
    expect(warnings.map((w) => [w.code, w.definition])).toEqual([
      ['quoted-syntax', 'q'],
      ['quoted-syntax', 'r'],
    ]);
  });

  it('keeps X- extensions (X-ORIGIN, X-ORDERED, lists) without failing', () => {
    const def = parseAttributeType(
      "( 1.3.6.1.4.1.4203.1.12.2.3.0.16 NAME 'olcAttributeTypes' DESC 'OpenLDAP attributeTypes' " +
        "EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 " +
        "X-ORDERED 'VALUES' X-ORIGIN ( 'RFC 1' 'RFC 2' ) )",
    );
    expect(def.names).toEqual(['olcAttributeTypes']);
    expect(def.extensions).toEqual({ 'X-ORDERED': ['VALUES'], 'X-ORIGIN': ['RFC 1', 'RFC 2'] });
  });

  it('ignores the {n} index of ordered cn=config values', () => {
    expect(parseAttributeType("{12}( 1.2.3.10 NAME 'ordered' )")).toEqual({ oid: '1.2.3.10', names: ['ordered'] });
  });

  it('decodes \\27 and \\5C inside quoted strings', () => {
    expect(parseAttributeType("( 1.2.3.11 NAME 'e' DESC 'it\\27s a \\5C' )").desc).toBe("it's a \\");
  });

  it('keeps non-ASCII text in DESC', () => {
    expect(parseObjectClass("( 1.2.3.12 NAME 'fc' DESC 'Identité de personne' AUXILIARY )").desc).toBe('Identité de personne');
  });

  it('reads what a live slapd publishes for operational attributes', () => {
    expect(
      parseAttributeType(
        "( 1.3.6.1.4.1.4203.666.1.7 NAME 'entryCSN' DESC 'change sequence number of the entry content' EQUALITY CSNMatch " +
          'ORDERING CSNOrderingMatch SYNTAX 1.3.6.1.4.1.4203.666.11.2.1{64} SINGLE-VALUE NO-USER-MODIFICATION USAGE directoryOperation )',
      ),
    ).toMatchObject({ syntax: '1.3.6.1.4.1.4203.666.11.2.1{64}', usage: 'directoryOperation', noUserModification: true });
  });

  it('expands OID macros in the OID and in SYNTAX', () => {
    const macros = { TERENA: '1.3.6.1.4.1.25178', schac: 'TERENA:1', attr: 'schac:2', syn: '1.3.6.1.4.1.1466.115.121.1' };
    expect(parseAttributeType("( attr:3 NAME 'schacDateOfBirth' SYNTAX syn:36 )", { macros })).toEqual({
      oid: '1.3.6.1.4.1.25178.1.2.3',
      names: ['schacDateOfBirth'],
      syntax: Syntax.NumericString,
    });
  });

  it('reports text after the closing parenthesis and ignores it, as slapd does', () => {
    const { warnings, onWarning } = collectWarnings();
    const def = parseAttributeType("( 1.2.3.13 NAME 'late' SYNTAX 1.3.6.1.4.1.1466.115.121.1.40) SINGLE-VALUE)", { onWarning });
    expect(def.singleValue).toBeUndefined();
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'text-after-close', definition: 'late', text: 'SINGLE-VALUE)' }),
    ]);
  });

  it.each([
    ["( 1.2.3 NAME 'a' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15", /missing/],
    ["1.2.3 NAME 'a' )", /expected "\("/],
    ["( 1.2.3 NAME 'a' FOO bar )", /unknown keyword FOO/],
    ["( 1.2.3 NAME 'a' NAME 'b' )", /NAME given twice/],
    ["( fooOid NAME 'a' )", /not a numeric OID/],
    ["( 1.2.3 NAME 'a DESC 'b' )", /unterminated/],
    ["( 1.2.3 NAME 'a )", /unterminated/],
    ["( 1.2.3 NAME 'a' USAGE everyone )", /unknown USAGE/],
    ["( 1.2.3 NAME 'a' SYNTAX DirectoryString )", /not a syntax OID/],
    ["( 1.2.3 NAME 'a' DESC unquoted )", /quoted DESC/],
    ['( 1.2.3 NAME ( ) )', /empty NAME list/],
  ])('rejects %s', (description, message) => {
    expect(() => parseAttributeType(description)).toThrow(SchemaParseError);
    expect(() => parseAttributeType(description)).toThrow(message);
  });
});

describe('parseObjectClass', () => {
  it('treats a class without kind keyword as STRUCTURAL', () => {
    expect(parseObjectClass("( 1.3.6.1.4.1.38414.38.2.1 NAME 'fdTemplate' MUST ( cn ) MAY ( fdTemplateField ) )")).toEqual({
      oid: '1.3.6.1.4.1.38414.38.2.1',
      names: ['fdTemplate'],
      kind: 'STRUCTURAL',
      must: ['cn'],
      may: ['fdTemplateField'],
    });
  });

  it('reads SUP lists, bare single OIDs and $ lists with or without spaces', () => {
    expect(parseObjectClass("( 1.2.4.1 NAME 'x' SUP ( top $ person ) ABSTRACT MUST cn MAY (a$b $c) )")).toEqual({
      oid: '1.2.4.1',
      names: ['x'],
      sup: ['top', 'person'],
      kind: 'ABSTRACT',
      must: ['cn'],
      may: ['a', 'b', 'c'],
    });
  });

  it('accepts the kind before DESC, as FD files write it', () => {
    expect(parseObjectClass("( 1.2.4.2 NAME 'y' SUP top AUXILIARY DESC 'later' MAY ( z ) )")).toMatchObject({
      kind: 'AUXILIARY',
      desc: 'later',
    });
  });

  it('reads an empty MUST ( ) as no list and reports it', () => {
    const { warnings, onWarning } = collectWarnings();
    const def = parseObjectClass("( 1.2.4.3 NAME 'e' SUP top AUXILIARY MUST ( ) MAY ())", { onWarning });
    expect(def.must).toBeUndefined();
    expect(def.may).toBeUndefined();
    expect(warnings.map((w) => w.code)).toEqual(['empty-oid-list', 'empty-oid-list']);
  });

  it('keeps quoted OIDs in lists, reporting them', () => {
    const { warnings, onWarning } = collectWarnings();
    expect(parseObjectClass("( 1.2.4.4 NAME 'q' MAY ( 'a' $ b ) )", { onWarning }).may).toEqual(['a', 'b']);
    expect(warnings.map((w) => w.code)).toEqual(['quoted-oid']);
  });

  it.each([
    ["( 1.2.4 NAME 'a' STRUCTURAL AUXILIARY )", /both STRUCTURAL and AUXILIARY/],
    ["( 1.2.4 NAME 'a' MAY ( b c ) )", /expected "\$" or "\)"/],
    ["( 1.2.4 NAME 'a' MAY ( b $ ) )", /expected MAY/],
    ["( 1.2.4 NAME 'a' SINGLE-VALUE )", /unknown keyword SINGLE-VALUE/],
  ])('rejects %s', (description, message) => {
    expect(() => parseObjectClass(description)).toThrow(message);
  });
});

describe('resolveOidMacro', () => {
  const macros = { TERENA: '1.3.6.1.4.1.25178', schac: 'TERENA:1', schacExp: 'schac:0' };

  it('expands nested macros, with or without suffix', () => {
    expect(resolveOidMacro('schacExp:2', macros)).toBe('1.3.6.1.4.1.25178.1.0.2');
    expect(resolveOidMacro('schac', macros)).toBe('1.3.6.1.4.1.25178.1');
    expect(resolveOidMacro('1.2.3', macros)).toBe('1.2.3');
  });

  it('detects loops', () => {
    expect(() => resolveOidMacro('a:1', { a: 'b:1', b: 'a:2' })).toThrow(/loop/);
  });
});

describe('parseSchemaFile', () => {
  const file = [
    '##',
    '## test.schema - comments, continuations, macros',
    '##',
    '',
    'objectIdentifier base 1.3.6.1.4.1.99999',
    'objectIdentifier baseAttr base:1',
    '',
    'attributeType ( baseAttr:1 NAME \'tOne\'',
    "\tDESC 'one'",
    '  EQUALITY caseIgnoreMatch',
    "  SYNTAX '1.3.6.1.4.1.1466.115.121.1.15')",
    '  SINGLE-VALUE)',
    '# a comment swallows its continuation lines (slapd.conf(5)):',
    '  this is still comment',
    '',
    'attributetype ( baseAttr:2 NAME \'tTwo\' SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )\\',
    '',
    'OBJECTCLASS ( base:2.1 NAME \'tClass\' SUP top AUXILIARY',
    '  MUST ( )',
    '  MAY ( tOne $',
    '  tTwo ) )',
    'ditcontentrule ( 1.2.3 NAME \'ignored\' )',
  ].join('\r\n');

  it('reads definitions, expands macros and reports what slapd tolerates', () => {
    const parsed = parseSchemaFile(file);
    expect(parsed.objectIdentifiers).toEqual({ base: '1.3.6.1.4.1.99999', baseAttr: 'base:1' });
    expect(parsed.attributeTypes).toEqual([
      { oid: '1.3.6.1.4.1.99999.1.1', names: ['tOne'], desc: 'one', equality: 'caseIgnoreMatch', syntax: Syntax.DirectoryString },
      { oid: '1.3.6.1.4.1.99999.1.2', names: ['tTwo'], syntax: Syntax.Integer, singleValue: true },
    ]);
    expect(parsed.objectClasses).toEqual([
      { oid: '1.3.6.1.4.1.99999.2.1', names: ['tClass'], sup: ['top'], kind: 'AUXILIARY', may: ['tOne', 'tTwo'] },
    ]);
    expect(parsed.warnings.map((w) => [w.code, w.definition, w.line, w.text])).toEqual([
      ['quoted-syntax', 'tOne', 8, '1.3.6.1.4.1.1466.115.121.1.15'],
      ['text-after-close', 'tOne', 8, 'SINGLE-VALUE)'],
      ['text-after-close', 'tTwo', 16, '\\'],
      ['empty-oid-list', 'tClass', 18, undefined],
      ['unsupported-directive', undefined, 22, undefined],
    ]);
  });

  it('gives the line of a broken definition', () => {
    expect(() => parseSchemaFile("# x\n\nattributetype ( 1.2.3 NAME 'a'\n  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15\n")).toThrow(
      /^line 3: a: missing/,
    );
  });

  it('rejects an unknown directive and a definition line that is not indented', () => {
    expect(() => parseSchemaFile('include other.schema')).toThrow(/line 1: unknown directive "include"/);
    expect(() => parseSchemaFile("attributetype ( 1.2.3 NAME 'a'\nSYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )")).toThrow(/line 1/);
  });

  it('rejects a malformed objectIdentifier line', () => {
    expect(() => parseSchemaFile('objectIdentifier lonely')).toThrow(/line 1: objectIdentifier needs a name and an OID/);
  });
});

describe('parseSchemaConfigEntry', () => {
  it('reads a cn=config schema entry back, {n} indexes and macros included', () => {
    const schema = parseSchemaConfigEntry({
      attributes: {
        objectClass: ['olcSchemaConfig'],
        cn: ['{3}demo'],
        olcObjectIdentifier: ['{0}demoRoot 1.3.6.1.4.1.99999', '{1}demoAttr demoRoot:1'],
        OLCATTRIBUTETYPES: ["{0}( demoAttr:1 NAME 'demoOne' SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 X-ORDERED 'VALUES' )"],
        olcObjectClasses: "{0}( demoRoot:2.1 NAME 'demoClass' SUP top AUXILIARY MAY demoOne )",
      },
    });
    expect(schema).toEqual({
      name: 'demo',
      dependsOn: [],
      objectIdentifiers: { demoRoot: '1.3.6.1.4.1.99999', demoAttr: 'demoRoot:1' },
      attributeTypes: [
        { oid: '1.3.6.1.4.1.99999.1.1', names: ['demoOne'], syntax: Syntax.DirectoryString, extensions: { 'X-ORDERED': ['VALUES'] } },
      ],
      objectClasses: [{ oid: '1.3.6.1.4.1.99999.2.1', names: ['demoClass'], sup: ['top'], kind: 'AUXILIARY', may: ['demoOne'] }],
    });
  });
});
