// Objects as the web editor sees them (values of every tab with the user's rights), and saves of a whole editor
// (tab switches and values of several tabs in one LDAP write, guarded by the entryCSN the editor was opened at).
import { AppError } from '../../errors/AppError.ts';
import { parseDn } from '../../ldap/dn.ts';
import type { ObjectType } from '../../model/Registry.ts';
import type { Actor } from '../../services/AccessPolicy.ts';
import type { OpenedObject } from '../../services/objects/ObjectService.ts';
import type { RestDirectory } from '../rest-v1/RestDirectory.ts';
import type { ObjectTabView, ObjectView, SaveRequest, TabChange } from './contract.ts';

const invalid = (message: string, attribute?: string) => new AppError({ code: 'value.invalid', message, ...(attribute ? { attribute } : {}) });

/** What the editor shows of an opened (or new) object. */
export async function objectView(directory: RestDirectory, actor: Actor, obj: OpenedObject): Promise<ObjectView> {
  const { objects, access } = directory;
  const type = obj.type;
  const at = directory.objects.rightsDnOf(obj);
  const uniform = await access.uniformRights?.(actor);
  const rightsOf = async (tab: string, attribute?: string) =>
    uniform !== undefined ? uniform : access.rights(actor, { dn: at, category: type.aclCategory, tab, ...(attribute ? { attribute } : {}) });
  const tabs: ObjectTabView[] = [];
  for (const state of obj.tabs.values()) {
    const tabRights = await rightsOf(state.tab.id);
    let values: Record<string, unknown> = {};
    if (tabRights !== '' || uniform === undefined) {
      try {
        values = await objects.readTab(actor, obj, state.tab.id, { evenInactive: true });
      } catch (e) {
        if (!(e instanceof AppError && e.code === 'acl.denied')) throw e;
      }
    }
    const rights: Record<string, 'r' | 'rw'> = {};
    for (const a of state.tab.attributes) {
      const r = a.acl === null ? 'rw' : await rightsOf(state.tab.id, a.acl);
      if (!r.includes('r') && !r.includes('w')) {
        delete values[a.decl.name];
        continue;
      }
      rights[a.decl.name] = r.includes('w') ? 'rw' : 'r';
      // A stored password hash is never shown; the field takes a new password.
      if (a.decl.kind === 'custom' && a.decl.codec === 'userPassword') values[a.decl.name] = '';
    }
    const alwaysActive = state.tab === type.mainTab || state.tab.decl.alwaysActive === true;
    tabs.push({
      id: state.tab.id,
      active: state.active,
      canToggle: !alwaysActive && (state.active ? tabRights.includes('d') || tabRights.includes('w') : tabRights.includes('c') || tabRights.includes('w')),
      values,
      rights,
    });
  }
  const base = typeof tabs[0]?.values.base === 'string' ? (tabs[0].values.base as string) : obj.dn ? objects.baseOf(type, obj.dn) : directory.baseDN;
  const nameAttribute = type.decl.nameAttribute ?? (type.decl.mainAttribute || undefined);
  let name = '';
  for (const t of tabs) {
    const v = nameAttribute ? t.values[nameAttribute] : undefined;
    if (typeof v === 'string' && v !== '') {
      name = v;
      break;
    }
  }
  if (name === '' && obj.dn) name = String(parseDn(obj.dn)[0]?.[0]?.value ?? obj.dn);
  const mainRights = await rightsOf(type.mainTab.id);
  return {
    type: type.id,
    dn: obj.dn,
    etag: obj.csn ?? null,
    name,
    base,
    template: obj.objectClasses.some((c) => c.toLowerCase() === 'fdtemplate'),
    tabs,
    canDelete: obj.dn !== null && mainRights.includes('d'),
    canMove: obj.dn !== null && mainRights.includes('m'),
    canCopy: obj.dn !== null && type.decl.mainAttribute !== false && !obj.objectClasses.some((c) => c.toLowerCase() === 'fdtemplate') && (uniform ?? (await access.rights(actor, { dn: `new,${base}`, category: type.aclCategory, tab: type.mainTab.id }))).includes('c'),
  };
}

/** The body of a save, checked for shape; unknown tabs are a 404 like REST v1's. */
export function saveRequestOf(input: unknown, type: ObjectType): SaveRequest {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw invalid('The body must be a JSON object.');
  const body = input as Record<string, unknown>;
  if (body.tabs === null || typeof body.tabs !== 'object' || Array.isArray(body.tabs)) throw invalid('"tabs" must be an object of tab changes.', 'tabs');
  const tabs: Record<string, TabChange> = {};
  for (const [id, change] of Object.entries(body.tabs as Record<string, unknown>)) {
    if (!type.tabs.some((t) => t.id.toLowerCase() === id.toLowerCase())) throw new AppError({ code: 'object.not_found', message: `Tab "${id}" of type "${type.id}" does not exists`, tab: id });
    if (change === null || typeof change !== 'object' || Array.isArray(change)) throw invalid(`The change of tab "${id}" must be an object.`, 'tabs');
    const c = change as Record<string, unknown>;
    if (typeof c.active !== 'boolean') throw invalid(`"active" of tab "${id}" must be true or false.`, 'tabs');
    if (c.values !== undefined && (c.values === null || typeof c.values !== 'object' || Array.isArray(c.values))) throw invalid(`"values" of tab "${id}" must be an object.`, 'tabs');
    tabs[id] = { active: c.active, ...(c.values ? { values: c.values as Record<string, unknown> } : {}) };
  }
  const text = (name: string): string | undefined => {
    const v = body[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') throw invalid(`"${name}" must be a string.`, name);
    return v;
  };
  const etag = text('etag');
  const base = text('base');
  const template = text('template');
  const copyOf = text('copyOf');
  return { tabs, ...(etag ? { etag } : {}), ...(base ? { base } : {}), ...(template ? { template } : {}), ...(copyOf ? { copyOf } : {}), ...(body.asTemplate === true ? { asTemplate: true } : {}) };
}

/** Apply an editor's changes to an opened object: tab switches first (in the type's order), then values. */
export async function applyChanges(directory: RestDirectory, actor: Actor, obj: OpenedObject, tabs: Record<string, TabChange>): Promise<void> {
  const { objects } = directory;
  const changeOf = (id: string) => Object.entries(tabs).find(([k]) => k.toLowerCase() === id.toLowerCase())?.[1];
  for (const tab of obj.type.tabs) {
    const change = changeOf(tab.id);
    const state = obj.tabs.get(tab.id.toLowerCase());
    if (!change || !state) continue;
    if (change.active && !state.active) await objects.activateTab(actor, obj, tab.id);
    if (!change.active && state.active && tab !== obj.type.mainTab && !tab.decl.alwaysActive) await objects.deactivateTab(actor, obj, tab.id);
  }
  for (const tab of obj.type.tabs) {
    const change = changeOf(tab.id);
    const state = obj.tabs.get(tab.id.toLowerCase());
    if (!change?.values || !state?.active) continue;
    const values = { ...change.values };
    // An empty password field means "unchanged".
    for (const a of tab.attributes) if (a.decl.kind === 'custom' && a.decl.codec === 'userPassword' && values[a.decl.name] === '') delete values[a.decl.name];
    if (Object.keys(values).length > 0) await objects.setValues(actor, obj, tab.id, values);
  }
}
