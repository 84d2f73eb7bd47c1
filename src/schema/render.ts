// Turns schema definitions into RFC 4512 descriptions and into the cn=config entry slapd loads them from.
import { entryToLdif } from '../ldif/writeLdif.ts';
import type { AttributeTypeDef, ObjectClassDef, SchemaDef } from './types.ts';

/** RFC 4512 §4.1: inside a quoted string a quote is `\27` and a backslash `\5C`. */
function qdstring(value: string): string {
  return `'${value.replace(/\\/g, '\\5C').replace(/'/g, '\\27')}'`;
}

function qdescrs(names: string[]): string {
  return names.length === 1 ? qdstring(names[0] as string) : `( ${names.map(qdstring).join(' ')} )`;
}

function oids(list: string[]): string {
  return list.length === 1 ? (list[0] as string) : `( ${list.join(' $ ')} )`;
}

function extensionParts(extensions: Record<string, string[]> | undefined): string[] {
  return Object.entries(extensions ?? {}).map(([name, values]) =>
    values.length === 1 ? `${name} ${qdstring(values[0] as string)}` : `${name} ( ${values.map(qdstring).join(' ')} )`,
  );
}

/**
 * An attribute type as an RFC 4512 description, keywords in the RFC's order (as `olcAttributeTypes` and
 * subschema `attributeTypes` values expect).
 * @example renderAttributeType({ oid: '1.2.3', names: ['fdX'], syntax: Syntax.Boolean, singleValue: true })
 * // "( 1.2.3 NAME 'fdX' SYNTAX 1.3.6.1.4.1.1466.115.121.1.7 SINGLE-VALUE )"
 */
export function renderAttributeType(def: AttributeTypeDef): string {
  const parts = ['(', def.oid];
  if (def.names.length > 0) parts.push('NAME', qdescrs(def.names));
  if (def.desc !== undefined) parts.push('DESC', qdstring(def.desc));
  if (def.obsolete) parts.push('OBSOLETE');
  if (def.sup !== undefined) parts.push('SUP', def.sup);
  if (def.equality !== undefined) parts.push('EQUALITY', def.equality);
  if (def.ordering !== undefined) parts.push('ORDERING', def.ordering);
  if (def.substr !== undefined) parts.push('SUBSTR', def.substr);
  if (def.syntax !== undefined) parts.push('SYNTAX', def.syntax);
  if (def.singleValue) parts.push('SINGLE-VALUE');
  if (def.collective) parts.push('COLLECTIVE');
  if (def.noUserModification) parts.push('NO-USER-MODIFICATION');
  if (def.usage !== undefined) parts.push('USAGE', def.usage);
  parts.push(...extensionParts(def.extensions), ')');
  return parts.join(' ');
}

/**
 * An object class as an RFC 4512 description; the kind is always written, STRUCTURAL included.
 * @example renderObjectClass({ oid: '1.2.4', names: ['fdY'], sup: ['top'], kind: 'AUXILIARY', may: ['fdX'] })
 * // "( 1.2.4 NAME 'fdY' SUP top AUXILIARY MAY fdX )"
 */
export function renderObjectClass(def: ObjectClassDef): string {
  const parts = ['(', def.oid];
  if (def.names.length > 0) parts.push('NAME', qdescrs(def.names));
  if (def.desc !== undefined) parts.push('DESC', qdstring(def.desc));
  if (def.obsolete) parts.push('OBSOLETE');
  if (def.sup !== undefined && def.sup.length > 0) parts.push('SUP', oids(def.sup));
  parts.push(def.kind);
  if (def.must !== undefined && def.must.length > 0) parts.push('MUST', oids(def.must));
  if (def.may !== undefined && def.may.length > 0) parts.push('MAY', oids(def.may));
  parts.push(...extensionParts(def.extensions), ')');
  return parts.join(' ');
}

/** The values of `olcObjectIdentifier` (`name oid-or-macro`). */
export function renderObjectIdentifiers(schema: SchemaDef): string[] {
  return Object.entries(schema.objectIdentifiers ?? {}).map(([name, oid]) => `${name} ${oid}`);
}

/** A schema's entry under cn=schema,cn=config, ready for an LDAP add. */
export interface SchemaConfigEntry {
  dn: string;
  attributes: Record<string, string[]>;
}

/** RFC 4514 escaping for the schema name used as an RDN value. */
function escapeRdnValue(value: string): string {
  return value.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`).replace(/^[ #]/, (c) => `\\${c}`).replace(/ $/, '\\ ');
}

/** The DN a schema gets under cn=schema,cn=config (slapd then prefixes `{n}` to the cn). */
export function schemaConfigDn(schema: SchemaDef): string {
  return `cn=${escapeRdnValue(schema.name)},cn=schema,cn=config`;
}

/**
 * A schema as the `olcSchemaConfig` entry slapd stores it in; empty lists are left out.
 * @example await client.add(entry.dn, schemaConfigEntry(coreFd).attributes)
 */
export function schemaConfigEntry(schema: SchemaDef): SchemaConfigEntry {
  const attributes: Record<string, string[]> = { objectClass: ['olcSchemaConfig'], cn: [schema.name] };
  const identifiers = renderObjectIdentifiers(schema);
  if (identifiers.length > 0) attributes.olcObjectIdentifier = identifiers;
  if (schema.attributeTypes.length > 0) attributes.olcAttributeTypes = schema.attributeTypes.map(renderAttributeType);
  if (schema.objectClasses.length > 0) attributes.olcObjectClasses = schema.objectClasses.map(renderObjectClass);
  return { dn: schemaConfigDn(schema), attributes };
}

/**
 * A schema as one LDIF record for `slapadd -n0` or `ldapadd` (values outside LDIF's safe set, such as
 * accented DESCs, come out base64-encoded), ending with a newline.
 */
export function renderSchemaLdif(schema: SchemaDef): string {
  return entryToLdif(schemaConfigEntry(schema)) + '\n';
}
