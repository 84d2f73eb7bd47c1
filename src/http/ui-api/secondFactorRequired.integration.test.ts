// A second factor required by a role, a group or a department (trousseau.yaml secondFactor.requiredFor), through the
// UI API over the run's slapd: the restricted session of a user without a factor, every other route refused, the
// enrolment that frees it, the next sign-in asking for the code, the last factor kept, an administrator's removal.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { hashSalted } from '../../passwords/ssha.ts';
import { LoginThrottle } from '../../services/auth/LoginThrottle.ts';
import { SecondFactors } from '../../services/secondFactor/SecondFactors.ts';
import { SiteConfig } from '../../services/SiteConfig.ts';
import { buildApp } from '../buildApp.ts';
import { buildRestV1Setup } from '../rest-v1/buildRestV1Setup.ts';
import { registerRoutes } from '../registerRoutes.ts';
import type { SessionInfo } from './contract.ts';
import type { NewTotpAnswer, SecondFactorList } from './secondFactorContract.ts';

const UA = 'trousseau-2fa-required-tests/1.0';
const PASSWORD = 'Required-pass-1';
const env = testLdap();
const tag = randomBytes(3).toString('hex');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const enc = encodeURIComponent;
let app: FastifyInstance;
let gateway: LdapGateway;
let S: string;
let nextUidNumber = 90400 + Math.floor(Math.random() * 300);
let role: string, group: string, posix: string, dsi: string, missing: string;
type User = { dn: string; uid: string };
// Made before the first sign-in: the policy trusts what it read of a configured entry for 10 s.
let admin: User, grouped: User, unix: User, inDsi: User, free: User, member: User, boss: User, spare: User, expired: User;
let spareCodes: string[];
const warnings: string[] = [];

interface As {
  cookie: string;
  csrf: string;
}

function call(options: InjectOptions & { as?: As }): Promise<LightMyRequestResponse> {
  const { as, headers, ...rest } = options;
  return app.inject({ ...rest, headers: { 'user-agent': UA, ...(as ? { cookie: as.cookie, 'x-csrf-token': as.csrf } : {}), ...(headers ?? {}) } } as InjectOptions);
}

/** The session cookie a response sets, if any. */
const sessionCookieOf = (res: LightMyRequestResponse) => {
  const set = res.headers['set-cookie'];
  return (Array.isArray(set) ? set : set ? [set] : []).map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('trousseau_session='));
};

async function user(name: string, parent = `ou=people,${S}`): Promise<{ dn: string; uid: string }> {
  const uid = `sfr-${name}-${tag}`;
  const dn = `uid=${uid},${parent}`;
  await gateway.add(dn, {
    objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', 'posixAccount'],
    uid,
    cn: `Sam ${name}`,
    sn: name,
    givenName: 'Sam',
    uidNumber: String(nextUidNumber++),
    gidNumber: '90400',
    homeDirectory: `/home/${uid}`,
    userPassword: hashSalted(PASSWORD, 'SSHA'),
  });
  return { dn, uid };
}

/** Signs in with the password: the answer, and the session (cookie and CSRF token) when one was opened. */
async function signIn(uid: string): Promise<{ res: LightMyRequestResponse; as?: As; info?: SessionInfo }> {
  const res = await call({ method: 'POST', url: '/ui/api/session', payload: { username: uid, password: PASSWORD } });
  if (res.statusCode !== 200) return { res };
  const info = res.json<SessionInfo>();
  return { res, as: { cookie: sessionCookieOf(res)!, csrf: info.csrf }, info };
}

