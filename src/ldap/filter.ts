// LDAP search filters (RFC 4515): value escaping, a builder that always escapes, a strict parser for
// user-typed filters (returns an AST or a positioned error) and serialization back to text.

/** A filter value: text (sent as UTF-8) or raw bytes when the escaped bytes were not valid UTF-8. */
export type FilterValue = string | Buffer;

/** The parsed form of a filter. Values are decoded (never escaped) in the AST. */
export type FilterNode =
  | { type: 'and'; filters: FilterNode[] }
  | { type: 'or'; filters: FilterNode[] }
  | { type: 'not'; filter: FilterNode }
  | { type: 'equality' | 'greaterOrEqual' | 'lessOrEqual' | 'approx'; attribute: string; value: FilterValue }
  | { type: 'present'; attribute: string }
  | { type: 'substrings'; attribute: string; initial?: FilterValue; any: FilterValue[]; final?: FilterValue }
  | { type: 'extensible'; attribute?: string; matchingRule?: string; dnAttributes: boolean; value: FilterValue };

/** The filter text is invalid; `position` is the 0-based index where parsing failed. */
export class FilterSyntaxError extends Error {
  override name = 'FilterSyntaxError';
  readonly position: number;
  readonly filter: string;

  constructor(filter: string, position: number, reason: string) {
    super(`Invalid LDAP filter at position ${position}: ${reason}`);
    this.position = position;
    this.filter = filter;
  }
}

/**
 * Whether typed text holds a NUL. Escaping sends it (`\00`), but slapd ends IA5String assertion values there:
 * `(mail=jane@example.org\00junk)` matches jane@example.org, `(mail=*x\00y*)` every address with an x. Fields
 * that search with what users type refuse such text instead.
 * @example if (hasNul(email)) throw invalid('Give an e-mail address.', 'email');
 */
export function hasNul(value: string): boolean {
  return value.includes('\u0000');
}

/**
 * Escapes a value for a filter (RFC 4515 §3): `*`, `(`, `)`, `\` and NUL become `\2a`, `\28`,
 * `\29`, `\5c`, `\00`. Other characters, non-ASCII included, stay as they are (valid UTF-8).
 * Buffers are escaped byte by byte wherever a byte is not printable ASCII.
 * @example `(uid=${escapeFilterValue(input)})`
 */
export function escapeFilterValue(value: FilterValue): string {
  if (typeof value === 'string') {
    return value.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  }
  let out = '';
  for (const byte of value) {
    if (byte < 0x20 || byte > 0x7e || byte === 0x2a || byte === 0x28 || byte === 0x29 || byte === 0x5c) {
      out += `\\${byte.toString(16).padStart(2, '0')}`;
    } else {
      out += String.fromCharCode(byte);
    }
  }
  return out;
}

// ---- attribute descriptions --------------------------------------------------------------------

/** `attributetype *( ";" option )` where the type is a descr or a numeric OID (RFC 4512 §2.5). */
const ATTRIBUTE_DESCRIPTION = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)(?:;[A-Za-z0-9-]+)*$/;
const MATCHING_RULE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)$/;

function checkAttribute(attribute: string): string {
  if (!ATTRIBUTE_DESCRIPTION.test(attribute)) throw new TypeError(`Invalid attribute description: ${JSON.stringify(attribute)}`);
  return attribute;
}

// ---- builder ------------------------------------------------------------------------------------

/** `(attr=value)`, value escaped. */
export const eq = (attribute: string, value: FilterValue): FilterNode => ({ type: 'equality', attribute: checkAttribute(attribute), value });
/** `(attr>=value)`. */
export const ge = (attribute: string, value: FilterValue): FilterNode => ({ type: 'greaterOrEqual', attribute: checkAttribute(attribute), value });
/** `(attr<=value)`. */
export const le = (attribute: string, value: FilterValue): FilterNode => ({ type: 'lessOrEqual', attribute: checkAttribute(attribute), value });
/** `(attr~=value)`. */
export const approx = (attribute: string, value: FilterValue): FilterNode => ({ type: 'approx', attribute: checkAttribute(attribute), value });
/** `(attr=*)`. */
export const present = (attribute: string): FilterNode => ({ type: 'present', attribute: checkAttribute(attribute) });

