// Parser for RFC 4512 schema descriptions: OpenLDAP `.schema` files and the values a server publishes
// (subschema `attributeTypes`/`objectClasses`, cn=config `olcAttributeTypes`/`olcObjectClasses`).
import type { AttributeTypeDef, ObjectClassDef, ObjectClassKind, SchemaDef } from './types.ts';

/** A description (or a `.schema` file line) that cannot be read; `line` is 1-based when known. */
export class SchemaParseError extends Error {
  override name = 'SchemaParseError';
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
  }
}

/**
 * Things slapd accepts but RFC 4512 does not, reported instead of rejected so that FusionDirectory's files
 * and odd servers still read. See docs/compatibility.md (LDAP schemas) for the ones found in FD's files.
 */
export type SchemaParseWarningCode =
  /** `SYNTAX '1.3.6…'`: slapd strips the quotes. */
  | 'quoted-syntax'
  /** A quoted OID where a bare one is expected (SUP, EQUALITY, MUST…). */
  | 'quoted-oid'
  /** `NAME foo` without quotes. */
  | 'unquoted-name'
  /** Text after the closing parenthesis: slapd stops at the parenthesis and ignores it. */
  | 'text-after-close'
  /** `MUST ( )`: an empty list, which RFC 4512 does not allow; read as no list. */
  | 'empty-oid-list'
  /** A `.schema` directive we do not model (ditcontentrule, ldapsyntax…), skipped. */
  | 'unsupported-directive';

export interface SchemaParseWarning {
  code: SchemaParseWarningCode;
  message: string;
  /** First name (or OID) of the definition concerned. */
  definition?: string;
  /** 1-based line of the definition in a `.schema` file. */
  line?: number;
  /** The offending text, e.g. what followed the closing parenthesis. */
  text?: string;
}

export interface ParseOptions {
  /** OID macros (`objectIdentifier` lines), name → OID or `macro:suffix`; expanded in OIDs and SYNTAX. */
  macros?: Record<string, string>;
  /** Called for each tolerated irregularity; without it they are silently accepted. */
  onWarning?: (warning: SchemaParseWarning) => void;
}

/** A `.schema` file, read the way slapd reads it. */
export interface ParsedSchemaFile {
  /** `objectIdentifier` lines as written (name → OID or `macro:suffix`). */
  objectIdentifiers: Record<string, string>;
  /** Definitions in file order, OIDs with macros expanded. */
  attributeTypes: AttributeTypeDef[];
  objectClasses: ObjectClassDef[];
  warnings: SchemaParseWarning[];
}

type Token =
  | { kind: '(' | ')' | '$'; start: number; end: number }
  | { kind: 'word' | 'qdstring'; value: string; start: number; end: number };

const NUMERIC_OID = /^\d+(?:\.\d+)*$/;
const SYNTAX_WITH_LENGTH = /^(\d+(?:\.\d+)*)(\{\d+\})?$/;
const USAGES = ['userApplications', 'directoryOperation', 'distributedOperation', 'dSAOperation'] as const;
/** The index slapd prefixes to ordered cn=config values (`{12}( 1.3… )`). */
const ORDERED_INDEX = /^\s*\{\d+\}/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === '$') {
      tokens.push({ kind: c, start: i, end: i + 1 });
      i++;
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) throw new SchemaParseError(`unterminated quoted string at offset ${i}`);
      tokens.push({ kind: 'qdstring', value: unescapeQdstring(text.slice(i + 1, close)), start: i, end: close + 1 });
      i = close + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s()$']/.test(text[j] as string)) j++;
      tokens.push({ kind: 'word', value: text.slice(i, j), start: i, end: j });
      i = j;
    }
  }
  return tokens;
}

/** RFC 4512 §4.1: `\27` is a quote and `\5C` a backslash inside a quoted string. */
function unescapeQdstring(s: string): string {
  return s.replace(/\\(27|5c)/gi, (_m, hex: string) => (hex === '27' ? "'" : '\\'));
}

