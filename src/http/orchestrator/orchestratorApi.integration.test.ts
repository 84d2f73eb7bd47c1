// The orchestrator API through the real routes (registerRoutes), the run's slapd and the task engine: the
// FusionDirectory-shaped transcript test/contract/orchestrator-v1.json replayed in order, then what a transcript
// cannot show (the fdJWT entry, rate limits, logs, an unreachable directory, a server without orchestrator).
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { Secret } from '../../config/Secret.ts';
import type { OrchestratorConfig } from '../../config/types.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { hashSalted } from '../../passwords/ssha.ts';
import { TaskEngine } from '../../services/tasks/TaskEngine.ts';
import { buildApp } from '../buildApp.ts';
import { registerRoutes } from '../registerRoutes.ts';
import { buildRestV1Setup } from '../rest-v1/buildRestV1Setup.ts';
import { NOT_ENABLED, orchestratorApi, type OrchestratorApiOptions } from './orchestratorApi.ts';

interface Exchange {
  name: string;
  request: { method: InjectOptions['method']; path: string; headers?: Record<string, string>; body?: string };
  response: { status: number; headers?: Record<string, string>; body?: string; bodyPattern?: string; capture?: Record<string, string> };
  fusionDirectory?: { status: number; why: string };
}
interface Transcript {
  setup: { secretKey: string; tokenExpiry: number; refreshExpiry: number };
  tokens: Record<string, string>;
  exchanges: Exchange[];
}

const transcript = JSON.parse(readFileSync(new URL('../../../test/contract/orchestrator-v1.json', import.meta.url), 'utf8')) as Transcript;
const env = testLdap();
const PASSWORD = `Orchestr@tor ${randomBytes(4).toString('hex')}`;
const KEY = transcript.setup.secretKey;
const config: OrchestratorConfig = { secretKey: new Secret(KEY), tokenExpiry: transcript.setup.tokenExpiry, refreshExpiry: transcript.setup.refreshExpiry };
let gateway: LdapGateway;
let base: string;
let app: FastifyInstance;
const logLines: string[] = [];

const COMMON_HEADERS = { 'content-type': 'application/json; charset=UTF-8', 'access-control-allow-origin': '*' };

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  base = await testSubtree('orch-api');
  await gateway.add(`ou=dsa,${base}`, { objectClass: 'organizationalUnit', ou: 'dsa' });
  await gateway.add(`cn=orchestrator,ou=dsa,${base}`, { objectClass: ['organizationalRole', 'simpleSecurityObject'], cn: 'orchestrator', userPassword: hashSalted(PASSWORD, 'SSHA') });
  const tasks = `ou=tasks,${base}`;
  await gateway.add(tasks, { objectClass: 'organizationalUnit', ou: 'tasks' });
  await gateway.add(`cn=Newsletter,${tasks}`, {
    objectClass: ['fdTasks', 'fdTasksMail'],
    cn: 'Newsletter',
    fdTasksStatus: '1',
    fdTasksCreationDate: '2026-01-01 10:00:00',
    fdTasksMailObject: 'newsletter',
    fdTasksEmailSender: 'noreply@example.org',
  });
  await gateway.add(`cn=Tâche/1,${tasks}`, {
    objectClass: 'fdTasksGranular',
    cn: 'Tâche/1',
    fdTasksGranularMaster: `cn=Newsletter,${tasks}`,
    fdTasksGranularType: 'Mail Object',
    fdTasksGranularSchedule: '20260101100000',
    fdTasksGranularStatus: '2',
    fdTasksGranularMail: 'someone@example.org',
  });
  const setup = await buildRestV1Setup({ directories: [{ name: 'default', base, gateway }], sessionKey: randomBytes(32) });
  setup.directories[0]!.orchestrator = config;
  setup.directories[0]!.tasks = new TaskEngine({ gateway, baseDN: base });
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  app = await buildApp({ logLevel: 'info', logStream, register: (a) => registerRoutes(a, { setup }) });
});

afterAll(async () => {
  await app?.close();
  await gateway?.close();
});

const fill = (text: string, vars: Record<string, string>): string => text.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
  if (vars[name] === undefined) throw new Error(`transcript variable {{${name}}} is not defined yet`);
  return vars[name];
});

describe('FusionDirectory transcript (test/contract/orchestrator-v1.json)', () => {
  const vars: Record<string, string> = {};
  beforeAll(() => Object.assign(vars, transcript.tokens, { base, password: PASSWORD }));

  for (const exchange of transcript.exchanges) {
    const label = exchange.fusionDirectory ? `${exchange.name} [deliberate difference: FusionDirectory answers ${exchange.fusionDirectory.status}]` : exchange.name;
    it(label, async () => {
      const { request, response } = exchange;
      const res = await app.inject({
        method: request.method,
        url: fill(request.path, vars),
        headers: Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k, fill(v, vars)])),
        ...(request.body !== undefined ? { payload: fill(request.body, vars) } : {}),
      });
      expect({ status: res.statusCode, body: res.body.slice(0, 300) }).toMatchObject({ status: response.status });
      for (const [name, value] of Object.entries({ ...COMMON_HEADERS, ...(response.headers ?? {}) })) expect(res.headers[name], name).toBe(value);
      if (response.body !== undefined) expect(res.body).toBe(fill(response.body, vars));
      if (response.bodyPattern !== undefined) {
        const match = new RegExp(response.bodyPattern).exec(res.body);
        expect(match, res.body).not.toBeNull();
        for (const [group, name] of Object.entries(response.capture ?? {})) vars[name] = match!.groups![group]!;
      }
    });
  }
});

