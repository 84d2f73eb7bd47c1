// Reads a subschema subentry (RFC 4512 §4.2): attribute types and object classes through the schema
// parser of src/schema, matching rules and syntaxes through a small reader of their descriptions.
import { parseAttributeType, parseObjectClass } from '../schema/parse.ts';
import { type AttributeTypeDef, type ObjectClassDef } from '../schema/types.ts';
import { type LdapEntry } from './LdapEntry.ts';

/** A matching rule description (RFC 4512 §4.1.3). */
export interface MatchingRuleDef {
  oid: string;
  names: string[];
  desc?: string;
  syntax?: string;
  obsolete?: boolean;
}

/** An LDAP syntax description (RFC 4512 §4.1.5). */
export interface LdapSyntaxDef {
  oid: string;
  desc?: string;
  /** `X-` extensions, e.g. `X-NOT-HUMAN-READABLE: ['TRUE']`. */
  extensions: Record<string, string[]>;
}

export interface Subschema {
  dn: string;
  attributeTypes: AttributeTypeDef[];
  objectClasses: ObjectClassDef[];
  matchingRules: MatchingRuleDef[];
  ldapSyntaxes: LdapSyntaxDef[];
  /** Descriptions the parsers refused (a server may publish odd ones); kept rather than fatal. */
  unparsed: { attribute: string; description: string; error: string }[];
}

/** The subschema attributes to request: they are operational, so a search must name them. */
export const SUBSCHEMA_ATTRIBUTES = ['attributeTypes', 'objectClasses', 'matchingRules', 'ldapSyntaxes'];

type Token = { kind: '(' | ')' | 'word' | 'string'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\()|(\))|'((?:[^'\\]|\\[0-9a-fA-F]{2}|\\\\)*)'|([^\s()']+))/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[1]) tokens.push({ kind: '(', value: '(' });
    else if (m[2]) tokens.push({ kind: ')', value: ')' });
    else if (m[3] !== undefined) tokens.push({ kind: 'string', value: m[3].replace(/\\(27|5c)/gi, (_, h: string) => (h === '27' ? "'" : '\\')) });
    else if (m[4] !== undefined) tokens.push({ kind: 'word', value: m[4] });
  }
  if (tokens[0]?.kind !== '(' || tokens.at(-1)?.kind !== ')') throw new Error('not a parenthesized description');
  return tokens;
}

const VALUELESS_KEYWORDS = new Set(['OBSOLETE', 'SINGLE-VALUE', 'COLLECTIVE', 'NO-USER-MODIFICATION', 'STRUCTURAL', 'AUXILIARY', 'ABSTRACT']);

/** Reads `( oid KEYWORD value … )` into the OID and a keyword → values map. */
function readDescription(text: string): { oid: string; fields: Map<string, string[]> } {
  const tokens = tokenize(text);
  const oid = tokens[1];
  if (oid?.kind !== 'word' || !/^\d+(\.\d+)+$/.test(oid.value)) throw new Error('missing numeric OID');
  const fields = new Map<string, string[]>();
  let i = 2;
  while (i < tokens.length - 1) {
    const keyword = tokens[i];
    if (keyword?.kind !== 'word') throw new Error(`expected a keyword at token ${i}`);
    i += 1;
    const values: string[] = [];
    if (!VALUELESS_KEYWORDS.has(keyword.value.toUpperCase())) {
      if (tokens[i]?.kind === '(') {
        i += 1;
        while (i < tokens.length - 1 && tokens[i]?.kind !== ')') {
          const t = tokens[i] as Token;
          if (!(t.kind === 'word' && t.value === '$')) values.push(t.value);
          i += 1;
        }
        i += 1;
      } else if (tokens[i] && tokens[i]?.kind !== ')') {
        values.push((tokens[i] as Token).value);
        i += 1;
      }
    }
    fields.set(keyword.value.toUpperCase(), values);
  }
  return { oid: oid.value, fields };
}


export function parseMatchingRule(text: string): MatchingRuleDef {
  const { oid, fields } = readDescription(text);
  const def: MatchingRuleDef = { oid, names: fields.get('NAME') ?? [] };
  const desc = fields.get('DESC')?.[0];
  if (desc !== undefined) def.desc = desc;
  const syntax = fields.get('SYNTAX')?.[0];
  if (syntax !== undefined) def.syntax = syntax;
  if (fields.has('OBSOLETE')) def.obsolete = true;
  return def;
}

export function parseLdapSyntax(text: string): LdapSyntaxDef {
  const { oid, fields } = readDescription(text);
  const def: LdapSyntaxDef = { oid, extensions: {} };
  const desc = fields.get('DESC')?.[0];
  if (desc !== undefined) def.desc = desc;
  for (const [key, values] of fields) if (key.startsWith('X-')) def.extensions[key] = values;
  return def;
}

/** Parses the values of a subschema entry read with {@link SUBSCHEMA_ATTRIBUTES}. */
export function parseSubschemaEntry(entry: LdapEntry): Subschema {
  const unparsed: Subschema['unparsed'] = [];
  const each = <T>(attribute: string, parse: (description: string) => T): T[] => {
    const out: T[] = [];
    for (const description of entry.get(attribute)) {
      try {
        out.push(parse(description));
      } catch (error) {
        unparsed.push({ attribute, description, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return out;
  };
  return {
    dn: entry.dn,
    attributeTypes: each('attributeTypes', (d) => parseAttributeType(d)),
    objectClasses: each('objectClasses', (d) => parseObjectClass(d)),
    matchingRules: each('matchingRules', parseMatchingRule),
    ldapSyntaxes: each('ldapSyntaxes', parseLdapSyntax),
    unparsed,
  };
}
