// /objects/{type}/{dn}/{tab}/{attribute}[/values] (fd-core.md §10.3): read, set, reset one attribute; add or remove values.
import type { Attribute } from '../../model/Registry.ts';
import type { OpenedObject, TabState } from '../../services/objects/ObjectService.ts';
import type { Endpoint, RestCall } from './Endpoint.ts';
import { RestError, badRequest } from './restErrors.ts';
import { attributeOf, checkIfMatch, etagOf, objectTarget, openObject, rightsOn, tabOf, withWriteLock } from './restHelpers.ts';

const forbidden = (message: string, state: TabState, a: Attribute) => new RestError(403, { code: 'acl.denied', message, tab: state.tab.id, attribute: a.decl.name });

/** Open the object under the edit lock, check If-Match, change the attribute, save; `after` sees the saved object. */
async function writeAttribute<T>(call: RestCall, change: (obj: OpenedObject, state: TabState, a: Attribute) => Promise<void>, after: (obj: OpenedObject, state: TabState, a: Attribute, dn: string) => Promise<T>): Promise<T> {
  const { type, dn } = await objectTarget(call);
  return withWriteLock(call, dn, async () => {
    const obj = await openObject(call, type, dn);
    const state = tabOf(call, obj, call.args[2]);
    const a = attributeOf(state, call.args[3]);
    checkIfMatch(call, obj);
    await change(obj, state, a);
    const saved = await call.directory.objects.save(call.actor, obj);
    return after(obj, state, a, saved);
  });
}

/** GET …/{tab}/{attribute}: the attribute's JSON value. */
export const getAttribute: Endpoint = {
  input: 'none',
  auth: true,
  async handle(call) {
    const { type, dn } = await objectTarget(call);
    const obj = await openObject(call, type, dn);
    const state = tabOf(call, obj, call.args[2]);
    const a = attributeOf(state, call.args[3]);
    if (!state.active) throw badRequest(`Tab "${state.tab.id}" is inactive`, { tab: state.tab.id, attribute: a.decl.name });
    if (!(await rightsOn(call, obj, state.tab, a)).includes('r')) throw forbidden(`Not enough rights to read "${a.decl.name}"`, state, a);
    const values = await call.directory.objects.readTab(call.actor, obj, state.tab.id);
    return { body: values[a.decl.name] ?? null, headers: etagOf(obj) };
  },
};

/** PUT …/{tab}/{attribute}: set the value (the tab is activated when needed and allowed). */
export const putAttribute: Endpoint = {
  input: 'required',
  auth: true,
  async handle(call) {
    return writeAttribute(
      call,
      (obj, state, a) => call.directory.objects.setValues(call.actor, obj, state.tab.id, { [a.decl.name]: call.input }),
      async (obj, _state, _a, dn) => ({ body: dn, headers: etagOf(obj) }),
    );
  },
};

/** DELETE …/{tab}/{attribute}: reset to the default value, save, and answer the new value. */
export const deleteAttribute: Endpoint = {
  input: 'none',
  auth: true,
  async handle(call) {
    return writeAttribute(
      call,
      async (obj, state, a) => {
        if (!state.active) throw badRequest('Inactive tab', { tab: state.tab.id, attribute: a.decl.name });
        if (!(await rightsOn(call, obj, state.tab, a)).includes('w')) throw forbidden(`Not enough rights to delete "${a.decl.name}"`, state, a);
        const reset = a.decl.default !== undefined ? a.decl.default : a.kind.toJson(a.kind.empty(a.decl), a.decl);
        await call.directory.objects.setValues(call.actor, obj, state.tab.id, { [a.decl.name]: reset });
      },
      async (obj, state, a) => {
        const values = await call.directory.objects.readTab(call.actor, obj, state.tab.id);
        return { body: values[a.decl.name] ?? null, headers: etagOf(obj) };
      },
    );
  },
};

/** The values of a multi-valued attribute as JSON strings, for comparison. */
function currentValues(state: TabState, a: Attribute): unknown[] {
  const json = a.kind.toJson(state.values.get(a.decl.name) ?? a.kind.empty(a.decl), a.decl);
  return Array.isArray(json) ? json : [];
}

/** Only `…/{attribute}/values` exists below an attribute. */
function checkValuesSegment(call: RestCall): void {
  if (call.args[4] !== 'values') {
    throw new RestError(405, { code: 'request.unsupported', message: `Invalid request for endpoint objects: ${call.request.method} with ${call.args.length} path elements` });
  }
}

async function changeValues(call: RestCall, state: TabState, obj: OpenedObject, a: Attribute, update: (current: unknown[], given: unknown[]) => unknown[]): Promise<void> {
  if (!a.kind.multiValued) throw badRequest(`Field "${a.decl.name}" is not multi-valuated`, { tab: state.tab.id, attribute: a.decl.name });
  if (!(await rightsOn(call, obj, state.tab, a)).includes('w')) throw forbidden(`Not enough rights to modify "${a.decl.name}"`, state, a);
  const given = Array.isArray(call.input) ? call.input : [call.input];
  await call.directory.objects.setValues(call.actor, obj, state.tab.id, { [a.decl.name]: update(currentValues(state, a), given) });
}

const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

/** PATCH …/{attribute}/values: add values (a value or an array) to a multi-valued attribute. */
export const addValues: Endpoint = {
  input: 'required',
  auth: true,
  async handle(call) {
    checkValuesSegment(call);
    return writeAttribute(
      call,
      (obj, state, a) => changeValues(call, state, obj, a, (current, given) => [...current, ...given.filter((g, i) => !current.some((c) => same(c, g)) && given.findIndex((x) => same(x, g)) === i)]),
      async (obj, _state, _a, dn) => ({ body: dn, headers: etagOf(obj) }),
    );
  },
};

/** DELETE …/{attribute}/values: remove values (a value or an array). */
export const removeValues: Endpoint = {
  input: 'required',
  auth: true,
  async handle(call) {
    checkValuesSegment(call);
    return writeAttribute(
      call,
      (obj, state, a) => changeValues(call, state, obj, a, (current, given) => current.filter((c) => !given.some((g) => same(c, g)))),
      async (obj) => ({ status: 204, headers: etagOf(obj) }),
    );
  },
};
