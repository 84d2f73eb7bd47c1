import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import Fastify, { type RouteOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { OpenApiChecker } from '../../../test/openApiChecker.ts';
import { Registry } from '../../model/Registry.ts';
import { Nomenclatures } from '../../nomenclatures/Nomenclatures.ts';
import { nomenclatureTestPlugin } from '../../nomenclatures/nomenclatureTestPlugin.ts';
import { corePlugin } from '../../plugins/core/index.ts';
import { installedPlugins } from '../../plugins/index.ts';
import type { ObjectService } from '../../services/objects/ObjectService.ts';
import type { SiteConfig } from '../../services/SiteConfig.ts';
import type { RestV1Setup } from '../rest-v1/restV1.ts';
import type { BulkAnswer, BulkRequest, ChoicesAnswer, ListDefinition, ListRowsAnswer, ObjectView, ReferencesAnswer, SaveRequest, SessionInfo, UiAttributeKind, UiError } from '../ui-api/contract.ts';
import { describeType } from '../ui-api/describeType.ts';
import { rowsQueryOf, uiApi } from '../ui-api/uiApi.ts';
import { buildOpenApiDocument } from './buildOpenApiDocument.ts';
import type { HttpMethod, Operation, Parameter, Reference } from './OpenApiDocument.ts';
import { CSRF_HEADER, UI_SESSION_SCHEME, UI_TAG } from './uiPaths.ts';

const registry = new Registry(installedPlugins);
const doc = buildOpenApiDocument(registry, { version: '1.2.3' });
const checker = new OpenApiChecker(doc);
const METHODS: HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch'];

/** The web-interface operations of the document, with their full URL template (`/ui/api/…`). */
const uiOperations = Object.entries(doc.paths)
  .filter(([key]) => key.startsWith('/api/'))
  .flatMap(([key, item]) => METHODS.flatMap((m) => (item[m] ? [{ key, item, method: m, op: item[m], url: `${item.servers?.[0]?.url ?? ''}${key}` }] : [])));

const deref = <T>(x: T | Reference): T => {
  if (x && typeof x === 'object' && '$ref' in x) {
    const [, kind, name] = /^#\/components\/(\w+)\/(.+)$/.exec(x.$ref)!;
    return (doc.components as unknown as Record<string, Record<string, T>>)[kind!]![name!]!;
  }
  return x as T;
};
const parametersOf = (key: string, op: Operation) => [...(doc.paths[key]!.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref<Parameter>(p));

/** The routes uiApi registers, as `METHOD /ui/api/…` with `{param}` (HEAD routes Fastify adds to GET ones left out). */
async function registeredRoutes(): Promise<string[]> {
  const app = Fastify();
  const routes: string[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(`${method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
  });
  // No request is made: the setup is never asked for.
  await app.register(uiApi, { prefix: '/ui/api', setup: () => Promise.reject(new Error('no setup in this test')) satisfies Promise<RestV1Setup> });
  await app.ready();
  await app.close();
  return routes.sort();
}

describe('the web interface API in the OpenAPI document', () => {
  it('keeps the whole document a valid OpenAPI 3.1 document, with or without optional plugins', async () => {
    for (const d of [doc, buildOpenApiDocument(new Registry([corePlugin]), { version: '1' })]) {
      await expect(SwaggerParser.validate(structuredClone(d) as never)).resolves.toBeDefined();
    }
  });

  it('documents every route uiApi registers, with its method, and no route it does not', async () => {
    const routes = await registeredRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(21);
    const documented = uiOperations.map((o) => `${o.method.toUpperCase()} ${o.url}`).sort();
    expect(documented).toEqual(routes);
  });

  it('puts the paths under /api with the /ui server, so that they do not mix with REST v1', () => {
    expect(uiOperations.length).toBeGreaterThan(0);
    for (const { key, item } of uiOperations) expect(item.servers, key).toEqual([{ url: '/ui', description: 'Web interface API' }]);
    expect(doc.servers).toEqual([{ url: '/rest.php/v1', description: 'REST v1' }]);
    // REST v1 still has its own /objects/{type}/{dn} and /directories.
    expect(doc.paths['/objects/{type}/{dn}']!.servers).toBeUndefined();
    expect(doc.paths['/directories']!.get!.operationId).toBe('listDirectories');
    expect(checker.operationFor('GET', '/ui/api/objects/user/uid%3Dx%2Cdc%3Dorg')?.key).toBe('/api/objects/{type}/{dn}');
    expect(checker.operationFor('GET', '/rest.php/v1/objects/user/uid%3Dx%2Cdc%3Dorg')?.key).toBe('/objects/user/{dn}');
    expect(doc.info.description).toMatch(/\/ui\/api/);
  });

  it('tags them "Web interface" and explains the cookie, the CSRF header and the languages', () => {
    const tag = doc.tags.find((t) => t.name === UI_TAG)!;
    expect(tag.description).toMatch(/trousseau_session/);
    expect(tag.description).toMatch(/HttpOnly, SameSite=Strict/);
    expect(tag.description).toMatch(/X-CSRF-Token/);
    expect(tag.description).toMatch(/Accept-Language/);
    for (const { key, op } of uiOperations) expect(op.tags, key).toEqual([UI_TAG]);
  });

  it('secures them with the session cookie, except listing directories, signing in (and its second factor), password recovery and account prolongation', () => {
    expect(doc.components.securitySchemes[UI_SESSION_SCHEME]).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'trousseau_session' });
    for (const { key, method, op } of uiOperations) {
      const open = (key === '/api/directories' && method === 'get') || (key === '/api/session' && method === 'post') || key === '/api/recovery' || key.startsWith('/api/recovery/') || key === '/api/prolongation' || key.startsWith('/api/session/second-factor');
      const signOut = key === '/api/session' && method === 'delete';
      expect(op.security, `${method} ${key}`).toEqual(open ? [] : signOut ? [{ [UI_SESSION_SCHEME]: [] }, {}] : [{ [UI_SESSION_SCHEME]: [] }]);
      if (!open && !signOut) expect(op.responses['401'], `${method} ${key}`).toEqual({ $ref: '#/components/responses/UiUnauthorized' });
    }
  });

  it('asks for the X-CSRF-Token header on every signed-in write, and documents its 403', () => {
    for (const { key, method, op } of uiOperations) {
      const csrf = parametersOf(key, op).find((p) => p.name === CSRF_HEADER);
      const signedInWrite = method !== 'get' && op.security!.length > 0;
      expect(csrf !== undefined, `${method} ${key}`).toBe(signedInWrite);
      if (!signedInWrite) continue;
      expect(csrf!.in).toBe('header');
      expect(op.responses['403'], `${method} ${key}`).toEqual({ $ref: '#/components/responses/UiForbidden' });
    }
  });

  it('answers errors as one UiError object, and a stale save with the current object', () => {
    for (const name of ['UiBadRequest', 'UiUnauthorized', 'UiForbidden', 'UiNotFound', 'UiNotImplemented', 'UiUnexpectedError']) {
      expect(doc.components.responses[name]!.content!['application/json']!.schema, name).toEqual({ $ref: '#/components/schemas/UiError' });
    }
    expect(doc.paths['/api/objects/{type}/{dn}']!.put!.responses['409']).toEqual({ $ref: '#/components/responses/UiConflict' });
    const error: UiError = { code: 'value.invalid', message: 'The required field "Last name" is empty!', tab: 'user', attribute: 'sn', details: [{ code: 'value.required', message: 'The required field "Last name" is empty!', tab: 'user', attribute: 'sn' }] };
    expect(checker.validate('UiError', error)).toEqual([]);
    expect(checker.validate('UiError', { code: 'lock.taken', message: 'Locked', dn: 'uid=a', details: { author: 'uid=b' } })).toEqual([]);
    expect(checker.validate('UiError', [error])).not.toEqual([]);
    expect(checker.validate('UiError', { code: 'value.invalid', message: 'x', details: [{ message: 'no tab' }] })).not.toEqual([]);
    // The REST v1 error schema is untouched (FusionDirectory's `class` stays required there).
    expect(checker.validate('Error', { code: 'value.invalid', message: 'x' })).not.toEqual([]);
    const view: ObjectView = { type: 'user', dn: 'uid=a,dc=org', etag: '2', name: 'a', base: 'dc=org', template: false, tabs: [], canDelete: true, canMove: true, canCopy: true };
    expect(checker.validate('UiConflictError', { code: 'entry.conflict', message: 'Changed', dn: 'uid=a,dc=org', details: { current: view } })).toEqual([]);
    expect(checker.validate('UiConflictError', { code: 'entry.conflict', message: 'Changed' })).not.toEqual([]);
  });

  it('validates answers shaped by the contract types, and refuses broken ones', () => {
    const session: SessionInfo = {
      directory: 'default',
      user: { dn: 'uid=fd-admin,ou=people,dc=example,dc=org', uid: 'fd-admin', name: 'Administrator' },
      baseDN: 'dc=example,dc=org',
      csrf: 'k3y',
      expiresAt: new Date(0).toISOString(),
      menu: [{ id: 'accounts', label: 'Accounts', entries: [{ kind: 'list', id: 'users', label: 'Users' }] }, { id: 'configuration', label: 'Configuration', entries: [{ kind: 'object', id: 'configuration', label: 'Configuration', dn: 'cn=config,ou=fusiondirectory,dc=example,dc=org' }] }],
      siteLanguage: 'fr',
    };
    expect(checker.validate('UiSessionInfo', session)).toEqual([]);
    expect(checker.validate('UiSessionInfo', { ...session, csrf: undefined })).not.toEqual([]);
    expect(checker.validate('UiSessionInfo', { ...session, siteLanguage: 'de' })).not.toEqual([]);
    expect(checker.validate('UiSessionInfo', { ...session, token: 'leaked' })).not.toEqual([]);

    const definition: ListDefinition = {
      id: 'users',
      managementClass: 'userManagement',
      label: 'Users',
      types: [{ id: 'user', label: 'User', filter: '(objectClass=inetOrgPerson)', templates: true, canCreate: true }],
      filters: [
        { kind: 'tab', tab: 'posixAccount', type: 'user', label: 'Unix', filter: '(objectClass=posixAccount)' },
        { kind: 'date', attribute: 'shadowExpire', label: 'Expiration' },
        { kind: 'choice', attribute: 'preferredLanguage', label: 'Language', choices: [{ value: 'fr_FR', label: 'French' }] },
        { kind: 'groupContent', attribute: 'gosaGroupObjects', label: 'Members', choices: [{ value: 'U', label: 'Users' }] },
      ],
      searchAttributes: ['uid', 'cn'],
      columnAttributes: [{ value: 'sn', label: 'Last name' }],
      columns: [{ kind: 'ObjectTypeColumn' }, { kind: 'LinkColumn', attributes: 'sn', label: 'Last name' }],
      columnsSource: 'default',
      defaultColumns: [{ kind: 'LinkColumn', attributes: 'sn' }],
      canSetGlobalColumns: true,
      actions: ['delete', 'lock', 'unlock', 'exportCsv'],
    };
    expect(checker.validate('UiListDefinition', definition)).toEqual([]);
    expect(checker.validate('UiListDefinition', { ...definition, columns: [{ kind: 'NoSuchColumn' }] })).not.toEqual([]);
    expect(checker.validate('UiListDefinition', { ...definition, filters: [{ kind: 'tab', attribute: 'sn', label: 'x' }] })).not.toEqual([]);

    const rows: ListRowsAnswer = { total: 1, offset: 0, source: 'index', rows: [{ dn: 'uid=a,dc=org', type: 'user', template: false, name: 'A', cells: [[], ['Abadie']], tabs: ['posixAccount'], locked: false }] };
    expect(checker.validate('UiListRowsAnswer', rows)).toEqual([]);
    expect(checker.validate('UiListRowsAnswer', { ...rows, source: 'cache' })).not.toEqual([]);

    const view: ObjectView = {
      type: 'user',
      dn: null,
      etag: null,
      name: '',
      base: 'ou=people,dc=example,dc=org',
      template: false,
      tabs: [{ id: 'user', active: true, canToggle: false, values: { sn: 'Smith', title: ['Engineer'], userPassword: '' }, rights: { sn: 'rw', uid: 'r' } }],
      canDelete: false,
      canMove: false,
      canCopy: false,
    };
    expect(checker.validate('UiObjectView', view)).toEqual([]);
    expect(checker.validate('UiObjectView', { ...view, tabs: [{ ...view.tabs[0], rights: { sn: 'w' } }] })).not.toEqual([]);

    const save: SaveRequest = { etag: '20260101120000.000000Z#000000#000#000000', tabs: { user: { active: true, values: { sn: 'Smith' } }, posixAccount: { active: false } } };
    expect(checker.validate('UiSaveRequest', save)).toEqual([]);
    expect(checker.validate('UiSaveRequest', { tabs: { user: { values: {} } } })).not.toEqual([]);

    const bulk: BulkRequest = { action: 'lock', objects: [{ type: 'user', dn: 'uid=a,dc=org' }] };
    expect(checker.validate('UiBulkRequest', bulk)).toEqual([]);
    expect(checker.validate('UiBulkRequest', { action: 'lock', objects: [] })).not.toEqual([]);
    const results: BulkAnswer = { results: [{ dn: 'uid=a,dc=org', ok: true }, { dn: 'uid=b,dc=org', ok: false, error: { code: 'object.not_found', message: 'No such object' } }] };
    expect(checker.validate('UiBulkAnswer', results)).toEqual([]);

    const references: ReferencesAnswer = { references: [{ dn: 'cn=staff,dc=org', type: 'ogroup', name: 'staff', fields: [{ tab: 'ogroup', attribute: 'member', label: 'Members' }] }] };
    expect(checker.validate('UiReferencesAnswer', references)).toEqual([]);
  });

  it('describes every installed type the way describeType answers it, in both languages', async () => {
    // describeType on the real declarations; only the listing of objects for object choices is stubbed.
    const objects = { list: async () => ({ entries: [{ dn: 'cn=a,dc=org', attributes: { cn: ['a'] } }] }), isAuxiliary: () => false } as unknown as ObjectService;
    const config = { list: () => ['/bin/bash'], get: () => undefined } as unknown as SiteConfig;
    const kinds = new Set<string>();
    for (const type of registry.allTypes()) {
      for (const lang of ['en', 'fr'] as const) {
        const description = await describeType(type, { registry, config, objects, actor: { dn: 'uid=a,dc=org' }, lang });
        expect(checker.validate('UiTypeDescription', description), `${type.id} (${lang})`).toEqual([]);
        for (const tab of description.tabs) for (const s of tab.sections) for (const a of s.attributes) kinds.add(a.kind);
      }
    }
    // The installed plugins exercise most kinds, structured ones included.
    expect([...kinds]).toEqual(expect.arrayContaining(['string', 'select', 'set', 'dn', 'date', 'integer', 'boolean', 'image', 'password']));
    expect(checker.validate('UiAttribute', { kind: 'string', name: 'sn', label: 'Last name', required: true, multi: false, immutable: false, derived: false, hidden: false })).toEqual([]);
    expect(checker.validate('UiAttribute', { kind: 'select', name: 'x', label: 'X', required: true, multi: false, immutable: false, derived: false, hidden: false })).not.toEqual([]);
    expect(checker.validate('UiAttribute', { kind: 'string', name: 'x', label: 'X', required: true, multi: false, immutable: false, derived: false, hidden: false, shoeSize: 42 })).not.toEqual([]);
    expect(checker.validate('UiAttributeKind', { kind: 'set', of: { kind: 'dn', types: ['user'] } })).toEqual([]);
    expect(checker.validate('UiAttributeKind', { kind: 'set', of: { kind: 'dn', types: ['user'], name: 'x' } })).not.toEqual([]);
  });

  it('describes nomenclature selects: short lists whole, long ones searched, values of another attribute, diplomas filtered', async () => {
    const nomenclatures = new Nomenclatures({ folder: fileURLToPath(new URL('../../../../shared/reference/supann-nomenclatures/', import.meta.url)) });
    const objects = { list: async () => ({ entries: [] }), isAuxiliary: () => false, nomenclatures } as unknown as ObjectService;
    const config = { list: () => [], get: () => undefined } as unknown as SiteConfig;
    const reg = new Registry([corePlugin, nomenclatureTestPlugin]);
    const description = await describeType(reg.type('gadget')!, { registry: reg, config, objects, actor: { dn: 'uid=a,dc=org' }, lang: 'en' });
    expect(checker.validate('UiTypeDescription', description)).toEqual([]);
    const attrs = Object.fromEntries(description.tabs[0]!.sections[0]!.attributes.map((a) => [a.name, a]));
    expect(attrs.ou).toMatchObject({ kind: 'set', of: { kind: 'select', choices: expect.arrayContaining([{ value: 'student', label: 'Personne en formation (student)' }]) } });
    expect(attrs.l).toMatchObject({ kind: 'select', choicesFrom: { attribute: 'ou' }, choices: expect.arrayContaining([{ value: 'member', label: expect.any(String) }]) });
    expect(attrs.st).toMatchObject({ kind: 'set', of: { kind: 'select', choices: expect.arrayContaining([{ value: '{SUPANN}S230', label: expect.any(String) }]) } });
    expect(attrs.st).not.toHaveProperty('of.choicesSearch');
    expect(attrs.physicalDeliveryOfficeName).toMatchObject({ kind: 'select', choices: [], choicesSearch: { list: 'diplome', prefixed: true, size: 27_062 } });
    expect(attrs.physicalDeliveryOfficeName).not.toHaveProperty('choicesSearch.where');
    expect(attrs.street).toMatchObject({ kind: 'set', of: { kind: 'select', choices: [], choicesSearch: { list: 'activite', prefixed: true, size: 1856 } } });
    const registration = attrs.description as Extract<UiAttributeKind, { kind: 'composite' }>;
    expect(registration.parts[2]!.of).toMatchObject({ kind: 'select', choicesSearch: { list: 'diplome', where: { type: 'typedip', sector: 'sectdisc' } } });
    expect(registration.parts[0]!.of).toMatchObject({ kind: 'select', choicesSearch: { list: 'typediplome', size: 214 } });
    expect(registration.parts[3]!.of).toMatchObject({ kind: 'select', choicesFrom: { attribute: 'st' }, choices: expect.arrayContaining([{ value: '{SUPANN}S230', label: expect.any(String) }]) });
    const answer: ChoicesAnswer = nomenclatures.search('diplome', true, 'genie bio', { limit: 3 });
    expect(checker.validate('UiChoicesAnswer', answer)).toEqual([]);
    expect(checker.validate('UiChoicesAnswer', { choices: [{ value: 'x' }], total: 1 })).not.toEqual([]);
  });

  it('documents the list query rowsQueryOf reads, with its bounds', () => {
    const params = parametersOf('/api/lists/{id}/rows', doc.paths['/api/lists/{id}/rows']!.get!).filter((p) => p.in === 'query');
    const examples: Record<string, string> = { base: 'dc=org', scope: 'sub', types: 'user', templates: '1', q: 'mart', tabs: 'posixAccount', sort: 'sn', desc: '1', offset: '5', limit: '20', cols: '[{"kind":"Column","attributes":"sn"}]', dn: 'uid=a,dc=org' };
    const empty = rowsQueryOf(new URLSearchParams());
    for (const p of params) {
      if (p.name === 'filters') continue;
      // Each documented parameter changes what rowsQueryOf reads.
      expect(examples[p.name], p.name).toBeDefined();
      expect(rowsQueryOf(new URLSearchParams({ [p.name]: examples[p.name]! })), p.name).not.toEqual(empty);
    }
    expect(params.map((p) => p.name)).toEqual(expect.arrayContaining(Object.keys(examples)));
    // Free-form filters: f.<attribute>, from.<attribute>, to.<attribute>.
    expect(rowsQueryOf(new URLSearchParams('f.gosaGroupObjects=U&f.gosaGroupObjects=G&from.shadowExpire=2026-01-01&to.shadowExpire=2026-12-31'))).toMatchObject({
      choices: { gosaGroupObjects: ['U', 'G'] },
      dates: { shadowExpire: { from: '2026-01-01', to: '2026-12-31' } },
    });
    const filters = params.find((p) => p.name === 'filters')!;
    expect(filters).toMatchObject({ style: 'form', explode: true });
    const limit = params.find((p) => p.name === 'limit')!.schema as { minimum: number; maximum: number; default: number };
    expect(rowsQueryOf(new URLSearchParams()).limit).toBe(limit.default);
    expect(() => rowsQueryOf(new URLSearchParams({ limit: String(limit.maximum) }))).not.toThrow();
    expect(() => rowsQueryOf(new URLSearchParams({ limit: String(limit.maximum + 1) }))).toThrow();
    expect(() => rowsQueryOf(new URLSearchParams({ limit: String(limit.minimum - 1) }))).toThrow();
    expect((params.find((p) => p.name === 'scope')!.schema as { enum: string[] }).enum).toEqual(['one', 'sub']);
    expect(() => rowsQueryOf(new URLSearchParams({ scope: 'subtree' }))).toThrow();
  });
});
