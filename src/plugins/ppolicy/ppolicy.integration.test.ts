// Password policies against the real slapd and its ppolicy overlay (fd-plugins.md §2.15): a policy made in the web
// interface, given to a user through his "Password policy" tab; five wrong passwords lock him, the sign-in says so,
// an administrator unlocks him; a forced change (pwdReset) sends him to the change page.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { buildApp } from '../../http/buildApp.ts';
import { registerRoutes } from '../../http/registerRoutes.ts';
import { buildRestV1Setup } from '../../http/rest-v1/buildRestV1Setup.ts';
import type { ObjectView, SessionInfo } from '../../http/ui-api/contract.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { hashSalted } from '../../passwords/ssha.ts';
import { AclPolicy } from '../../services/acl/AclPolicy.ts';
import { PasswordRecovery } from '../../services/auth/PasswordRecovery.ts';
import { LoginThrottle } from '../../services/auth/LoginThrottle.ts';
import { SiteConfig } from '../../services/SiteConfig.ts';
import { installedPlugins } from '../index.ts';

const UA = 'trousseau-ppolicy-tests/1.0';
const env = testLdap();
const tag = randomBytes(3).toString('hex');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const LOCKED = 'Your account is locked after too many failed sign-ins; an administrator can unlock it.';
let app: FastifyInstance;
let gateway: LdapGateway;
let base: string;
let policyDn: string;
let admin: { cookie: string; csrf: string };

function call(options: InjectOptions & { cookie?: string; csrf?: string }): Promise<LightMyRequestResponse> {
  const { cookie, csrf, headers, ...rest } = options;
  return app.inject({ ...rest, headers: { 'user-agent': UA, ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}), ...(headers ?? {}) } } as InjectOptions);
}

const cookieOf = (res: LightMyRequestResponse) => {
  const set = res.headers['set-cookie'];
  return ((Array.isArray(set) ? set[0] : set) ?? '').split(';')[0] ?? '';
};

const signIn = (username: string, password: string) => call({ method: 'POST', url: '/ui/api/session', payload: { username, password } });

async function addUser(uid: string, password: string): Promise<string> {
  const dn = `uid=${uid},ou=people,${base}`;
  await gateway.add(dn, { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'], uid, cn: `Pat ${uid}`, sn: uid, givenName: 'Pat', userPassword: hashSalted(password, 'SSHA') });
  return dn;
}

const objectUrl = (type: string, dn: string) => `/ui/api/objects/${type}/${encodeURIComponent(dn)}`;

/** The values of one tab of an object, as the administrator's form gets them. */
async function tabValues(dn: string, tab: string): Promise<{ etag: string; values: Record<string, unknown> }> {
  const res = await call({ method: 'GET', url: objectUrl('user', dn), cookie: admin.cookie });
  expect(res.statusCode, res.body).toBe(200);
  const view = res.json<ObjectView>();
  const found = view.tabs.find((t) => t.id === tab);
  expect(found, `tab ${tab}`).toBeDefined();
  return { etag: view.etag!, values: found!.values };
}

/** Save values on the user's "Password policy" tab as the administrator. */
async function saveTab(dn: string, values: Record<string, unknown>): Promise<LightMyRequestResponse> {
  const { etag } = await tabValues(dn, 'ppolicyAccount');
  return call({ method: 'PUT', url: objectUrl('user', dn), cookie: admin.cookie, csrf: admin.csrf, payload: { etag, tabs: { ppolicyAccount: { active: true, values } } } });
}

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  base = await testSubtree('ppolicy');
  for (const ou of ['people', 'aclroles', 'ppolicies']) await gateway.add(`ou=${ou},${base}`, { objectClass: 'organizationalUnit', ou });
  // FusionDirectory's editownpwd role in this subtree, so that users may change their own password.
  const role = `cn=editownpwd-${tag},ou=aclroles,${base}`;
  await gateway.add(role, { objectClass: ['top', 'gosaRole'], cn: `editownpwd-${tag}`, gosaAclTemplate: '0:user/user;s#userPassword;rw' });
  await gateway.modify(base, [
    { operation: 'add', attribute: 'objectClass', values: ['gosaAcl'] },
    { operation: 'add', attribute: 'gosaAclEntry', values: [`0:subtree:${b64(role)}:${b64('*')}:${b64('')}:${b64('')}`] },
  ]);
  const setup = await buildRestV1Setup({
    directories: [{ name: 'default', base: env.baseDN, gateway }],
    sessionKey: randomBytes(32),
    plugins: installedPlugins,
    // Failures must reach slapd at once: the overlay, not the app's throttle, is under test.
    throttle: new LoginThrottle({ freeAttempts: 1000 }),
    loadConfig: (g, baseDN) => SiteConfig.load(g, baseDN),
  });
  app = await buildApp({ logLevel: false, register: (a) => registerRoutes(a, { setup, webRoot: '/nonexistent' }) });
  const res = await signIn('fd-admin', env.fdAdminPassword);
  expect(res.statusCode, res.body).toBe(200);
  admin = { cookie: cookieOf(res), csrf: res.json<SessionInfo>().csrf };
});

