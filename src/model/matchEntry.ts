// Evaluates an LDAP filter against an entry held in memory: tab activation and type membership (fd-core.md §2.5).
import type { FilterNode } from '../ldap/filter.ts';
import { normalizeDn, parseDn } from '../ldap/dn.ts';

/** An entry in memory: its DN and its attribute values by name (any case). */
export interface EntryLike {
  dn: string;
  get(attribute: string): string[];
}

const text = (v: string | Buffer) => (typeof v === 'string' ? v : v.toString('utf8'));
const fold = (s: string) => s.toLowerCase();

function substringMatch(value: string, node: Extract<FilterNode, { type: 'substrings' }>): boolean {
  let v = fold(value);
  if (node.initial !== undefined) {
    const i = fold(text(node.initial));
    if (!v.startsWith(i)) return false;
    v = v.slice(i.length);
  }
  let final = '';
  if (node.final !== undefined) {
    final = fold(text(node.final));
    if (!v.endsWith(final)) return false;
    v = v.slice(0, v.length - final.length);
  }
  for (const part of node.any) {
    const p = fold(text(part));
    const at = v.indexOf(p);
    if (at < 0) return false;
    v = v.slice(at + p.length);
  }
  return true;
}

function compare(a: string, b: string): number {
  if (/^-?\d+$/.test(a) && /^-?\d+$/.test(b)) return Math.sign(Number(a) - Number(b));
  return fold(a) < fold(b) ? -1 : fold(a) > fold(b) ? 1 : 0;
}

/**
 * True when the entry matches. Values compare case-insensitively (objectClass names and the attributes tabs
 * test are caseIgnore; FusionDirectory's case-sensitive comparison is a QUIRK fixed here); `:dn:` leaves also
 * look at the DN's RDN values.
 */
export function matchEntry(node: FilterNode, entry: EntryLike): boolean {
  switch (node.type) {
    case 'and':
      return node.filters.every((f) => matchEntry(f, entry));
    case 'or':
      return node.filters.some((f) => matchEntry(f, entry));
    case 'not':
      return !matchEntry(node.filter, entry);
    case 'present':
      return node.attribute.toLowerCase() === 'objectclass' || entry.get(node.attribute).length > 0;
    case 'equality':
    case 'approx':
      return entry.get(node.attribute).some((v) => fold(v) === fold(text(node.value)));
    case 'greaterOrEqual':
      return entry.get(node.attribute).some((v) => compare(v, text(node.value)) >= 0);
    case 'lessOrEqual':
      return entry.get(node.attribute).some((v) => compare(v, text(node.value)) <= 0);
    case 'substrings':
      return entry.get(node.attribute).some((v) => substringMatch(v, node));
    case 'extensible': {
      const wanted = fold(text(node.value));
      const attr = node.attribute?.toLowerCase();
      if (attr && entry.get(attr).some((v) => fold(v) === wanted)) return true;
      if (!node.dnAttributes) return false;
      return parseDn(normalizeDn(entry.dn)).some((rdn) => rdn.some((ava) => (!attr || ava.type.toLowerCase() === attr) && fold(ava.value) === wanted));
    }
  }
}
