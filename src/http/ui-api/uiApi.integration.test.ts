// The web interface's API against the run's slapd: cookie sessions and CSRF, lists (paging, sorting, search, raw
// filters, tab filters), column configurations stored as FusionDirectory stores them, the editor's saves and conflicts.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { Secret } from '../../config/Secret.ts';
import { hashSalted } from '../../passwords/ssha.ts';
import { installedPlugins } from '../../plugins/index.ts';
import { LoginThrottle } from '../../services/auth/LoginThrottle.ts';
import { ListIndexes } from '../../services/objects/ListIndexes.ts';
import { openChangeSource } from '../../services/openGateway.ts';
import { SiteConfig } from '../../services/SiteConfig.ts';
import { buildApp } from '../buildApp.ts';
import { buildRestV1Setup } from '../rest-v1/buildRestV1Setup.ts';
import { registerRoutes } from '../registerRoutes.ts';
import type { ListDefinition, ListRowsAnswer, ObjectView, SessionInfo, UiProblem } from './contract.ts';

const UA = 'trousseau-ui-tests/1.0';
const env = testLdap();
let app: FastifyInstance;
let gateway: LdapGateway;
let indexes: ListIndexes;
let base: string;
let people: string;
let cookie = '';
let csrf = '';
const tag = randomBytes(2).toString('hex');

function call(options: InjectOptions & { auth?: boolean }): Promise<LightMyRequestResponse> {
  const { auth = true, headers, ...rest } = options;
  return app.inject({ ...rest, headers: { 'user-agent': UA, ...(auth && cookie ? { cookie } : {}), ...(auth && csrf ? { 'x-csrf-token': csrf } : {}), ...(headers ?? {}) } } as InjectOptions);
}

async function signIn(username: string, password: string): Promise<{ res: LightMyRequestResponse; cookie: string; info?: SessionInfo }> {
  const res = await app.inject({ method: 'POST', url: '/ui/api/session', headers: { 'user-agent': UA }, payload: { username, password } });
  const set = res.headers['set-cookie'];
  const first = (Array.isArray(set) ? set[0] : set) ?? '';
  return { res, cookie: first.split(';')[0] ?? '', ...(res.statusCode === 200 ? { info: res.json<SessionInfo>() } : {}) };
}

const names = [
  ['Zoé', 'Élan'],
  ['Bruno', 'Durand'],
  ['Ana', 'Abadie'],
  ['Marc', 'Martin'],
  ['Léa', 'Martinez'],
];

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  indexes = new ListIndexes({ gateway, baseDN: env.baseDN, changeSource: () => openChangeSource({ name: 'default', uris: [env.url], base: env.baseDN, bindDN: env.adminDN, bindPassword: new Secret(env.adminPassword), startTLS: false, tlsVerify: true, poolSize: 2, timeoutMs: 30_000, source: 'tests' }) });
  const setup = await buildRestV1Setup({ directories: [{ name: 'default', base: env.baseDN, gateway, indexes }], sessionKey: randomBytes(32), plugins: installedPlugins, throttle: new LoginThrottle({ freeAttempts: 1000 }) });
  app = await buildApp({ logLevel: false, register: (a) => registerRoutes(a, { setup, webRoot: '/nonexistent' }) });
  base = await testSubtree('uiapi');
  people = `ou=people,${base}`;
  await gateway.add(people, { objectClass: ['organizationalUnit'], ou: 'people' });
  for (const [i, [given, sn]] of names.entries()) {
    const uid = `ui${tag}${i}`;
    await gateway.add(`uid=${uid},${people}`, {
      objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', ...(i % 2 === 0 ? ['posixAccount'] : [])],
      uid,
      cn: `${given} ${sn}`,
      sn: sn!,
      givenName: given!,
      userPassword: hashSalted('plain-user-secret', 'SSHA'),
      ...(i % 2 === 0 ? { uidNumber: String(81100 + i), gidNumber: '81100', homeDirectory: `/home/${uid}` } : {}),
    });
  }
  const admin = await signIn('fd-admin', env.fdAdminPassword);
  expect(admin.res.statusCode).toBe(200);
  cookie = admin.cookie;
  csrf = admin.info!.csrf;
  // Lists answer from the in-memory index once it is warm, as on a running server.
  for (let i = 0; i < 100; i++) {
    const res = await call({ method: 'GET', url: `/ui/api/lists/users/rows?base=${encodeURIComponent(base)}&limit=1` });
    if (res.json<ListRowsAnswer>().source === 'index') break;
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  await app?.close();
  await indexes?.close();
  await gateway?.close();
});

