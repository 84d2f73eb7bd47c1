// A user whose password has expired (shadowLastChange + shadowMax passed, fdHandleExpiredAccounts on) signs in to the
// web interface, can only change his password, and then gets his usual session (fd-core.md §3.5). REST still refuses.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { hashSalted } from '../../passwords/ssha.ts';
import { installedPlugins } from '../../plugins/index.ts';
import { LoginThrottle } from '../../services/auth/LoginThrottle.ts';
import { SiteConfig } from '../../services/SiteConfig.ts';
import { buildApp } from '../buildApp.ts';
import { buildRestV1Setup } from '../rest-v1/buildRestV1Setup.ts';
import { registerRoutes } from '../registerRoutes.ts';
import type { SessionInfo } from './contract.ts';

const UA = 'trousseau-expired-tests/1.0';
const env = testLdap();
const tag = randomBytes(3).toString('hex');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const today = Math.floor(Date.now() / 86_400_000);
let app: FastifyInstance;
let gateway: LdapGateway;
let base: string;
let userDn: string;
const uid = `exp${tag}`;

function call(options: InjectOptions & { cookie?: string; csrf?: string }): Promise<LightMyRequestResponse> {
  const { cookie, csrf, headers, ...rest } = options;
  return app.inject({ ...rest, headers: { 'user-agent': UA, ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}), ...(headers ?? {}) } } as InjectOptions);
}

const cookieOf = (res: LightMyRequestResponse) => {
  const set = res.headers['set-cookie'];
  return ((Array.isArray(set) ? set[0] : set) ?? '').split(';')[0] ?? '';
};

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  base = await testSubtree('expiredpw');
  for (const ou of ['people', 'aclroles']) await gateway.add(`ou=${ou},${base}`, { objectClass: 'organizationalUnit', ou });
  // FusionDirectory's editownpwd role, given to everyone in this subtree, as its setup does at the base.
  const role = `cn=editownpwd-${tag},ou=aclroles,${base}`;
  await gateway.add(role, { objectClass: ['top', 'gosaRole'], cn: `editownpwd-${tag}`, gosaAclTemplate: '0:user/user;s#userPassword;rw' });
  await gateway.modify(base, [
    { operation: 'add', attribute: 'objectClass', values: ['gosaAcl'] },
    { operation: 'add', attribute: 'gosaAclEntry', values: [`0:subtree:${b64(role)}:${b64('*')}:${b64('')}:${b64('')}`] },
  ]);
  userDn = `uid=${uid},ou=people,${base}`;
  await gateway.add(userDn, {
    objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', 'posixAccount', 'shadowAccount'],
    uid,
    cn: 'Eve Expired',
    sn: 'Expired',
    givenName: 'Eve',
    uidNumber: '75101',
    gidNumber: '75101',
    homeDirectory: `/home/${uid}`,
    userPassword: hashSalted('Old-secret-1', 'SSHA'),
    // Changed 100 days ago, valid 30 days: expired.
    shadowLastChange: String(today - 100),
    shadowMax: '30',
  });
  const setup = await buildRestV1Setup({
    directories: [{ name: 'default', base: env.baseDN, gateway }],
    sessionKey: randomBytes(32),
    plugins: installedPlugins,
    throttle: new LoginThrottle({ freeAttempts: 1000 }),
    loadConfig: (g, baseDN) => SiteConfig.load(g, baseDN, { fdHandleExpiredAccounts: 'TRUE' }),
  });
  app = await buildApp({ logLevel: false, register: (a) => registerRoutes(a, { setup, webRoot: '/nonexistent' }) });
});

afterAll(async () => {
  await app?.close();
  await gateway?.close();
});

describe('an expired password at sign-in', () => {
  it('is refused by REST v1 with FusionDirectory’s message', async () => {
    const res = await call({ method: 'POST', url: '/rest.php/v1/login', payload: { user: uid, password: 'Old-secret-1' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toBe('Your password has expired, please set a new one.');
  });

  it('lets the web interface in to change it, and nothing else until then', async () => {
    const signedIn = await call({ method: 'POST', url: '/ui/api/session', payload: { username: uid, password: 'Old-secret-1' } });
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const info = signedIn.json<SessionInfo>();
    expect(info.mustChangePassword).toBe(true);
    expect(info.menu).toEqual([]);
    const cookie = cookieOf(signedIn);
    const csrf = info.csrf;

    const list = await call({ method: 'GET', url: '/ui/api/lists/users', cookie });
    expect(list.statusCode).toBe(403);
    expect(list.json()).toMatchObject({ code: 'auth.password_change_required', message: 'Your password has expired: change it before going on.' });
    expect((await call({ method: 'GET', url: `/ui/api/objects/user/${encodeURIComponent(userDn)}`, cookie })).statusCode).toBe(403);
    expect((await call({ method: 'GET', url: '/ui/api/session', cookie })).json<SessionInfo>().mustChangePassword).toBe(true);

    const wrong = await call({ method: 'POST', url: '/ui/api/account/password', cookie, csrf, payload: { current: 'not-it', password: 'New-secret-2' } });
    expect(wrong.json()).toMatchObject({ code: 'value.invalid', attribute: 'current' });
    const changed = await call({ method: 'POST', url: '/ui/api/account/password', cookie, csrf, payload: { current: 'Old-secret-1', password: 'New-secret-2' } });
    expect(changed.statusCode, changed.body).toBe(204);
    const renewed = cookieOf(changed);
    expect(renewed).not.toBe('');

    // The password and its change day are written; the same session now works as usual.
    const entry = (await gateway.read(userDn, ['shadowLastChange']))!;
    expect(Number(entry.first('shadowLastChange'))).toBe(today);
    const after = await call({ method: 'GET', url: '/ui/api/session', cookie: renewed });
    expect(after.json<SessionInfo>().mustChangePassword).toBeUndefined();
    expect((await call({ method: 'GET', url: `/ui/api/objects/user/${encodeURIComponent(userDn)}`, cookie: renewed })).statusCode).toBe(200);
    expect((await call({ method: 'POST', url: '/rest.php/v1/login', payload: { user: uid, password: 'New-secret-2' } })).statusCode).toBe(200);
  });
});
