// The web interface and REST v1 under attack (issue 8, hardened sessions): forged, replayed and fixated session
// tokens, cross-site writes without the anti-forgery token, LDAP injection in the sign-in and search fields, an
// oversized body, path traversal towards files outside the web root, and guessing passwords. Each is refused with
// the shared error object, and nothing leaks or changes in the directory.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/buildApp.ts';
import { registerRoutes } from '../../src/http/registerRoutes.ts';
import { buildRestV1Setup } from '../../src/http/rest-v1/buildRestV1Setup.ts';
import { SESSION_COOKIE } from '../../src/http/ui-api/uiApi.ts';
import { LdapGateway } from '../../src/ldap/LdapGateway.ts';
import { hashSalted } from '../../src/passwords/ssha.ts';
import { installedPlugins } from '../../src/plugins/index.ts';
import { LoginThrottle } from '../../src/services/auth/LoginThrottle.ts';
import { SecondFactors } from '../../src/services/secondFactor/SecondFactors.ts';
import { SiteConfig } from '../../src/services/SiteConfig.ts';
import { PENDING_COOKIE } from '../../src/http/ui-api/secondFactorApi.ts';
import { testLdap, testSubtree } from '../harness.ts';

const env = testLdap();
const tag = randomBytes(3).toString('hex');
const UA = 'trousseau-security-tests/1.0';
let app: FastifyInstance;
/** A second instance behind the same load balancer: same session key, same directory, nothing else shared. */
let other: FastifyInstance;
let gateway: LdapGateway;
let people: string;
const uid = `sec${tag}`;
const password = `Pw-${randomBytes(6).toString('hex')}`;
const sleeps: number[] = [];

const call = (options: InjectOptions): Promise<LightMyRequestResponse> => app.inject({ ...options, headers: { 'user-agent': UA, ...(options.headers ?? {}) } } as InjectOptions);

async function signIn(username: string, secret: string): Promise<{ cookie: string; csrf: string; res: LightMyRequestResponse }> {
  const res = await call({ method: 'POST', url: '/ui/api/session', payload: { username, password: secret } });
  const set = res.headers['set-cookie'];
  return { cookie: ((Array.isArray(set) ? set[0] : set) ?? '').split(';')[0]!, csrf: res.statusCode === 200 ? res.json<{ csrf: string }>().csrf : '', res };
}

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  // The throttle's delays are recorded, not slept, so the brute-force test is quick and can read them.
  const throttle = new LoginThrottle({ sleep: async (ms) => void sleeps.push(ms) });
  const sessionKey = randomBytes(32);
  const setup = await buildRestV1Setup({ directories: [{ name: 'default', base: env.baseDN, gateway }], sessionKey, plugins: installedPlugins, throttle });
  const webRoot = mkdtempSync(path.join(os.tmpdir(), 'trousseau-webroot-'));
  writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Trousseau</title>');
  app = await buildApp({ logLevel: false, register: (a) => registerRoutes(a, { setup, webRoot }) });
  const otherSetup = await buildRestV1Setup({ directories: [{ name: 'default', base: env.baseDN, gateway }], sessionKey, plugins: installedPlugins });
  other = await buildApp({ logLevel: false, register: (a) => registerRoutes(a, { setup: otherSetup, webRoot }) });
  people = `ou=people,${await testSubtree('security')}`;
  await gateway.add(people, { objectClass: 'organizationalUnit', ou: 'people' });
  await gateway.add(`uid=${uid},${people}`, { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'], uid, cn: 'Sec User', sn: 'User', userPassword: hashSalted(password, 'SSHA') });
});
afterAll(async () => {
  await other?.close();
  await app?.close();
  await gateway?.close();
});

