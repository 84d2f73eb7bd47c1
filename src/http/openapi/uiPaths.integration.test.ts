// Real answers of the web interface API (against the run's slapd) checked against the OpenAPI document: each request
// reaches a documented operation, its status is declared, and its body validates against the declared schema.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { parseMail, startMailSink } from '../../../test/mailSink.ts';
import { OpenApiChecker } from '../../../test/openApiChecker.ts';
import { Secret } from '../../config/Secret.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { Registry } from '../../model/Registry.ts';
import { hashSalted } from '../../passwords/ssha.ts';
import { installedPlugins } from '../../plugins/index.ts';
import { LoginThrottle } from '../../services/auth/LoginThrottle.ts';
import { ListIndexes } from '../../services/objects/ListIndexes.ts';
import { openChangeSource } from '../../services/openGateway.ts';
import { SiteConfig } from '../../services/SiteConfig.ts';
import { TaskEngine } from '../../services/tasks/TaskEngine.ts';
import { createTaskSite, smtpOf } from '../../services/tasks/testing/taskSite.ts';
import { Prolongation } from '../../services/tasks/Prolongation.ts';
import { ReminderTokens } from '../../services/tasks/tokens.ts';
import { buildApp } from '../buildApp.ts';
import { registerRoutes } from '../registerRoutes.ts';
import { buildRestV1Setup } from '../rest-v1/buildRestV1Setup.ts';
import type { ListDefinition, ObjectView, SessionInfo } from '../ui-api/contract.ts';
import { buildOpenApiDocument } from './buildOpenApiDocument.ts';
import * as OTPAuth from 'otpauth';
import { SoftAuthenticator } from '../../services/secondFactor/testing/softAuthenticator.ts';

const UA = 'trousseau-ui-openapi-tests/1.0';
const env = testLdap();
const registry = new Registry(installedPlugins);
const checker = new OpenApiChecker(buildOpenApiDocument(registry, { version: 'test' }));
const tag = randomBytes(2).toString('hex');
let app: FastifyInstance;
let gateway: LdapGateway;
let indexes: ListIndexes;
let base: string;
let people: string;
let admin = { cookie: '', csrf: '' };

/** Operations answered with a success status, as `METHOD /key`. */
const answered = new Set<string>();

interface Call {
  method: InjectOptions['method'];
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  /** The session to send (cookie and, on writes, its CSRF token); admin's by default. */
  as?: { cookie: string; csrf: string } | null;
  csrf?: boolean;
  /** Another app than the file's (one with password recovery switched on). */
  on?: FastifyInstance;
}

/** A request to the app, its answer checked against the document. */
async function call({ method, url, payload, headers = {}, as = admin, csrf = true, on = app }: Call): Promise<LightMyRequestResponse> {
  const res = await on.inject({
    method,
    url,
    ...(payload !== undefined ? { payload: payload as InjectOptions['payload'] } : {}),
    headers: { 'user-agent': UA, ...(as?.cookie ? { cookie: as.cookie } : {}), ...(as && csrf && method !== 'GET' ? { 'x-csrf-token': as.csrf } : {}), ...headers },
  } as InjectOptions);
  const check = checker.check(String(method), url, res);
  expect(check.problems, `${String(method)} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`).toEqual([]);
  if (res.statusCode < 300) answered.add(check.operation!);
  return res;
}

async function signIn(username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await call({ method: 'POST', url: '/ui/api/session', payload: { username, password }, as: null });
  expect(res.statusCode, res.body).toBe(200);
  const set = res.headers['set-cookie'];
  return { cookie: ((Array.isArray(set) ? set[0] : set) ?? '').split(';')[0]!, csrf: res.json<SessionInfo>().csrf };
}

const enc = encodeURIComponent;

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  indexes = new ListIndexes({
    gateway,
    baseDN: env.baseDN,
    changeSource: () => openChangeSource({ name: 'default', uris: [env.url], base: env.baseDN, bindDN: env.adminDN, bindPassword: new Secret(env.adminPassword), startTLS: false, tlsVerify: true, poolSize: 2, timeoutMs: 30_000, source: 'tests' }),
  });
  const setup = await buildRestV1Setup({ directories: [{ name: 'default', base: env.baseDN, gateway, indexes }], sessionKey: randomBytes(32), plugins: installedPlugins, throttle: new LoginThrottle({ freeAttempts: 1000 }) });
  app = await buildApp({ logLevel: false, register: (a) => registerRoutes(a, { setup, webRoot: '/nonexistent' }) });
  base = await testSubtree('uiopenapi');
  people = `ou=people,${base}`;
  await gateway.add(people, { objectClass: ['organizationalUnit'], ou: 'people' });
  for (const [i, [given, sn]] of [['Ana', 'Abadie'], ['Bruno', 'Durand'], ['Marc', 'Martin']].entries()) {
    const uid = `oa${tag}${i}`;
    await gateway.add(`uid=${uid},${people}`, {
      objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', ...(i === 0 ? ['posixAccount'] : [])],
      uid,
      cn: `${given} ${sn}`,
      sn: sn!,
      givenName: given!,
      userPassword: hashSalted('plain-user-secret', 'SSHA'),
      ...(i === 0 ? { uidNumber: String(82100 + i), gidNumber: '82100', homeDirectory: `/home/${uid}` } : {}),
    });
  }
  await gateway.add(`ou=templates,${people}`, { objectClass: 'organizationalUnit', ou: 'templates' });
  await gateway.add(`cn=staff,ou=templates,${people}`, { objectClass: 'fdTemplate', cn: 'staff', fdTemplateField: ['objectClass:inetOrgPerson', 'objectClass:organizationalPerson', 'objectClass:person', 'sn:%askme%', 'givenName:%askme%', 'uid:%askme%', 'title:Staff'] });
  admin = await signIn('fd-admin', env.fdAdminPassword);
});