afterAll(async () => {
  await app?.close();
  await gateway?.close();
});

describe('password policy objects', () => {
  it('are created from the web interface with slapd’s object classes and pwdAttribute userPassword', async () => {
    const res = await call({
      method: 'POST',
      url: '/ui/api/objects/ppolicy',
      cookie: admin.cookie,
      csrf: admin.csrf,
      payload: {
        base,
        tabs: {
          ppolicy: {
            active: true,
            // Five failures lock until an administrator unlocks (duration 0); a reset forces a change.
            values: { cn: `lock5-${tag}`, description: 'Five strikes', pwdMaxFailure: 5, pwdLockout: true, pwdLockoutDuration: 0, pwdMustChange: true, pwdMaxAge: 0, pwdCheckQuality: '0' },
          },
        },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    policyDn = res.json<{ dn: string }>().dn;
    expect(policyDn).toBe(`cn=lock5-${tag},ou=ppolicies,${base}`);
    const entry = (await gateway.read(policyDn, ['*']))!;
    expect(entry.get('objectClass').map((c) => c.toLowerCase())).toEqual(expect.arrayContaining(['device', 'pwdpolicy', 'pwdpolicychecker']));
    expect(entry.get('pwdAttribute')).toEqual(['userPassword']);
    expect(entry.get('pwdMaxFailure')).toEqual(['5']);
    expect(entry.get('pwdLockout')).toEqual(['TRUE']);
    expect(entry.get('pwdMustChange')).toEqual(['TRUE']);
  });

  it('disable the lock-out fields when lock-out is off', async () => {
    const res = await call({
      method: 'POST',
      url: '/ui/api/objects/ppolicy',
      cookie: admin.cookie,
      csrf: admin.csrf,
      payload: { base, tabs: { ppolicy: { active: true, values: { cn: `nolock-${tag}`, pwdLockout: false, pwdMaxFailure: 3 } } } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'value.invalid', attribute: 'pwdMaxFailure' });
  });
});

describe('lock-out at sign-in', () => {
  it('locks a user after five wrong passwords, says so, and an administrator unlocks him through the tab', async () => {
    const uid = `pp${tag}a`;
    const dn = await addUser(uid, 'Right-secret-1');
    const assigned = await saveTab(dn, { pwdPolicySubentry: policyDn });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect((await gateway.read(dn, ['pwdPolicySubentry']))!.get('pwdPolicySubentry')).toEqual([policyDn]);
    expect((await tabValues(dn, 'ppolicyAccount')).values).toMatchObject({ pwdPolicySubentry: policyDn, lockStatus: 'unlocked' });

    for (let i = 0; i < 5; i++) {
      const wrong = await signIn(uid, `wrong-${i}`);
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toMatchObject({ code: 'auth.failed', message: 'Invalid credentials' });
    }
    const refused = await signIn(uid, 'Right-secret-1');
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'auth.failed', message: LOCKED });
    // REST v1 says it too, with FusionDirectory's bare-string error body.
    const rest = await call({ method: 'POST', url: '/rest.php/v1/login', payload: { user: uid, password: 'Right-secret-1' } });
    expect(rest.statusCode).toBe(401);
    expect(rest.json()).toBe(LOCKED);

    const locked = (await tabValues(dn, 'ppolicyAccount')).values;
    expect(locked.pwdAccountLockedTime).not.toBe('');
    expect(['locked', 'permanent']).toContain(locked.lockStatus);

    const unlocked = await saveTab(dn, { pwdReset: 'FALSE' });
    expect(unlocked.statusCode, unlocked.body).toBe(200);
    expect((await gateway.read(dn, ['pwdAccountLockedTime']))!.get('pwdAccountLockedTime')).toEqual([]);
    expect((await tabValues(dn, 'ppolicyAccount')).values.lockStatus).toBe('unlocked');
    const ok = await signIn(uid, 'Right-secret-1');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<SessionInfo>().mustChangePassword).toBeUndefined();
  });

  it('says nothing about locks to an unknown login or without a policy', async () => {
    const uid = `pp${tag}b`;
    await addUser(uid, 'Right-secret-1');
    for (let i = 0; i < 6; i++) expect((await signIn(uid, `wrong-${i}`)).json()).toMatchObject({ message: 'Invalid credentials' });
    expect((await signIn(uid, 'Right-secret-1')).statusCode).toBe(200);
    expect((await signIn(`nobody${tag}`, 'x')).json()).toMatchObject({ code: 'auth.failed', message: 'Invalid credentials' });
  });
});

describe('forced password change (pwdReset)', () => {
  it('sends the user to the change page, and lets him go on once changed', async () => {
    const uid = `pp${tag}c`;
    const dn = await addUser(uid, 'Old-secret-1');
    expect((await saveTab(dn, { pwdPolicySubentry: policyDn, pwdReset: 'TRUE' })).statusCode).toBe(200);
    expect((await gateway.read(dn, ['pwdReset']))!.get('pwdReset')).toEqual(['TRUE']);

    const rest = await call({ method: 'POST', url: '/rest.php/v1/login', payload: { user: uid, password: 'Old-secret-1' } });
    expect(rest.statusCode).toBe(401);
    expect(rest.json()).toBe('Your password must be changed, please set a new one.');

    const signedIn = await signIn(uid, 'Old-secret-1');
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    const info = signedIn.json<SessionInfo>();
    expect(info.mustChangePassword).toBe(true);
    const cookie = cookieOf(signedIn);
    const list = await call({ method: 'GET', url: '/ui/api/lists/users', cookie });
    expect(list.statusCode).toBe(403);
    expect(list.json()).toMatchObject({ code: 'auth.password_change_required' });

    const changed = await call({ method: 'POST', url: '/ui/api/account/password', cookie, csrf: info.csrf, payload: { current: 'Old-secret-1', password: 'New-secret-2' } });
    expect(changed.statusCode, changed.body).toBe(204);
    const again = await signIn(uid, 'New-secret-2');
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<SessionInfo>().mustChangePassword).toBeUndefined();
  });
});

