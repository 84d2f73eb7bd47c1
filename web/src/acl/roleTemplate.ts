// The roles editor's model: gosaAclTemplate's JSON form (one object per role line, fd-core.md §5.1) read, changed and
// written back without losing what the editor does not know (objects and attributes of plugins not installed here).
import type { AclCatalogue } from '../api/contract.ts';
import { InvalidJson } from '../editor/widgets/JsonWidget.tsx';

/**
 * One role line as the server gives and takes it: rights by ACL object (`all` or `<category>/<class>`), key `"0"`
 * for the object itself, other keys for attribute ACL names.
 */
export type RoleLine = Record<string, Record<string, string>>;

/** A line of the value: structured, or the LDAP text of a line the server could not read (kept as it is). */
export type RoleItem = RoleLine | string;

/** The object that grants every category and class. */
export const ALL_OBJECTS = 'all';

/** Rights on an object, in the order the editor shows them. */
export const OBJECT_LETTERS = ['r', 'w', 'c', 'd', 'm'] as const;
export type ObjectLetter = (typeof OBJECT_LETTERS)[number];

/** Rights on an attribute. */
export const ATTRIBUTE_LETTERS = ['r', 'w'] as const;

/** "Self only": the object's rights apply to the user's own entry only (on the object's `"0"` key). */
export const SELF = 's';

/**
 * FusionDirectory 1.4 writes the self flag first, then r w c d m (ACLPermissions::toString). Only letters the user
 * changes are rewritten in this order; a value nobody touched keeps its letters as stored (`cmdrw` from older setups).
 */
const CANONICAL = 'srwcdm';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isRoleLine(v: unknown): v is RoleLine {
  return isRecord(v) && Object.values(v).every((rights) => isRecord(rights) && Object.values(rights).every((p) => typeof p === 'string'));
}

/**
 * The lines of a gosaAclTemplate value, or null when the value is not role lines (JSON typed by hand in the advanced
 * view that does not have the shape yet): the structured view then stays closed.
 * @example roleItems([{ 'user/user': { '0': 'rw' } }, '3:odd;line']) // the same two items
 */
export function roleItems(value: unknown): RoleItem[] | null {
  if (value === undefined || value === null || value === '') return [];
  if (value instanceof InvalidJson || !Array.isArray(value)) return null;
  return value.every((item) => typeof item === 'string' || isRoleLine(item)) ? (value as RoleItem[]) : null;
}

/** Whether `perms` holds `letter`. */
export function hasLetter(perms: string | undefined, letter: string): boolean {
  return (perms ?? '').includes(letter);
}

/**
 * `perms` with `letter` added or removed, in FusionDirectory's order.
 * @example withLetter('rw', 's', true) // 'srw'
 */
export function withLetter(perms: string, letter: string, on: boolean): string {
  const set = new Set([...perms].filter((c) => c !== letter));
  if (on) set.add(letter);
  return [...CANONICAL].filter((c) => set.has(c)).join('') + [...set].filter((c) => !CANONICAL.includes(c)).join('');
}

/** The rights a line gives on an object itself (`"0"`). */
export function objectRights(line: RoleLine, object: string): string {
  return line[object]?.['0'] ?? '';
}

/** The rights a line gives on one attribute of an object. */
export function attributeRights(line: RoleLine, object: string, attribute: string): string {
  return line[object]?.[attribute] ?? '';
}

/**
 * `entries` with `key` set to `value`: in place when present, else where `rank` puts it among the keys it knows
 * (unknown keys keep their place), so a new object lands where FusionDirectory's editor would write it.
 */
function placed<T>(entries: Record<string, T>, key: string, value: T, rank: (key: string) => number | undefined): Record<string, T> {
  if (key in entries) return { ...entries, [key]: value };
  const own = rank(key);
  const out: Record<string, T> = {};
  let done = false;
  for (const [k, v] of Object.entries(entries)) {
    const r = rank(k);
    if (!done && own !== undefined && r !== undefined && r > own) {
      out[key] = value;
      done = true;
    }
    out[k] = v;
  }
  if (!done) out[key] = value;
  return out;
}

/** The order of objects, then of each object's attributes, in the catalogue (`all` first, as FusionDirectory writes it). */
export interface CatalogueOrder {
  object(object: string): number | undefined;
  attribute(object: string, attribute: string): number | undefined;
}

export function catalogueOrder(catalogue: AclCatalogue | undefined): CatalogueOrder {
  const objects = new Map<string, number>([[ALL_OBJECTS, -1]]);
  const attributes = new Map<string, Map<string, number>>();
  for (const category of catalogue?.categories ?? []) {
    for (const o of category.objects) {
      if (!objects.has(o.id)) objects.set(o.id, objects.size);
      attributes.set(o.id, new Map(o.attributes.map((a, i) => [a.name, i])));
    }
  }
  return { object: (o) => objects.get(o), attribute: (o, a) => attributes.get(o)?.get(a) };
}

/** An object with no right left on itself nor on any attribute is not written (FusionDirectory leaves it out). */
function withObject(line: RoleLine, object: string, rights: Record<string, string>, order: CatalogueOrder): RoleLine {
  const kept = Object.fromEntries(Object.entries(rights).filter(([k, p]) => k === '0' || p !== ''));
  if ((kept['0'] ?? '') === '' && Object.keys(kept).every((k) => k === '0')) {
    const { [object]: _dropped, ...rest } = line;
    return rest;
  }
  // The object's own rights are always written (`user/user;s#userPassword;rw`), even when empty.
  return placed<Record<string, string>>(line, object, { '0': kept['0'] ?? '', ...kept }, order.object);
}

