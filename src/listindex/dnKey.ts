// Normalized DN keys for the list index: the same text as src/ldap/dn.ts normalizeDn, computed
// without parsing for the plain RDNs that make up almost every directory (uid=x), and with the
// parent's key cached (a list's entries share a handful of parents).
import { CASE_IGNORE_DN_ATTRIBUTES, normalizeDn } from '../ldap/dn.ts';

// A type written as its canonical short name (normalizeDn maps aliases and OIDs), a value of
// letters, digits, ". _ @ -" and single inner spaces: nothing to unescape, nothing to escape.
const PLAIN_RDN_RE = /^([A-Za-z][A-Za-z0-9-]*)=[A-Za-z0-9._@-]+(?: [A-Za-z0-9._@-]+)*$/;
const PARENT_CACHE_LIMIT = 10_000;
const parentCache = new Map<string, string>();

function rdnKey(rdn: string): string {
  const m = PLAIN_RDN_RE.exec(rdn);
  if (m && CASE_IGNORE_DN_ATTRIBUTES.has((m[1] as string).toLowerCase())) return rdn.toLowerCase();
  return normalizeDn(rdn);
}

/** Index of the first comma that separates RDNs (not escaped, not inside a quoted value), or -1. */
function firstSeparator(dn: string): number {
  let quoted = false;
  for (let i = 0; i < dn.length; i += 1) {
    const c = dn.charCodeAt(i);
    if (c === 0x5c) i += 1;
    else if (c === 0x22) quoted = !quoted;
    else if ((c === 0x2c || c === 0x3b) && !quoted) return i;
  }
  return -1;
}

/**
 * The normalized form of a DN (equal to normalizeDn's): types lower-case, caseIgnore values
 * lower-case. Returns `dn` itself when it is already normalized, so the index can share the string.
 * @throws DnSyntaxError when the DN is invalid
 */
export function dnKey(dn: string): string {
  const cut = firstSeparator(dn);
  if (cut < 0) {
    const key = dn === '' ? '' : rdnKey(dn);
    return key === dn ? dn : key;
  }
  const parentText = dn.slice(cut + 1);
  let parent = parentCache.get(parentText);
  if (parent === undefined) {
    parent = normalizeDn(parentText);
    if (parentCache.size >= PARENT_CACHE_LIMIT) parentCache.clear();
    parentCache.set(parentText, parent);
  }
  const key = `${rdnKey(dn.slice(0, cut))},${parent}`;
  return key === dn ? dn : flatten(key);
}

/**
 * Makes a concatenated string flat. V8 keeps `a + b` as a pair of pointers (a rope) until it is
 * read; reading one character flattens it in place and the garbage collector then drops the pair.
 * An index keeps one key per entry: a rope would cost about twice the memory.
 */
export function flatten(text: string): string {
  if (text.length > 0) text.charCodeAt(0);
  return text;
}

/** The key of the parent of a normalized DN key (`''` for a single RDN). */
export function parentKey(key: string): string {
  for (let i = 0; i < key.length; i += 1) {
    const c = key.charCodeAt(i);
    if (c === 0x5c) i += 1; // skip the escaped character (normalizeDn escapes as "\," or "\HH")
    else if (c === 0x2c) return key.slice(i + 1);
  }
  return '';
}
