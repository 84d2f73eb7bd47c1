// REST v1 sign-in and sessions (fd-core.md §10.2) against the real directory.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { SessionTokens, newSessionId, userAgentHash } from '../../services/auth/SessionTokens.ts';
import { addUserWithPassword, objectUrl, restTestApp, uniqueUid, USER_AGENT, type RestTestApp } from './restTestKit.ts';

const env = testLdap();
const key = randomBytes(32);
let t: RestTestApp;
let base: string;

beforeAll(async () => {
  t = await restTestApp({ sessionKey: key });
  base = await testSubtree('rest-sessions');
});
afterAll(() => t.close());

const login = (payload: unknown, headers: Record<string, string> = {}) => t.call({ method: 'POST', url: '/rest.php/v1/login', payload: JSON.stringify(payload), headers });
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('signing in', () => {
  it('answers a JSON string token that opens the API', async () => {
    const res = await login({ user: 'fd-admin', password: env.fdAdminPassword });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body.endsWith('"\n')).toBe(true);
    const token = res.json<string>();
    const types = await t.call({ method: 'GET', url: '/rest.php/v1/types', token });
    expect(types.statusCode).toBe(200);
    expect(types.json()).toMatchObject({ USER: 'User' });
  });

  it('takes the parameters from the query string too, with any method', async () => {
    const res = await t.call({ method: 'GET', url: `/rest.php/v1/login?user=fd-admin&password=${encodeURIComponent(env.fdAdminPassword)}&directory=default` });
    expect(res.statusCode).toBe(200);
    expect(typeof res.json()).toBe('string');
  });

  it('refuses a wrong password and an unknown login alike, with WWW-Authenticate and a JSON string', async () => {
    for (const payload of [{ user: 'fd-admin', password: 'wrong' }, { user: 'nobody-here', password: 'wrong' }, { user: 'FD-ADMIN', password: env.fdAdminPassword }, { user: 'fd-admin' }]) {
      const res = await login(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Basic realm="FusionDirectory"');
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.body).toBe('"Invalid credentials"\n');
    }
  });

  it('refuses an unknown directory', async () => {
    const res = await login({ directory: 'elsewhere', user: 'fd-admin', password: env.fdAdminPassword });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toBe('Invalid LDAP specified');
  });

  it('signs in by mail when fdLoginAttribute says so, and only then', async () => {
    const uid = uniqueUid('mailer');
    const dn = await addUserWithPassword(t.gateway, base, uid, 'Secret-123');
    await t.gateway.modify(dn, [{ operation: 'add', attribute: 'mail', values: [`${uid}@example.org`] }]);
    expect((await login({ user: `${uid}@example.org`, password: 'Secret-123' })).statusCode).toBe(401);
    const byMail = await restTestApp({ settings: { fdLoginAttribute: 'uid,mail' } });
    try {
      const res = await byMail.call({ method: 'POST', url: '/rest.php/v1/login', payload: { user: `${uid}@example.org`, password: 'Secret-123' } });
      expect(res.statusCode).toBe(200);
      expect((await byMail.call({ method: 'POST', url: '/rest.php/v1/login', payload: { user: uid, password: 'Secret-123' } })).statusCode).toBe(200);
    } finally {
      await byMail.close();
    }
  });

  it('refuses expired accounts when fdHandleExpiredAccounts is on', async () => {
    const uid = uniqueUid('expired');
    const dn = await addUserWithPassword(t.gateway, base, uid, 'Secret-123');
    await t.gateway.modify(dn, [
      { operation: 'add', attribute: 'objectClass', values: ['shadowAccount'] },
      { operation: 'add', attribute: 'shadowExpire', values: ['100'] },
    ]);
    expect((await login({ user: uid, password: 'Secret-123' })).statusCode).toBe(200);
    const strict = await restTestApp({ settings: { fdHandleExpiredAccounts: 'TRUE' } });
    try {
      const res = await strict.call({ method: 'POST', url: '/rest.php/v1/login', payload: { user: uid, password: 'Secret-123' } });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toBe('Account expired. Please contact your system administrator!');
    } finally {
      await strict.close();
    }
  });
});