describe('orchestrator API', () => {
  const login = async (target: FastifyInstance = app, username = 'orchestrator', password = PASSWORD) =>
    target.inject({ method: 'POST', url: '/orchestrator/api/login', payload: JSON.stringify({ username, password }) });

  it('stores the HMAC of the refresh token it answers in the DSA fdJWT entry', async () => {
    const res = await login();
    const { refresh_token: refresh } = res.json<{ refresh_token: string }>();
    const entry = await gateway.read(`cn=orchestrator-jwt,ou=dsa,${base}`, ['objectClass', 'fdRefreshToken', 'fdRefreshTokenExpiry']);
    expect(entry?.get('objectClass')).toEqual(['fdJWT']);
    expect(entry?.get('fdRefreshToken')).toEqual([createHmac('sha256', KEY).update(refresh).digest('hex')]);
    const exp = JSON.parse(Buffer.from(refresh.split('.')[1]!, 'base64url').toString()) as { exp: number };
    expect(entry?.get('fdRefreshTokenExpiry')).toEqual([String(exp.exp)]);
  });

  it('never writes passwords or tokens to the log, and logs sign-ins', async () => {
    const res = await login();
    const { access_token: access, refresh_token: refresh } = res.json<{ access_token: string; refresh_token: string }>();
    await app.inject({ method: 'GET', url: '/orchestrator/api/tasks', headers: { authorization: `Bearer ${access}` } });
    await app.inject({ method: 'POST', url: '/orchestrator/api/refresh', payload: JSON.stringify({ token: refresh }) });
    await login(app, 'orchestrator', 'not the password');
    const log = logLines.join('');
    expect(log).toContain('orchestrator login');
    expect(log).toContain('orchestrator login failed');
    for (const secret of [PASSWORD, 'not the password', access, refresh, KEY]) expect(log).not.toContain(secret);
  });

  describe('with its own server', () => {
    const servers: FastifyInstance[] = [];
    const serve = async (options: OrchestratorApiOptions) => {
      const server = await buildApp({ logLevel: false, register: (a) => a.register(orchestratorApi, options) });
      servers.push(server);
      return server;
    };
    afterAll(async () => {
      for (const server of servers) await server.close();
    });

    it('limits failed sign-ins per DSA and per client address', async () => {
      const waits: number[] = [];
      const server = await serve({ directory: async () => ({ gateway, baseDN: base, orchestrator: config }), loginLimits: { perAccount: 2, perAddress: 4, sleep: async (ms) => void waits.push(ms) } });
      expect((await login(server)).statusCode).toBe(200);
      expect((await login(server, 'orchestrator', 'wrong')).statusCode).toBe(401);
      expect((await login(server, 'orchestrator', 'wrong')).statusCode).toBe(401);
      // From another address, the DSA still signs in (a stranger cannot lock it out), after a delay: its failures count.
      const elsewhere = await server.inject({ method: 'POST', url: '/orchestrator/api/login', remoteAddress: '192.0.2.44', payload: JSON.stringify({ username: 'orchestrator', password: PASSWORD }) });
      expect(elsewhere.statusCode, elsewhere.body).toBe(200);
      expect(waits).toEqual([250]);
      // From this address, the DSA is now refused, even with its password; another name still gets an answer.
      const limited = await login(server);
      expect({ status: limited.statusCode, body: limited.body, type: limited.headers['content-type'] }).toEqual({
        status: 429,
        body: '{"message":"too many failed login attempts, try again later"}',
        type: 'application/json; charset=UTF-8',
      });
      expect((await login(server, 'other', 'x')).statusCode).toBe(401);
      expect((await login(server, 'third', 'x')).statusCode).toBe(401);
      // Four failures from this address: every sign-in from it waits.
      expect((await login(server, 'fourth', 'x')).statusCode).toBe(429);
    });

    it('answers 500 with a code and a message when the directory cannot be reached', async () => {
      const down = new LdapGateway({ urls: ['ldap://127.0.0.1:9'], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword }, connectTimeoutMs: 500 });
      try {
        const server = await serve({ directory: async () => ({ gateway: down, baseDN: base, orchestrator: config }) });
        const res = await login(server);
        expect({ status: res.statusCode, body: res.body, cors: res.headers['access-control-allow-origin'] }).toEqual({
          status: 500,
          body: '{"code":500,"message":"The directory is unreachable"}',
          cors: '*',
        });
      } finally {
        await down.close();
      }
    });

    it('answers 500 on task endpoints when the directory has no task engine', async () => {
      const server = await serve({ directory: async () => ({ gateway, baseDN: base, orchestrator: config }) });
      const { access_token: access } = (await login(server)).json<{ access_token: string }>();
      const res = await server.inject({ method: 'PATCH', url: '/orchestrator/api/tasks/mail', headers: { authorization: `Bearer ${access}` } });
      expect({ status: res.statusCode, body: res.body }).toEqual({ status: 500, body: '{"code":500,"message":"Internal error, see the server log"}' });
    });
  });

  it('answers 404 with an explanation everywhere under /orchestrator when no directory has an orchestrator block', async () => {
    const setup = await buildRestV1Setup({ directories: [{ name: 'default', base, gateway }], sessionKey: randomBytes(32) });
    const bare = await buildApp({ logLevel: false, register: (a) => registerRoutes(a, { setup }) });
    try {
      for (const url of ['/orchestrator/api/login', '/orchestrator/api/tasks', '/orchestrator']) {
        const res = await bare.inject({ method: 'POST', url, payload: '{}' });
        expect({ url, status: res.statusCode, body: res.body, type: res.headers['content-type'] }).toEqual({
          url,
          status: 404,
          body: JSON.stringify({ message: NOT_ENABLED }).replaceAll('/', '\\/'),
          type: 'application/json; charset=UTF-8',
        });
      }
    } finally {
      await bare.close();
    }
  });
});
