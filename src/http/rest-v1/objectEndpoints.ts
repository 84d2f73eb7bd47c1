// /objects/{type}[/{dn}[/{tab}]] (fd-core.md §10.3, §10.5, §10.6): list, create, tabs, modify, delete, templatefields.
import type { ObjectType } from '../../model/Registry.ts';
import type { ListOptions, OpenedObject } from '../../services/objects/ObjectService.ts';
import type { Endpoint, RestCall, RestResult } from './Endpoint.ts';
import { badRequest } from './restErrors.ts';
import {
  checkIfMatch,
  checkTypeAccess,
  defaultBaseOf,
  etagOf,
  objectInput,
  openObject,
  requireDn,
  resolveType,
  tabOf,
  tabOfType,
  withWriteLock,
  objectTarget,
} from './restHelpers.ts';

/** JSON input grouped by tab: `{tab: {attribute: value}}`. */
type TabInput = Record<string, Record<string, unknown>>;

type AttrMode = '1' | '*' | 'raw' | 'b64';

/** `attrs[sn]=1&attrs[title]=*` (deepObject; other modes count as 1) or `attrs=sn` (one attribute: dn → first value). */
function parseAttrs(query: URLSearchParams): { map?: Map<string, AttrMode>; single?: string } {
  const map = new Map<string, AttrMode>();
  for (const [key, value] of query) {
    const m = /^attrs\[([^\]]+)\]$/.exec(key);
    if (!m) continue;
    map.set(m[1]!, value === '*' || value === 'raw' || value === 'b64' ? value : '1');
  }
  if (map.size > 0) return { map };
  const single = query.get('attrs');
  return single ? { single } : {};
}

/** Our addition: `sort=sn,-givenName` (a leading `-` reverses). */
function parseSort(text: string | null): ListOptions['sort'] {
  if (text === null || text === '') return undefined;
  return text.split(',').map((part) => {
    const p = part.trim();
    return p.startsWith('-') ? { attribute: p.slice(1), reverse: true } : { attribute: p.replace(/^\+/, '') };
  });
}

