// REST v1 transport rules (fd-core.md §10.1): versions, prefixes, bodies, CORS, routing, HTTPS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restTestApp, type RestTestApp } from './restTestKit.ts';

let t: RestTestApp;
let token: string;

beforeAll(async () => {
  t = await restTestApp();
  token = await t.adminToken();
});
afterAll(() => t.close());

const errorOf = (body: string) => (JSON.parse(body) as Array<Record<string, unknown>>)[0]!;

describe('versions and prefixes', () => {
  it('answers under /rest.php/v1 and /fusiondirectory/rest.php/v1', async () => {
    for (const prefix of ['/rest.php', '/fusiondirectory/rest.php']) {
      const res = await t.call({ method: 'GET', url: `${prefix}/v1/directories` });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('{"default":"default"}\n');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
  });

  it('refuses a missing, unknown or misplaced version with FusionDirectory messages', async () => {
    const cases: Array<[string, string]> = [
      ['/rest.php', 'API Version is missing from request'],
      ['/rest.php/', 'API Version is missing from request'],
      ['/rest.php/v2/types', 'Version "v2" is either invalid or not supported'],
      ['/fusiondirectory/rest.php/types', 'Version is missing from requested path, try adding /v1 after rest.php'],
    ];
    for (const [url, message] of cases) {
      const res = await t.call({ method: 'GET', url, token });
      expect(res.statusCode, url).toBe(400);
      expect(errorOf(res.body)).toMatchObject({ class: 'WebServiceError', message, code: 'value.invalid' });
    }
  });
});

describe('routing and bodies', () => {
  it('answers 405 for an unknown endpoint, method or number of path elements', async () => {
    const cases: Array<[string, string, string]> = [
      ['GET', '/rest.php/v1/spaceships', 'Invalid request for endpoint spaceships: GET with 0 path elements'],
      ['DELETE', '/rest.php/v1/types', 'Invalid request for endpoint types: DELETE with 0 path elements'],
      ['GET', '/rest.php/v1/types/user/user/extra', 'Invalid request for endpoint types: GET with 3 path elements'],
      ['PATCH', '/rest.php/v1/objects/user/uid%3Dx/user/sn/notvalues', 'Invalid request for endpoint objects: PATCH with 5 path elements'],
    ];
    for (const [method, url, message] of cases) {
      const res = await t.call({ method: method as 'GET', url, token, ...(method === 'PATCH' ? { payload: '["x"]' } : {}) });
      expect(res.statusCode, url).toBe(405);
      expect(errorOf(res.body)).toMatchObject({ message, code: 'request.unsupported' });
    }
  });

  it('refuses a body where none is expected, a missing body, and invalid JSON', async () => {
    const unexpected = await t.call({ method: 'POST', url: '/rest.php/v1/logout', token, payload: '{}' });
    expect(unexpected.statusCode).toBe(400);
    expect(errorOf(unexpected.body).message).toBe('Invalid request: unexpected request body, should be empty');
    const onGet = await t.call({ method: 'GET', url: '/rest.php/v1/types', token, payload: 'x', headers: { 'content-type': 'text/plain' } });
    expect(onGet.statusCode).toBe(400);
    const missing = await t.call({ method: 'PATCH', url: '/rest.php/v1/objects/user/uid%3Dx%2Cdc%3Dtest%2Cdc%3Dtrousseau', token });
    expect(missing.statusCode).toBe(400);
    expect(errorOf(missing.body).message).toBe('Invalid request: body is missing');
    const invalid = await t.call({ method: 'POST', url: '/rest.php/v1/login', payload: '{"user": ', headers: { 'content-type': 'application/json' } });
    expect(invalid.statusCode).toBe(400);
    expect(errorOf(invalid.body).message).toMatch(/^Error while decoding input JSON: /);
  });

  it('reads a JSON body whatever its content type, and counts false as input', async () => {
    const res = await t.call({ method: 'POST', url: '/rest.php/v1/login', payload: JSON.stringify({ user: 'fd-admin', password: 'wrong' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(401);
    const falsy = await t.call({ method: 'PUT', url: '/rest.php/v1/userlock/uid%3Dnobody%2Cdc%3Dtest%2Cdc%3Dtrousseau', token, payload: 'false', headers: { 'content-type': '' } });
    expect(falsy.statusCode).toBe(404);
  });
});

describe('CORS', () => {
  it('sends the CORS headers on answers and errors, and 200 to OPTIONS on any path', async () => {
    for (const res of [await t.call({ method: 'GET', url: '/rest.php/v1/directories' }), await t.call({ method: 'GET', url: '/rest.php/v1/types' })]) {
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-methods']).toBe('GET, POST, DELETE, PUT, OPTIONS, PATCH');
      expect(res.headers['access-control-allow-headers']).toContain('Session-Token');
    }
    const preflight = await t.call({ method: 'OPTIONS', url: '/rest.php/v1/objects/user/whatever/user' });
    expect(preflight.statusCode).toBe(200);
    expect(preflight.body).toBe('');
    expect(preflight.headers['access-control-allow-headers']).toBe('Content-Type, Session-Token, Authorization, Access-Control-Allow-Headers, X-Requested-With, If-Match');
  });
});

describe('HTTPS', () => {
  it('refuses plain HTTP from the network by default, but lets loopback (a local TLS proxy) through', async () => {
    const remote = await t.call({ method: 'GET', url: '/rest.php/v1/directories', remoteAddress: '192.0.2.10' });
    expect(remote.statusCode).toBe(400);
    expect(errorOf(remote.body).message).toBe('HTTP connexions are not allowed, please use HTTPS: https://localhost:80/rest.php/v1/directories');
    expect((await t.call({ method: 'GET', url: '/rest.php/v1/directories', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
  });

  it('trusts X-Forwarded-Proto only with trustProxy, and honours fdWebserviceForceSSL=FALSE', async () => {
    const proxied = await restTestApp({ trustProxy: true });
    try {
      expect((await proxied.call({ method: 'GET', url: '/rest.php/v1/directories', remoteAddress: '192.0.2.10', headers: { 'x-forwarded-proto': 'https' } })).statusCode).toBe(200);
      // Through the proxy over plain HTTP: refused even though the proxy is local.
      expect((await proxied.call({ method: 'GET', url: '/rest.php/v1/directories', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-proto': 'http' } })).statusCode).toBe(400);
    } finally {
      await proxied.close();
    }
    expect((await t.call({ method: 'GET', url: '/rest.php/v1/directories', remoteAddress: '192.0.2.10', headers: { 'x-forwarded-proto': 'https' } })).statusCode).toBe(400);
    const relaxed = await restTestApp({ settings: { fdWebserviceForceSSL: 'FALSE' } });
    try {
      expect((await relaxed.call({ method: 'GET', url: '/rest.php/v1/directories', remoteAddress: '192.0.2.10' })).statusCode).toBe(200);
    } finally {
      await relaxed.close();
    }
  });
});