/** Enrols a TOTP app as `as`: the code is computed from the secret shown, as a phone would. */
async function enrolTotp(as: As): Promise<{ res: LightMyRequestResponse; secret: string }> {
  const fresh = await call({ method: 'POST', url: '/ui/api/account/second-factors/totp/new', as, payload: {} });
  expect(fresh.statusCode).toBe(200);
  const { uri, secret, ticket } = fresh.json<NewTotpAnswer>();
  const code = OTPAuth.URI.parse(uri).generate();
  const res = await call({ method: 'POST', url: '/ui/api/account/second-factors/totp', as, payload: { ticket, code } });
  return { res, secret };
}

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  S = await testSubtree('second-factor-required');
  for (const ou of ['people', 'roles', 'groups', 'aclroles', 'dsi']) await gateway.add(`ou=${ou},${S}`, { objectClass: 'organizationalUnit', ou });
  await gateway.add(`ou=people,ou=dsi,${S}`, { objectClass: 'organizationalUnit', ou: 'people' });
  // Everyone here may read and write himself (the menu then offers "My account" and the users list).
  const self = `cn=self-${tag},ou=aclroles,${S}`;
  await gateway.add(self, { objectClass: ['top', 'gosaRole'], cn: `self-${tag}`, gosaAclTemplate: ['0:user/user;srw,user/posixAccount;srw'] });
  await gateway.modify(S, [
    { operation: 'add', attribute: 'objectClass', values: ['gosaAcl'] },
    { operation: 'add', attribute: 'gosaAclEntry', values: [`0:subtree:${b64(self)}:${b64('*')}::`] },
  ]);
  dsi = `ou=dsi,${S}`;
  admin = await user('admin');
  grouped = await user('grouped');
  unix = await user('unix');
  inDsi = await user('dsi', `ou=people,${dsi}`);
  free = await user('free');
  member = await user('member');
  boss = await user('boss');
  spare = await user('spare');
  // In the department, and his password expired (changed 100 days ago, valid 30).
  expired = await user('expired', `ou=people,${dsi}`);
  const today = Math.floor(Date.now() / 86_400_000);
  await gateway.modify(expired.dn, [
    { operation: 'add', attribute: 'objectClass', values: ['shadowAccount'] },
    { operation: 'add', attribute: 'shadowLastChange', values: [String(today - 100)] },
    { operation: 'add', attribute: 'shadowMax', values: ['30'] },
  ]);
  // A user whose only factor is recovery codes.
  spareCodes = await new SecondFactors({ gateway, config: new SiteConfig(env.baseDN, {}) }).newRecoveryCodes(spare.dn);
  role = `cn=admins,ou=roles,${S}`;
  await gateway.add(role, { objectClass: 'organizationalRole', cn: 'admins', roleOccupant: [admin.dn, member.dn, spare.dn] });
  group = `cn=helpdesk,ou=groups,${S}`;
  await gateway.add(group, { objectClass: 'groupOfNames', cn: 'helpdesk', member: grouped.dn });
  posix = `cn=unix,ou=groups,${S}`;
  await gateway.add(posix, { objectClass: 'posixGroup', cn: 'unix', gidNumber: '90400', memberUid: unix.uid });
  missing = `cn=ghosts,ou=groups,${S}`;
  const setup = await buildRestV1Setup({
    directories: [{ name: 'default', base: env.baseDN, gateway, ignoreAclDN: `uid=sfr-boss-${tag},ou=people,${S}`, secondFactor: { requiredFor: [role, group, posix, dsi, missing] } }],
    sessionKey: randomBytes(32),
    throttle: new LoginThrottle({ freeAttempts: 1000 }),
    warn: (m) => warnings.push(m),
    // The test's TOTP settings, whatever the shared configuration entry says.
    loadConfig: async (g, baseDN) => {
      const entry = await g.read(SiteConfig.configDN(baseDN), ['*']);
      const values: Record<string, string[]> = {};
      for (const name of entry?.names() ?? []) if (/^fd/i.test(name) && !/^fdTotp/i.test(name)) values[name] = entry!.get(name);
      return new SiteConfig(baseDN, { ...values, fdHandleExpiredAccounts: ['TRUE'] });
    },
  });
  app = await buildApp({ logLevel: false, register: (a) => registerRoutes(a, { setup, webRoot: '/nonexistent' }) });
});

afterAll(async () => {
  await app?.close();
  await gateway?.close();
});

