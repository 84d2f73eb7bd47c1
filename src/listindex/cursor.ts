// Opaque keyset cursors for list pages: the sort keys and normalized DN of the last row, with the
// sort they belong to, so that the next page starts right after that row even if entries were
// added or removed meanwhile.
import type { SortKeyValue } from './SortedOrder.ts';

export interface DecodedCursor {
  keys: SortKeyValue[];
  dn: string;
}

/** Encodes a cursor (base64url JSON). */
export function encodeCursor(signature: string, keys: SortKeyValue[], dn: string): string {
  return Buffer.from(JSON.stringify({ s: signature, k: keys.map((k) => k ?? null), d: dn }), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeCursor} for the same sort.
 * @throws TypeError when the cursor is malformed or belongs to another sort
 */
export function decodeCursor(cursor: string, signature: string): DecodedCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new TypeError('invalid cursor');
  }
  const c = parsed as { s?: unknown; k?: unknown; d?: unknown };
  if (typeof c !== 'object' || c === null || typeof c.d !== 'string' || !Array.isArray(c.k)) throw new TypeError('invalid cursor');
  if (c.s !== signature) throw new TypeError('the cursor belongs to another sort order');
  const keys = (c.k as unknown[]).map((k) => {
    if (k === null) return undefined;
    if (typeof k === 'string' || typeof k === 'number') return k;
    throw new TypeError('invalid cursor');
  });
  return { keys, dn: c.d };
}