describe('sessions', () => {
  it('signs in with an HttpOnly, SameSite=Strict cookie and answers the menu of the installed plugins', async () => {
    const { res, info } = await signIn('fd-admin', env.fdAdminPassword);
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/^trousseau_session=/);
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Strict/i);
    expect(info!.user.uid).toBe('fd-admin');
    const sections = info!.menu.map((s) => s.id);
    expect(sections).toEqual(expect.arrayContaining(['accounts', 'accessControl', 'personal']));
    expect(info!.menu.find((s) => s.id === 'accounts')!.entries.map((e) => e.id)).toEqual(expect.arrayContaining(['users', 'groups', 'departments']));
  });

  it('refuses a wrong password and a missing session with the shared error object', async () => {
    const wrong = await signIn('fd-admin', 'not-the-password');
    expect(wrong.res.statusCode).toBe(401);
    expect(wrong.res.json()).toMatchObject({ code: 'auth.failed' });
    const anonymous = await call({ method: 'GET', url: '/ui/api/lists/users', auth: false });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'auth.required' });
  });

  it('refuses a write without the session’s anti-CSRF token and changes nothing', async () => {
    const dn = `uid=ui${tag}1,${people}`;
    const view = (await call({ method: 'GET', url: `/ui/api/objects/user/${encodeURIComponent(dn)}` })).json<ObjectView>();
    const res = await app.inject({
      method: 'PUT',
      url: `/ui/api/objects/user/${encodeURIComponent(dn)}`,
      headers: { 'user-agent': UA, cookie },
      payload: { etag: view.etag, tabs: { user: { active: true, values: { description: 'forged' } } } },
    });
    expect(res.statusCode).toBe(403);
    expect((await gateway.read(dn, ['description']))?.get('description')).toEqual([]);
  });

  it('signs out: the cookie no longer opens a session', async () => {
    const other = await signIn('fd-admin', env.fdAdminPassword);
    const out = await app.inject({ method: 'DELETE', url: '/ui/api/session', headers: { 'user-agent': UA, cookie: other.cookie, 'x-csrf-token': other.info!.csrf } });
    expect(out.statusCode).toBe(204);
    const after = await app.inject({ method: 'GET', url: '/ui/api/session', headers: { 'user-agent': UA, cookie: other.cookie } });
    expect(after.statusCode).toBe(401);
  });
});