describe('a second factor required by a role, a group or a department', () => {
  it('gives a member of the role without a factor a session that may only enrol one, until he has', async () => {
    const { res, as, info } = await signIn(admin.uid);
    expect(res.statusCode).toBe(200);
    expect(info).toMatchObject({ mustEnrolSecondFactor: true, requiredBy: [role], menu: [] });
    expect((await call({ method: 'GET', url: '/ui/api/session', as })).json<SessionInfo>()).toMatchObject({ mustEnrolSecondFactor: true, requiredBy: [role], menu: [] });

    // Everything else is refused with the code the interface reacts to.
    const refused = [
      { method: 'GET', url: '/ui/api/types/user' },
      { method: 'GET', url: '/ui/api/lists/users' },
      { method: 'GET', url: '/ui/api/departments' },
      { method: 'GET', url: `/ui/api/objects/user/${enc(admin.dn)}` },
      { method: 'GET', url: `/ui/api/second-factors/users/${enc(admin.dn)}` },
      { method: 'POST', url: '/ui/api/account/password', payload: { current: PASSWORD, password: 'Another-pass-2' } },
      { method: 'DELETE', url: '/ui/api/account/second-factors/recovery-codes' },
      { method: 'DELETE', url: '/ui/api/account/second-factors/totp/0' },
    ] as const;
    for (const r of refused) {
      const answer = await call({ ...r, as });
      expect({ route: `${r.method} ${r.url}`, status: answer.statusCode, code: answer.json<{ code: string }>().code }).toEqual({ route: `${r.method} ${r.url}`, status: 403, code: 'auth.second_factor_required' });
    }
    // What he may do: see his factors (and why one is required).
    const list = await call({ method: 'GET', url: '/ui/api/account/second-factors', as });
    expect(list.json<SecondFactorList>()).toMatchObject({ totp: [], webauthn: [], requiredBy: [role] });

    // Recovery codes alone do not satisfy the requirement.
    expect((await call({ method: 'POST', url: '/ui/api/account/second-factors/recovery-codes', as, payload: {} })).statusCode).toBe(200);
    expect((await call({ method: 'GET', url: '/ui/api/session', as })).json<SessionInfo>().mustEnrolSecondFactor).toBe(true);

    // An app enrolled: the answer carries a new session cookie, free of the restriction.
    const { res: enrolled } = await enrolTotp(as!);
    expect(enrolled.statusCode).toBe(200);
    expect(enrolled.json<SecondFactorList>()).toMatchObject({ totp: [{ issuer: expect.any(String) }], requiredBy: [role] });
    const freed = { cookie: sessionCookieOf(enrolled)!, csrf: as!.csrf };
    expect(freed.cookie).toBeDefined();
    const after = (await call({ method: 'GET', url: '/ui/api/session', as: freed })).json<SessionInfo>();
    expect(after.mustEnrolSecondFactor).toBeUndefined();
    expect(after.requiredBy).toBeUndefined();
    expect(after.menu.length).toBeGreaterThan(0);
    expect((await call({ method: 'GET', url: '/ui/api/types/user', as: freed })).statusCode).toBe(200);

    // The next sign-in asks for the code, as for anyone with a factor.
    const next = await signIn(admin.uid);
    expect(next.res.statusCode).toBe(401);
    expect(next.res.json()).toMatchObject({ code: 'auth.required', details: { secondFactor: { methods: expect.arrayContaining(['totp', 'recovery']) } } });
    expect(sessionCookieOf(next.res)).toBeUndefined();
  });

  it('applies to a group member (member), a posixGroup member (memberUid) and a user below the department', async () => {
    for (const [who, by] of [
      [grouped, group],
      [unix, posix],
      [inDsi, dsi],
    ] as const) {
      const { res, as, info } = await signIn(who.uid);
      expect(res.statusCode).toBe(200);
      expect(info).toMatchObject({ mustEnrolSecondFactor: true, requiredBy: [by], menu: [] });
      expect((await call({ method: 'GET', url: '/ui/api/types/user', as })).json()).toMatchObject({ code: 'auth.second_factor_required' });
    }
  });

  it('leaves a user no requirement concerns alone, and tells once of a configured entry that does not exist', async () => {
    const { res, as, info } = await signIn(free.uid);
    expect(res.statusCode).toBe(200);
    expect(info?.mustEnrolSecondFactor).toBeUndefined();
    expect(info?.menu.length).toBeGreaterThan(0);
    expect((await call({ method: 'GET', url: '/ui/api/types/user', as })).statusCode).toBe(200);
    expect((await call({ method: 'GET', url: '/ui/api/account/second-factors', as })).json<SecondFactorList>().requiredBy).toBeUndefined();
    expect(warnings.filter((w) => w.includes(missing))).toHaveLength(1);
  });

  it('refuses to remove the last app of a user a requirement applies to; an administrator may, and he must enrol again', async () => {
    const { as } = await signIn(member.uid);
    const { res: enrolled } = await enrolTotp(as!);
    const freed = { cookie: sessionCookieOf(enrolled)!, csrf: as!.csrf };
    const [totp] = enrolled.json<SecondFactorList>().totp;
    const removal = await call({ method: 'DELETE', url: `/ui/api/account/second-factors/totp/${enc(totp!.id)}`, as: freed });
    expect(removal.statusCode).toBe(400);
    expect(removal.json()).toMatchObject({ code: 'value.invalid', message: expect.stringContaining(role) });
    expect((await call({ method: 'GET', url: '/ui/api/account/second-factors', as: freed })).json<SecondFactorList>().totp).toHaveLength(1);

    // The administrator (lost phone) sees the requirement, and removes everything anyway.
    const admin = await signIn(boss.uid);
    expect(admin.info?.mustEnrolSecondFactor).toBeUndefined();
    const seen = await call({ method: 'GET', url: `/ui/api/second-factors/users/${enc(member.dn)}`, as: admin.as });
    expect(seen.json<SecondFactorList>()).toMatchObject({ totp: [{ id: totp!.id }], requiredBy: [role] });
    expect((await call({ method: 'DELETE', url: `/ui/api/second-factors/users/${enc(member.dn)}`, as: admin.as })).statusCode).toBe(204);

    const again = await signIn(member.uid);
    expect(again.res.statusCode).toBe(200);
    expect(again.info).toMatchObject({ mustEnrolSecondFactor: true, requiredBy: [role] });
  });

  it('asks for the expired password first, then for the second factor', async () => {
    const { res, as, info } = await signIn(expired.uid);
    expect(res.statusCode).toBe(200);
    expect(info).toMatchObject({ mustChangePassword: true, mustEnrolSecondFactor: true, requiredBy: [dsi], menu: [] });
    expect((await call({ method: 'GET', url: '/ui/api/account/second-factors', as })).json()).toMatchObject({ code: 'auth.password_change_required' });
    const changed = await call({ method: 'POST', url: '/ui/api/account/password', as, payload: { current: PASSWORD, password: 'Brand-new-pass-7' } });
    expect(changed.statusCode).toBe(204);
    const next = { cookie: sessionCookieOf(changed)!, csrf: as!.csrf };
    const after = (await call({ method: 'GET', url: '/ui/api/session', as: next })).json<SessionInfo>();
    expect(after.mustChangePassword).toBeUndefined();
    expect(after).toMatchObject({ mustEnrolSecondFactor: true, requiredBy: [dsi], menu: [] });
    expect((await call({ method: 'GET', url: '/ui/api/types/user', as: next })).json()).toMatchObject({ code: 'auth.second_factor_required' });
    expect((await call({ method: 'GET', url: '/ui/api/account/second-factors', as: next })).statusCode).toBe(200);
  });

  it('a user whose only factor is recovery codes proves one, then must still enrol an app or a key', async () => {
    const pending = await call({ method: 'POST', url: '/ui/api/session', payload: { username: spare.uid, password: PASSWORD } });
    expect(pending.statusCode).toBe(401);
    const pendingCookie = (Array.isArray(pending.headers['set-cookie']) ? pending.headers['set-cookie'] : [pending.headers['set-cookie'] ?? '']).map((c) => c.split(';')[0]!).find((c) => c.startsWith('trousseau_2fa='))!;
    expect(pending.json()).toMatchObject({ details: { secondFactor: { methods: ['recovery'] } } });
    const proved = await call({ method: 'POST', url: '/ui/api/session/second-factor', headers: { cookie: pendingCookie }, payload: { method: 'recovery', code: spareCodes[0] } });
    expect(proved.statusCode).toBe(200);
    expect(proved.json<SessionInfo>()).toMatchObject({ mustEnrolSecondFactor: true, requiredBy: [role], menu: [] });
  });
});