describe('sessions', () => {
  it('requires a session or HTTP Basic credentials', async () => {
    const res = await t.call({ method: 'GET', url: '/rest.php/v1/types' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toBe('Authentication required');
    expect(res.headers['www-authenticate']).toBe('Basic realm="FusionDirectory"');
    expect(res.headers['x-error-code']).toBe('auth.required');
  });

  it('accepts HTTP Basic, and GET /token hands out a session token for later requests', async () => {
    const res = await t.call({ method: 'GET', url: '/rest.php/v1/token', headers: { authorization: basic('fd-admin', env.fdAdminPassword) } });
    expect(res.statusCode).toBe(200);
    const token = res.json<string>();
    expect((await t.call({ method: 'GET', url: '/rest.php/v1/types', token })).statusCode).toBe(200);
    const wrong = await t.call({ method: 'GET', url: '/rest.php/v1/types', headers: { authorization: basic('fd-admin', 'nope') } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toBe('Invalid credentials');
  });

  it('binds a session to its User-Agent and refuses altered or expired tokens', async () => {
    const token = await t.adminToken();
    expect((await t.call({ method: 'GET', url: '/rest.php/v1/types', token, headers: { 'user-agent': 'curl/8.0' } })).statusCode).toBe(401);
    const tampered = token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA');
    expect((await t.call({ method: 'GET', url: '/rest.php/v1/types', token: tampered })).statusCode).toBe(401);
    const tokens = new SessionTokens(key);
    const claims = { sid: newSessionId(), dn: env.fdAdminDN, directory: 'default', ua: userAgentHash(USER_AGENT) };
    const expired = tokens.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 1 });
    expect((await t.call({ method: 'GET', url: '/rest.php/v1/types', token: expired })).statusCode).toBe(401);
    const forged = new SessionTokens(randomBytes(32)).sign({ ...claims, exp: Math.floor(Date.now() / 1000) + 600 });
    expect((await t.call({ method: 'GET', url: '/rest.php/v1/types', token: forged })).statusCode).toBe(401);
    // Expired or not, a bad token falls back to HTTP Basic when given.
    expect((await t.call({ method: 'GET', url: '/rest.php/v1/types', token: expired, headers: { authorization: basic('fd-admin', env.fdAdminPassword) } })).statusCode).toBe(200);
  });

  it('slides the expiry: each answer carries a fresh token of the same session', async () => {
    const token = await t.adminToken();
    const res = await t.call({ method: 'GET', url: '/rest.php/v1/types', token });
    const fresh = res.headers['session-token'] as string;
    expect(fresh).toBeTruthy();
    const tokens = new SessionTokens(key);
    expect(tokens.read(fresh)!.sid).toBe(tokens.read(token)!.sid);
    expect(tokens.read(fresh)!.exp).toBeGreaterThanOrEqual(tokens.read(token)!.exp);
    expect((await t.call({ method: 'GET', url: '/rest.php/v1/types', token: fresh })).statusCode).toBe(200);
    // Errors of a signed-in request count as activity too.
    expect((await t.call({ method: 'GET', url: '/rest.php/v1/types/spaceship', token })).headers['session-token']).toBeTruthy();
  });

  it('logs out: every token of the session stops working, other sessions go on', async () => {
    const token = await t.adminToken();
    const other = await t.adminToken();
    const fresh = (await t.call({ method: 'GET', url: '/rest.php/v1/types', token })).headers['session-token'] as string;
    const out = await t.call({ method: 'POST', url: '/rest.php/v1/logout', token });
    expect(out.statusCode).toBe(204);
    expect(out.headers['session-token']).toBeUndefined();
    for (const dead of [token, fresh]) expect((await t.call({ method: 'GET', url: '/rest.php/v1/types', token: dead })).statusCode).toBe(401);
    expect((await t.call({ method: 'GET', url: '/rest.php/v1/types', token: other })).statusCode).toBe(200);
    // The revocation is in the directory, where every instance sees it.
    const sid = new SessionTokens(key).read(token)!.sid;
    const entry = await t.gateway.read(`cn=${sid},ou=sessions,ou=fusiondirectory,${env.baseDN}`, ['*']);
    expect(entry?.get('objectClass')).toEqual(['fdTokenEntry']);
    expect(entry?.first('fdTokenType')).toBe('revokedSession');
    const elsewhere = await restTestApp({ sessionKey: key });
    try {
      expect((await elsewhere.call({ method: 'GET', url: '/rest.php/v1/types', token: fresh })).statusCode).toBe(401);
      expect((await elsewhere.call({ method: 'GET', url: '/rest.php/v1/types', token: other })).statusCode).toBe(200);
    } finally {
      await elsewhere.close();
    }
  });

  it('lists the directories without authentication', async () => {
    const res = await t.call({ method: 'GET', url: '/rest.php/v1/directories' });
    expect(res.json()).toEqual({ default: 'default' });
  });
});

describe('rights', () => {
  it('refuses a user without rights on the type with 403, naming it (and :self for his own entry)', async () => {
    const uid = uniqueUid('plain');
    const dn = await addUserWithPassword(t.gateway, base, uid, 'Secret-123');
    const token = (await login({ user: uid, password: 'Secret-123' })).json<string>();
    const list = await t.call({ method: 'GET', url: '/rest.php/v1/objects/user', token });
    expect(list.statusCode).toBe(403);
    expect(list.json()).toEqual([{ class: 'WebServiceError', message: 'Unsufficient rights for accessing type "user"', code: 'acl.denied' }]);
    const own = await t.call({ method: 'GET', url: objectUrl('user', dn), token });
    expect(own.statusCode).toBe(403);
    expect(own.json<Array<{ message: string }>>()[0]!.message).toBe('Unsufficient rights for accessing type "user:self"');
    const lock = await t.call({ method: 'GET', url: `/rest.php/v1/userlock/${encodeURIComponent(dn)}`, token });
    expect(lock.statusCode).toBe(403);
  });
});