describe('lists', () => {
  const rows = async (query: string) => {
    const res = await call({ method: 'GET', url: `/ui/api/lists/users/rows?base=${encodeURIComponent(base)}&${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<ListRowsAnswer>();
  };

  it('pages the users of a department by offset, sorted on the asked attribute either way', async () => {
    const all = await rows('scope=one&sort=sn');
    expect(all.total).toBe(5);
    expect(all.source).toBe('index');
    expect(all.rows.map((r) => r.cells[1]?.[0])).toEqual(['Abadie', 'Durand', 'Élan', 'Martin', 'Martinez']);
    const second = await rows('scope=one&sort=sn&offset=2&limit=2');
    expect(second.rows.map((r) => r.name)).toEqual(['Zoé Élan', 'Marc Martin']);
    const reversed = await rows('scope=one&sort=sn&desc=1&limit=1');
    expect(reversed.rows[0]!.name).toBe('Léa Martinez');
  });

  it('asks slapd (sort and VLV) for a sort the index cannot do, with the same paging', async () => {
    const page = await rows('scope=one&sort=l&offset=1&limit=2');
    expect(page.source).toBe('ldap');
    expect(page.total).toBe(5);
    expect(page.rows).toHaveLength(2);
  });

  it('searches as you type, without regard to case or accents', async () => {
    const found = await rows('scope=sub&q=ELAN');
    expect(found.rows.map((r) => r.name)).toEqual(['Zoé Élan']);
    const mart = await rows('scope=sub&q=mart&sort=sn');
    expect(mart.rows.map((r) => r.name)).toEqual(['Marc Martin', 'Léa Martinez']);
  });

  it('applies a raw LDAP filter typed in parentheses, and explains a wrong one', async () => {
    const found = await rows(`scope=sub&q=${encodeURIComponent('(|(givenName=Ana)(sn=Durand))')}&sort=sn`);
    expect(found.rows.map((r) => r.name)).toEqual(['Ana Abadie', 'Bruno Durand']);
    const broken = await call({ method: 'GET', url: `/ui/api/lists/users/rows?base=${encodeURIComponent(base)}&q=${encodeURIComponent('(sn=Durand')}` });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ code: 'value.invalid', attribute: 'q' });
    const unknown = await call({ method: 'GET', url: `/ui/api/lists/users/rows?base=${encodeURIComponent(base)}&q=${encodeURIComponent('(nosuchattr=1)')}` });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('nosuchattr');
  });

  it('filters on a tab and reports each row’s active tabs', async () => {
    const unix = await rows('scope=sub&tabs=posixAccount&sort=sn');
    expect(unix.rows.map((r) => r.name)).toEqual(['Ana Abadie', 'Zoé Élan', 'Léa Martinez']);
    expect(unix.rows.every((r) => r.tabs.includes('posixAccount'))).toBe(true);
  });

  it('exports the rows of a query as CSV with the list’s columns', async () => {
    const res = await call({ method: 'GET', url: `/ui/api/lists/users/export.csv?base=${encodeURIComponent(base)}&scope=sub&q=mart&sort=sn` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.body.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('dn,type,Last name,First name,Login');
    expect(lines.slice(1).map((l) => l.split(',').at(-1))).toEqual([`ui${tag}3`, `ui${tag}4`]);
  });
});

describe('column configurations', () => {
  // The per-user values are shared by the run; this file's admin keeps its own change and removes it.
  it('stores a user’s columns as fdManagementUserConfig in FusionDirectory’s format, and forgets them', async () => {
    const columns = [
      { kind: 'LinkColumn', attributes: 'sn', label: 'Nom' },
      { kind: 'Column', attributes: 'mail' },
    ];
    const put = await call({ method: 'PUT', url: '/ui/api/lists/users/columns', payload: { scope: 'user', columns } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json<ListDefinition>().columnsSource).toBe('user');
    const stored = (await gateway.read(SiteConfig.configDN(env.baseDN), ['fdManagementUserConfig']))!.get('fdManagementUserConfig');
    expect(stored).toContain(`${env.fdAdminDN}:userManagement:[["LinkColumn",{"attributes":"sn","label":"Nom"}],["Column",{"attributes":"mail"}]]`);
    const rows = (await call({ method: 'GET', url: `/ui/api/lists/users/rows?base=${encodeURIComponent(base)}&scope=one&sort=sn&limit=1` })).json<ListRowsAnswer>();
    expect(rows.rows[0]!.cells).toEqual([['Abadie'], []]);
    const forget = await call({ method: 'DELETE', url: '/ui/api/lists/users/columns?scope=user' });
    expect(forget.json<ListDefinition>().columnsSource).not.toBe('user');
    const after = (await gateway.read(SiteConfig.configDN(env.baseDN), ['fdManagementUserConfig']))!.get('fdManagementUserConfig');
    expect(after.some((v) => v.startsWith(`${env.fdAdminDN}:userManagement:`))).toBe(false);
  });

  it('reads a global default FusionDirectory wrote (empty options as [])', async () => {
    const configDn = SiteConfig.configDN(env.baseDN);
    const value = 'aclRoleManagement:[["ObjectTypeColumn",[]],["LinkColumn",{"attributes":"cn","label":"Role name"}]]';
    await gateway.modify(configDn, [{ operation: 'add', attribute: 'fdManagementConfig', values: [value] }]);
    try {
      const def = (await call({ method: 'GET', url: '/ui/api/lists/aclRoles' })).json<ListDefinition>();
      expect(def.columnsSource).toBe('global');
      expect(def.columns).toEqual([{ kind: 'ObjectTypeColumn', label: 'Type' }, { kind: 'LinkColumn', attributes: 'cn', label: 'Role name' }]);
    } finally {
      await gateway.modify(configDn, [{ operation: 'delete', attribute: 'fdManagementConfig', values: [value] }]);
    }
  });

  it('refuses a column naming an attribute the list’s objects do not have', async () => {
    const res = await call({ method: 'PUT', url: '/ui/api/lists/users/columns', payload: { scope: 'user', columns: [{ kind: 'Column', attributes: 'gidNumberz' }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'value.invalid', attribute: 'columns' });
  });
});

describe('the editor', () => {
  const url = (dn: string) => `/ui/api/objects/user/${encodeURIComponent(dn)}`;

  it('saves values of several tabs in one write, and refuses a second save made from the same version', async () => {
    const dn = `uid=ui${tag}1,${people}`;
    const opened = (await call({ method: 'GET', url: url(dn) })).json<ObjectView>();
    expect(opened.tabs.find((t) => t.id === 'user')!.values.sn).toBe('Durand');
    expect(opened.tabs.find((t) => t.id === 'user')!.values.userPassword).toBe('');
    const first = await call({ method: 'PUT', url: url(dn), payload: { etag: opened.etag, tabs: { user: { active: true, values: { description: 'first editor' } }, mailAccount: { active: true, values: { mail: `ui${tag}1@example.org` } } } } });
    expect(first.statusCode, first.body).toBe(200);
    const second = await call({ method: 'PUT', url: url(dn), payload: { etag: opened.etag, tabs: { user: { active: true, values: { description: 'second editor' } } } } });
    expect(second.statusCode).toBe(409);
    const body = second.json<{ code: string; details: { current: ObjectView } }>();
    expect(body.code).toBe('entry.conflict');
    expect(body.details.current.tabs.find((t) => t.id === 'user')!.values.description).toBe('first editor');
    const entry = await gateway.read(dn, ['description', 'mail']);
    expect(entry!.get('description')).toEqual(['first editor']);
    expect(entry!.get('mail')).toEqual([`ui${tag}1@example.org`]);
  });

  it('answers a validation error with the tab, the attribute and every problem', async () => {
    const dn = `uid=ui${tag}3,${people}`;
    const opened = (await call({ method: 'GET', url: url(dn) })).json<ObjectView>();
    const res = await call({ method: 'PUT', url: url(dn), payload: { etag: opened.etag, tabs: { user: { active: true, values: { sn: '' } } } } });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ code: string; message: string; tab: string; attribute: string; details: UiProblem[] }>();
    expect(body).toMatchObject({ code: 'value.invalid', tab: 'user', attribute: 'sn', message: 'The required field "Last name" is empty!' });
    expect(body.details[0]).toMatchObject({ code: 'value.required', tab: 'user', attribute: 'sn' });
    expect((await gateway.read(dn, ['sn']))!.get('sn')).toEqual(['Martin']);
  });

  it('creates a user with the Unix tab, shows it in the list at once, then deletes it', async () => {
    const uid = `ui${tag}new`;
    const created = await call({
      method: 'POST',
      url: '/ui/api/objects/user',
      payload: { base, tabs: { user: { active: true, values: { uid, sn: 'Nouveau', givenName: 'Noé' } }, posixAccount: { active: true, values: { homeDirectory: `/home/${uid}` } } } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { dn } = created.json<{ dn: string }>();
    expect(dn).toBe(`uid=${uid},${people}`);
    const entry = await gateway.read(dn, ['objectClass', 'uidNumber']);
    expect(entry!.get('objectClass').map((c) => c.toLowerCase())).toContain('posixaccount');
    expect(Number(entry!.get('uidNumber')[0])).toBeGreaterThan(0);
    const listed = (await call({ method: 'GET', url: `/ui/api/lists/users/rows?base=${encodeURIComponent(base)}&scope=one&q=nouveau` })).json<ListRowsAnswer>();
    expect(listed.rows.map((r) => r.dn)).toEqual([dn]);
    const removed = await call({ method: 'DELETE', url: url(dn) });
    expect(removed.statusCode).toBe(204);
    expect(await gateway.read(dn, ['uid'])).toBeNull();
  });

  it('locks and unlocks users in bulk, reporting each one', async () => {
    const dns = [`uid=ui${tag}2,${people}`, `uid=ui${tag}4,${people}`];
    const lock = await call({ method: 'POST', url: '/ui/api/bulk', payload: { action: 'lock', objects: [...dns.map((dn) => ({ type: 'user', dn })), { type: 'user', dn: `uid=nobody${tag},${people}` }] } });
    expect(lock.statusCode).toBe(200);
    const results = lock.json<{ results: Array<{ dn: string; ok: boolean }> }>().results;
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    for (const dn of dns) expect((await gateway.read(dn, ['userPassword']))!.get('userPassword')[0]).toMatch(/^\{SSHA\}!/);
    await call({ method: 'POST', url: '/ui/api/bulk', payload: { action: 'unlock', objects: dns.map((dn) => ({ type: 'user', dn })) } });
    for (const dn of dns) expect((await gateway.read(dn, ['userPassword']))!.get('userPassword')[0]).toMatch(/^\{SSHA\}[^!]/);
  });

  it('applies a template to existing users, keeping their own names', async () => {
    await gateway.add(`ou=templates,${people}`, { objectClass: 'organizationalUnit', ou: 'templates' });
    const template = `cn=titled,ou=templates,${people}`;
    await gateway.add(template, { objectClass: 'fdTemplate', cn: 'titled', fdTemplateField: ['objectClass:inetOrgPerson', 'objectClass:organizationalPerson', 'objectClass:person', 'sn:%askme%', 'title:Staff', 'description:Applied to %sn%'] });
    const dn = `uid=ui${tag}0,${people}`;
    const res = await call({ method: 'POST', url: '/ui/api/bulk', payload: { action: 'applyTemplate', template, objects: [{ type: 'user', dn }] } });
    expect(res.json<{ results: Array<{ ok: boolean }> }>().results, res.body).toEqual([{ dn, ok: true }]);
    const entry = await gateway.read(dn, ['sn', 'title', 'description']);
    expect(entry!.get('sn')).toEqual(['Élan']);
    expect(entry!.get('title')).toEqual(['Staff']);
    expect(entry!.get('description')).toEqual(['Applied to Élan']);
  });

  it('describes a type with its tabs, sections and attribute kinds, in French when asked', async () => {
    const res = await call({ method: 'GET', url: '/ui/api/types/user', headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    const type = res.json<{ label: string; tabs: Array<{ id: string; label: string; sections: Array<{ attributes: Array<{ name: string; kind: string; label: string; required: boolean }> }> }> }>();
    expect(type.label).toBe('Utilisateur');
    const user = type.tabs.find((t) => t.id === 'user')!;
    const attrs = user.sections.flatMap((s) => s.attributes);
    expect(attrs.find((a) => a.name === 'sn')).toMatchObject({ kind: 'string', required: true, label: 'Nom' });
    expect(attrs.find((a) => a.name === 'userPassword')).toMatchObject({ kind: 'password' });
    expect(type.tabs.map((t) => t.id)).toEqual(expect.arrayContaining(['posixAccount', 'mailAccount']));
  });
});
