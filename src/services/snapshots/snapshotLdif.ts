// The LDIF inside snapshots (fd-core.md §7.1): written exactly as `ldapsearch -LLL` prints entries (FusionDirectory
// runs it to make a snapshot, and compares md5 hashes of that text), and read back as FusionDirectory reads it.
import type { LdapEntry } from '../../ldap/LdapEntry.ts';

/** One entry of a snapshot: its DN and its attributes in entry order, values as text or bytes. */
export interface SnapshotEntry {
  dn: string;
  attributes: Array<{ name: string; values: Array<string | Buffer> }>;
}

/** OpenLDAP's ldapsearch folds lines at 78 columns (measured on slapd 2.5's ldapsearch: 78 then ` ` + 77). */
const LINE_WIDTH = 78;

/** Attributes ldapsearch always prints in base64 (libldap's default "must base64" list). */
const ALWAYS_BASE64 = new Set(['userpassword', '2.5.4.35']);

/** Whether ldapsearch prints a text value as is: printable ASCII, not starting with space, `:` or `<`, no trailing space. */
function printable(value: string): boolean {
  if (value === '') return true;
  const first = value.charCodeAt(0);
  if (first === 0x20 || first === 0x3a || first === 0x3c || value.endsWith(' ')) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

function fold(line: string): string {
  if (line.length <= LINE_WIDTH) return line;
  const parts = [line.slice(0, LINE_WIDTH)];
  for (let i = LINE_WIDTH; i < line.length; i += LINE_WIDTH - 1) parts.push(` ${line.slice(i, i + LINE_WIDTH - 1)}`);
  return parts.join('\n');
}

/** One `name: value` or `name:: base64` line as ldapsearch prints it (folded). */
export function snapshotLdifLine(name: string, value: string | Buffer): string {
  const base = name.split(';')[0]!.toLowerCase();
  if (typeof value === 'string' && !ALWAYS_BASE64.has(base) && printable(value)) return fold(`${name}: ${value}`);
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return fold(`${name}:: ${bytes.toString('base64')}`);
}

/** The entries as one LDIF text, each record ended by a blank line, as `ldapsearch -LLL` prints them. */
export function writeSnapshotLdif(entries: Iterable<SnapshotEntry>): string {
  let out = '';
  for (const entry of entries) {
    const lines = [snapshotLdifLine('dn', entry.dn)];
    for (const { name, values } of entry.attributes) for (const v of values) lines.push(snapshotLdifLine(name, v));
    out += `${lines.join('\n')}\n\n`;
  }
  return out;
}

/** An entry read from the directory as a snapshot entry (attributes in the server's order). */
export function snapshotEntryOf(entry: LdapEntry): SnapshotEntry {
  return { dn: entry.dn, attributes: Object.entries(entry.attributes).map(([name, values]) => ({ name, values: [...values] })) };
}

/** A snapshot LDIF that cannot be read. */
export class SnapshotLdifError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'SnapshotLdifError';
    this.line = line;
  }
}

/** Bytes that are valid UTF-8 become text; anything else (a photo, a certificate) stays bytes. */
function decoded(bytes: Buffer): string | Buffer {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : bytes;
}

/**
 * Reads a snapshot's LDIF as FusionDirectory does (`parseLdif`): folded lines, `::` base64 values, comments and a
 * leading `version:` ignored; `:<` URLs refused. Attributes keep their order of first appearance.
 */
export function readSnapshotLdif(text: string): SnapshotEntry[] {
  const entries: SnapshotEntry[] = [];
  let entry: SnapshotEntry | undefined;
  let logical: { text: string; at: number } | undefined;
  const finishLine = () => {
    if (!logical) return;
    const { text: line, at } = logical;
    logical = undefined;
    if (line.startsWith('#')) return;
    if (/^version:/i.test(line) && !entry) return;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new SnapshotLdifError(at, 'a line must be "name: value"');
    const name = line.slice(0, colon);
    let rest = line.slice(colon + 1);
    let value: string | Buffer;
    if (rest.startsWith(':')) value = decoded(Buffer.from(rest.slice(1).trim(), 'base64'));
    else if (rest.startsWith('<')) throw new SnapshotLdifError(at, 'references to an external file are not supported');
    else {
      rest = rest.replace(/^ +/, '');
      value = rest;
    }
    if (name.toLowerCase() === 'dn') {
      if (entry) throw new SnapshotLdifError(at, 'an entry can only have one dn');
      entry = { dn: typeof value === 'string' ? value : value.toString('utf8'), attributes: [] };
      return;
    }
    if (!entry) throw new SnapshotLdifError(at, 'an entry must start with its dn');
    const lower = name.toLowerCase();
    let attribute = entry.attributes.find((a) => a.name.toLowerCase() === lower);
    if (!attribute) entry.attributes.push((attribute = { name, values: [] }));
    attribute.values.push(value);
  };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    if (raw.startsWith(' ')) {
      if (!logical) throw new SnapshotLdifError(i + 1, 'a continuation line without a line to continue');
      logical.text += raw.slice(1);
      return;
    }
    finishLine();
    if (raw.trim() === '') {
      if (entry) entries.push(entry);
      entry = undefined;
      return;
    }
    logical = { text: raw, at: i + 1 };
  });
  finishLine();
  if (entry) entries.push(entry);
  return entries;
}
