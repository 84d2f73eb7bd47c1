// Unit tests of schema rendering: RFC 4512 descriptions, the cn=config entry and LDIF, render→parse round trips.
import { describe, expect, it } from 'vitest';
import { attributeTypeDifferences, objectClassDifferences } from './compare.ts';
import { allSchemas, schemaByName } from './index.ts';
import { parseAttributeType, parseObjectClass, parseSchemaConfigEntry } from './parse.ts';
import { renderAttributeType, renderObjectClass, renderSchemaLdif, schemaConfigEntry } from './render.ts';
import { Syntax, withLength } from './syntaxes.ts';
import type { SchemaDef } from './types.ts';

/** Just enough LDIF reading for one record: unfolds lines and decodes `name:: base64`. */
function readLdifRecord(ldif: string): { dn: string; attributes: Record<string, string[]> } {
  const lines = ldif.replace(/\r?\n /g, '').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  const attributes: Record<string, string[]> = {};
  let dn = '';
  for (const line of lines) {
    const match = /^([^:]+)(::?) ?(.*)$/.exec(line);
    if (!match) throw new Error(`not LDIF: ${line}`);
    const [, name, sep, raw] = match as unknown as [string, string, string, string];
    const value = sep === '::' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
    if (name === 'dn') dn = value;
    else (attributes[name] ??= []).push(value);
  }
  return { dn, attributes };
}

function mustFind(name: string): SchemaDef {
  const schema = schemaByName(name);
  if (schema === undefined) throw new Error(`no schema ${name}`);
  return schema;
}

describe('renderAttributeType', () => {
  it('writes the keywords in RFC 4512 order', () => {
    expect(
      renderAttributeType({
        oid: '1.2.3',
        names: ['fdX', 'x'],
        desc: 'X',
        obsolete: true,
        sup: 'name',
        equality: 'caseIgnoreMatch',
        ordering: 'caseIgnoreOrderingMatch',
        substr: 'caseIgnoreSubstringsMatch',
        syntax: withLength(Syntax.DirectoryString, 64),
        singleValue: true,
        collective: true,
        noUserModification: true,
        usage: 'dSAOperation',
        extensions: { 'X-ORIGIN': ['here'] },
      }),
    ).toBe(
      "( 1.2.3 NAME ( 'fdX' 'x' ) DESC 'X' OBSOLETE SUP name EQUALITY caseIgnoreMatch ORDERING caseIgnoreOrderingMatch " +
        'SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{64} SINGLE-VALUE COLLECTIVE ' +
        "NO-USER-MODIFICATION USAGE dSAOperation X-ORIGIN 'here' )",
    );
  });

  it('escapes quotes and backslashes in DESC, and reads them back', () => {
    const def = { oid: '1.2.3', names: ['q'], desc: "it's \\ fine" };
    const text = renderAttributeType(def);
    expect(text).toBe("( 1.2.3 NAME 'q' DESC 'it\\27s \\5C fine' )");
    expect(parseAttributeType(text)).toEqual(def);
  });
});

describe('renderObjectClass', () => {
  it('always states the kind and writes single OIDs bare, lists with $', () => {
    expect(renderObjectClass({ oid: '1.2.4', names: ['fdTemplate'], kind: 'STRUCTURAL', must: ['cn'], may: ['a', 'b'] })).toBe(
      "( 1.2.4 NAME 'fdTemplate' STRUCTURAL MUST cn MAY ( a $ b ) )",
    );
    expect(renderObjectClass({ oid: '1.2.5', names: ['m'], sup: ['top', 'person'], kind: 'AUXILIARY', must: [] })).toBe(
      "( 1.2.5 NAME 'm' SUP ( top $ person ) AUXILIARY )",
    );
  });
});

describe('every shipped definition', () => {
  for (const schema of allSchemas) {
    it(`${schema.name}: renders to text that parses back to the same definition`, () => {
      for (const def of schema.attributeTypes) {
        const back = parseAttributeType(renderAttributeType(def), { onWarning: (w) => expect.fail(w.message) });
        expect(back).toEqual(def);
        expect(attributeTypeDifferences(def, back)).toEqual([]);
      }
      for (const def of schema.objectClasses) {
        const back = parseObjectClass(renderObjectClass(def), { onWarning: (w) => expect.fail(w.message) });
        expect(back).toEqual(def);
        expect(objectClassDifferences(def, back)).toEqual([]);
      }
    });

    it(`${schema.name}: survives LDIF and cn=config reading`, () => {
      const record = readLdifRecord(renderSchemaLdif(schema));
      expect(record.dn).toBe(`cn=${schema.name},cn=schema,cn=config`);
      const back = parseSchemaConfigEntry(record);
      expect(back).toEqual({ ...schema, dependsOn: [] });
    });
  }

  it('never writes a quoted SYNTAX, an empty list or text after the closing parenthesis', () => {
    for (const schema of allSchemas) {
      const texts = [...schema.attributeTypes.map(renderAttributeType), ...schema.objectClasses.map(renderObjectClass)];
      for (const text of texts) {
        expect(text).not.toMatch(/SYNTAX '/);
        expect(text).not.toMatch(/\(\s*\)/);
        expect(text).toMatch(/ \)$/);
      }
    }
  });
});

describe('schemaConfigEntry', () => {
  it('builds the olcSchemaConfig entry, macros first', () => {
    const schac = mustFind('schac-20150413-1.5.0');
    const entry = schemaConfigEntry(schac);
    expect(entry.dn).toBe('cn=schac-20150413-1.5.0,cn=schema,cn=config');
    expect(Object.keys(entry.attributes)).toEqual(['objectClass', 'cn', 'olcObjectIdentifier', 'olcAttributeTypes', 'olcObjectClasses']);
    expect(entry.attributes.objectClass).toEqual(['olcSchemaConfig']);
    expect(entry.attributes.olcObjectIdentifier?.[0]).toBe('TERENA 1.3.6.1.4.1.25178');
    expect(entry.attributes.olcAttributeTypes).toHaveLength(schac.attributeTypes.length);
  });

  it('leaves out empty lists (fdFranceConnect defines no attribute type)', () => {
    const entry = schemaConfigEntry(mustFind('fdFranceConnect'));
    expect(entry.attributes.olcAttributeTypes).toBeUndefined();
    expect(entry.attributes.olcObjectIdentifier).toBeUndefined();
    expect(entry.attributes.olcObjectClasses).toHaveLength(1);
  });

  it('base64-encodes values LDIF cannot carry as text (accented DESC)', () => {
    const ldif = renderSchemaLdif(mustFind('fdFranceConnect'));
    expect(ldif).toMatch(/^olcObjectClasses:: /m);
    expect(ldif.endsWith('\n')).toBe(true);
    expect(renderSchemaLdif(mustFind('template-fd'))).toMatch(/^olcAttributeTypes: \( 1\.3\.6\.1\.4\.1\.38414\.38\.1\.1 /m);
  });
});