/** Expands an OID macro (`schac:2`, `TERENA`) into a numeric OID; other values come back unchanged. */
export function resolveOidMacro(value: string, macros: Record<string, string>, seen: string[] = []): string {
  const colon = value.indexOf(':');
  const head = colon < 0 ? value : value.slice(0, colon);
  const tail = colon < 0 ? '' : value.slice(colon + 1);
  const key = Object.keys(macros).find((k) => k.toLowerCase() === head.toLowerCase());
  if (key === undefined) return value;
  if (seen.includes(key)) throw new SchemaParseError(`OID macro loop through ${key}`);
  const base = resolveOidMacro(macros[key] as string, macros, [...seen, key]);
  return tail === '' ? base : `${base}.${tail}`;
}

/** Walks the tokens of one `( … )` description. */
class DescriptionReader {
  private pos = 0;
  /** Set once the OID and first NAME are known, to label warnings. */
  label: string | undefined;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly options: ParseOptions,
  ) {}

  warn(code: SchemaParseWarningCode, message: string, text?: string): void {
    this.options.onWarning?.({ code, message, definition: this.label, ...(text === undefined ? {} : { text }) });
  }

  fail(message: string): never {
    throw new SchemaParseError(this.label === undefined ? message : `${this.label}: ${message}`);
  }

  peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  next(what: string): Token {
    const token = this.tokens[this.pos++];
    if (token === undefined) this.fail(`missing ${what} (description ends too early — missing ")"?)`);
    return token;
  }

  expect(kind: '(' | ')'): void {
    const token = this.next(`"${kind}"`);
    if (token.kind !== kind) this.fail(`expected "${kind}" but found ${describe(token)}`);
  }

  /** After the closing parenthesis: anything left is ignored, as slapd does, but reported. */
  rest(closeEnd: number): void {
    const remainder = this.text.slice(closeEnd).trim();
    if (remainder !== '') this.warn('text-after-close', `ignored text after the closing parenthesis: ${remainder}`, remainder);
  }

  word(what: string): string {
    const token = this.next(what);
    if (token.kind !== 'word') this.fail(`expected ${what} but found ${describe(token)}`);
    return token.value;
  }

  qdstring(what: string): string {
    const token = this.next(what);
    if (token.kind !== 'qdstring') this.fail(`expected a quoted ${what} but found ${describe(token)}`);
    return token.value;
  }

  /** `oid` — a bare numericoid or descr; a quoted one is tolerated. */
  oid(what: string): string {
    const token = this.next(what);
    if (token.kind === 'word') return token.value;
    if (token.kind === 'qdstring') {
      this.warn('quoted-oid', `quoted ${what} '${token.value}'`, token.value);
      return token.value;
    }
    return this.fail(`expected ${what} but found ${describe(token)}`);
  }

  /** `oids` — one oid, or `( oid $ oid … )`. */
  oids(what: string): string[] {
    if (this.peek()?.kind !== '(') return [this.oid(what)];
    this.pos++;
    const list: string[] = [];
    for (;;) {
      if (this.peek()?.kind === ')') {
        this.pos++;
        if (list.length === 0) this.warn('empty-oid-list', `empty ${what} list "( )"`);
        return list;
      }
      if (list.length > 0) {
        const sep = this.next(`"$" or ")" in ${what} list`);
        if (sep.kind !== '$') this.fail(`expected "$" or ")" in ${what} list but found ${describe(sep)}`);
      }
      list.push(this.oid(what));
    }
  }

  /** `qdescrs` — `'name'` or `( 'a' 'b' )`. */
  names(): string[] {
    const one = (): string => {
      const token = this.next('NAME');
      if (token.kind === 'qdstring') return token.value;
      if (token.kind === 'word') {
        this.warn('unquoted-name', `unquoted NAME ${token.value}`, token.value);
        return token.value;
      }
      return this.fail(`expected a NAME but found ${describe(token)}`);
    };
    if (this.peek()?.kind !== '(') return [one()];
    this.pos++;
    const list: string[] = [];
    while (this.peek()?.kind !== ')') list.push(one());
    this.pos++;
    if (list.length === 0) this.fail('empty NAME list');
    return list;
  }

  /** `qdstrings` of an `X-` extension — `'a'` or `( 'a' 'b' )`. */
  extensionValues(name: string): string[] {
    if (this.peek()?.kind !== '(') return [this.qdstring(`${name} value`)];
    this.pos++;
    const list: string[] = [];
    while (this.peek()?.kind !== ')') list.push(this.qdstring(`${name} value`));
    this.pos++;
    return list;
  }

  /** The definition's own OID, macros expanded; must end up numeric. */
  ownOid(): string {
    const raw = this.oid('OID');
    const oid = resolveOidMacro(raw, this.options.macros ?? {});
    if (!NUMERIC_OID.test(oid)) this.fail(`"${raw}" is not a numeric OID nor a known OID macro`);
    this.label = oid;
    return oid;
  }

  /** `SYNTAX noidlen`; quotes and macros tolerated. */
  syntax(): string {
    const token = this.next('SYNTAX');
    let raw: string;
    if (token.kind === 'qdstring') {
      this.warn('quoted-syntax', `quoted SYNTAX '${token.value}'`, token.value);
      raw = token.value;
      const after = this.peek();
      // `SYNTAX '1.3…'{64}`: the length bound after the quote still belongs to it.
      if (after?.kind === 'word' && after.start === token.end && /^\{\d+\}$/.test(after.value)) {
        raw += after.value;
        this.pos++;
      }
    } else if (token.kind === 'word') {
      raw = token.value;
    } else {
      return this.fail(`expected a SYNTAX OID but found ${describe(token)}`);
    }
    const bound = /\{\d+\}$/.exec(raw)?.[0] ?? '';
    const oid = resolveOidMacro(raw.slice(0, raw.length - bound.length), this.options.macros ?? {}) + bound;
    if (!SYNTAX_WITH_LENGTH.test(oid)) this.fail(`"${raw}" is not a syntax OID`);
    return oid;
  }
}