describe('expiry warnings and grace sign-ins', () => {
  /** A policy made directly in LDAP (the form is tested above). */
  async function policy(name: string, values: Record<string, string>): Promise<string> {
    const dn = `cn=${name}-${tag},ou=ppolicies,${base}`;
    await gateway.add(dn, { objectClass: ['device', 'pwdPolicy'], cn: `${name}-${tag}`, pwdAttribute: 'userPassword', ...values });
    return dn;
  }

  async function addUserWithPolicy(uid: string, password: string, policyOf: string): Promise<string> {
    const dn = `uid=${uid},ou=people,${base}`;
    await gateway.add(dn, { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'], uid, cn: `Pat ${uid}`, sn: uid, givenName: 'Pat', userPassword: hashSalted(password, 'SSHA'), pwdPolicySubentry: policyOf });
    return dn;
  }

  it('warns at sign-in when the password expires soon', async () => {
    const soon = await policy('soon', { pwdMaxAge: '3600', pwdExpireWarning: '7200' });
    const uid = `pp${tag}d`;
    await addUserWithPolicy(uid, 'Some-secret-1', soon);
    const res = await signIn(uid, 'Some-secret-1');
    expect(res.statusCode, res.body).toBe(200);
    const info = res.json<SessionInfo>();
    expect(info.mustChangePassword).toBeUndefined();
    expect(info.passwordWarning?.secondsBeforeExpiration).toBeGreaterThan(3000);
    expect(info.passwordWarning?.secondsBeforeExpiration).toBeLessThanOrEqual(3600);
  });

  it('lets an expired password in for its grace sign-ins, to change it, then refuses it', async () => {
    const expired = await policy('grace', { pwdMaxAge: '1', pwdGraceAuthNLimit: '1' });
    const uid = `pp${tag}e`;
    await addUserWithPolicy(uid, 'Some-secret-1', expired);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const graced = await signIn(uid, 'Some-secret-1');
    expect(graced.statusCode, graced.body).toBe(200);
    expect(graced.json<SessionInfo>()).toMatchObject({ mustChangePassword: true, passwordWarning: { graceLoginsRemaining: 0 } });
    const refused = await signIn(uid, 'Some-secret-1');
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'auth.failed', message: 'Your password has expired and no grace sign-in is left: use the password recovery, or ask an administrator.' });
  });
});

