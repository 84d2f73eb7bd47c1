// The state of a management list as it lives in the URL query string, and the rows request built from it.
// The URL uses the rows API's own parameter names, so a bookmarked view is also a valid request.
import type { ListColumn } from '../api/contract.ts';

/** Rows are fetched by blocks of this many (one request per block). */
export const BLOCK_SIZE = 100;

/** Parameters of the URL that select rows (the others, `at`, only say where the view is). */
const ROW_KEYS = new Set(['base', 'scope', 'types', 'templates', 'q', 'tabs', 'sort', 'desc', 'cols']);
const isFieldKey = (key: string) => /^(f|from|to)\./.test(key);

/** Parameters cleared by "clear filters" (base, scope, sort and columns stay). */
export function isFilterKey(key: string): boolean {
  return key === 'types' || key === 'templates' || key === 'q' || key === 'tabs' || isFieldKey(key);
}

/** The scope a list opens with. */
export function defaultScope(management: string): 'one' | 'sub' {
  // Lists show the whole subtree by default (an administrator at the base sees every user); departments show
  // the children of the chosen one, like a tree. See docs/compatibility.md, "Scopes".
  return management === 'departments' ? 'one' : 'sub';
}

export function scopeOf(query: URLSearchParams, management: string): 'one' | 'sub' {
  const s = query.get('scope');
  return s === 'one' || s === 'sub' ? s : defaultScope(management);
}

/** The rows request's parameters (without offset/limit), in a stable order: also the cache key of the rows. */
export function rowsParams(query: URLSearchParams, management: string): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of query) if (ROW_KEYS.has(k) || isFieldKey(k)) p.append(k, v);
  p.set('scope', scopeOf(query, management));
  p.sort();
  return p;
}

/** A comma-separated list parameter (`types`, `tabs`). */
export function listParam(query: URLSearchParams, key: string): string[] {
  const v = query.get(key);
  return v ? v.split(',').filter(Boolean) : [];
}

export function setListParam(query: URLSearchParams, key: string, values: string[]): void {
  if (values.length) query.set(key, values.join(','));
  else query.delete(key);
}

const COLUMN_KINDS: ReadonlyArray<ListColumn['kind']> = [
  'ObjectTypeColumn',
  'LinkColumn',
  'Column',
  'PropertiesColumn',
  'ActionsColumn',
  'LdapGeneralizedTimeColumn',
  'UnixTimestampColumn',
  'EpochDaysColumn',
];
export const columnKinds = COLUMN_KINDS;

/** Kinds showing an attribute's values (the others draw from the row: type, tabs, actions). */
export function kindHasAttribute(kind: ListColumn['kind']): boolean {
  return kind !== 'ObjectTypeColumn' && kind !== 'PropertiesColumn' && kind !== 'ActionsColumn';
}

/** The columns the user is trying (`cols`), or null when absent or unreadable. */
export function urlColumns(query: URLSearchParams): ListColumn[] | null {
  const raw = query.get('cols');
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return null;
    const columns: ListColumn[] = [];
    for (const c of parsed as Array<Partial<ListColumn>>) {
      if (!c || typeof c !== 'object' || !COLUMN_KINDS.includes(c.kind as ListColumn['kind'])) return null;
      columns.push(cleanColumn(c as ListColumn));
    }
    return columns;
  } catch {
    return null;
  }
}

/** A column without empty options (as stored and as put in the URL). */
export function cleanColumn(c: ListColumn): ListColumn {
  const out: ListColumn = { kind: c.kind };
  if (kindHasAttribute(c.kind) && typeof c.attributes === 'string' && c.attributes.trim()) out.attributes = c.attributes.trim();
  if (typeof c.label === 'string' && c.label.trim()) out.label = c.label.trim();
  return out;
}

/** The attribute a column sorts on (its first one), or null when it cannot sort. */
export function sortAttribute(c: ListColumn): string | null {
  if (!kindHasAttribute(c.kind) || !c.attributes) return null;
  return c.attributes.split(',')[0]!.trim() || null;
}

/** The top row index kept in `at`. */
export function topIndex(query: URLSearchParams): number {
  const n = Number(query.get('at'));
  return Number.isInteger(n) && n > 0 ? n : 0;
}