function describe(token: Token): string {
  return token.kind === 'word' || token.kind === 'qdstring' ? `"${token.value}"` : `"${token.kind}"`;
}

function openDescription(description: string, options: ParseOptions): DescriptionReader {
  const text = description.replace(ORDERED_INDEX, '');
  const reader = new DescriptionReader(text, tokenize(text), options);
  reader.expect('(');
  return reader;
}

/** Reads keywords until `)`, calling `onKeyword` with the upper-cased keyword; rejects duplicates. */
function readKeywords(reader: DescriptionReader, onKeyword: (keyword: string) => boolean): Record<string, string[]> {
  const seen = new Set<string>();
  const extensions: Record<string, string[]> = {};
  for (;;) {
    const token = reader.next('keyword or ")"');
    if (token.kind === ')') {
      reader.rest(token.end);
      return extensions;
    }
    if (token.kind !== 'word') reader.fail(`expected a keyword but found ${describe(token)}`);
    const keyword = token.value.toUpperCase();
    if (seen.has(keyword)) reader.fail(`${token.value} given twice`);
    seen.add(keyword);
    if (keyword.startsWith('X-')) {
      extensions[token.value] = reader.extensionValues(token.value);
    } else if (!onKeyword(keyword)) {
      reader.fail(`unknown keyword ${token.value}`);
    }
  }
}

/**
 * One attribute type description (RFC 4512 §4.1.2), as in a subschema entry, an `olcAttributeTypes` value
 * (a leading `{n}` is ignored) or the text after `attributetype` in a `.schema` file.
 * Keywords may come in any order and any case, as slapd allows.
 * @example parseAttributeType("( 2.5.4.3 NAME ( 'cn' 'commonName' ) SUP name )")
 */