/**
 * A substring filter; every part is a literal (its `*` are escaped). At least one part is needed.
 * @example substring('cn', { initial: 'Jo', any: ['n'], final: 'h' }) // (cn=Jo*n*h)
 */
export function substring(attribute: string, parts: { initial?: FilterValue; any?: FilterValue[]; final?: FilterValue }): FilterNode {
  const node: FilterNode = { type: 'substrings', attribute: checkAttribute(attribute), any: (parts.any ?? []).filter((v) => v.length > 0) };
  if (parts.initial !== undefined && parts.initial.length > 0) node.initial = parts.initial;
  if (parts.final !== undefined && parts.final.length > 0) node.final = parts.final;
  if (node.initial === undefined && node.final === undefined && node.any.length === 0) {
    throw new TypeError('A substring filter needs at least one non-empty part (use present() for "attr=*")');
  }
  return node;
}
/** `(attr=*value*)`. */
export const contains = (attribute: string, value: FilterValue): FilterNode => substring(attribute, { any: [value] });
/** `(attr=value*)`. */
export const startsWith = (attribute: string, value: FilterValue): FilterNode => substring(attribute, { initial: value });
/** `(attr=*value)`. */
export const endsWith = (attribute: string, value: FilterValue): FilterNode => substring(attribute, { final: value });

/** `(attr:rule:=value)` / `(attr:dn:rule:=value)`. */
export function extensible(options: { attribute?: string; matchingRule?: string; dnAttributes?: boolean; value: FilterValue }): FilterNode {
  if (options.attribute === undefined && options.matchingRule === undefined) {
    throw new TypeError('An extensible filter needs an attribute or a matching rule');
  }
  const node: FilterNode = { type: 'extensible', dnAttributes: options.dnAttributes ?? false, value: options.value };
  if (options.attribute !== undefined) node.attribute = checkAttribute(options.attribute);
  if (options.matchingRule !== undefined) {
    if (!MATCHING_RULE.test(options.matchingRule)) throw new TypeError(`Invalid matching rule: ${JSON.stringify(options.matchingRule)}`);
    node.matchingRule = options.matchingRule;
  }
  return node;
}

/** `(&…)`; with no operand it is the absolute true filter `(&)` (RFC 4526). */
export const and = (...filters: FilterNode[]): FilterNode => ({ type: 'and', filters });
/** `(|…)`; with no operand it is the absolute false filter `(|)` (RFC 4526). */
export const or = (...filters: FilterNode[]): FilterNode => ({ type: 'or', filters });
/** `(!…)`. */
export const not = (filter: FilterNode): FilterNode => ({ type: 'not', filter });
/**
 * A filter written as text by a trusted caller (configuration, a type declaration): it is parsed
 * and validated here, so a malformed one fails early; it is never concatenated as text.
 */
export const raw = (text: string): FilterNode => parseFilter(text);

// ---- serialization ------------------------------------------------------------------------------

/** Serializes a filter AST to RFC 4515 text, escaping every value. */
export function filterToString(node: FilterNode): string {
  switch (node.type) {
    case 'and':
      return `(&${node.filters.map(filterToString).join('')})`;
    case 'or':
      return `(|${node.filters.map(filterToString).join('')})`;
    case 'not':
      return `(!${filterToString(node.filter)})`;
    case 'equality':
      return `(${node.attribute}=${escapeFilterValue(node.value)})`;
    case 'greaterOrEqual':
      return `(${node.attribute}>=${escapeFilterValue(node.value)})`;
    case 'lessOrEqual':
      return `(${node.attribute}<=${escapeFilterValue(node.value)})`;
    case 'approx':
      return `(${node.attribute}~=${escapeFilterValue(node.value)})`;
    case 'present':
      return `(${node.attribute}=*)`;
    case 'substrings': {
      const parts = [node.initial === undefined ? '' : escapeFilterValue(node.initial), ...node.any.map(escapeFilterValue), node.final === undefined ? '' : escapeFilterValue(node.final)];
      return `(${node.attribute}=${parts.join('*')})`;
    }
    case 'extensible':
      return `(${node.attribute ?? ''}${node.dnAttributes ? ':dn' : ''}${node.matchingRule === undefined ? '' : `:${node.matchingRule}`}:=${escapeFilterValue(node.value)})`;
  }
}