afterAll(async () => {
  await app?.close();
  await indexes?.close();
  await gateway?.close();
});

describe('real answers of the web interface API', () => {
  it('sessions: directories, sign-in, the session, refusals, sign-out', async () => {
    expect((await call({ method: 'GET', url: '/ui/api/directories', as: null })).statusCode).toBe(200);
    expect((await call({ method: 'POST', url: '/ui/api/session', payload: { username: 'fd-admin', password: 'wrong' }, as: null })).json()).toMatchObject({ code: 'auth.failed' });
    expect((await call({ method: 'POST', url: '/ui/api/session', payload: { password: 'x' }, as: null })).statusCode).toBe(400);
    expect((await call({ method: 'GET', url: '/ui/api/session', headers: { 'accept-language': 'fr' } })).statusCode).toBe(200);
    expect((await call({ method: 'GET', url: '/ui/api/session', as: null })).json()).toMatchObject({ code: 'auth.required' });
    const other = await signIn('fd-admin', env.fdAdminPassword);
    expect((await call({ method: 'DELETE', url: '/ui/api/session', as: other, csrf: false })).statusCode).toBe(403);
    expect((await call({ method: 'DELETE', url: '/ui/api/session', as: other })).statusCode).toBe(204);
    expect((await call({ method: 'DELETE', url: '/ui/api/session', as: other })).statusCode).toBe(204);
  });

  it('types: every installed type in both languages, and an unknown one', async () => {
    for (const type of registry.allTypes()) {
      for (const lang of ['en', 'fr']) expect((await call({ method: 'GET', url: `/ui/api/types/${type.id}`, headers: { 'accept-language': lang } })).statusCode).toBe(200);
    }
    expect((await call({ method: 'GET', url: '/ui/api/types/nosuchtype' })).statusCode).toBe(404);
  });

  it('lists: every definition and a page of each, the query parameters, CSV, columns', async () => {
    for (const m of registry.managements()) {
      expect((await call({ method: 'GET', url: `/ui/api/lists/${m.id}` })).statusCode).toBe(200);
      expect((await call({ method: 'GET', url: `/ui/api/lists/${m.id}/rows?base=${enc(base)}&scope=sub&limit=5` })).statusCode).toBe(200);
    }
    const dn = `uid=oa${tag}0,${people}`;
    const query = `base=${enc(base)}&scope=sub&types=user&q=abadie&tabs=posixAccount&sort=sn&desc=1&offset=0&limit=10&cols=${enc('[{"kind":"LinkColumn","attributes":"sn"}]')}&dn=${enc(dn)}`;
    const rows = await call({ method: 'GET', url: `/ui/api/lists/users/rows?${query}` });
    expect(rows.statusCode).toBe(200);
    expect(rows.json<{ rows: Array<{ dn: string }> }>().rows.map((r) => r.dn)).toEqual([dn]);
    expect((await call({ method: 'GET', url: `/ui/api/lists/users/rows?base=${enc(base)}&scope=sub&templates=1&from.shadowExpire=2000-01-01&to.shadowExpire=2999-12-31` })).statusCode).toBe(200);
    expect((await call({ method: 'GET', url: `/ui/api/lists/groups/rows?f.gosaGroupObjects=U&f.gosaGroupObjects=G` })).statusCode).toBe(200);
    for (const bad of ['scope=subtree', 'limit=501', 'from.shadowExpire=yesterday', 'cols=nope', `q=${enc('(sn=x')}`]) {
      expect((await call({ method: 'GET', url: `/ui/api/lists/users/rows?${bad}` })).json(), bad).toMatchObject({ code: 'value.invalid' });
    }
    expect((await call({ method: 'GET', url: '/ui/api/lists/nosuchlist/rows' })).statusCode).toBe(404);
    const csv = await call({ method: 'GET', url: `/ui/api/lists/users/export.csv?base=${enc(base)}&scope=sub&sort=sn`, headers: { 'accept-language': 'fr' } });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(`oa${tag}1`);
    // Columns stored on the groups list, which other test files leave alone.
    const put = await call({ method: 'PUT', url: '/ui/api/lists/groups/columns', payload: { scope: 'user', columns: [{ kind: 'LinkColumn', attributes: 'cn', label: 'Nom' }] } });
    expect(put.json<ListDefinition>().columnsSource).toBe('user');
    expect((await call({ method: 'PUT', url: '/ui/api/lists/groups/columns', payload: { scope: 'everyone', columns: [] } })).statusCode).toBe(400);
    expect((await call({ method: 'PUT', url: '/ui/api/lists/groups/columns', payload: { scope: 'user', columns: [] }, csrf: false })).statusCode).toBe(403);
    expect((await call({ method: 'DELETE', url: '/ui/api/lists/groups/columns?scope=user' })).json<ListDefinition>().columnsSource).not.toBe('user');
    expect((await call({ method: 'DELETE', url: '/ui/api/lists/groups/columns?scope=all' })).statusCode).toBe(400);
  });

  it('pickers: departments and objects', async () => {
    expect((await call({ method: 'GET', url: '/ui/api/departments' })).statusCode).toBe(200);
    expect((await call({ method: 'GET', url: '/ui/api/pick?types=user,ogroup&q=abadie&limit=5' })).statusCode).toBe(200);
    expect((await call({ method: 'GET', url: '/ui/api/pick?q=abadie' })).statusCode).toBe(400);
  });

  it('nomenclatures: a search, the labels of values, refusals', async () => {
    const found = await call({ method: 'GET', url: '/ui/api/choices?list=affiliation&q=ETUDIANT&limit=5' });
    // The shipped list: "Étudiant" first (its label starts with the text), then "Ancien étudiant".
    expect(found.json()).toMatchObject({ choices: [{ value: 'student' }, { value: 'alum' }], total: 2 });
    expect((await call({ method: 'GET', url: '/ui/api/choices?list=affiliation&value=member&value=nope' })).json()).toMatchObject({ choices: [{ value: 'member' }], total: 1 });
    expect((await call({ method: 'GET', url: '/ui/api/choices?list=diplome&prefixed=1&q=gen&type=CB&sector=06' })).json()).toEqual({ choices: [], total: 0 });
    expect((await call({ method: 'GET', url: '/ui/api/choices?q=x' })).statusCode).toBe(400);
    expect((await call({ method: 'GET', url: '/ui/api/choices?list=affiliation&limit=500' })).statusCode).toBe(400);
    expect((await call({ method: 'GET', url: '/ui/api/choices?list=affiliation', as: null })).statusCode).toBe(401);
  });

  it('the editor: new, open, create, save, conflict, problems, references, delete', async () => {
    expect((await call({ method: 'GET', url: `/ui/api/objects/user?new=1&base=${enc(people)}` })).statusCode).toBe(200);
    expect((await call({ method: 'GET', url: '/ui/api/objects/user' })).statusCode).toBe(400);
    expect((await call({ method: 'GET', url: '/ui/api/objects/user?new=1&asTemplate=1' })).statusCode).toBe(501);
    expect((await call({ method: 'GET', url: '/ui/api/objects/nosuchtype?new=1' })).statusCode).toBe(404);
    const dn = `uid=oa${tag}1,${people}`;
    const url = `/ui/api/objects/user/${enc(dn)}`;
    const opened = (await call({ method: 'GET', url })).json<ObjectView>();
    expect((await call({ method: 'GET', url: `/ui/api/objects/user/${enc(`uid=nobody,${people}`)}` })).statusCode).toBe(404);
    expect((await call({ method: 'GET', url: '/ui/api/objects/user/not%20a%20dn' })).statusCode).toBe(400);
    expect((await call({ method: 'PUT', url, payload: { tabs: {} } })).json()).toMatchObject({ code: 'value.invalid', attribute: 'etag' });
    expect((await call({ method: 'PUT', url, payload: { etag: opened.etag, tabs: { user: { active: true, values: { description: 'x' } } } }, csrf: false })).statusCode).toBe(403);
    const problems = await call({ method: 'PUT', url, payload: { etag: opened.etag, tabs: { user: { active: true, values: { sn: '' } } } } });
    expect(problems.json()).toMatchObject({ code: 'value.invalid', details: [{ code: 'value.required' }] });
    const saved = await call({ method: 'PUT', url, payload: { etag: opened.etag, tabs: { user: { active: true, values: { description: 'saved' } } } } });
    expect(saved.statusCode, saved.body).toBe(200);
    const stale = await call({ method: 'PUT', url, payload: { etag: opened.etag, tabs: { user: { active: true, values: { description: 'stale' } } } } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ details: { current: ObjectView } }>().details.current.tabs[0]!.values.description).toBe('saved');
    expect((await call({ method: 'PUT', url, payload: { etag: opened.etag, tabs: { noSuchTab: { active: true } } } })).statusCode).toBe(404);

    const template = `cn=staff,ou=templates,${people}`;
    const fields = await call({ method: 'GET', url: `/ui/api/templates/user/fields?template=${enc(template)}` });
    expect(fields.statusCode, fields.body).toBe(200);
    expect((await call({ method: 'GET', url: '/ui/api/templates/user/fields' })).statusCode).toBe(400);
    const created = await call({ method: 'POST', url: '/ui/api/objects/user', payload: { template, tabs: { user: { active: true, values: { uid: `oa${tag}new`, sn: 'Nouveau', givenName: 'Noé' } } } } });
    expect(created.statusCode, created.body).toBe(201);
    const newDn = created.json<{ dn: string }>().dn;
    expect((await call({ method: 'POST', url: '/ui/api/objects/user', payload: { base: people, tabs: { user: { active: true, values: { uid: `oa${tag}bad` } } } } })).statusCode).toBe(400);
    expect((await call({ method: 'POST', url: '/ui/api/objects/user', payload: { asTemplate: true, tabs: {} } })).statusCode).toBe(501);
    expect((await call({ method: 'GET', url: `/ui/api/objects/user/${enc(newDn)}/references` })).statusCode).toBe(200);
    expect((await call({ method: 'DELETE', url: `/ui/api/objects/user/${enc(newDn)}` })).statusCode).toBe(204);
    expect((await call({ method: 'DELETE', url: `/ui/api/objects/user/${enc(newDn)}` })).statusCode).toBe(404);
  });

  it('access control: the catalogue of ACL objects and "what can this user do here"', async () => {
    const catalogue = await call({ method: 'GET', url: '/ui/api/acl/objects' });
    expect(catalogue.statusCode).toBe(200);
    expect(catalogue.json<{ categories: Array<{ id: string; objects: Array<{ id: string }> }> }>().categories.find((c) => c.id === 'user')?.objects.map((o) => o.id)).toContain('user/user');
    const explained = await call({ method: 'GET', url: `/ui/api/acl/explain?user=${enc(env.fdAdminDN)}&dn=${enc(`uid=oa${tag}1,${people}`)}` });
    expect(explained.statusCode, explained.body).toBe(200);
    expect((await call({ method: 'GET', url: '/ui/api/acl/explain?dn=nonsense' })).statusCode).toBe(400);
    expect((await call({ method: 'GET', url: `/ui/api/acl/explain?dn=${enc(`uid=nobody${tag},${people}`)}` })).statusCode).toBe(404);
  });

  it('SupAnn: the organisation chart’s structures', async () => {
    const structures = await call({ method: 'GET', url: '/ui/api/supann/structures' });
    expect(structures.statusCode, structures.body).toBe(200);
    expect(structures.json()).toMatchObject({ nodes: expect.any(Array), edges: expect.any(Array), problems: { cycles: expect.any(Array) } });
  });

  it('SupAnn: the check, streamed, and its findings as CSV', async () => {
    const check = await call({ method: 'GET', url: '/ui/api/supann/check' });
    expect(check.statusCode, check.body).toBe(200);
    expect(check.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const events = check.body.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(events.at(-1)).toMatchObject({ type: 'report', report: { base: env.baseDN } });
    expect(events.slice(0, -1).every((e) => e.type === 'progress')).toBe(true);
    const csv = await call({ method: 'GET', url: '/ui/api/supann/check.csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n')[0]).toBe('rule,severity,dn,attribute,message');
  });

  it('bulk actions, each object reported', async () => {
    const objects = [{ type: 'user', dn: `uid=oa${tag}2,${people}` }, { type: 'user', dn: `uid=nobody${tag},${people}` }, { type: 'nosuchtype', dn: 'x' }];
    const lock = await call({ method: 'POST', url: '/ui/api/bulk', payload: { action: 'lock', objects } });
    expect(lock.json<{ results: Array<{ ok: boolean }> }>().results.map((r) => r.ok)).toEqual([true, false, false]);
    await call({ method: 'POST', url: '/ui/api/bulk', payload: { action: 'unlock', objects: objects.slice(0, 1) } });
    const applied = await call({ method: 'POST', url: '/ui/api/bulk', payload: { action: 'applyTemplate', template: `cn=staff,ou=templates,${people}`, objects: objects.slice(0, 2) } });
    expect(applied.json<{ results: Array<{ ok: boolean }> }>().results.map((r) => r.ok)).toEqual([true, false]);
    expect((await call({ method: 'POST', url: '/ui/api/bulk', payload: { action: 'applyTemplate', objects } })).json()).toMatchObject({ code: 'value.invalid', attribute: 'template' });
    expect((await call({ method: 'POST', url: '/ui/api/bulk', payload: { action: 'lock', objects: [] } })).statusCode).toBe(400);
    expect((await call({ method: 'POST', url: '/ui/api/bulk', payload: { action: 'archive', objects } })).statusCode).toBe(400);
  });

  it('my account: changing one’s own password', async () => {
    // The administrator sets the password it has, so other test files still sign in; nothing else of its entry changes.
    const entryOf = async () => {
      const { attributes } = (await gateway.read(env.fdAdminDN, ['*']))!.toJSON();
      return Object.fromEntries(Object.entries(attributes).filter(([name]) => name.toLowerCase() !== 'userpassword'));
    };
    const before = await entryOf();
    expect((await call({ method: 'POST', url: '/ui/api/account/password', payload: { current: env.fdAdminPassword, password: env.fdAdminPassword } })).statusCode).toBe(204);
    expect(await entryOf()).toEqual(before);
    await signIn('fd-admin', env.fdAdminPassword);
    expect((await call({ method: 'POST', url: '/ui/api/account/password', payload: { current: 'wrong', password: 'n3w-Secret!' } })).json()).toMatchObject({ code: 'value.invalid', attribute: 'current' });
    expect((await call({ method: 'POST', url: '/ui/api/account/password', payload: { current: 'x' } })).json()).toMatchObject({ code: 'value.invalid', attribute: 'password' });
    // A user without rights on his own entry (no ACL in this subtree) is refused.
    const user = await signIn(`oa${tag}2`, 'plain-user-secret');
    expect((await call({ method: 'POST', url: '/ui/api/account/password', payload: { current: 'plain-user-secret', password: 'n3w-Secret-pass!' }, as: user })).json()).toMatchObject({ code: 'acl.denied' });
  });

  it('password recovery by mail: availability, a request, the link checked and used', async () => {
    // A server of its own with recovery switched on, its mails written into a folder.
    const folder = mkdtempSync(path.join(os.tmpdir(), 'trousseau-ui-recovery-'));
    const setup = await buildRestV1Setup({
      directories: [{ name: 'default', base: env.baseDN, gateway, smtp: { transport: 'folder', folder } }],
      sessionKey: randomBytes(32),
      plugins: installedPlugins,
      loadConfig: async (_g, baseDN) => new SiteConfig(baseDN, { fdPasswordRecoveryActivated: ['TRUE'], fdPasswordRecoverySalt: [`salt-${tag}`], fdPasswordRecoveryEmail: ['idm@example.org'] }),
    });
    const on = await buildApp({ logLevel: false, register: (a) => registerRoutes(a, { setup, webRoot: '/nonexistent' }) });
    try {
      const uid = `oa${tag}rc`;
      const mail = `${uid}@recovery.example.org`;
      await gateway.add(`uid=${uid},${people}`, { objectClass: ['inetOrgPerson', 'gosaMailAccount'], uid, cn: uid, sn: uid, mail, userPassword: hashSalted('plain-user-secret', 'SSHA') });
      expect((await call({ method: 'GET', url: '/ui/api/recovery', as: null })).json()).toEqual({ directories: [{ name: 'default', available: false }] });
      expect((await call({ method: 'GET', url: '/ui/api/recovery', as: null, on })).json()).toEqual({ directories: [{ name: 'default', available: true }] });
      expect((await call({ method: 'POST', url: '/ui/api/recovery/request', payload: { email: mail }, as: null })).statusCode).toBe(501);
      expect((await call({ method: 'POST', url: '/ui/api/recovery/request', payload: { email: 'not an address' }, as: null, on })).json()).toMatchObject({ code: 'value.invalid', attribute: 'email' });
      // A cross-site form can post text/plain without asking the browser first: refused even when it reads as JSON.
      expect((await call({ method: 'POST', url: '/ui/api/recovery/request', payload: JSON.stringify({ email: mail }), headers: { 'content-type': 'text/plain' }, as: null, on })).statusCode).toBe(400);
      expect((await call({ method: 'POST', url: '/ui/api/recovery/request', payload: { email: mail }, as: null, on })).statusCode).toBe(202);
      await expect.poll(() => readdirSync(folder).filter((f) => f.endsWith('.eml')).length, { timeout: 10_000 }).toBe(1);
      const link = new URL(/https?:\/\/\S+/.exec(parseMail(readFileSync(path.join(folder, readdirSync(folder)[0]!), 'utf8')).text)![0]);
      const [login, token] = [link.searchParams.get('login')!, link.searchParams.get('uniq')!];
      expect((await call({ method: 'POST', url: '/ui/api/recovery/check', payload: { login, token: 'x' }, as: null, on })).json()).toEqual({ valid: false });
      expect((await call({ method: 'POST', url: '/ui/api/recovery/check', payload: { login, token }, as: null, on })).json()).toEqual({ valid: true });
      const weak = await call({ method: 'POST', url: '/ui/api/recovery/reset', payload: { login, token, password1: 'N3w-secret!', password2: 'other' }, as: null, on });
      expect(weak.json()).toMatchObject({ code: 'value.invalid', attribute: 'userPassword' });
      const reset = await call({ method: 'POST', url: '/ui/api/recovery/reset', payload: { login, token, password1: 'N3w-secret!', password2: 'N3w-secret!', email: mail }, as: null, on });
      expect(reset.statusCode, reset.body).toBe(204);
      expect((await call({ method: 'POST', url: '/ui/api/recovery/reset', payload: { login, token, password1: 'N3w-secret!', password2: 'N3w-secret!' }, as: null, on })).json()).toMatchObject({ code: 'value.invalid', attribute: 'token' });
    } finally {
      await on.close();
    }
  });

  it('account prolongation: the link checked, the account prolonged once', async () => {
    // An unknown link is simply not valid (no word on which part is wrong).
    expect((await call({ method: 'GET', url: '/ui/api/prolongation?token=abc&task=def', as: null })).json()).toEqual({ valid: false });
    // A service of its own, with a clock, on this file's subtree.
    const setup = await buildRestV1Setup({ directories: [{ name: 'default', base: env.baseDN, gateway }], sessionKey: randomBytes(32), plugins: installedPlugins });
    const clock = () => new Date('2026-11-27T10:00:00Z');
    setup.directories[0]!.prolongation = new Prolongation({ gateway, baseDN: base, now: clock });
    const on = await buildApp({ logLevel: false, register: (a) => registerRoutes(a, { setup, webRoot: '/nonexistent' }) });
    try {
      const uid = `oa${tag}pl`;
      const dn = `uid=${uid},${people}`;
      await gateway.add(dn, { objectClass: ['inetOrgPerson', 'supannPerson'], uid, cn: uid, sn: uid, supannRessourceEtatDate: '{COMPTE}A:SupannActif:20240101:20261215', supannRessourceEtat: '{COMPTE}A:SupannActif' });
      await gateway.add(`ou=tasks,${base}`, { objectClass: 'organizationalUnit', ou: 'tasks' });
      await gateway.add(`cn=oa${tag}-reminder,ou=tasks,${base}`, {
        objectClass: ['fdTasks', 'fdTasksReminder'],
        cn: `oa${tag}-reminder`,
        fdTasksStatus: '1',
        fdTasksCreationDate: '2026-11-01 09:00:00am',
        fdTasksReminderFirstCall: '30',
        fdTasksReminderResource: 'COMPTE',
        fdTasksReminderState: 'A',
        fdTasksReminderAccountProlongation: 'TRUE',
        fdTasksReminderNextResource: 'COMPTE',
        fdTasksReminderNextState: 'A',
        fdTasksReminderNextSubState: 'SupannActif',
        fdTasksReminderSupannNewEndDate: '365',
        fdTasksReminderMailTemplate: 'none',
        fdTasksReminderEmailSender: 'idm@example.org',
        fdTasksReminderMembers: people,
      });
      const { token } = await new ReminderTokens({ gateway, baseDN: base, now: clock }).issue(uid, dn, 15);
      const task = `oa${tag}-reminder`;
      const link = `/ui/api/prolongation?token=${token}&task=${enc(task)}`;
      expect((await call({ method: 'GET', url: link, as: null, on })).json()).toEqual({ valid: true, task });
      expect((await call({ method: 'GET', url: `/ui/api/prolongation?token=${token}x&task=${enc(task)}`, as: null, on })).json()).toEqual({ valid: false });
      expect((await call({ method: 'GET', url: `/ui/api/prolongation?task=${enc(task)}`, as: null, on })).json()).toMatchObject({ code: 'value.invalid', attribute: 'token' });
      const payload = { token, task, login: uid, method: 'uid' };
      expect((await call({ method: 'POST', url: '/ui/api/prolongation', payload: JSON.stringify(payload), headers: { 'content-type': 'text/plain' }, as: null, on })).statusCode).toBe(400);
      expect((await call({ method: 'POST', url: '/ui/api/prolongation', payload: { ...payload, login: 'someone-else' }, as: null, on })).json()).toMatchObject({ code: 'value.invalid', attribute: 'token' });
      const done = await call({ method: 'POST', url: '/ui/api/prolongation', payload, as: null, on });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json()).toEqual({ task, endDate: '2027-12-15' });
      expect((await gateway.read(dn, ['supannRessourceEtatDate']))!.get('supannRessourceEtatDate')).toEqual(['{COMPTE}A:SupannActif:20261215:20271215']);
      expect((await call({ method: 'POST', url: '/ui/api/prolongation', payload, as: null, on })).statusCode).toBe(400);
    } finally {
      await on.close();
    }
  });

  it('tasks: the dashboard, run now, renew, remove completed, and the mail-template preview', async () => {
    // A server of its own on a FusionDirectory task site (test/fixtures/fd-tasks.ldif), with a task engine and a mail sink.
    const site = await createTaskSite(gateway, 'uiopenapi-tasks', { fdTasksConfIntervalEmails: null });
    const sink = await startMailSink();
    const uid = `oa${tag}tk`;
    const userDn = `uid=${uid},${site.base}`;
    await gateway.add(userDn, { objectClass: ['inetOrgPerson'], uid, cn: 'Task Admin', sn: 'Admin', givenName: 'Task', userPassword: hashSalted('plain-user-secret', 'SSHA') });
    const setup = await buildRestV1Setup({ directories: [{ name: 'default', base: site.base, gateway, ignoreAclDN: userDn }], sessionKey: randomBytes(32), plugins: installedPlugins, throttle: new LoginThrottle({ freeAttempts: 1000 }) });
    setup.directories[0]!.tasks = new TaskEngine({ gateway, baseDN: site.base, smtp: smtpOf(sink) });
    const on = await buildApp({ logLevel: false, register: (a) => registerRoutes(a, { setup, webRoot: '/nonexistent' }) });
    try {
      const signedIn = await call({ method: 'POST', url: '/ui/api/session', payload: { username: uid, password: 'plain-user-secret' }, as: null, on });
      const set = signedIn.headers['set-cookie'];
      const as = { cookie: ((Array.isArray(set) ? set[0] : set) ?? '').split(';')[0]!, csrf: signedIn.json<SessionInfo>().csrf };
      const board = await call({ method: 'GET', url: `/ui/api/tasks/dashboard?status=scheduled&type=${enc('Mail Object')}&master=${enc(site.masterDn)}&limit=10`, headers: { 'accept-language': 'fr' }, as, on });
      expect(board.json()).toMatchObject({ timezone: 'Europe/Paris', counts: { total: 1, scheduled: 1 }, subTasks: [{ recipient: 'alice@example.org', status: 'scheduled' }] });
      expect((await call({ method: 'GET', url: '/ui/api/tasks/dashboard?status=nope', as, on })).statusCode).toBe(400);
      expect((await call({ method: 'POST', url: '/ui/api/tasks/run', payload: { master: site.masterDn }, as, on })).json()).toEqual({ done: 1, failed: 0 });
      await sink.waitFor(1);
      const sub = `cn=Newsletter-SubTask-1706541342_1234,${site.tasksBase}`;
      await gateway.modify(sub, [{ operation: 'replace', attribute: 'fdTasksGranularStatus', values: ['550 No such user'] }]);
      expect((await call({ method: 'POST', url: '/ui/api/tasks/renew', payload: { dns: [sub] }, as, on })).json()).toEqual({ done: 1 });
      expect((await call({ method: 'POST', url: '/ui/api/tasks/renew', payload: { dns: ['x'] }, as, on })).statusCode).toBe(400);
      expect((await call({ method: 'POST', url: '/ui/api/tasks/run', payload: { master: `cn=none,${site.tasksBase}` }, as, on })).statusCode).toBe(404);
      expect((await call({ method: 'POST', url: '/ui/api/tasks/remove-completed', payload: {}, as, on })).json()).toEqual({ done: 0 });
      const preview = await call({ method: 'POST', url: '/ui/api/mailTemplates/preview', payload: { template: { subject: 'Hi {{givenName}}', body: 'Hello {{title}}' }, user: userDn }, as, on });
      expect(preview.json()).toEqual({ subject: 'Hi Task', text: 'Hello ', missing: ['title'], readReceipt: false, attachments: [] });
      expect((await call({ method: 'POST', url: '/ui/api/mailTemplates/preview', payload: { dn: `cn=welcome,${site.templateBase}`, user: `uid=nobody,${site.base}` }, as, on })).statusCode).toBe(404);
      expect((await call({ method: 'POST', url: '/ui/api/mailTemplates/preview', payload: { template: {} }, as, on })).statusCode).toBe(400);
    } finally {
      await on.close();
      await sink.close();
    }
  });

  it('audit: a page of events, the CSV, one event, a user\'s Security tab, and refusals', async () => {
    // The admin's sign-in of this file is an event of the trail.
    const page = await call({ method: 'GET', url: `/ui/api/audit?action=security&type=login&author=${enc(env.fdAdminDN)}&limit=2&from=2020-01-01` });
    const events = page.json<{ events: Array<{ dn: string; object: string; objectType: string }> }>().events;
    expect(events[0]).toMatchObject({ objectType: 'login', object: 'fd-admin' });
    const csv = await call({ method: 'GET', url: `/ui/api/audit.csv?type=login&author=${enc(env.fdAdminDN)}&from=${enc(new Date(Date.now() - 3600_000).toISOString())}` });
    expect(csv.body.split('\r\n')[0]).toBe('time,action,author,authorIp,objectType,object,attributes,result,dn');
    expect((await call({ method: 'GET', url: `/ui/api/audit/event?dn=${enc(events[0]!.dn)}` })).json()).toMatchObject({ objectType: 'login' });
    expect((await call({ method: 'GET', url: `/ui/api/audit/security?dn=${enc(env.fdAdminDN)}` })).json<{ events: unknown[] }>().events.length).toBeGreaterThan(0);
    expect((await call({ method: 'GET', url: '/ui/api/audit?action=nope' })).statusCode).toBe(400);
    expect((await call({ method: 'GET', url: '/ui/api/audit?from=yesterday' })).statusCode).toBe(400);
    expect((await call({ method: 'GET', url: `/ui/api/audit/event?dn=${enc(`uid=x,${base}`)}` })).statusCode).toBe(404);
    const user = await signIn(`oa${tag}1`, 'plain-user-secret');
    expect((await call({ method: 'GET', url: '/ui/api/audit', as: user })).statusCode).toBe(403);
    expect((await call({ method: 'GET', url: `/ui/api/audit/security?dn=${enc(`uid=oa${tag}1,${people}`)}`, as: user })).statusCode).toBe(200);
  });

  it('snapshots: list, create, restore, deleted objects, delete', async () => {
    const target = `uid=oa${tag}2,${people}`;
    expect((await call({ method: 'GET', url: `/ui/api/snapshots?type=user&dn=${enc(target)}` })).json()).toMatchObject({ enabled: true, snapshots: [] });
    const created = await call({ method: 'POST', url: '/ui/api/snapshots', payload: { type: 'user', dn: target, description: 'OpenAPI' } });
    expect(created.statusCode, created.body).toBe(201);
    const snapshot = created.json<{ dn: string }>().dn;
    expect((await call({ method: 'POST', url: '/ui/api/snapshots/restore', payload: { type: 'user', snapshot } })).statusCode).toBe(200);
    expect((await call({ method: 'GET', url: `/ui/api/snapshots/deleted?type=user&base=${enc(base)}` })).json()).toEqual({ snapshots: [] });
    expect((await call({ method: 'POST', url: '/ui/api/snapshots', payload: { type: 'user', dn: target } })).statusCode).toBe(400);
    expect((await call({ method: 'DELETE', url: `/ui/api/snapshots/${enc(snapshot)}?type=user` })).statusCode).toBe(204);
    expect((await call({ method: 'DELETE', url: `/ui/api/snapshots/${enc(snapshot)}?type=user` })).statusCode).toBe(404);
  });

  it('second factors: enrolment, the sign-in second step (TOTP once, recovery code, security key), removal', async () => {
    const uid = `sf${tag}${randomBytes(2).toString('hex')}`;
    const userDn = `uid=${uid},${people}`;
    await gateway.add(userDn, { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'], uid, cn: `Sam ${uid}`, sn: 'Second', userPassword: hashSalted('plain-user-secret', 'SSHA') });
    const as = await signIn(uid, 'plain-user-secret');
    expect((await call({ method: 'GET', url: '/ui/api/account/second-factors', as })).json()).toEqual({ totp: [], webauthn: [], recoveryCodes: { remaining: 0 } });
    // TOTP: a QR code and a secret; saved only with a valid code.
    const fresh = (await call({ method: 'POST', url: '/ui/api/account/second-factors/totp/new', as })).json<{ secret: string; uri: string; qrCode: string; ticket: string }>();
    expect(fresh.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    const totp = OTPAuth.URI.parse(fresh.uri) as OTPAuth.TOTP;
    expect([totp.label, totp.issuer, totp.secret.base32]).toEqual([uid, 'localhost', fresh.secret]);
    const wrong = String((Number(totp.generate()) + 1) % 1_000_000).padStart(6, '0');
    expect((await call({ method: 'POST', url: '/ui/api/account/second-factors/totp', payload: { ticket: fresh.ticket, code: wrong }, as })).json()).toMatchObject({ code: 'value.invalid', attribute: 'code' });
    expect((await call({ method: 'POST', url: '/ui/api/account/second-factors/totp', payload: { ticket: 'forged.ticket', code: totp.generate() }, as })).json()).toMatchObject({ attribute: 'ticket' });
    const enrolCode = totp.generate();
    expect((await call({ method: 'POST', url: '/ui/api/account/second-factors/totp', payload: { ticket: fresh.ticket, code: enrolCode }, as })).json()).toMatchObject({ totp: [{ label: uid, issuer: 'localhost' }] });
    // Recovery codes, shown once.
    const { codes } = (await call({ method: 'POST', url: '/ui/api/account/second-factors/recovery-codes', as })).json<{ codes: string[] }>();
    expect(codes).toHaveLength(8);
    // A security key (a software authenticator answering as a browser would).
    const key = new SoftAuthenticator('localhost', 'http://localhost:80');
    const reg = (await call({ method: 'POST', url: '/ui/api/account/second-factors/webauthn/options', as })).json<{ options: { challenge: string; rp: { id: string } }; ticket: string }>();
    expect(reg.options.rp.id).toBe('localhost');
    const listed = (await call({ method: 'POST', url: '/ui/api/account/second-factors/webauthn', payload: { ticket: reg.ticket, response: key.register(reg.options.challenge), name: 'Test key' }, as })).json<{ webauthn: Array<{ id: string; name: string }> }>();
    expect(listed.webauthn).toMatchObject([{ id: key.id, name: 'Test key', rpId: 'localhost' }]);
    const stored = JSON.parse((await gateway.read(userDn, ['fdWebauthnRegistrations']))!.get('fdWebauthnRegistrations')[0]!) as Record<string, unknown>;
    expect(stored).toMatchObject({ rpId: 'localhost', credentialId: key.credentialId.toString('base64'), attestationFormat: 'packed', AAGUID: Buffer.alloc(16).toString('base64') });
    expect(String(stored.credentialPublicKey)).toMatch(/^-----BEGIN PUBLIC KEY-----/);

    // The password alone no longer opens a session: a pending sign-in cookie, and the methods.
    const firstStep = async () => {
      const res = await call({ method: 'POST', url: '/ui/api/session', payload: { username: uid, password: 'plain-user-secret' }, as: null });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'auth.required', details: { secondFactor: { methods: ['totp', 'webauthn', 'recovery'] } } });
      const set = [res.headers['set-cookie']].flat().join('\n');
      expect(set).not.toContain('trousseau_session=');
      return /trousseau_2fa=[^;]+/.exec(set)![0];
    };
    const prove = (pending: string, payload: unknown) => call({ method: 'POST', url: '/ui/api/session/second-factor', payload, as: { cookie: pending, csrf: '' } });
    let pending = await firstStep();
    expect((await call({ method: 'GET', url: '/ui/api/session', as: { cookie: pending, csrf: '' } })).statusCode).toBe(401);
    expect((await prove('trousseau_2fa=forged.x', { method: 'totp', code: '123456' })).json()).toMatchObject({ code: 'auth.required' });
    // The code used at enrolment is spent; the next period's code is good, once.
    expect((await prove(pending, { method: 'totp', code: enrolCode })).json()).toMatchObject({ code: 'auth.failed', attribute: 'code' });
    const next = totp.generate({ timestamp: Date.now() + 30_000 });
    const opened = await prove(pending, { method: 'totp', code: next });
    expect(opened.json()).toMatchObject({ user: { dn: userDn } });
    expect([opened.headers['set-cookie']].flat().join('\n')).toMatch(/trousseau_session=[^;]+/);
    expect((await prove(await firstStep(), { method: 'totp', code: next })).statusCode).toBe(401);
    // A recovery code works once.
    expect((await prove(await firstStep(), { method: 'recovery', code: codes[0] })).statusCode).toBe(200);
    expect((await prove(await firstStep(), { method: 'recovery', code: codes[0] })).json()).toMatchObject({ code: 'auth.failed' });
    // The security key: options, then the assertion.
    pending = await firstStep();
    const get = await call({ method: 'POST', url: '/ui/api/session/second-factor/webauthn-options', payload: {}, as: { cookie: pending, csrf: '' } });
    const challenge = get.json<{ options: { challenge: string; allowCredentials: Array<{ id: string }> } }>().options;
    expect(challenge.allowCredentials.map((c) => c.id)).toEqual([key.id]);
    pending = /trousseau_2fa=[^;]+/.exec([get.headers['set-cookie']].flat().join('\n'))![0];
    expect((await prove(pending, { method: 'webauthn', response: new SoftAuthenticator('localhost', 'http://localhost:80').assert(challenge.challenge) })).statusCode).toBe(401);
    expect((await prove(pending, { method: 'webauthn', response: key.assert(challenge.challenge) })).json()).toMatchObject({ user: { dn: userDn } });
    expect((await prove(pending, { method: 'bogus' })).statusCode).toBe(400);

    // Removal by the user, then by an administrator.
    const list = (await call({ method: 'GET', url: '/ui/api/account/second-factors', as })).json<{ totp: Array<{ id: string }>; recoveryCodes: { remaining: number } }>();
    expect(list.recoveryCodes.remaining).toBe(7);
    expect((await call({ method: 'DELETE', url: `/ui/api/account/second-factors/webauthn/${key.id}`, as })).statusCode).toBe(204);
    expect((await call({ method: 'DELETE', url: `/ui/api/account/second-factors/webauthn/${key.id}`, as })).statusCode).toBe(404);
    expect((await call({ method: 'DELETE', url: '/ui/api/account/second-factors/recovery-codes', as })).statusCode).toBe(204);
    expect((await call({ method: 'DELETE', url: `/ui/api/account/second-factors/totp/${list.totp[0]!.id}`, as })).statusCode).toBe(204);
    expect((await call({ method: 'POST', url: '/ui/api/account/second-factors/recovery-codes', as })).statusCode).toBe(200);
    // Another plain user may not touch them; the administrator may.
    expect((await call({ method: 'DELETE', url: `/ui/api/second-factors/users/${enc(userDn)}`, as: await signIn(`oa${tag}1`, 'plain-user-secret') })).json()).toMatchObject({ code: 'acl.denied' });
    expect((await call({ method: 'GET', url: `/ui/api/second-factors/users/${enc(userDn)}` })).json()).toMatchObject({ recoveryCodes: { remaining: 8 } });
    expect((await call({ method: 'DELETE', url: `/ui/api/second-factors/users/${enc(userDn)}` })).statusCode).toBe(204);
    expect((await call({ method: 'GET', url: `/ui/api/second-factors/users/${enc('not a dn')}` })).statusCode).toBe(400);
    await signIn(uid, 'plain-user-secret');
  });

  it('answered every documented operation with a success status', () => {
    expect(checker.operations('/api/').filter((op) => !answered.has(op))).toEqual([]);
  });
});