describe('the policy’s rules on a password change', () => {
  it('refuses a password shorter than pwdMinLength, with the same error in the web interface and REST v1', async () => {
    const strict = `cn=strict-${tag},ou=ppolicies,${base}`;
    await gateway.add(strict, { objectClass: ['device', 'pwdPolicy'], cn: `strict-${tag}`, pwdAttribute: 'userPassword', pwdMinLength: '12' });
    const uid = `pp${tag}f`;
    const dn = await addUser(uid, 'Right-secret-1');
    expect((await saveTab(dn, { pwdPolicySubentry: strict })).statusCode).toBe(200);
    const before = (await gateway.read(dn, ['userPassword']))!.first('userPassword');

    const { etag } = await tabValues(dn, 'user');
    const ui = await call({ method: 'PUT', url: objectUrl('user', dn), cookie: admin.cookie, csrf: admin.csrf, payload: { etag, tabs: { user: { active: true, values: { userPassword: 'Short-1' } } } } });
    expect(ui.statusCode).toBe(400);
    expect(ui.json()).toMatchObject({ code: 'value.invalid', attribute: 'userPassword', message: 'The password must be at least 12 characters long.' });

    const token = (await call({ method: 'POST', url: '/rest.php/v1/login', payload: { user: 'fd-admin', password: env.fdAdminPassword } })).json<string>();
    const rest = await call({ method: 'PATCH', url: `/rest.php/v1/objects/user/${encodeURIComponent(dn)}/user`, headers: { 'session-token': token }, payload: { userPassword: 'Short-1' } });
    expect(rest.statusCode).toBe(400);
    expect(JSON.stringify(rest.json())).toContain('The password must be at least 12 characters long.');
    expect((await gateway.read(dn, ['userPassword']))!.first('userPassword')).toBe(before);

    const long = await call({ method: 'PATCH', url: `/rest.php/v1/objects/user/${encodeURIComponent(dn)}/user`, headers: { 'session-token': token }, payload: { userPassword: 'A-long-enough-secret-1' } });
    expect(long.statusCode, long.body).toBe(200);
    expect((await signIn(uid, 'A-long-enough-secret-1')).statusCode).toBe(200);
  });
});

describe('locking a user (FusionDirectory’s lock action)', () => {
  it('also locks the account in the overlay, and the unlock removes that lock', async () => {
    const uid = `pp${tag}g`;
    const dn = await addUser(uid, 'Right-secret-1');
    // The overlay only acts for users under a policy (the test server has no default one).
    expect((await saveTab(dn, { pwdPolicySubentry: policyDn })).statusCode).toBe(200);
    const token = (await call({ method: 'POST', url: '/rest.php/v1/login', payload: { user: 'fd-admin', password: env.fdAdminPassword } })).json<string>();
    const lock = (locked: boolean) => call({ method: 'PUT', url: `/rest.php/v1/userlock/${encodeURIComponent(dn)}`, headers: { 'session-token': token, 'content-type': 'application/json' }, payload: JSON.stringify(locked) });
    expect((await lock(true)).statusCode).toBe(204);
    expect((await gateway.read(dn, ['pwdAccountLockedTime']))!.get('pwdAccountLockedTime')).toEqual(['000001010000Z']);
    expect((await tabValues(dn, 'ppolicyAccount')).values.lockStatus).toBe('permanent');
    expect((await signIn(uid, 'Right-secret-1')).json()).toMatchObject({ code: 'auth.failed', message: LOCKED });
    expect((await lock(false)).statusCode).toBe(204);
    expect((await gateway.read(dn, ['pwdAccountLockedTime']))!.get('pwdAccountLockedTime')).toEqual([]);
    expect((await signIn(uid, 'Right-secret-1')).statusCode).toBe(200);
  });
});