/** Our addition: `limit=<1..1000>`, the page size. */
function parseLimit(text: string | null): number | undefined {
  if (text === null || text === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw badRequest(`Invalid limit "${text}": give a whole number from 1 to 1000`);
  return n;
}

/** Values of one attribute in a listing mode; `base64` says the values are already base64 (binary attributes). */
function formatValues(values: string[], mode: AttrMode, base64: boolean): unknown {
  switch (mode) {
    case '*':
      return values;
    case 'b64':
      return base64 ? values : values.map((v) => Buffer.from(v, 'utf8').toString('base64'));
    case 'raw':
      return Object.fromEntries([['count', values.length], ...values.map((v, i) => [String(i), v])]);
    default:
      return values[0];
  }
}

function formatDn(dn: string, mode: AttrMode): unknown {
  if (mode === '*') return [dn];
  if (mode === 'b64') return [Buffer.from(dn, 'utf8').toString('base64')];
  return dn;
}

/** Values of an attribute of a listed entry: LDAP values, or for a template its `<attr>:<value>` fields. */
function valuesIn(attributes: Record<string, string[]>, name: string, templates: boolean): string[] {
  const lower = name.toLowerCase();
  const own = Object.entries(attributes).find(([k]) => k.toLowerCase() === lower)?.[1];
  if (!templates || lower === 'cn') return own ?? [];
  const prefix = `${lower}:`;
  const fields = Object.entries(attributes).find(([k]) => k.toLowerCase() === 'fdtemplatefield')?.[1] ?? [];
  return fields.filter((f) => f.toLowerCase().startsWith(prefix)).map((f) => f.slice(prefix.length));
}

/** GET /objects/{type}: FusionDirectory's search result, plus our `limit`, `cursor` and `sort` (next page in X-Next-Cursor). */
export const listObjects: Endpoint = {
  input: 'none',
  auth: true,
  async handle(call) {
    const type = resolveType(call, call.args[0]);
    await checkTypeAccess(call, type);
    const { query } = call;
    const scope = query.get('scope') ?? 'subtree';
    if (scope !== 'base' && scope !== 'one' && scope !== 'subtree') throw badRequest(`Invalid scope "${scope}"`);
    const templatesParam = query.get('templates');
    // QUIRK kept: any non-empty value but "0" means templates, "false" included.
    const templates = templatesParam !== null && templatesParam !== '' && templatesParam !== '0';
    const { map, single } = parseAttrs(query);
    const mainAttr = type.decl.mainAttribute;
    const attributes = map ? [...map.keys()] : single ? [single] : templates ? ['cn'] : mainAttr ? [mainAttr] : [];
    const sort = parseSort(query.get('sort'));
    const limit = parseLimit(query.get('limit'));
    const options: ListOptions = {
      scope,
      templates,
      ...(attributes.length > 0 ? { attributes } : {}),
      ...(query.get('base') ? { base: query.get('base')! } : {}),
      ...(query.get('filter') ? { filter: query.get('filter')! } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(query.get('cursor') ? { cursor: query.get('cursor')! } : {}),
      ...(sort ? { sort } : {}),
    };
    const result = await call.directory.objects.list(call.actor, type.id, options);
    const isBinary = (name: string) => !templates && type.tabs.some((t) => t.attributeByName.get(name.toLowerCase())?.kind.binary === true);
    const body: Record<string, unknown> = {};
    for (const entry of result.entries) {
      const valuesOf = (name: string) => valuesIn(entry.attributes, name, templates);
      if (map) {
        const out: Record<string, unknown> = {};
        if (templates) out.cn = formatValues(valuesOf('cn'), '1', false);
        for (const [name, mode] of map) {
          if (name.toLowerCase() === 'dn') out[name] = formatDn(entry.dn, mode);
          else {
            const values = valuesOf(name);
            if (values.length > 0) out[name] = formatValues(values, mode, isBinary(name));
          }
        }
        body[entry.dn] = out;
      } else {
        const name = attributes[0];
        if (name === undefined) body[entry.dn] = { dn: entry.dn };
        else if (name.toLowerCase() === 'dn') body[entry.dn] = entry.dn;
        else {
          const first = valuesOf(name)[0];
          if (first !== undefined) body[entry.dn] = first;
        }
      }
    }
    const headers: Record<string, string> = {};
    if (result.nextCursor) headers['x-next-cursor'] = result.nextCursor;
    if (result.total !== undefined) headers['x-total-count'] = String(result.total);
    return { body, headers };
  },
};

/** Set `{tab: {attr: value}}` on an object, tab by tab in the type's order (unknown tabs: 404 before anything is set). */
async function setTabs(call: RestCall, type: ObjectType, obj: OpenedObject, input: TabInput): Promise<void> {
  for (const name of Object.keys(input)) tabOfType(type, name);
  for (const tab of type.tabs) {
    const entry = Object.entries(input).find(([name]) => name.toLowerCase() === tab.id.toLowerCase());
    if (entry) await call.directory.objects.setValues(call.actor, obj, tab.id, objectInput(entry[1], `the values of tab "${tab.id}"`));
  }
}

function tabsInput(input: unknown): TabInput {
  const body = objectInput(input, 'the body');
  for (const [tab, values] of Object.entries(body)) objectInput(values, `the values of tab "${tab}"`);
  return body as TabInput;
}

/** POST /objects/{type}: `{"attrs": {tab: {attr: value}}, "template"?: dn}` → 201 with the new DN. */
export const createObject: Endpoint = {
  input: 'required',
  auth: true,
  async handle(call) {
    const type = resolveType(call, call.args[0]);
    await checkTypeAccess(call, type);
    const body = objectInput(call.input, 'the body');
    if (body.attrs === undefined) throw badRequest('Invalid request: "attrs" is missing');
    const attrs = tabsInput(body.attrs);
    const { objects } = call.directory;
    let obj: OpenedObject;
    if (body.template !== undefined && body.template !== null && body.template !== '') {
      if (typeof body.template !== 'string') throw badRequest('Invalid request: "template" must be the DN of a template');
      const template = requireDn(body.template);
      // As FusionDirectory: the fields the template asks for fill its form; every other value is a modification afterwards.
      const asked = new Set(Object.values(await objects.templateFields(call.actor, type.id, template)).flat().map((a) => a.toLowerCase()));
      const answers: TabInput = {};
      const rest: TabInput = {};
      for (const [tab, values] of Object.entries(attrs)) {
        for (const [name, value] of Object.entries(values)) ((asked.has(name.toLowerCase()) ? answers : rest)[tab] ??= {})[name] = value;
      }
      obj = await objects.createFromTemplate(call.actor, type.id, template, answers);
      await setTabs(call, type, obj, rest);
    } else {
      const mainInput = Object.entries(attrs).find(([tab]) => tab.toLowerCase() === type.mainTab.id.toLowerCase())?.[1];
      const base = typeof mainInput?.base === 'string' ? mainInput.base : defaultBaseOf(call.directory, call.actor);
      obj = await objects.create(call.actor, type.id, base);
      await setTabs(call, type, obj, attrs);
    }
    const dn = await objects.save(call.actor, obj);
    return { status: 201, body: dn, headers: etagOf(obj) };
  },
};

/** GET /objects/{type}/{dn}: the tabs of the object with their state. */
export const getObjectTabs: Endpoint = {
  input: 'none',
  auth: true,
  async handle(call) {
    const { type, dn } = await objectTarget(call);
    const obj = await openObject(call, type, dn);
    const { registry } = call.directory.objects;
    const body = [...obj.tabs.values()].map((s) => ({ class: s.tab.id, name: registry.text(s.tab.decl.label, call.lang), active: s.active }));
    // FusionDirectory's special tab, always there and readable.
    body.push({ class: 'reference', name: call.lang === 'fr' ? 'Références' : 'References', active: true });
    return { body, headers: etagOf(obj) };
  },
};

/** Open, check If-Match, change, save, all under the edit lock; answers the DN after the save. */
async function modify(call: RestCall, type: ObjectType, dn: string, change: (obj: OpenedObject) => Promise<void>): Promise<RestResult> {
  return withWriteLock(call, dn, async () => {
    const obj = await openObject(call, type, dn);
    checkIfMatch(call, obj);
    await change(obj);
    const saved = await call.directory.objects.save(call.actor, obj);
    return { body: saved, headers: etagOf(obj) };
  });
}

/** PATCH /objects/{type}/{dn}: `{tab: {attr: value}}`; `{}`/`[]` re-saves the object. Answers the DN, new when renamed or moved. */
export const patchObject: Endpoint = {
  input: 'required',
  auth: true,
  async handle(call) {
    const { type, dn } = await objectTarget(call);
    const input = tabsInput(call.input);
    return modify(call, type, dn, (obj) => setTabs(call, type, obj, input));
  },
};

/** DELETE /objects/{type}/{dn}: the object and its subtree. */
export const deleteObject: Endpoint = {
  input: 'none',
  auth: true,
  async handle(call) {
    const { type, dn } = await objectTarget(call);
    await withWriteLock(call, dn, async () => {
      if (call.request.headers['if-match'] !== undefined) checkIfMatch(call, await openObject(call, type, dn));
      await call.directory.objects.delete(call.actor, type.id, dn);
    });
    return { status: 204 };
  },
};

/** GET /objects/{type}/{dn}/{tab} — or `templatefields` on a template DN. */
export const getTab: Endpoint = {
  input: 'none',
  auth: true,
  async handle(call) {
    const { type, dn } = await objectTarget(call);
    if (call.args[2] === 'templatefields') return { body: await call.directory.objects.templateFields(call.actor, type.id, dn) };
    if (call.args[2] === 'reference') return { body: await call.directory.objects.references(call.actor, type.id, dn) };
    const obj = await openObject(call, type, dn);
    const state = tabOf(call, obj, call.args[2]);
    return { body: await call.directory.objects.readTab(call.actor, obj, state.tab.id), headers: etagOf(obj) };
  },
};

/** PATCH /objects/{type}/{dn}/{tab}: `{attr: value}`. */
export const patchTab: Endpoint = {
  input: 'required',
  auth: true,
  async handle(call) {
    const { type, dn } = await objectTarget(call);
    const tab = tabOfType(type, call.args[2]);
    const values = objectInput(call.input, 'the body');
    return modify(call, type, dn, (obj) => call.directory.objects.setValues(call.actor, obj, tab.id, values));
  },
};

/** DELETE /objects/{type}/{dn}/{tab}: deactivate the tab (its objectClasses and attributes go). */
export const deleteTab: Endpoint = {
  input: 'none',
  auth: true,
  async handle(call) {
    const { type, dn } = await objectTarget(call);
    const tab = tabOfType(type, call.args[2]);
    await modify(call, type, dn, (obj) => call.directory.objects.deactivateTab(call.actor, obj, tab.id));
    return { status: 204 };
  },
};
