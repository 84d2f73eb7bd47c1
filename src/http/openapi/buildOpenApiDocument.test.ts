import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PluginManifest } from '../../model/declarations.ts';
import { Registry } from '../../model/Registry.ts';
import { corePlugin } from '../../plugins/core/index.ts';
import { mailPlugin } from '../../plugins/mail/index.ts';
import { personalPlugin } from '../../plugins/personal/index.ts';
import { posixPlugin } from '../../plugins/posix/index.ts';
import { buildOpenApiDocument, withServerUrl } from './buildOpenApiDocument.ts';
import type { JsonSchema, OpenApiDocument, Operation, Parameter, Reference, Response } from './OpenApiDocument.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const reference = parse(readFileSync(path.resolve(repoRoot, '../shared/reference/fd-rest-v1-openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const build = (plugins: PluginManifest[]) => buildOpenApiDocument(new Registry(plugins), { version: '1.2.3' });
const core = build([corePlugin]);
const posix = build([corePlugin, posixPlugin]);
const all = build([corePlugin, posixPlugin, mailPlugin, personalPlugin]);

/** The operations of a document, with their path and method. */
function operations(doc: OpenApiDocument): Array<{ path: string; method: string; op: Operation }> {
  return Object.entries(doc.paths).flatMap(([p, item]) => METHODS.flatMap((m) => (item[m] ? [{ path: p, method: m, op: item[m] }] : [])));
}