describe('the policy in the password recovery', () => {
  it('applies the user’s policy before setting a recovered password', async () => {
    const recoveryPolicy = `cn=recovery-${tag},ou=ppolicies,${base}`;
    await gateway.add(recoveryPolicy, { objectClass: ['device', 'pwdPolicy'], cn: `recovery-${tag}`, pwdAttribute: 'userPassword', pwdMinLength: '12' });
    const uid = `pp${tag}h`;
    const dn = `uid=${uid},ou=people,${base}`;
    const mail = `${uid}@example.org`;
    await gateway.add(dn, { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', 'gosaMailAccount'], uid, cn: `Pat ${uid}`, sn: uid, givenName: 'Pat', mail, gosaMailServer: 'none', userPassword: hashSalted('Right-secret-1', 'SSHA'), pwdPolicySubentry: recoveryPolicy });
    const settings = { fdPasswordRecoveryActivated: 'TRUE', fdPasswordRecoveryValidity: '10', fdPasswordRecoverySalt: `salt-${tag}-Secret` };
    const recovery = new PasswordRecovery({
      gateway,
      config: new SiteConfig(env.baseDN, Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, [v]]))),
      access: new AclPolicy({ gateway, baseDN: env.baseDN, ignoreAclDN: env.fdAdminDN }),
    });
    const { token } = await recovery.issueToken({ dn: env.fdAdminDN }, mail);
    await expect(recovery.resetPassword({ login: uid, token, password1: 'Short-2', password2: 'Short-2' })).rejects.toMatchObject({
      code: 'value.invalid',
      attribute: 'userPassword',
      message: 'The password must be at least 12 characters long.',
    });
    await recovery.resetPassword({ login: uid, token, password1: 'Long-enough-secret-2', password2: 'Long-enough-secret-2' });
    expect((await signIn(uid, 'Long-enough-secret-2')).statusCode).toBe(200);
  });
});

