// The snapshot routes of the UI API against the run's slapd: list with the rights' flags, create, restore over an
// object and of a deleted one (which lists show at once), delete, refusals for a delegate, the type description's
// flag, and 501 while snapshots are disabled.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { hashSalted } from '../../passwords/ssha.ts';
import { installedPlugins } from '../../plugins/index.ts';
import { LoginThrottle } from '../../services/auth/LoginThrottle.ts';
import { SiteConfig } from '../../services/SiteConfig.ts';
import { buildApp } from '../buildApp.ts';
import { registerRoutes } from '../registerRoutes.ts';
import { buildRestV1Setup } from '../rest-v1/buildRestV1Setup.ts';
import type { RestV1Setup } from '../rest-v1/restV1.ts';
import type { SessionInfo } from './contract.ts';
import type { DeletedSnapshots, SnapshotInfo, SnapshotList, SnapshotRestoreAnswer } from './snapshotsContract.ts';

const env = testLdap();
const tag = randomBytes(3).toString('hex');
const PASSWORD = 'plain-user-secret';
const enc = encodeURIComponent;
let gateway: LdapGateway;
let base: string;
let people: string;
const dn: Record<string, string> = {};

interface Site {
  app: FastifyInstance;
  setup: RestV1Setup;
  sessions: Record<string, { cookie: string; csrf: string }>;
}
let site: Site;
let disabled: Site;

async function startSite(settings: Record<string, string>): Promise<Site> {
  const setup = await buildRestV1Setup({
    directories: [{ name: 'default', base, gateway, ignoreAclDN: dn.admin! }],
    sessionKey: randomBytes(32),
    plugins: installedPlugins,
    throttle: new LoginThrottle({ freeAttempts: 1000 }),
    loadConfig: async (_g, baseDN) => new SiteConfig(baseDN, { fdSnapshotBase: [`ou=snapshots,${base}`], fdAuditActions: ['snapshot'], ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, [v]])) }),
  });
  const app = await buildApp({ logLevel: false, register: (a) => registerRoutes(a, { setup, webRoot: '/nonexistent' }) });
  const s: Site = { app, setup, sessions: {} };
  for (const key of ['admin', 'reader']) {
    const res = await app.inject({ method: 'POST', url: '/ui/api/session', payload: { username: `${key}-${tag}`, password: PASSWORD }, headers: { 'user-agent': 'snapshots-api-tests' } });
    expect(res.statusCode, res.body).toBe(200);
    const set = res.headers['set-cookie'];
    s.sessions[key] = { cookie: ((Array.isArray(set) ? set[0] : set) ?? '').split(';')[0]!, csrf: res.json<SessionInfo>().csrf };
  }
  return s;
}

async function call(who: string, method: InjectOptions['method'], url: string, payload?: unknown, on: Site = site) {
  const session = on.sessions[who]!;
  return on.app.inject({
    method,
    url,
    ...(payload !== undefined ? { payload: payload as InjectOptions['payload'] } : {}),
    headers: { 'user-agent': 'snapshots-api-tests', cookie: session.cookie, ...(method !== 'GET' ? { 'x-csrf-token': session.csrf } : {}) },
  } as InjectOptions);
}

async function addUser(key: string, extra: Record<string, string | string[]> = {}) {
  const uid = `${key}-${tag}`;
  dn[key] = `uid=${uid},${people}`;
  await gateway.add(dn[key], { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'], uid, cn: `${key} ${tag}`, sn: key, givenName: key, userPassword: hashSalted(PASSWORD, 'SSHA'), ...extra });
}

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  base = await testSubtree('snapapi');
  people = `ou=people,${base}`;
  await gateway.add(people, { objectClass: 'organizationalUnit', ou: 'people' });
  await addUser('admin');
  await addUser('reader');
  await addUser('target', { title: 'Original' });
  await addUser('gone', { title: 'Gone' });
  await gateway.add(`ou=aclroles,${base}`, { objectClass: 'organizationalUnit', ou: 'aclroles' });
  const role = `cn=snapreader,ou=aclroles,${base}`;
  await gateway.add(role, { objectClass: ['top', 'gosaRole'], cn: 'snapreader', gosaAclTemplate: '0:user/SnapshotHandler;r,user/user;r' });
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  await gateway.modify(base, [
    { operation: 'add', attribute: 'objectClass', values: ['gosaAcl'] },
    { operation: 'add', attribute: 'gosaAclEntry', values: [`0:subtree:${b64(role)}:${b64(dn.reader!)}`] },
  ]);
  site = await startSite({});
  disabled = await startSite({ fdEnableSnapshots: 'FALSE' });
});

afterAll(async () => {
  await site?.app.close();
  await disabled?.app.close();
  await gateway?.close();
});