describe('sessions', () => {
  it('sets the session cookie HttpOnly and SameSite=Strict, and Secure behind TLS', async () => {
    const { res } = await signIn('fd-admin', env.fdAdminPassword);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Secure/i);
    expect(String(res.headers['x-content-type-options'])).toBe('nosniff');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    // No inline script may run (inline styles are React's style attributes).
    const csp = String(res.headers['content-security-policy']);
    const scripts = /script-src ([^;]*)/.exec(csp)?.[1] ?? /default-src ([^;]*)/.exec(csp)![1]!;
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(csp).toContain("object-src 'none'");
  });

  it('refuses a forged token, a token with a tampered signature, and a token after sign-out', async () => {
    const forged = await call({ method: 'GET', url: '/ui/api/session', headers: { cookie: `${SESSION_COOKIE}=${randomBytes(40).toString('base64url')}` } });
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ code: 'auth.required' });
    const { cookie, csrf } = await signIn('fd-admin', env.fdAdminPassword);
    const value = cookie.slice(SESSION_COOKIE.length + 1);
    const flipped = value.slice(0, -2) + (value.endsWith('A') ? 'B' : 'A') + value.slice(-1);
    expect((await call({ method: 'GET', url: '/ui/api/session', headers: { cookie: `${SESSION_COOKIE}=${flipped}` } })).statusCode).toBe(401);
    expect((await call({ method: 'GET', url: '/ui/api/session', headers: { cookie } })).statusCode).toBe(200);
    expect((await call({ method: 'DELETE', url: '/ui/api/session', headers: { cookie, 'x-csrf-token': csrf } })).statusCode).toBeLessThan(300);
    // Replayed after sign-out: revoked.
    const replayed = await call({ method: 'GET', url: '/ui/api/session', headers: { cookie } });
    expect(replayed.statusCode).toBe(401);
  });

  it('serves a session on another instance, and a sign-out on one instance ends it on every instance within 2 seconds', async () => {
    const { cookie, csrf } = await signIn('fd-admin', env.fdAdminPassword);
    const onOther = () => other.inject({ method: 'GET', url: '/ui/api/session', headers: { 'user-agent': UA, cookie } });
    expect((await onOther()).statusCode).toBe(200);
    expect((await call({ method: 'DELETE', url: '/ui/api/session', headers: { cookie, 'x-csrf-token': csrf } })).statusCode).toBeLessThan(300);
    // The other instance trusts its "not revoked" answer for 2 s (SessionRevocations), then asks the directory.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const after = await onOther();
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'auth.required' });
  });

  it('never adopts a session token the client brought to the sign-in (no fixation)', async () => {
    const planted = `${SESSION_COOKIE}=${randomBytes(40).toString('base64url')}`;
    const res = await call({ method: 'POST', url: '/ui/api/session', payload: { username: 'fd-admin', password: env.fdAdminPassword }, headers: { cookie: planted } });
    expect(res.statusCode).toBe(200);
    const issued = String(res.headers['set-cookie']).split(';')[0]!;
    expect(issued).not.toBe(planted);
    expect((await call({ method: 'GET', url: '/ui/api/session', headers: { cookie: planted } })).statusCode).toBe(401);
  });

  it('refuses a write without the anti-forgery token of the session, or with another session\'s, and changes nothing', async () => {
    const admin = await signIn('fd-admin', env.fdAdminPassword);
    const other = await signIn('fd-admin', env.fdAdminPassword);
    const dn = `uid=${uid},${people}`;
    const url = `/ui/api/objects/user/${encodeURIComponent(dn)}`;
    const payload = { tabs: { user: { title: 'changed by a forged request' } } };
    for (const headers of [{ cookie: admin.cookie, origin: 'https://evil.example' }, { cookie: admin.cookie, 'x-csrf-token': other.csrf }, { cookie: admin.cookie, 'x-csrf-token': '' }]) {
      const res = await call({ method: 'PUT', url, payload, headers });
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json()).toMatchObject({ code: 'acl.denied' });
    }
    expect((await gateway.read(dn, ['title']))!.has('title')).toBe(false);
  });
});