describe('a change of one’s own password (the policy’s own-change rules)', () => {
  async function policy(name: string, values: Record<string, string>): Promise<string> {
    const dn = `cn=${name}-${tag},ou=ppolicies,${base}`;
    await gateway.add(dn, { objectClass: ['device', 'pwdPolicy'], cn: `${name}-${tag}`, pwdAttribute: 'userPassword', ...values });
    return dn;
  }
  async function userUnder(suffix: string, password: string, policyOf: string): Promise<{ uid: string; dn: string }> {
    const uid = `pp${tag}${suffix}`;
    const dn = `uid=${uid},ou=people,${base}`;
    await gateway.add(dn, { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'], uid, cn: `Pat ${uid}`, sn: uid, givenName: 'Pat', userPassword: hashSalted(password, 'SSHA'), pwdPolicySubentry: policyOf });
    return { uid, dn };
  }
  /** "My account"'s change, signed in as the user. */
  async function changeOwn(uid: string, current: string, password: string): Promise<LightMyRequestResponse> {
    const session = await signIn(uid, current);
    expect(session.statusCode, session.body).toBe(200);
    return call({ method: 'POST', url: '/ui/api/account/password', cookie: cookieOf(session), csrf: session.json<SessionInfo>().csrf, payload: { current, password } });
  }
  /** REST v1: the user patches his own entry (no current password in that API). */
  async function patchOwn(uid: string, current: string, dn: string, password: string): Promise<LightMyRequestResponse> {
    const login = await call({ method: 'POST', url: '/rest.php/v1/login', payload: { user: uid, password: current } });
    expect(login.statusCode, login.body).toBe(200);
    return call({ method: 'PATCH', url: `/rest.php/v1/objects/user/${encodeURIComponent(dn)}/user`, headers: { 'session-token': login.json<string>() }, payload: { userPassword: password } });
  }
  const stored = async (dn: string) => (await gateway.read(dn, ['userPassword']))!.first('userPassword');

  it('refuses it when pwdAllowUserChange is FALSE, in "My account" and in REST v1, and lets an administrator change it', async () => {
    const fixed = await policy('fixed', { pwdAllowUserChange: 'FALSE' });
    const { uid, dn } = await userUnder('i', 'Right-secret-1', fixed);
    const before = await stored(dn);
    const ui = await changeOwn(uid, 'Right-secret-1', 'Other-secret-2');
    expect(ui.statusCode).toBe(400);
    expect(ui.json()).toMatchObject({ code: 'value.invalid', attribute: 'password', message: 'You are not allowed to change your own password.' });
    const rest = await patchOwn(uid, 'Right-secret-1', dn, 'Other-secret-2');
    expect(rest.statusCode).toBe(400);
    expect(JSON.stringify(rest.json())).toContain('You are not allowed to change your own password.');
    expect(await stored(dn)).toBe(before);
    const { etag } = await tabValues(dn, 'user');
    const byAdmin = await call({ method: 'PUT', url: objectUrl('user', dn), cookie: admin.cookie, csrf: admin.csrf, payload: { etag, tabs: { user: { active: true, values: { userPassword: 'Admin-set-secret-3' } } } } });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect((await signIn(uid, 'Admin-set-secret-3')).statusCode).toBe(200);
  });

  it('refuses a second change before pwdMinAge, unless an administrator reset the password', async () => {
    const young = await policy('young', { pwdMinAge: '3600' });
    const { uid, dn } = await userUnder('j', 'First-secret-1', young);
    // The entry was just written: pwdChangedTime is now, so even the first change of one's own waits.
    const early = await changeOwn(uid, 'First-secret-1', 'Second-secret-2');
    expect(early.statusCode).toBe(400);
    expect(early.json<{ message: string }>().message).toMatch(/^You must wait \d+ seconds before changing your password again\.$/);
    expect((await signIn(uid, 'First-secret-1')).statusCode).toBe(200);
    // The administrator's reset (pwdReset TRUE) lifts the minimum age, as slapd's overlay does.
    expect((await saveTab(dn, { pwdReset: 'TRUE' })).statusCode).toBe(200);
    const afterReset = await changeOwn(uid, 'First-secret-1', 'Second-secret-2');
    expect(afterReset.statusCode, afterReset.body).toBe(204);
    expect((await signIn(uid, 'Second-secret-2')).json<SessionInfo>().mustChangePassword).toBeUndefined();
  });

  it('refuses a password of the history (pwdInHistory), slapd keeping the history of the service account’s writes', async () => {
    const remembering = await policy('history', { pwdInHistory: '3' });
    const { uid, dn } = await userUnder('k', 'Alpha-secret-1', remembering);
    expect((await changeOwn(uid, 'Alpha-secret-1', 'Bravo-secret-2')).statusCode).toBe(204);
    expect((await gateway.read(dn, ['pwdHistory']))!.get('pwdHistory').length).toBeGreaterThan(0);
    const reused = await changeOwn(uid, 'Bravo-secret-2', 'Alpha-secret-1');
    expect(reused.statusCode).toBe(400);
    expect(reused.json()).toMatchObject({ code: 'value.invalid', attribute: 'password', message: 'This password was used before: choose one that is not in the password history.' });
    expect((await changeOwn(uid, 'Bravo-secret-2', 'Charlie-secret-3')).statusCode).toBe(204);
  });

  it('asks for the current password with pwdSafeModify: REST v1 cannot, "My account" does', async () => {
    const safe = await policy('safe', { pwdSafeModify: 'TRUE' });
    const { uid, dn } = await userUnder('l', 'Right-secret-1', safe);
    const rest = await patchOwn(uid, 'Right-secret-1', dn, 'Other-secret-2');
    expect(rest.statusCode).toBe(400);
    expect(JSON.stringify(rest.json())).toContain('You need to specify your current password in order to proceed.');
    expect((await changeOwn(uid, 'Right-secret-1', 'Other-secret-2')).statusCode).toBe(204);
    expect((await signIn(uid, 'Other-secret-2')).statusCode).toBe(200);
  });

  it('is not taken for an administrator’s reset under pwdMustChange, in REST v1 as in "My account"', async () => {
    const must = await policy('must', { pwdMustChange: 'TRUE' });
    const { uid, dn } = await userUnder('m', 'Right-secret-1', must);
    const rest = await patchOwn(uid, 'Right-secret-1', dn, 'Other-secret-2');
    expect(rest.statusCode, rest.body).toBe(200);
    expect((await gateway.read(dn, ['pwdReset']))!.get('pwdReset')).toEqual([]);
    expect((await signIn(uid, 'Other-secret-2')).json<SessionInfo>().mustChangePassword).toBeUndefined();
    // An administrator's change, on the other hand, is a reset: the user must change it at the next sign-in.
    const { etag } = await tabValues(dn, 'user');
    expect((await call({ method: 'PUT', url: objectUrl('user', dn), cookie: admin.cookie, csrf: admin.csrf, payload: { etag, tabs: { user: { active: true, values: { userPassword: 'Admin-set-secret-3' } } } } })).statusCode).toBe(200);
    expect((await gateway.read(dn, ['pwdReset']))!.get('pwdReset')).toEqual(['TRUE']);
    expect((await signIn(uid, 'Admin-set-secret-3')).json<SessionInfo>().mustChangePassword).toBe(true);
  });
});