const list = async (who: string, objectDn: string) => {
  const res = await call(who, 'GET', `/ui/api/snapshots?type=user&dn=${enc(objectDn)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<SnapshotList>();
};

describe('the snapshots API', () => {
  it('says in the type description which types have snapshots', async () => {
    expect((await call('admin', 'GET', '/ui/api/types/user')).json<{ snapshots: boolean }>().snapshots).toBe(true);
    expect((await call('admin', 'GET', '/ui/api/types/department')).json<{ snapshots: boolean }>().snapshots).toBe(false);
  });

  it('offers SnapshotHandler with restore_over and restore_deleted in the roles editor, not for departments', async () => {
    const catalogue = (await call('admin', 'GET', '/ui/api/acl/objects')).json<{ categories: Array<{ id: string; objects: Array<{ id: string; attributes: Array<{ name: string }> }> }> }>();
    const objectsOf = (id: string) => catalogue.categories.find((c) => c.id === id)?.objects ?? [];
    expect(objectsOf('user').find((o) => o.id === 'user/SnapshotHandler')?.attributes.map((a) => a.name)).toEqual(['restore_over', 'restore_deleted']);
    expect(objectsOf('department').map((o) => o.id)).not.toContain('department/SnapshotHandler');
  });

  it('creates, lists, restores over, and deletes a snapshot', async () => {
    expect(await list('admin', dn.target!)).toEqual({ enabled: true, canCreate: true, canDelete: true, canRestore: true, sources: [], snapshots: [] });
    const missing = await call('admin', 'POST', '/ui/api/snapshots', { type: 'user', dn: dn.target });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'value.invalid', attribute: 'description' });
    const created = await call('admin', 'POST', '/ui/api/snapshots', { type: 'user', dn: dn.target, description: 'Before the summer' });
    expect(created.statusCode, created.body).toBe(201);
    const info = created.json<SnapshotInfo>();
    expect(info).toMatchObject({ objectDn: dn.target, type: 'user', description: 'Before the summer', source: 'FD' });
    expect((await list('admin', dn.target!)).snapshots).toEqual([info]);
    const events = await site.setup.directories[0]!.audit!.search({ object: info.dn });
    expect(events.events.map((e) => [e.action, e.objectType, e.author])).toEqual([['snapshot', 'create', dn.admin]]);

    await gateway.modify(dn.target!, [{ operation: 'replace', attribute: 'title', values: ['Changed'] }]);
    const restored = await call('admin', 'POST', '/ui/api/snapshots/restore', { type: 'user', snapshot: info.dn });
    expect(restored.statusCode, restored.body).toBe(200);
    const answer = restored.json<SnapshotRestoreAnswer>();
    expect(answer.dn).toBe(dn.target);
    const opened = await call('admin', 'GET', `/ui/api/objects/user/${enc(dn.target!)}`);
    expect(opened.json<{ etag: string }>().etag).toBe(answer.etag);
    expect((await gateway.read(dn.target!, ['title']))?.get('title')).toEqual(['Original']);

    const deleted = await call('admin', 'DELETE', `/ui/api/snapshots/${enc(info.dn)}?type=user`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect((await list('admin', dn.target!)).snapshots).toEqual([]);
    const again = await call('admin', 'DELETE', `/ui/api/snapshots/${enc(info.dn)}?type=user`);
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ code: 'object.not_found' });
    const outside = await call('admin', 'POST', '/ui/api/snapshots/restore', { type: 'user', snapshot: dn.target });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({ code: 'value.invalid', attribute: 'snapshot' });
  });

  it('lists the snapshots of deleted objects, restores one, and lists show it at once', async () => {
    const info = (await call('admin', 'POST', '/ui/api/snapshots', { type: 'user', dn: dn.gone, description: 'Leaving' })).json<SnapshotInfo>();
    const del = await call('admin', 'DELETE', `/ui/api/objects/user/${enc(dn.gone!)}`);
    expect(del.statusCode, del.body).toBe(204);
    const gone = await call('admin', 'GET', `/ui/api/snapshots/deleted?type=user&base=${enc(base)}`);
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json<DeletedSnapshots>().snapshots.map((s) => s.dn)).toEqual([info.dn]);
    const restored = await call('admin', 'POST', '/ui/api/snapshots/restore', { type: 'user', snapshot: info.dn });
    expect(restored.statusCode, restored.body).toBe(200);
    expect((await gateway.read(dn.gone!, ['title']))?.get('title')).toEqual(['Gone']);
    expect((await call('admin', 'GET', `/ui/api/snapshots/deleted?type=user&base=${enc(base)}`)).json<DeletedSnapshots>().snapshots).toEqual([]);
    const opened = await call('admin', 'GET', `/ui/api/objects/user/${enc(dn.gone!)}`);
    expect(opened.statusCode, opened.body).toBe(200);
  });

  it('gives a delegate with r the list and refuses him the rest with acl.denied', async () => {
    const info = (await call('admin', 'POST', '/ui/api/snapshots', { type: 'user', dn: dn.target, description: 'For the reader' })).json<SnapshotInfo>();
    const seen = await list('reader', dn.target!);
    expect(seen).toMatchObject({ enabled: true, canCreate: false, canDelete: false, canRestore: false });
    expect(seen.snapshots.map((s) => s.dn)).toEqual([info.dn]);
    for (const [method, url, payload] of [
      ['POST', '/ui/api/snapshots', { type: 'user', dn: dn.target, description: 'mine' }],
      ['POST', '/ui/api/snapshots/restore', { type: 'user', snapshot: info.dn }],
      ['DELETE', `/ui/api/snapshots/${enc(info.dn)}?type=user`, undefined],
    ] as const) {
      const res = await call('reader', method, url, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json()).toMatchObject({ code: 'acl.denied' });
    }
    expect((await list('admin', dn.target!)).snapshots.map((s) => s.dn)).toEqual([info.dn]);
  });

  it('answers enabled: false to a list and 501 to writes while snapshots are disabled', async () => {
    const listed = await call('admin', 'GET', `/ui/api/snapshots?type=user&dn=${enc(dn.target!)}`, undefined, disabled);
    expect(listed.json<SnapshotList>()).toEqual({ enabled: false, canCreate: false, canDelete: false, canRestore: false, sources: [], snapshots: [] });
    const res = await call('admin', 'POST', '/ui/api/snapshots', { type: 'user', dn: dn.target, description: 'x' }, disabled);
    expect(res.statusCode).toBe(501);
    expect(res.json()).toMatchObject({ code: 'feature.unavailable' });
    // The type description says so, and the web interface offers neither the panel nor "Deleted objects…".
    expect((await call('admin', 'GET', '/ui/api/types/user', undefined, disabled)).json<{ snapshots: boolean }>().snapshots).toBe(false);
  });
});