/** The line with the rights on an object itself replaced. */
export function setObjectRights(line: RoleLine, object: string, perms: string, order: CatalogueOrder): RoleLine {
  return withObject(line, object, { ...(line[object] ?? {}), '0': perms }, order);
}

/** The line with the rights on one attribute of an object replaced ('' removes the attribute). */
export function setAttributeRights(line: RoleLine, object: string, attribute: string, perms: string, order: CatalogueOrder): RoleLine {
  const current = line[object] ?? { '0': '' };
  return withObject(line, object, placed(current, attribute, perms, (a) => (a === '0' ? -1 : order.attribute(object, a))), order);
}

/** The line with a letter switched on or off on an object itself. */
export function toggleObjectLetter(line: RoleLine, object: string, letter: string, on: boolean, order: CatalogueOrder): RoleLine {
  return setObjectRights(line, object, withLetter(objectRights(line, object), letter, on), order);
}

/** The line with a letter switched on or off on an attribute. */
export function toggleAttributeLetter(line: RoleLine, object: string, attribute: string, letter: string, on: boolean, order: CatalogueOrder): RoleLine {
  return setAttributeRights(line, object, attribute, withLetter(attributeRights(line, object, attribute), letter, on), order);
}

/** "Grant all" on a category: every right on each of its objects (a self-only object stays self-only). */
export function grantAll(line: RoleLine, objects: string[], order: CatalogueOrder): RoleLine {
  return objects.reduce((l, o) => setObjectRights(l, o, (hasLetter(objectRights(l, o), SELF) ? SELF : '') + OBJECT_LETTERS.join(''), order), line);
}

/** "Clear" on a category: its objects removed from the line, attribute rights included. */
export function clearObjects(line: RoleLine, objects: string[]): RoleLine {
  const drop = new Set(objects);
  return Object.fromEntries(Object.entries(line).filter(([o]) => !drop.has(o)));
}

/** The line without one attribute of an object (the object goes too when nothing is left on it). */
export function removeAttribute(line: RoleLine, object: string, attribute: string): RoleLine {
  const { [attribute]: _gone, ...rest } = line[object] ?? {};
  if ((rest['0'] ?? '') === '' && Object.keys(rest).every((k) => k === '0')) return clearObjects(line, [object]);
  return { ...line, [object]: rest };
}

/** Whether a line gives any right on one of `objects`. */
export function grantsAny(line: RoleLine, objects: string[]): boolean {
  return objects.some((o) => Object.values(line[o] ?? {}).some((p) => p !== ''));
}

/** What a line names that the installed plugins do not offer: whole objects, and attributes of known objects. */
export interface UnknownParts {
  objects: string[];
  attributes: Record<string, string[]>;
}

export function unknownParts(line: RoleLine, catalogue: AclCatalogue): UnknownParts {
  const known = new Map<string, Set<string>>();
  for (const c of catalogue.categories) for (const o of c.objects) known.set(o.id, new Set(o.attributes.map((a) => a.name)));
  const objects: string[] = [];
  const attributes: Record<string, string[]> = {};
  for (const [object, rights] of Object.entries(line)) {
    if (object === ALL_OBJECTS) {
      const extra = Object.keys(rights).filter((k) => k !== '0');
      if (extra.length > 0) attributes[object] = extra;
      continue;
    }
    const names = known.get(object);
    if (!names) {
      objects.push(object);
      continue;
    }
    const extra = Object.keys(rights).filter((k) => k !== '0' && !names.has(k));
    if (extra.length > 0) attributes[object] = extra;
  }
  return { objects, attributes };
}

/**
 * An object's rights as FusionDirectory stores them inside a role line.
 * @example objectText('user/user', { '0': 's', userPassword: 'rw' }) // 'user/user;s#userPassword;rw'
 */
export function objectText(object: string, rights: Record<string, string>): string {
  return [`${object};${rights['0'] ?? ''}`, ...Object.entries(rights).filter(([k]) => k !== '0').map(([k, p]) => `${k};${p}`)].join('#');
}

/**
 * A role line as FusionDirectory stores it (gosaAclTemplate), for comparisons and the read-only view.
 * @example formatRoleLine({ all: { '0': 'rwcdm' } }, 0) // '0:all;rwcdm'
 */
export function formatRoleLine(item: RoleItem, index: number): string {
  if (typeof item === 'string') return item;
  return `${index}:${Object.entries(item)
    .map(([o, r]) => objectText(o, r))
    .join(',')}`;
}

/** The JSON to send: lines that grant nothing (an empty line added and left) are not written. */
export function roleToWire(value: unknown): unknown {
  const items = roleItems(value);
  if (items === null) return value;
  return items.filter((item) => typeof item === 'string' || Object.keys(item).length > 0);
}

/** An untouched value, or one whose only change is an empty line. */
export function isRoleUnchanged(value: unknown, initial: unknown): boolean {
  return JSON.stringify(roleToWire(value) ?? []) === JSON.stringify(initial ?? []);
}

/** The value as FusionDirectory's text, one line per value (conflict dialog). */
export function displayRole(value: unknown): string {
  const items = roleItems(roleToWire(value));
  if (items === null) return value instanceof InvalidJson ? value.text : JSON.stringify(value);
  return items.map((item, i) => formatRoleLine(item, i)).join('\n');
}
