// Serialise entries to LDIF (RFC 2849): safe strings as-is, anything else base64, long lines folded.

export type LdifValue = string | Buffer;
export interface LdifEntry {
  dn: string;
  attributes: Record<string, LdifValue | LdifValue[]>;
}

/** RFC 2849 SAFE-STRING: ASCII without NUL, CR, LF; not starting with space, `:` or `<`; we also refuse a trailing space. */
function isSafe(value: string): boolean {
  if (value === '') return true;
  const first = value.charCodeAt(0);
  if (first === 0x20 || first === 0x3a || first === 0x3c || value.endsWith(' ')) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0 || c === 0x0a || c === 0x0d || c > 0x7f) return false;
  }
  return true;
}

/** One `name: value` (or `name:: base64`) line, folded at 76 columns. */
export function ldifLine(name: string, value: LdifValue): string {
  const line =
    typeof value === 'string' && isSafe(value)
      ? `${name}: ${value}`
      : `${name}:: ${(typeof value === 'string' ? Buffer.from(value, 'utf8') : value).toString('base64')}`;
  return fold(line);
}

function fold(line: string, width = 76): string {
  if (line.length <= width) return line;
  const parts = [line.slice(0, width)];
  for (let i = width; i < line.length; i += width - 1) parts.push(' ' + line.slice(i, i + width - 1));
  return parts.join('\n');
}

/** An entry as an LDIF record (no trailing blank line). */
export function entryToLdif(entry: LdifEntry): string {
  const lines = [ldifLine('dn', entry.dn)];
  for (const [name, raw] of Object.entries(entry.attributes)) {
    for (const value of Array.isArray(raw) ? raw : [raw]) lines.push(ldifLine(name, value));
  }
  return lines.join('\n');
}

/** Several entries as one LDIF document. */
export function entriesToLdif(entries: Iterable<LdifEntry>): string {
  return [...entries].map(entryToLdif).join('\n\n') + '\n';
}