export function parseAttributeType(description: string, options: ParseOptions = {}): AttributeTypeDef {
  const reader = openDescription(description, options);
  const def: AttributeTypeDef = { oid: reader.ownOid(), names: [] };
  const extensions = readKeywords(reader, (keyword) => {
    switch (keyword) {
      case 'NAME':
        def.names = reader.names();
        reader.label = def.names[0];
        return true;
      case 'DESC':
        def.desc = reader.qdstring('DESC');
        return true;
      case 'OBSOLETE':
        def.obsolete = true;
        return true;
      case 'SUP':
        def.sup = reader.oid('SUP');
        return true;
      case 'EQUALITY':
        def.equality = reader.oid('EQUALITY');
        return true;
      case 'ORDERING':
        def.ordering = reader.oid('ORDERING');
        return true;
      case 'SUBSTR':
        def.substr = reader.oid('SUBSTR');
        return true;
      case 'SYNTAX':
        def.syntax = reader.syntax();
        return true;
      case 'SINGLE-VALUE':
        def.singleValue = true;
        return true;
      case 'COLLECTIVE':
        def.collective = true;
        return true;
      case 'NO-USER-MODIFICATION':
        def.noUserModification = true;
        return true;
      case 'USAGE': {
        const usage = reader.word('USAGE');
        const known = USAGES.find((u) => u.toLowerCase() === usage.toLowerCase());
        if (known === undefined) reader.fail(`unknown USAGE ${usage}`);
        def.usage = known;
        return true;
      }
      default:
        return false;
    }
  });
  if (Object.keys(extensions).length > 0) def.extensions = extensions;
  return def;
}

/**
 * One object class description (RFC 4512 §4.1.1). Without STRUCTURAL/AUXILIARY/ABSTRACT the class is
 * STRUCTURAL, as in OpenLDAP.
 * @example parseObjectClass("( 2.5.6.6 NAME 'person' SUP top STRUCTURAL MUST ( sn $ cn ) )")
 */
export function parseObjectClass(description: string, options: ParseOptions = {}): ObjectClassDef {
  const reader = openDescription(description, options);
  const def: ObjectClassDef = { oid: reader.ownOid(), names: [], kind: 'STRUCTURAL' };
  let kind: ObjectClassKind | undefined;
  const extensions = readKeywords(reader, (keyword) => {
    switch (keyword) {
      case 'NAME':
        def.names = reader.names();
        reader.label = def.names[0];
        return true;
      case 'DESC':
        def.desc = reader.qdstring('DESC');
        return true;
      case 'OBSOLETE':
        def.obsolete = true;
        return true;
      case 'SUP': {
        const sup = reader.oids('SUP');
        if (sup.length > 0) def.sup = sup;
        return true;
      }
      case 'STRUCTURAL':
      case 'AUXILIARY':
      case 'ABSTRACT':
        if (kind !== undefined) reader.fail(`both ${kind} and ${keyword}`);
        kind = keyword;
        return true;
      case 'MUST': {
        const must = reader.oids('MUST');
        if (must.length > 0) def.must = must;
        return true;
      }
      case 'MAY': {
        const may = reader.oids('MAY');
        if (may.length > 0) def.may = may;
        return true;
      }
      default:
        return false;
    }
  });
  def.kind = kind ?? 'STRUCTURAL';
  if (Object.keys(extensions).length > 0) def.extensions = extensions;
  return def;
}

/** Logical lines of a slapd.conf-style file: a line starting with white space continues the previous one. */
function logicalLines(text: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  text.split(/\r\n|\n|\r/).forEach((physical, index) => {
    const last = out[out.length - 1];
    if (/^[ \t]/.test(physical) && last !== undefined) last.text += ' ' + physical.trim();
    else out.push({ line: index + 1, text: physical });
  });
  // Continuations are unwrapped before comments are dropped (slapd.conf(5)), so a comment swallows them.
  return out.filter((l) => l.text.trim() !== '' && !l.text.trimStart().startsWith('#'));
}