// ---- parser -------------------------------------------------------------------------------------

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface ParseFilterOptions {
  /** Accept a single item without its parentheses (`uid=jo`), as ldapsearch does. Default true. */
  allowBareItem?: boolean;
  /** Maximum nesting depth of `&`, `|`, `!` (protects against hostile input). Default 64. */
  maxDepth?: number;
  /** Maximum length of the text. Default 16 384. */
  maxLength?: number;
}

/**
 * Parses and validates a filter typed by a user: balanced parentheses, valid attribute
 * descriptions and matching rules, `\HH` escapes only, no raw NUL. Whitespace between filter
 * components is tolerated; whitespace inside values is significant.
 * @throws FilterSyntaxError with the position of the problem
 * @example parseFilter('(&(objectClass=person)(cn=J*))')
 */
export function parseFilter(text: string, options: ParseFilterOptions = {}): FilterNode {
  const maxDepth = options.maxDepth ?? 64;
  const maxLength = options.maxLength ?? 16_384;
  const n = text.length;
  let pos = 0;

  const fail = (reason: string, at: number = pos): never => {
    throw new FilterSyntaxError(text, at, reason);
  };
  const skipSpaces = (): void => {
    while (pos < n && /\s/.test(text[pos] as string)) pos += 1;
  };

  if (n > maxLength) fail(`the filter is longer than ${maxLength} characters`, maxLength);
  skipSpaces();
  if (pos === n) fail('the filter is empty');

  let result: FilterNode;
  if (text[pos] !== '(' && options.allowBareItem !== false) {
    // A bare item runs to the end of the text (trailing whitespace dropped) and has no parentheses.
    const end = text.trimEnd().length;
    const paren = text.slice(pos, end).search(/[()]/);
    if (paren >= 0) fail(`unexpected ${JSON.stringify(text[pos + paren])} in a filter without outer parentheses`, pos + paren);
    result = parseItem(pos, end);
    pos = n;
  } else {
    result = parseFilterAt(0);
  }
  skipSpaces();
  if (pos < n) fail(text[pos] === ')' ? 'unbalanced ")"' : 'unexpected text after the filter');
  return result;

  function parseFilterAt(depth: number): FilterNode {
    if (depth > maxDepth) fail(`the filter is nested more than ${maxDepth} levels deep`);
    skipSpaces();
    if (text[pos] !== '(') fail(pos >= n ? 'unexpected end of filter, expected "("' : `expected "(", found ${JSON.stringify(text[pos])}`);
    const open = pos;
    pos += 1;
    skipSpaces();
    const c = text[pos];
    let node: FilterNode;
    if (c === '&' || c === '|') {
      pos += 1;
      const filters: FilterNode[] = [];
      skipSpaces();
      while (pos < n && text[pos] !== ')') {
        filters.push(parseFilterAt(depth + 1));
        skipSpaces();
      }
      node = c === '&' ? { type: 'and', filters } : { type: 'or', filters };
    } else if (c === '!') {
      pos += 1;
      node = { type: 'not', filter: parseFilterAt(depth + 1) };
      skipSpaces();
    } else {
      const start = pos;
      while (pos < n && text[pos] !== ')' && text[pos] !== '(') pos += 1;
      if (text[pos] === '(') fail('unescaped "(" in a value (write it as \\28)');
      if (pos >= n) fail(`unbalanced "(" opened at position ${open}`, open);
      node = parseItem(start, pos);
    }
    if (pos >= n) fail(`unbalanced "(" opened at position ${open}`, open);
    if (text[pos] !== ')') fail(`expected ")", found ${JSON.stringify(text[pos])}`);
    pos += 1;
    return node;
  }

  /** Parses `attr op value` found in text[start, end). */
  function parseItem(start: number, end: number): FilterNode {
    const item = text.slice(start, end);
    if (item.trim() === '') fail('empty filter item', start);
    // Find the operator: the first "=" decides, looking at the character before it.
    const eqIndex = item.indexOf('=');
    if (eqIndex < 0) fail('missing "=" in filter item', start);
    const before = item[eqIndex - 1];
    const valueText = item.slice(eqIndex + 1);
    const valueStart = start + eqIndex + 1;

    if (before === ':') {
      // extensible: attr[:dn][:rule]:=value  or  [:dn]:rule:=value
      const lhs = item.slice(0, eqIndex - 1);
      const parts = lhs.split(':');
      const attrPart = parts.shift() ?? '';
      let dnAttributes = false;
      let matchingRule: string | undefined;
      if (parts[0]?.toLowerCase() === 'dn') {
        dnAttributes = true;
        parts.shift();
      }
      if (parts.length > 0) matchingRule = parts.shift();
      if (parts.length > 0) fail('too many ":" in extensible filter', start);
      if (attrPart !== '' && !ATTRIBUTE_DESCRIPTION.test(attrPart)) fail(`invalid attribute description ${JSON.stringify(attrPart)}`, start);
      if (matchingRule !== undefined && !MATCHING_RULE.test(matchingRule)) fail(`invalid matching rule ${JSON.stringify(matchingRule)}`, start);
      if (attrPart === '' && matchingRule === undefined) fail('an extensible filter needs an attribute or a matching rule', start);
      const node: FilterNode = { type: 'extensible', dnAttributes, value: decodeValue(valueText, valueStart) };
      if (attrPart !== '') node.attribute = attrPart;
      if (matchingRule !== undefined) node.matchingRule = matchingRule;
      return node;
    }

    let attribute: string;
    let type: 'equality' | 'greaterOrEqual' | 'lessOrEqual' | 'approx' = 'equality';
    if (before === '>' || before === '<' || before === '~') {
      attribute = item.slice(0, eqIndex - 1);
      type = before === '>' ? 'greaterOrEqual' : before === '<' ? 'lessOrEqual' : 'approx';
    } else {
      attribute = item.slice(0, eqIndex);
    }
    if (!ATTRIBUTE_DESCRIPTION.test(attribute)) {
      fail(attribute === '' ? 'missing attribute description' : `invalid attribute description ${JSON.stringify(attribute)}`, start);
    }

    if (type !== 'equality') {
      return { type, attribute, value: decodeValue(valueText, valueStart) };
    }
    if (valueText === '*') return { type: 'present', attribute };
    if (!valueText.includes('*')) return { type: 'equality', attribute, value: decodeValue(valueText, valueStart) };

    const pieces = valueText.split('*');
    let offset = valueStart;
    const decoded = pieces.map((piece) => {
      const value = decodeValue(piece, offset);
      offset += piece.length + 1;
      return value;
    });
    const initial = decoded.shift() as FilterValue;
    const final = decoded.pop() as FilterValue;
    for (const [i, value] of decoded.entries()) {
      if (value.length === 0) fail('empty part between two "*" in a substring filter', valueStart + pieces.slice(0, i + 1).join('*').length + 1);
    }
    const node: FilterNode = { type: 'substrings', attribute, any: decoded };
    if (initial.length > 0) node.initial = initial;
    if (final.length > 0) node.final = final;
    return node;
  }

  /** Decodes an escaped assertion value (`*` was already split off for substrings, so here it is an error). */
  function decodeValue(value: string, at: number): FilterValue {
    const bytes: number[] = [];
    let hasEscape = false;
    for (let i = 0; i < value.length; i += 1) {
      const c = value[i] as string;
      if (c === '\\') {
        const hex = value.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
          fail(i + 1 >= value.length ? 'a value ends with a lone "\\"' : `invalid escape "\\${hex}" (expected two hex digits)`, at + i);
        }
        bytes.push(Number.parseInt(hex, 16));
        hasEscape = true;
        i += 2;
      } else if (c === '\0') {
        fail('NUL character in a value (write it as \\00)', at + i);
      } else if (c === '*') {
        fail('unexpected "*"', at + i);
      } else {
        for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
      }
    }
    if (!hasEscape) return value;
    const buffer = Buffer.from(bytes);
    try {
      return utf8Decoder.decode(buffer);
    } catch {
      return buffer;
    }
  }
}

/** The attribute descriptions a filter mentions (lower-case, without options), e.g. to check them against an index. */
export function filterAttributes(node: FilterNode): Set<string> {
  const out = new Set<string>();
  const walk = (n: FilterNode): void => {
    switch (n.type) {
      case 'and':
      case 'or':
        n.filters.forEach(walk);
        break;
      case 'not':
        walk(n.filter);
        break;
      default:
        if (n.attribute !== undefined) out.add((n.attribute.split(';')[0] as string).toLowerCase());
    }
  };
  walk(node);
  return out;
}
