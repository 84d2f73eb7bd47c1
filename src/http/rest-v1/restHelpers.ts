// Small pieces every REST v1 handler shares: type and DN resolution, FusionDirectory's type-level access check,
// If-Match/ETag on entryCSN, edit locks around writes.
import { AppError } from '../../errors/AppError.ts';
import { dnEquals, isDescendantOf, parseDn } from '../../ldap/dn.ts';
import type { Attribute, ObjectType, Tab } from '../../model/Registry.ts';
import type { Actor } from '../../services/AccessPolicy.ts';
import type { OpenedObject, TabState } from '../../services/objects/ObjectService.ts';
import type { RestCall } from './Endpoint.ts';
import type { RestDirectory } from './RestDirectory.ts';
import { RestError, badRequest, preconditionFailed } from './restErrors.ts';

/** A type by its case-insensitive name, else FusionDirectory's NonExistingObjectTypeException (400). */
export function resolveType(call: RestCall, name: string | undefined): ObjectType {
  const type = name === undefined ? undefined : call.directory.objects.registry.type(name);
  if (!type) throw new RestError(400, { code: 'value.invalid', message: `Non-existing type "${name ?? ''}"`, fdClass: 'NonExistingObjectTypeException', extra: { type: name ?? '' } });
  return type;
}

/** The type's tab, or 404 `Tab "<tab>" of type "<type>" does not exists`. */
/** The type and DN of `/objects/{type}/{dn}/…`, once the caller's access to that type is checked. */
export async function objectTarget(call: RestCall): Promise<{ type: ObjectType; dn: string }> {
  const type = resolveType(call, call.args[0]);
  const dn = requireDn(call.args[1]);
  await checkTypeAccess(call, type, dn);
  return { type, dn };
}

export function tabOfType(type: ObjectType, name: string | undefined): Tab {
  const tab = type.tabs.find((t) => t.id.toLowerCase() === (name ?? '').toLowerCase());
  if (!tab) throw new RestError(404, { code: 'object.not_found', message: `Tab "${name ?? ''}" of type "${type.id}" does not exists`, tab: name ?? '' });
  return tab;
}

/** A DN from the path; one that cannot be parsed cannot exist. */
export function requireDn(text: string | undefined): string {
  const dn = text ?? '';
  let ok = dn !== '';
  try {
    if (ok) parseDn(dn);
  } catch {
    ok = false;
  }
  if (!ok) throw new AppError({ code: 'object.not_found', message: `Non-existing dn "${dn}"!`, dn });
  return dn;
}

/**
 * FusionDirectory's `checkAccess`: some right on the type's category in some department, or on one's own entry
 * (`:self`), else 403 before anything is read.
 */
export async function checkTypeAccess(call: RestCall, type: ObjectType, dn?: string): Promise<void> {
  const { access, baseDN } = call.directory;
  const target = { category: type.aclCategory, tab: type.mainTab.id };
  // "Some ACL for the type's category in some department" (fd-core.md §10): a department manager works in his own.
  const anywhere = access.hasAnyRight ? await access.hasAnyRight(call.actor, type.aclCategory) : (await access.rights(call.actor, { dn: baseDN, ...target })) !== '';
  if (anywhere) return;
  const self = dn !== undefined && dnEquals(dn, call.actor.dn);
  if (self && (await access.rights(call.actor, { dn, ...target })) !== '') return;
  throw new RestError(403, { code: 'acl.denied', message: `Unsufficient rights for accessing type "${type.id}${self ? ':self' : ''}"` });
}

/** The rights of the caller on a tab (and attribute) of an object. */
export async function rightsOn(call: RestCall, obj: OpenedObject, tab: Tab, attribute?: Attribute): Promise<string> {
  if (attribute && attribute.acl === null) return 'rwcdm';
  return call.directory.access.rights(call.actor, { dn: call.directory.objects.rightsDnOf(obj), category: obj.type.aclCategory, tab: tab.id, ...(attribute?.acl ? { attribute: attribute.acl } : {}) });
}

/** A tab of the object, or 404 `Tab "<tab>" of type "<type>" does not exists`. */
export function tabOf(call: RestCall, obj: OpenedObject, name: string | undefined): TabState {
  return call.directory.objects.tab(obj, name ?? '');
}

/** An attribute of a tab, or 404 `Unknown attribute`. */
export function attributeOf(state: TabState, name: string | undefined): Attribute {
  const attribute = state.tab.attributeByName.get((name ?? '').toLowerCase());
  if (!attribute) throw new RestError(404, { code: 'object.not_found', message: 'Unknown attribute', tab: state.tab.id, attribute: name ?? '' });
  return attribute;
}

/** The ETag of an entry version: its entryCSN, quoted as HTTP wants. */
export function etagOf(obj: OpenedObject): Record<string, string> {
  return obj.csn ? { etag: `"${obj.csn}"` } : {};
}

/** Refuse the write with 412 when If-Match names another version of the entry than the one opened. */
export function checkIfMatch(call: RestCall, obj: OpenedObject): void {
  const header = call.request.headers['if-match'];
  if (header === undefined) return;
  const tags = (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'))
    .filter((t) => t !== '');
  if (tags.includes('*')) return;
  if (!obj.csn || !tags.includes(obj.csn)) throw preconditionFailed(obj.dn ?? '', obj.csn);
}

/** Run a write holding FusionDirectory's edit lock on the DN (as given, like FusionDirectory does). */
export function withWriteLock<T>(call: RestCall, dn: string, write: () => Promise<T>): Promise<T> {
  return call.directory.locks.withLock(dn, call.actor.dn, write);
}

/** The body of an endpoint taking `{attr: value}` (or `{tab: {attr: value}}`): an object; `[]` counts as an empty one. */
export function objectInput(input: unknown, what: string): Record<string, unknown> {
  if (Array.isArray(input) && input.length === 0) return {};
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw badRequest(`Invalid request: ${what} must be a JSON object`);
  return input as Record<string, unknown>;
}

/** Open an object, or the 404/403 of ObjectService. */
export async function openObject(call: RestCall, type: ObjectType, dn: string): Promise<OpenedObject> {
  return call.directory.objects.open(call.actor, type.id, dn);
}

/** Where a new object goes when the request names no base: the department holding the caller's entry (FusionDirectory), else the base. */
export function defaultBaseOf(directory: RestDirectory, actor: Actor): string {
  const userType = directory.objects.registry.type('user');
  if (!userType || !isDescendantOf(actor.dn, directory.baseDN)) return directory.baseDN;
  return directory.objects.baseOf(userType, actor.dn);
}