describe('injection and malformed input', () => {
  it('treats LDAP filter characters in the sign-in as a login, not a filter', async () => {
    for (const username of ['*', `${uid})(|(uid=*`, `*)(uid=*))(|(uid=*`, `${uid}\u0000`, 'fd-admin)(objectClass=*']) {
      const res = await call({ method: 'POST', url: '/ui/api/session', payload: { username, password } });
      expect(res.statusCode, username).toBe(401);
      expect(res.json()).toMatchObject({ code: 'auth.failed' });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const rest = await call({ method: 'POST', url: '/rest.php/v1/login', payload: { user: '*)(uid=*', password } });
    expect(rest.statusCode).toBe(401);
    // An empty password never signs anyone in (an unauthenticated bind would "succeed").
    expect((await call({ method: 'POST', url: '/ui/api/session', payload: { username: uid, password: '' } })).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('finds nothing more with filter characters in a list search, and answers a broken raw filter with an error', async () => {
    const admin = await signIn('fd-admin', env.fdAdminPassword);
    const base = encodeURIComponent(people);
    const injected = await call({ method: 'GET', url: `/ui/api/lists/users/rows?base=${base}&scope=sub&q=${encodeURIComponent('zz*)(uid=*')}`, headers: { cookie: admin.cookie } });
    expect(injected.statusCode, injected.body).toBe(200);
    expect(injected.json<{ rows: unknown[] }>().rows).toEqual([]);
    const broken = await call({ method: 'GET', url: `/ui/api/lists/users/rows?base=${base}&scope=sub&q=${encodeURIComponent('(uid=a')}`, headers: { cookie: admin.cookie } });
    expect(broken.statusCode).toBeLessThan(500);
    // A DN with injection in the object route is not found rather than misread.
    const weird = await call({ method: 'GET', url: `/ui/api/objects/user/${encodeURIComponent(`uid=*)(uid=*,${people}`)}`, headers: { cookie: admin.cookie } });
    expect([400, 404]).toContain(weird.statusCode);
    expect(weird.json()).toHaveProperty('code');
  });

  it('refuses an oversized body before reading it all', async () => {
    // Over the web interface's 1 MiB and REST v1's 16 MiB (attachments and photos travel in REST bodies).
    const big = JSON.stringify({ username: 'x'.repeat(17 * 1024 * 1024), password: 'y' });
    const ui = await call({ method: 'POST', url: '/ui/api/session', payload: big, headers: { 'content-type': 'application/json' } });
    expect(ui.statusCode, ui.body.slice(0, 200)).toBe(413);
    const rest = await call({ method: 'POST', url: '/rest.php/v1/login', payload: big, headers: { 'content-type': 'application/json' } });
    expect(rest.statusCode).toBe(413);
    expect(rest.json<Array<{ message: string }>>()[0]!.message).toMatch(/large|limit/i);
  });

  it('serves no file outside the web root, however the path is written', async () => {
    for (const url of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2f..%2fetc%2fpasswd', '/%252e%252e/etc/passwd', '/....//....//etc/passwd']) {
      const res = await call({ method: 'GET', url });
      expect(res.body, url).not.toMatch(/root:.*:0:0:/);
      expect([200, 400, 403, 404], url).toContain(res.statusCode);
      // Unknown paths get the web interface's page (client-side routes), never a file from elsewhere.
      if (res.statusCode === 200) expect(res.body).toContain('<title>Trousseau</title>');
    }
  });
});

describe('guessing passwords', () => {
  it('slows each further wrong password down, per login and per address, and still lets the right one in', async () => {
    sleeps.length = 0;
    for (let i = 0; i < 8; i++) expect((await call({ method: 'POST', url: '/ui/api/session', payload: { username: uid, password: `wrong-${i}` } })).statusCode).toBe(401);
    // Free attempts first, then doubling delays up to the ceiling.
    const delays = sleeps.filter((ms) => ms > 0);
    expect(delays.length).toBeGreaterThanOrEqual(4);
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect(delays.at(-1)!).toBeGreaterThan(delays[0]!);
    const ok = await signIn(uid, password);
    expect(ok.res.statusCode).toBe(200);
    // Each refusal is in the audit trail, with the address it came from; the success too.
    const events = await gateway.searchAll(env.baseDN, { filter: `(&(objectClass=fdAuditEvent)(fdAuditObject=${uid}))`, attributes: ['fdAuditObjectType', 'fdAuditResult', 'fdAuditAuthorIP'] });
    expect(events.filter((e) => e.first('fdAuditObjectType') === 'login failure')).toHaveLength(8);
    expect(events.filter((e) => e.first('fdAuditObjectType') === 'login').map((e) => e.first('fdAuditResult'))).toEqual(['Logged in successfully']);
    expect(events.every((e) => e.first('fdAuditAuthorIP') === '127.0.0.1')).toBe(true);
  });

  it('answers a password-recovery request the same whether the address exists or not, and writes no token when recovery is off', async () => {
    // Recovery is switched off on the test directory (the limits and mails are in injection.integration.test.ts).
    await gateway.modify(`uid=${uid},${people}`, [{ operation: 'add', attribute: 'objectClass', values: ['gosaMailAccount'] }, { operation: 'add', attribute: 'mail', values: [`${uid}@example.org`] }]);
    const answers = [];
    for (const email of [`${uid}@example.org`, `nobody-${tag}@example.org`, `${uid}@example.org`]) {
      answers.push(await call({ method: 'POST', url: '/ui/api/recovery/request', payload: { email }, headers: { 'content-type': 'application/json' } }));
    }
    expect(answers[0]!.statusCode).toBe(501);
    expect(answers[0]!.json()).toMatchObject({ code: 'feature.unavailable' });
    expect(new Set(answers.map((a) => `${a.statusCode} ${a.body}`)).size).toBe(1);
    expect(await gateway.read(`ou=${uid},ou=recovery,ou=fusiondirectory,${env.baseDN}`, ['ou'])).toBeNull();
  });
});

describe('guessing a second factor', () => {
  it('refuses a wrong or replayed code, audits each refusal on the account, and gives no session before the code', async () => {
    const tfa = `sec2fa${tag}`;
    const dn = `uid=${tfa},${people}`;
    const secret2 = `Pw-${randomBytes(6).toString('hex')}`;
    await gateway.add(dn, { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'], uid: tfa, cn: 'Sec Factor', sn: 'Factor', userPassword: hashSalted(secret2, 'SSHA') });
    // Enrolled with the previous period's code, so that the current one is still unspent.
    const factors = new SecondFactors({ gateway, config: new SiteConfig(env.baseDN) });
    const enrolment = factors.newTotp(tfa, 'localhost');
    const totp = OTPAuth.URI.parse(enrolment.uri) as OTPAuth.TOTP;
    await factors.addTotp(dn, enrolment.uri, totp.generate({ timestamp: Date.now() - 30_000 }));
    const valid = new Set([-30_000, 0, 30_000].map((d) => totp.generate({ timestamp: Date.now() + d })));
    const wrong = ['000000', '123456', '999999', '424242'].find((c) => !valid.has(c))!;

    const passwordStep = async () => {
      const res = await call({ method: 'POST', url: '/ui/api/session', payload: { username: tfa, password: secret2 } });
      expect(res.statusCode, res.body).toBe(401);
      expect(res.json()).toMatchObject({ code: 'auth.required', details: { secondFactor: { methods: ['totp'] } } });
      const cookies = [res.headers['set-cookie']].flat().map((c) => String(c).split(';')[0]!);
      // A pending sign-in, never a session.
      expect(cookies.some((c) => c.startsWith(`${SESSION_COOKIE}=`) && c.length > SESSION_COOKIE.length + 1)).toBe(false);
      const pending = cookies.find((c) => c.startsWith(`${PENDING_COOKIE}=`))!;
      expect(pending).toBeDefined();
      return pending;
    };
    const code = (pending: string, value: string) => call({ method: 'POST', url: '/ui/api/session/second-factor', payload: { method: 'totp', code: value }, headers: { cookie: pending } });

    const signedInAt = Math.floor(Date.now() / 1000);
    const pending = await passwordStep();
    const passwordDone = Math.floor(Date.now() / 1000);
    expect((await call({ method: 'GET', url: '/ui/api/session', headers: { cookie: pending } })).statusCode).toBe(401);
    const refused = await code(pending, wrong);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'auth.failed', attribute: 'code' });
    expect(refused.headers['set-cookie'] ?? '').not.toContain(`${SESSION_COOKIE}=`);
    // The code comes a while after the password (the session's start must not move with it).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const current = totp.generate();
    const ok = await code(pending, current);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(String(ok.headers['set-cookie'])).toContain(`${SESSION_COOKIE}=`);
    // The session's 24-hour lifetime counts from the password step, carried through the pending sign-in.
    const token = [ok.headers['set-cookie']].flat().map((c) => String(c).split(';')[0]!).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.slice(SESSION_COOKIE.length + 1);
    const started = (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { st?: number }).st;
    expect(started).toBeGreaterThanOrEqual(signedInAt);
    expect(started).toBeLessThanOrEqual(passwordDone);
    // The same code again, in a new sign-in: spent.
    const replayed = await code(await passwordStep(), current);
    expect(replayed.statusCode).toBe(401);

    const events = await gateway.searchAll(env.baseDN, { filter: `(&(objectClass=fdAuditEvent)(fdAuditAction=security)(fdAuditObject=${dn}))`, attributes: ['fdAuditObjectType', 'fdAuditResult', 'fdAuditAuthorIP'] });
    const failures = events.filter((e) => e.first('fdAuditObjectType') === 'login failure');
    expect(failures.map((e) => e.first('fdAuditResult'))).toEqual(['Authentication failed: second factor refused (totp)', 'Authentication failed: second factor refused (totp)']);
    expect(events.filter((e) => e.first('fdAuditObjectType') === 'login').map((e) => e.first('fdAuditResult'))).toEqual(['Logged in successfully (second factor: totp)']);
    expect(events.every((e) => e.first('fdAuditAuthorIP') === '127.0.0.1')).toBe(true);
    // Never a code in the trail.
    expect(JSON.stringify(events.map((e) => e.first('fdAuditResult')))).not.toContain(current);
  });
});
