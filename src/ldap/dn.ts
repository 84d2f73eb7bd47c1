// Distinguished names (RFC 4514): parse into RDNs, serialize with escaping, normalize and compare,
// walk the tree (parent, RDN, ancestors) and build child DNs from untrusted values.

/** One `type=value` pair of an RDN. `value` is the decoded value; `ber` is set for `#hex` values. */
export interface Ava {
  type: string;
  value: string;
  /** The BER encoding given as `#hex` in the DN text, when the value was written that way. */
  ber?: Buffer;
}

/** A relative DN: one or more AVAs joined by `+`. */
export type Rdn = Ava[];

/** A DN as its RDNs, leftmost (the entry's own RDN) first. The root DSE is `[]`. */
export type Dn = Rdn[];

/** The DN text could not be parsed; `position` is the 0-based index in the text. */
export class DnSyntaxError extends Error {
  override name = 'DnSyntaxError';
  readonly position: number;
  readonly dn: string;

  constructor(dn: string, position: number, reason: string) {
    super(`Invalid DN at position ${position}: ${reason}`);
    this.position = position;
    this.dn = dn;
  }
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const isAlpha = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** Characters that may follow a backslash as themselves (RFC 4514 `special` and `ESC`, plus `=` ). */
const ESCAPABLE = new Set(['"', '+', ',', ';', '<', '>', '\\', ' ', '#', '=']);

/**
 * Parses a DN. Accepts RFC 4514 text plus the usual leniencies of RFC 2253/1779 input (spaces
 * around separators, `;` between RDNs, quoted values); throws {@link DnSyntaxError} otherwise.
 * @example parseDn('cn=Smith\\, J+uid=js,ou=people,dc=example,dc=org')[0] // [{type:'cn',value:'Smith, J'},{type:'uid',value:'js'}]
 */
export function parseDn(text: string): Dn {
  const dn: Dn = [];
  let pos = 0;
  const n = text.length;
  const fail = (reason: string, at = pos): never => {
    throw new DnSyntaxError(text, at, reason);
  };
  const skipSpaces = (): void => {
    while (pos < n && text[pos] === ' ') pos += 1;
  };

  skipSpaces();
  if (pos === n) return dn;

  let rdn: Rdn = [];
  for (;;) {
    // attributeType: descr / numericoid
    skipSpaces();
    const typeStart = pos;
    const first = text[pos];
    if (first === undefined) fail('expected an attribute type');
    else if (isAlpha(first)) {
      while (pos < n && (isAlpha(text[pos] as string) || isDigit(text[pos] as string) || text[pos] === '-')) pos += 1;
    } else if (isDigit(first)) {
      while (pos < n && (isDigit(text[pos] as string) || text[pos] === '.')) pos += 1;
      if (!/^\d+(\.\d+)+$/.test(text.slice(typeStart, pos))) fail('invalid numeric OID', typeStart);
    } else {
      fail(`expected an attribute type, found ${JSON.stringify(first)}`);
    }
    let type = text.slice(typeStart, pos);
    // RFC 1779 allowed an "OID." prefix on numeric OIDs.
    if (type.toLowerCase() === 'oid' && text[pos] === '.' && isDigit(text[pos + 1] ?? '')) {
      const oidStart = pos + 1;
      pos = oidStart;
      while (pos < n && (isDigit(text[pos] as string) || text[pos] === '.')) pos += 1;
      type = text.slice(oidStart, pos);
      if (!/^\d+(\.\d+)+$/.test(type)) fail('invalid numeric OID', oidStart);
    }
    skipSpaces();
    if (text[pos] !== '=') fail(`expected "=" after attribute type "${type}"`);
    pos += 1;
    skipSpaces();

    const ava: Ava = { type, value: '' };
    if (text[pos] === '#') {
      // hexstring: the BER encoding of the value
      const start = pos;
      pos += 1;
      while (pos < n && isHex(text[pos])) pos += 1;
      const hex = text.slice(start + 1, pos);
      if (hex.length === 0 || hex.length % 2 !== 0) fail('a "#" value needs an even, non-zero number of hex digits', start);
      ava.ber = Buffer.from(hex, 'hex');
      ava.value = decodeBerString(ava.ber) ?? `#${hex.toLowerCase()}`;
      skipSpaces();
    } else if (text[pos] === '"') {
      // quoted value (RFC 2253 input only)
      pos += 1;
      let value = '';
      for (;;) {
        const c = text[pos];
        if (c === undefined) fail('unterminated quoted value');
        else if (c === '"') {
          pos += 1;
          break;
        } else if (c === '\\') {
          const r = readEscape();
          value += r;
        } else {
          value += c;
          pos += 1;
        }
      }
      ava.value = value;
      skipSpaces();
    } else {
      let value = '';
      let significantLength = 0; // length of value up to the last char that is not an unescaped space
      for (;;) {
        const c = text[pos];
        if (c === undefined || c === ',' || c === '+' || c === ';') break;
        if (c === '\\') {
          value += readEscape();
          significantLength = value.length;
        } else if (c === '"' || c === '<' || c === '>' || c === '\0') {
          fail(`character ${JSON.stringify(c)} must be escaped in a DN value`);
        } else {
          value += c;
          pos += 1;
          if (c !== ' ') significantLength = value.length;
        }
      }
      ava.value = value.slice(0, significantLength);
    }
    rdn.push(ava);

    const sep = text[pos];
    if (sep === undefined) {
      dn.push(rdn);
      return dn;
    }
    if (sep === '+') {
      pos += 1;
      continue;
    }
    if (sep === ',' || sep === ';') {
      dn.push(rdn);
      rdn = [];
      pos += 1;
      skipSpaces();
      if (pos === n) fail('DN ends with a separator');
      continue;
    }
    fail(`unexpected character ${JSON.stringify(sep)} after a value`);
  }

  /** Reads `\X` or a run of `\HH` escapes at `pos` and returns the decoded text. */
  function readEscape(): string {
    const bytes: number[] = [];
    while (text[pos] === '\\' && isHex(text[pos + 1]) && isHex(text[pos + 2])) {
      bytes.push(Number.parseInt(text.slice(pos + 1, pos + 3), 16));
      pos += 3;
    }
    if (bytes.length > 0) {
      try {
        return utf8Decoder.decode(Uint8Array.from(bytes));
      } catch {
        return fail('hex escapes do not form valid UTF-8', pos - 3 * bytes.length);
      }
    }
    const next = text[pos + 1];
    if (next === undefined) return fail('DN ends with a lone "\\"');
    if (!ESCAPABLE.has(next)) return fail(`invalid escape "\\${next}"`);
    pos += 2;
    return next;
  }
}

/** Decodes a BER string-type value (OCTET STRING, UTF8String, PrintableString, IA5String…), or undefined. */
function decodeBerString(ber: Buffer): string | undefined {
  const tag = ber[0];
  if (tag === undefined || ![0x04, 0x0c, 0x13, 0x14, 0x16, 0x1a].includes(tag)) return undefined;
  let len = ber[1];
  let offset = 2;
  if (len === undefined) return undefined;
  if (len & 0x80) {
    const count = len & 0x7f;
    if (count === 0 || count > 4 || ber.length < 2 + count) return undefined;
    len = 0;
    for (let i = 0; i < count; i += 1) len = len * 256 + (ber[2 + i] as number);
    offset = 2 + count;
  }
  if (offset + len !== ber.length) return undefined;
  try {
    return utf8Decoder.decode(ber.subarray(offset));
  } catch {
    return undefined;
  }
}

export interface EscapeDnValueOptions {
  /** Write every escaped character as `\HH` (e.g. `\2C`), never as `\,`. Default false. */
  hex?: boolean;
}

/**
 * Escapes a value for use in a DN string (RFC 4514 §2.4): `, + " \ < > ; =` anywhere, `#` and
 * space at the start, space at the end, and control characters (as `\HH`). Non-ASCII stays as is.
 * @example escapeDnValue(' Smith, J+ ') // '\\ Smith\\, J\\+\\ '
 */
export function escapeDnValue(value: string, options: EscapeDnValueOptions = {}): string {
  let out = '';
  const last = value.length - 1;
  for (let i = 0; i <= last; i += 1) {
    const c = value[i] as string;
    const code = c.charCodeAt(0);
    let escape = false;
    let forceHex = false;
    if (c === ',' || c === '+' || c === '"' || c === '\\' || c === '<' || c === '>' || c === ';' || c === '=') escape = true;
    else if ((c === '#' || c === ' ') && i === 0) escape = true;
    else if (c === ' ' && i === last) escape = true;
    else if (code < 0x20 || code === 0x7f) {
      escape = true;
      forceHex = true;
    }
    if (!escape) out += c;
    else if (options.hex || forceHex) out += `\\${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += `\\${c}`;
  }
  return out;
}

/** Serializes one RDN (`cn=a+uid=b`). */
export function formatRdn(rdn: Rdn, options: EscapeDnValueOptions = {}): string {
  return rdn.map((ava) => `${ava.type}=${ava.ber ? `#${ava.ber.toString('hex')}` : escapeDnValue(ava.value, options)}`).join('+');
}

/** Serializes a parsed DN in RFC 4514 form. */
export function formatDn(dn: Dn, options: EscapeDnValueOptions = {}): string {
  return dn.map((rdn) => formatRdn(rdn, options)).join(',');
}

const asDn = (dn: string | Dn): Dn => (typeof dn === 'string' ? parseDn(dn) : dn);

// ---- normalization ---------------------------------------------------------------------------

/** Short names for the attribute types that appear in DNs, keyed by lower-case alias or OID. */
const TYPE_ALIASES: Record<string, string> = {
  '2.5.4.3': 'cn', commonname: 'cn',
  '2.5.4.4': 'sn', surname: 'sn',
  '2.5.4.42': 'givenname',
  '2.5.4.6': 'c', countryname: 'c',
  '2.5.4.7': 'l', localityname: 'l',
  '2.5.4.8': 'st', stateorprovincename: 'st',
  '2.5.4.9': 'street', streetaddress: 'street',
  '2.5.4.10': 'o', organizationname: 'o',
  '2.5.4.11': 'ou', organizationalunitname: 'ou',
  '0.9.2342.19200300.100.1.1': 'uid', userid: 'uid',
  '0.9.2342.19200300.100.1.3': 'mail', rfc822mailbox: 'mail',
  '0.9.2342.19200300.100.1.25': 'dc', domaincomponent: 'dc',
};

/**
 * Attribute types whose DN values compare case-insensitively (caseIgnoreMatch / caseIgnoreIA5Match
 * and numeric ones, where case does not matter). Others compare exactly unless the caller says so.
 */
export const CASE_IGNORE_DN_ATTRIBUTES: ReadonlySet<string> = new Set([
  'cn', 'sn', 'givenname', 'c', 'l', 'st', 'street', 'o', 'ou', 'uid', 'mail', 'dc', 'description', 'title',
  'displayname', 'uidnumber', 'gidnumber', 'associateddomain', 'sambadomainname', 'supanncodeentite',
  'macaddress', 'iphostnumber', 'ipnetworknumber', 'employeenumber', 'postalcode', 'businesscategory',
]);

export interface NormalizeDnOptions {
  /** Lower-case attribute names (besides {@link CASE_IGNORE_DN_ATTRIBUTES}) whose values ignore case. */
  caseIgnoreAttributes?: Iterable<string>;
}

const normalizeType = (type: string): string => {
  const lower = type.toLowerCase();
  return TYPE_ALIASES[lower] ?? lower;
};

function normalizeValue(type: string, value: string, caseIgnore: (t: string) => boolean): string {
  if (!caseIgnore(type)) return value;
  // caseIgnoreMatch with RFC 4518 insignificant-space handling: trim, collapse inner runs.
  return value.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The normalized DN text used for comparisons: attribute types lower-case (aliases and OIDs
 * mapped to short names), caseIgnore values lower-cased with spaces collapsed, AVAs of a
 * multi-valued RDN sorted, no spaces around separators.
 * @example normalizeDn('UID=Jo , OU=People,dc=Example') // 'uid=jo,ou=people,dc=example'
 */
export function normalizeDn(dn: string | Dn, options: NormalizeDnOptions = {}): string {
  const extra = options.caseIgnoreAttributes ? new Set([...options.caseIgnoreAttributes].map((a) => normalizeType(a))) : undefined;
  const caseIgnore = (t: string): boolean => CASE_IGNORE_DN_ATTRIBUTES.has(t) || (extra?.has(t) ?? false);
  return asDn(dn)
    .map((rdn) =>
      rdn
        .map((ava) => {
          const type = normalizeType(ava.type);
          return `${type}=${escapeDnValue(normalizeValue(type, ava.value, caseIgnore))}`;
        })
        .sort()
        .join('+'),
    )
    .join(',');
}

/** True when both DNs name the same entry (see {@link normalizeDn}). */
export function dnEquals(a: string | Dn, b: string | Dn, options: NormalizeDnOptions = {}): boolean {
  return normalizeDn(a, options) === normalizeDn(b, options);
}

/**
 * True when `dn` is below `ancestor` (strictly, unless `orSelf`). Every DN is below the root DSE `''`.
 * @example isDescendantOf('uid=a,ou=people,dc=x', 'dc=x') // true
 */
export function isDescendantOf(dn: string | Dn, ancestor: string | Dn, options: NormalizeDnOptions & { orSelf?: boolean } = {}): boolean {
  const child = asDn(dn);
  const parent = asDn(ancestor);
  if (child.length < parent.length || (child.length === parent.length && !options.orSelf)) return false;
  const tail = child.slice(child.length - parent.length);
  return normalizeDn(tail, options) === normalizeDn(parent, options);
}

/** The parent DN as text: `''` for a one-RDN DN, `null` for the root DSE. */
export function parentDn(dn: string | Dn): string | null {
  const parsed = asDn(dn);
  if (parsed.length === 0) return null;
  return formatDn(parsed.slice(1));
}

/** The entry's own RDN (leftmost), or `null` for the root DSE. */
export function rdnOf(dn: string | Dn): Rdn | null {
  return asDn(dn)[0] ?? null;
}

/** The value of `attribute` in the entry's own RDN (case-insensitive type match), if present. */
export function rdnValue(dn: string | Dn, attribute: string): string | undefined {
  const wanted = normalizeType(attribute);
  return rdnOf(dn)?.find((ava) => normalizeType(ava.type) === wanted)?.value;
}

/**
 * Builds the DN of a child entry from an attribute and an untrusted value, escaping the value.
 * @example childDn('cn', 'Doe, John', 'ou=people,dc=x') // 'cn=Doe\\, John,ou=people,dc=x'
 */
export function childDn(attribute: string, value: string, parent: string | Dn): string {
  if (!/^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)+)$/.test(attribute)) {
    throw new DnSyntaxError(attribute, 0, `invalid attribute type "${attribute}"`);
  }
  if (value === '') throw new DnSyntaxError(value, 0, 'an RDN value cannot be empty');
  const parentText = typeof parent === 'string' ? formatDn(parseDn(parent)) : formatDn(parent);
  const rdn = `${attribute}=${escapeDnValue(value)}`;
  return parentText === '' ? rdn : `${rdn},${parentText}`;
}