/** A JSON Schema validator over the document's component schemas (OpenAPI 3.1's dialect is 2020-12). */
function schemaValidator(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats.default(ajv);
  ajv.addFormat('password', true);
  // The component schemas as the $defs of one schema, their references rewritten to match.
  const defs = JSON.parse(JSON.stringify(doc.components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/')) as Record<string, JsonSchema>;
  ajv.addSchema({ $id: 'https://trousseau.invalid/openapi.json', $defs: defs });
  return (name: string) => {
    const validate = ajv.getSchema(`https://trousseau.invalid/openapi.json#/$defs/${name}`);
    if (!validate) throw new Error(`No schema ${name}`);
    return (value: unknown) => {
      const ok = validate(value) as boolean;
      return ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
    };
  };
}

const schema = (doc: OpenApiDocument, name: string) => doc.components.schemas[name] as JsonSchema & { properties: Record<string, JsonSchema>; required?: string[] };
const deref = <T>(doc: OpenApiDocument, x: T | Reference): T => {
  if (x && typeof x === 'object' && '$ref' in x) {
    const [, kind, name] = /^#\/components\/(\w+)\/(.+)$/.exec(x.$ref)!;
    return (doc.components as unknown as Record<string, Record<string, T>>)[kind!]![name!]!;
  }
  return x as T;
};
const parametersOf = (doc: OpenApiDocument, p: string, method: (typeof METHODS)[number]) =>
  [...(doc.paths[p]?.parameters ?? []), ...(doc.paths[p]?.[method]?.parameters ?? [])].map((x) => deref<Parameter>(doc, x));

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    for (const doc of [core, posix, all]) {
      expect(doc.openapi).toBe('3.1.0');
      await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    }
  });

  it('has schemas that compile as JSON Schema 2020-12 in strict mode', () => {
    const schemaOf = schemaValidator(all);
    for (const name of Object.keys(all.components.schemas)) expect(() => schemaOf(name), name).not.toThrow();
  });

  it("has every path and method of FusionDirectory's document, with its operation ids", () => {
    const missing: string[] = [];
    for (const [p, item] of Object.entries(reference.paths)) {
      for (const method of METHODS) {
        const theirs = item[method];
        if (!theirs) continue;
        const ours = all.paths[p]?.[method];
        if (!ours) missing.push(`${method.toUpperCase()} ${p}`);
        else expect(ours.operationId, `${method} ${p}`).toBe(theirs.operationId);
      }
    }
    expect(missing).toEqual([]);
    expect(Object.keys(reference.paths).length).toBeGreaterThan(15);
  });

  it('serves the openapi.json and openapi.yaml paths without authentication', () => {
    for (const p of ['/openapi.json', '/openapi.yaml', '/login', '/directories']) expect(Object.values(all.paths[p]!)[0]).toMatchObject({ security: [] });
    expect(all.security).toEqual([{ session: [] }, { basic: [] }]);
    expect(all.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'header', name: 'Session-Token' });
    expect(all.components.securitySchemes.basic).toMatchObject({ type: 'http', scheme: 'basic' });
  });

  it('describes Trousseau as FusionDirectory REST v1 compatible, at the given server URL', () => {
    expect(all.info.title).toBe('Trousseau');
    expect(all.info.version).toBe('1.2.3');
    expect(all.info.description).toMatch(/FusionDirectory's REST webservice v1/);
    expect(all.servers[0]!.url).toBe('/rest.php/v1');
    expect(buildOpenApiDocument(new Registry([corePlugin]), { version: '1', serverUrl: 'https://idm.example.org/rest.php/v1' }).servers[0]!.url).toBe('https://idm.example.org/rest.php/v1');
    const moved = withServerUrl(all, 'https://h/fusiondirectory/rest.php/v1');
    expect(moved.servers[0]!.url).toBe('https://h/fusiondirectory/rest.php/v1');
    expect(all.servers[0]!.url).toBe('/rest.php/v1');
  });

  it('gives every operation a unique id, a summary and a tag that exists', () => {
    const ids = operations(all).map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set(all.tags.map((t) => t.name));
    for (const { op } of operations(all)) {
      expect(op.summary).not.toBe('');
      for (const tag of op.tags) expect(tags.has(tag), tag).toBe(true);
    }
  });

  it('names the installed types and tabs in the type and tab parameters', () => {
    expect(all.components.parameters.type!.schema).toEqual({ type: 'string', enum: ['user', 'ogroup', 'role', 'department', 'country', 'organization', 'locality', 'dcObject', 'domain', 'group'] });
    expect((all.components.parameters.tab!.schema as { enum: string[] }).enum).toEqual(expect.arrayContaining(['user', 'posixAccount', 'mailAccount', 'personalInfo', 'posixGroup']));
  });

  it('describes the list parameters, including the paging additions and the X-Next-Cursor header', () => {
    for (const p of ['/objects/{type}', '/objects/user']) {
      const names = parametersOf(all, p, 'get').map((x) => x.name);
      expect(names).toEqual(expect.arrayContaining(['base', 'scope', 'filter', 'attrs', 'templates', 'limit', 'cursor', 'sort']));
      const ok = deref<Response>(all, all.paths[p]!.get!.responses['200']!);
      expect(Object.keys(ok.headers ?? {})).toContain('X-Next-Cursor');
    }
    const params = Object.fromEntries(parametersOf(all, '/objects/{type}', 'get').map((x) => [x.name, x]));
    expect(params.scope!.schema).toEqual({ type: 'string', enum: ['base', 'one', 'subtree'], default: 'subtree' });
    expect(params.attrs).toMatchObject({ in: 'query', style: 'deepObject', explode: true });
    expect(params.limit!.schema).toMatchObject({ type: 'integer', minimum: 1 });
    // The typed list names the type's attributes.
    const typedAttrs = parametersOf(all, '/objects/user', 'get').find((x) => x.name === 'attrs')!.schema as { oneOf: Array<{ enum?: string[]; propertyNames?: { enum: string[] } }> };
    expect(typedAttrs.oneOf[0]!.propertyNames!.enum).toEqual(expect.arrayContaining(['dn', 'sn', 'uid', 'loginShell', 'mail']));
    expect(typedAttrs.oneOf[1]!.enum).toContain('uidNumber');
  });

  it('answers an ETag on reads and writes, takes If-Match on writes, and documents 412', () => {
    const writes = operations(all).filter(({ path: p, method }) => p.startsWith('/objects/') && p.split('/').length > 3 && ['put', 'patch', 'delete'].includes(method));
    expect(writes.length).toBeGreaterThan(40);
    for (const { path: p, method, op } of writes) {
      expect(parametersOf(all, p, method as 'put').map((x) => x.name), `${method} ${p}`).toContain('If-Match');
      expect(op.responses['412'], `${method} ${p}`).toEqual({ $ref: '#/components/responses/PreconditionFailed' });
    }
    for (const [p, status] of [['/objects/{type}/{dn}/{tab}', '200'], ['/objects/user/{dn}/posixAccount', '200'], ['/objects/{type}/{dn}/{tab}/{attribute}', '200']] as const) {
      expect(Object.keys(deref<Response>(all, all.paths[p]!.get!.responses[status]!).headers ?? {}), p).toContain('ETag');
    }
    expect(Object.keys(deref<Response>(all, all.paths['/objects/user/{dn}']!.patch!.responses['200']!).headers ?? {})).toContain('ETag');
    expect(all.components.parameters.ifMatch).toMatchObject({ name: 'If-Match', in: 'header' });
  });

  it('answers errors as arrays of error objects, and 401 as a JSON string', () => {
    const unauthorized = all.components.responses.Unauthorized!;
    expect(unauthorized.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/AuthError' });
    expect(schema(all, 'AuthError')).toMatchObject({ type: 'string' });
    expect(Object.keys(unauthorized.headers ?? {})).toContain('WWW-Authenticate');
    for (const name of ['BadRequest', 'Forbidden', 'NotFound', 'Conflict', 'PreconditionFailed', 'NotImplemented', 'UnexpectedError']) {
      expect(all.components.responses[name]!.content!['application/json']!.schema, name).toEqual({ $ref: '#/components/schemas/Errors' });
    }
    const errors = schemaValidator(all)('Errors');
    expect(errors([{ class: 'SimplePluginCheckError', message: 'The required field "Last name" is empty!', code: 'value.invalid', dn: 'new', tab: 'user', attribute: 'sn', line: 12 }])).toEqual([]);
    expect(errors({ message: 'not an array' })).not.toEqual([]);
    expect(errors([{ code: 'value.invalid' }])).not.toEqual([]);
    for (const { path: p, method, op } of operations(all)) if (!p.startsWith('/openapi')) expect(op.responses.default, `${method} ${p}`).toBeDefined();
  });

  it("describes the user's attributes with their kinds, patterns, choices and required flags", () => {
    const user = schema(all, 'tab.user');
    expect(user.additionalProperties).toBe(false);
    expect(user.properties.sn).toMatchObject({ title: 'Last name', type: 'string' });
    expect(user.properties.uid).toMatchObject({ title: 'Login', type: 'string', pattern: '^(?:[a-z0-9_-]+)$' });
    expect(user.properties.cn).toMatchObject({ readOnly: true });
    expect(user.properties.preferredLanguage).toMatchObject({ type: 'string', enum: ['', 'en_US', 'fr_FR'] });
    expect(user.properties.title).toMatchObject({ type: 'array', items: { type: 'string' }, uniqueItems: true });
    expect(user.properties.manager!.description).toMatch(/DN of an object of type `user`/);
    expect(user.properties.jpegPhoto).toMatchObject({ contentEncoding: 'base64', contentMediaType: 'image/jpeg' });
    // Required for a new object; a PATCH may leave them out.
    expect(schema(all, 'tab.user.new').required).toEqual(['sn', 'givenName', 'uid']);
    expect(user.required).toBeUndefined();
    expect(schema(all, 'type.user.new').required).toEqual(['user']);
    const posixAccount = schema(all, 'tab.posixAccount');
    expect(posixAccount.properties.loginShell).toMatchObject({ title: 'Shell', type: 'string' });
    expect(posixAccount.properties.loginShell!.description).toMatch(/fdShells/);
    expect(posixAccount.properties.uidNumber).toMatchObject({ oneOf: [{ type: 'integer', minimum: 0 }, { const: '' }] });
    expect(posixAccount.properties.shadowExpire).toMatchObject({ anyOf: [{ type: 'string', format: 'date' }, { const: '' }] });
    expect(posixAccount.properties.gecos).toMatchObject({ readOnly: true });
    expect(schema(all, 'tab.posixAccount.new').required).toEqual(['homeDirectory']);
    expect(schema(all, 'tab.personalInfo').properties.fdPhotoVisible).toMatchObject({ type: 'boolean', default: true });
  });

  it('validates creation and change bodies the way the server does', () => {
    const schemaOf = schemaValidator(posix);
    const creation = schemaOf('type.user.creation');
    const john = { user: { givenName: 'John', sn: 'Smith', uid: 'jsmith', labeledURI: '' } };
    expect(creation({ attrs: john })).toEqual([]);
    expect(creation({ attrs: { ...john, posixAccount: { homeDirectory: '/home/jsmith', uidNumber: 1234, loginShell: '/bin/bash' } } })).toEqual([]);
    expect(creation({ attrs: { user: { givenName: 'John', uid: 'jsmith' } } })).not.toEqual([]);
    expect(creation({ attrs: { user: { ...john.user, uid: 'John Smith' } } })).not.toEqual([]);
    expect(creation({ attrs: { ...john, posixAccount: { loginShell: '/bin/bash' } } })).not.toEqual([]);
    expect(creation({ attrs: { ...john, noSuchTab: {} } })).not.toEqual([]);
    expect(creation({ attrs: { user: { ...john.user, shoeSize: 42 } } })).not.toEqual([]);
    // With a template, the template supplies the required values.
    expect(creation({ attrs: { user: { givenName: 'John' } }, template: 'cn=staff,ou=templates,ou=people,dc=example,dc=com' })).toEqual([]);
    const changes = schemaOf('type.user.changes');
    expect(changes({ user: { givenName: 'Jack' }, posixAccount: { loginShell: '/bin/zsh' } })).toEqual([]);
    expect(changes({ user: { labeledURI: 'not a url' } })).not.toEqual([]);
    expect(schemaOf('tab.posixAccount')({ uidNumber: '' })).toEqual([]);
    expect(schemaOf('tab.posixAccount')({ uidNumber: 'many' })).not.toEqual([]);
    // A role has no templates: its creation body is the new object's values directly.
    expect(schemaOf('type.role.creation')({ attrs: { roleGeneric: { cn: 'admins' } } })).toEqual([]);
    expect(schemaOf('type.role.creation')({ attrs: { roleGeneric: { cn: 'admins' } }, template: 'cn=t' })).not.toEqual([]);
  });

  it('has typed paths per type and tab next to the generic ones', () => {
    const userTab = all.paths['/objects/user/{dn}/posixAccount']!;
    expect(Object.keys(userTab).filter((k) => METHODS.includes(k as never))).toEqual(['get', 'patch', 'delete']);
    expect(deref<Response>(all, userTab.get!.responses['200']!).content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/tab.posixAccount' });
    expect(userTab.patch!.requestBody).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/tab.posixAccount' } } } });
    // The main tab is always active: it cannot be deactivated.
    expect(all.paths['/objects/user/{dn}/user']!.delete).toBeUndefined();
    expect(all.paths['/objects/user']!.post!.requestBody).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/type.user.creation' } } } });
    expect(all.paths['/objects/user/{dn}']!.patch!.requestBody).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/type.user.changes' } } } });
    const attribute = all.paths['/objects/user/{dn}/posixAccount/{attribute}']!;
    expect((attribute.get!.parameters![0] as Parameter).schema).toMatchObject({ enum: expect.arrayContaining(['gecos', 'loginShell']) });
    expect((attribute.put!.parameters![0] as Parameter).schema).toMatchObject({ enum: expect.not.arrayContaining(['gecos']) });
    expect(all.paths['/objects/user/{dn}/user/{attribute}/values']!.patch).toBeDefined();
    expect(all.paths['/objects/user/{dn}/posixAccount/{attribute}/values']).toBeUndefined();
    expect(all.tags.map((t) => t.name)).toContain('User (user)');
    // One attribute's value is any of the tab's attribute schemas.
    const value = schemaValidator(all)('tab.user.value');
    expect(value('Smith')).toEqual([]);
    expect(value(['Engineer'])).toEqual([]);
    expect(value({ not: 'a value' })).not.toEqual([]);
  });

  it('changes when a plugin is installed: the posixAccount tab and the group type appear with posix', () => {
    expect(core['x-trousseau-plugins']).toEqual(['core']);
    expect(posix['x-trousseau-plugins']).toEqual(['core', 'posix']);
    // Types.
    expect(core.components.parameters.type!.schema).not.toMatchObject({ enum: expect.arrayContaining(['group']) });
    expect(posix.components.parameters.type!.schema).toMatchObject({ enum: expect.arrayContaining(['group']) });
    for (const p of ['/objects/group', '/objects/group/{dn}', '/objects/group/{dn}/posixGroup', '/objects/user/{dn}/posixAccount', '/objects/user/{dn}/posixAccount/{attribute}']) {
      expect(core.paths[p], p).toBeUndefined();
      expect(posix.paths[p], p).toBeDefined();
    }
    for (const name of ['tab.posixAccount', 'tab.posixAccount.new', 'tab.posixGroup', 'type.group.creation', 'type.group.changes']) {
      expect(core.components.schemas[name], name).toBeUndefined();
      expect(posix.components.schemas[name], name).toBeDefined();
    }
    // The posixGroup tab's attributes, and the user's new tab.
    expect(Object.keys(schema(posix, 'tab.posixGroup').properties)).toEqual(['base', 'cn', 'description', 'gidNumber', 'memberUid']);
    expect(Object.keys(schema(core, 'type.user.changes').properties)).toEqual(['user']);
    expect(Object.keys(schema(posix, 'type.user.changes').properties)).toEqual(['user', 'posixAccount']);
    expect(Object.keys(schema(posix, 'tab.posixAccount').properties)).toEqual(expect.arrayContaining(['homeDirectory', 'loginShell', 'uidNumber', 'gidNumber', 'shadowExpire']));
    // A body with a posixAccount tab is valid only where the plugin is installed.
    const body = { user: { sn: 'Smith' }, posixAccount: { homeDirectory: '/home/jsmith' } };
    expect(schemaValidator(core)('type.user.changes')(body)).not.toEqual([]);
    expect(schemaValidator(posix)('type.user.changes')(body)).toEqual([]);
    // FusionDirectory's paths are there either way.
    expect(Object.keys(core.paths)).toEqual(expect.arrayContaining(Object.keys(reference.paths)));
  });
});