/**
 * An OpenLDAP `.schema` file: `attributetype`, `objectclass` and `objectidentifier` directives
 * (any case), `#` comments, continuation lines. Irregularities slapd tolerates are returned as warnings.
 */
export function parseSchemaFile(text: string): ParsedSchemaFile {
  const result: ParsedSchemaFile = { objectIdentifiers: {}, attributeTypes: [], objectClasses: [], warnings: [] };
  for (const { line, text: logical } of logicalLines(text)) {
    const match = /^(\S+)\s*(.*)$/s.exec(logical.trim());
    const directive = (match?.[1] ?? '').toLowerCase();
    const rest = match?.[2] ?? '';
    const options: ParseOptions = {
      macros: result.objectIdentifiers,
      onWarning: (w) => result.warnings.push({ ...w, line }),
    };
    try {
      switch (directive) {
        case 'attributetype':
        case 'attributetypes':
          result.attributeTypes.push(parseAttributeType(rest, options));
          break;
        case 'objectclass':
        case 'objectclasses':
          result.objectClasses.push(parseObjectClass(rest, options));
          break;
        case 'objectidentifier': {
          const parts = rest.trim().split(/\s+/);
          if (parts.length !== 2) throw new SchemaParseError('objectIdentifier needs a name and an OID');
          const [name, oid] = parts as [string, string];
          resolveOidMacro(oid, result.objectIdentifiers); // fails early on loops
          result.objectIdentifiers[name] = oid;
          break;
        }
        case 'ditcontentrule':
        case 'ldapsyntax':
        case 'matchingrule':
        case 'matchingruleuse':
          result.warnings.push({ code: 'unsupported-directive', message: `${directive} skipped`, line });
          break;
        default:
          throw new SchemaParseError(`unknown directive "${match?.[1] ?? logical}"`);
      }
    } catch (error) {
      if (error instanceof SchemaParseError && error.line === undefined) throw new SchemaParseError(error.message, line);
      throw error;
    }
  }
  return result;
}

/** Strips the `{n}` index slapd puts in front of ordered cn=config values and RDNs. */
function withoutOrderedIndex(value: string): string {
  return value.replace(ORDERED_INDEX, '');
}

/**
 * A `cn=<name>,cn=schema,cn=config` entry read back (from `slapcat -n0`, an LDAP search of cn=config…):
 * its `olcObjectIdentifier` macros are expanded in the definitions. Attribute names are matched
 * case-insensitively; `dependsOn` is unknown and left empty.
 */
export function parseSchemaConfigEntry(
  entry: { attributes: Record<string, string | string[]> },
  options: Pick<ParseOptions, 'onWarning'> = {},
): SchemaDef {
  const values = (name: string): string[] => {
    const key = Object.keys(entry.attributes).find((k) => k.toLowerCase() === name.toLowerCase());
    const raw = key === undefined ? [] : entry.attributes[key];
    return (Array.isArray(raw) ? raw : [raw ?? '']).map(withoutOrderedIndex);
  };
  const objectIdentifiers: Record<string, string> = {};
  for (const value of values('olcObjectIdentifier')) {
    const [name, oid, ...extra] = value.trim().split(/\s+/);
    if (name === undefined || oid === undefined || extra.length > 0) {
      throw new SchemaParseError(`olcObjectIdentifier "${value}" is not "name oid"`);
    }
    objectIdentifiers[name] = oid;
  }
  const parseOptions: ParseOptions = { macros: objectIdentifiers, ...options };
  const schema: SchemaDef = {
    name: values('cn')[0] ?? '',
    dependsOn: [],
    attributeTypes: values('olcAttributeTypes').map((v) => parseAttributeType(v, parseOptions)),
    objectClasses: values('olcObjectClasses').map((v) => parseObjectClass(v, parseOptions)),
  };
  if (Object.keys(objectIdentifiers).length > 0) schema.objectIdentifiers = objectIdentifiers;
  return schema;
}
