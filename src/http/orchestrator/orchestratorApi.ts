// FusionDirectory Orchestrator's HTTP API at /orchestrator/api/… (fd-orchestrator-tools.md §1.1, §1.4, §6.1): login,
// refresh, logout with JWTs, and the task endpoints the `fusiondirectory-orchestrator-client` cron jobs call. Routing,
// statuses, headers and bodies are the PHP orchestrator's; the deliberate differences are in docs/orchestrator.md.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OrchestratorConfig } from '../../config/types.ts';
import { AppError } from '../../errors/AppError.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import { LdapConnectionError } from '../../ldap/errors.ts';
import { eq } from '../../ldap/filter.ts';
import { LoginThrottle } from '../../services/auth/LoginThrottle.ts';
import { RateLimit } from '../../services/auth/RateLimit.ts';
import { dsaLoginOf } from '../../services/orchestrator/dsaAuth.ts';
import { OrchestratorAuth } from '../../services/orchestrator/OrchestratorAuth.ts';
import type { PhpValue } from '../../services/orchestrator/phpJson.ts';
import { NOT_FOUND_NAMES, type ProcessorRun, type TaskEndpoint, type TaskRunner } from '../../services/tasks/types.ts';
import { ldapGetEntries } from './ldapGetEntries.ts';
import { sendJson, sendMessage, sendNotAllowed, sendRaw } from './phpReply.ts';

/** The directory the orchestrator API serves. */
export interface OrchestratorDirectory {
  /** Location name, for logs. */
  name?: string;
  /** Service-account gateway. */
  gateway: LdapGateway;
  baseDN: string;
  orchestrator: OrchestratorConfig;
  /** The directory's task engine; without it the task PATCH endpoints answer 500. */
  tasks?: TaskRunner;
}

export interface OrchestratorApiOptions {
  /**
   * The first directory with an `orchestrator:` block, or undefined when none has one (every /orchestrator/… then
   * answers 404 with a message saying so). Called at each request: cache in the caller.
   */
  directory: () => Promise<OrchestratorDirectory | undefined>;
  /** Failed logins allowed per DSA and per client address within the window (default 20, 50, 15 min). */
  loginLimits?: { perAccount?: number; perAddress?: number; windowMs?: number; sleep?: (ms: number) => Promise<void> };
  /** The clock (tests move it). */
  now?: () => Date;
}

/** The answer of a PATCH that produced nothing (a JSON string). */
export const NO_RESULTS = 'No results received from the endpoint, maybe nothing to be processed ?';

export const NOT_ENABLED =
  'The orchestrator API is not enabled: add an "orchestrator" block (secretKey, or orchestratorConf) to a directory in trousseau.yaml, see docs/orchestrator.md';

/** Task types of `PATCH /tasks/<type>`, matched case-insensitively as PHP class names are. */
const ENDPOINTS: ReadonlyMap<string, TaskEndpoint> = new Map(
  (['mail', 'lifeCycle', 'notifications', 'reminder', 'audit'] as const).map((e): [string, TaskEndpoint] => [e.toLowerCase(), e]),
);

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const BODY_LIMIT = 64 * 1024;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The JSON body, undefined when absent or invalid (PHP's json_decode gives null and the key checks fail). */
function jsonBody(request: FastifyRequest): unknown {
  if (typeof request.body !== 'string' || request.body === '') return undefined;
  try {
    return JSON.parse(request.body) as unknown;
  } catch {
    return undefined;
  }
}

const isEmptyResult = (result: unknown): boolean =>
  result === null || result === undefined || result === '' || (Array.isArray(result) && result.length === 0) || (result instanceof Map && result.size === 0) || (isRecord(result) && !(result instanceof Map) && Object.keys(result).length === 0);

/**
 * The orchestrator API plugin (register it without a prefix: it owns /orchestrator and everything under it).
 * @example await app.register(orchestratorApi, { directory: async () => ({ gateway, baseDN, orchestrator, tasks }) })
 */
export async function orchestratorApi(app: FastifyInstance, options: OrchestratorApiOptions): Promise<void> {
  const limits = options.loginLimits ?? {};
  const windowMs = limits.windowMs ?? 15 * 60_000;
  // A DSA is refused from an address that failed too often for it, never from everywhere: a stranger who knows its
  // name cannot lock the orchestrator out. Failures from every address slow its sign-ins down instead.
  const perAccount = new RateLimit({ limit: limits.perAccount ?? 20, windowMs });
  const perAddress = new RateLimit({ limit: limits.perAddress ?? 50, windowMs });
  const slowdown = new LoginThrottle({ freeAttempts: limits.perAccount ?? 20, windowMs, ...(limits.sleep ? { sleep: limits.sleep } : {}) });
  // Keyed by the configuration block, which lives as long as the directory (the directory object may be rebuilt).
  const services = new WeakMap<OrchestratorConfig, OrchestratorAuth>();
  const authOf = (directory: OrchestratorDirectory): OrchestratorAuth => {
    let auth = services.get(directory.orchestrator);
    if (!auth) {
      auth = new OrchestratorAuth({
        gateway: directory.gateway,
        baseDN: directory.baseDN,
        config: directory.orchestrator,
        ...(options.now ? { now: options.now } : {}),
        warn: (message) => app.log.warn(message),
      });
      services.set(directory.orchestrator, auth);
    }
    return auth;
  };

  // The orchestrator reads the raw body of any content type as JSON.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof AppError) {
      if (error.code === 'value.invalid') return sendMessage(reply, 400, error.message);
      if (error.code === 'auth.failed' || error.code === 'auth.required') return sendMessage(reply, 401, error.message);
    }
    const status = (error as { statusCode?: unknown }).statusCode;
    // Fastify's own refusals (body too large, unreadable body).
    if (typeof status === 'number' && status >= 400 && status < 500) return sendMessage(reply, status, (error as Error).message);
    request.log.error({ err: error }, 'orchestrator API request failed');
    const unreachable = error instanceof LdapConnectionError || (error instanceof AppError && error.code === 'directory.unreachable');
    // FusionDirectory answers {"code","message","file","line"}: there is no PHP file or line here.
    return sendJson(reply, 500, new Map<string, PhpValue>([['code', 500], ['message', unreachable ? 'The directory is unreachable' : 'Internal error, see the server log']]));
  });

  async function login(request: FastifyRequest, reply: FastifyReply, directory: OrchestratorDirectory): Promise<FastifyReply> {
    if (request.method !== 'POST') return sendNotAllowed(reply, 'POST');
    const body = jsonBody(request);
    if (!isRecord(body) || typeof body.username !== 'string' || typeof body.password !== 'string') return sendMessage(reply, 400, 'missing login credentials');
    const account = `${directory.name ?? ''}:${dsaLoginOf(body.username).toLowerCase()}`;
    const address = request.ip;
    if (!perAccount.allows(`${account}@${address}`) || !perAddress.allows(address)) {
      request.log.warn({ dsa: dsaLoginOf(body.username), ip: address }, 'orchestrator login refused: too many failures');
      return sendMessage(reply, 429, 'too many failed login attempts, try again later');
    }
    await slowdown.wait([`login:${account}`]);
    try {
      const { account: dsa, tokens } = await authOf(directory).login(body.username, body.password);
      slowdown.succeeded([`login:${account}`]);
      request.log.info({ dsa: dsa.dn, ip: address }, 'orchestrator login');
      return sendJson(reply, 200, new Map([['access_token', tokens.access_token], ['refresh_token', tokens.refresh_token]]), { suffix: '\n' });
    } catch (e) {
      if (e instanceof AppError && e.code === 'auth.failed') {
        perAccount.take(`${account}@${address}`);
        perAddress.take(address);
        slowdown.failed([`login:${account}`]);
        request.log.info({ dsa: dsaLoginOf(body.username), ip: address }, 'orchestrator login failed');
      }
      throw e;
    }
  }

  /** The `token` of a /refresh or /logout body: 400 `missing token` without it. */
  function tokenOf(request: FastifyRequest): string {
    const body = jsonBody(request);
    if (!isRecord(body) || !Object.prototype.hasOwnProperty.call(body, 'token') || body.token === null) throw new AppError({ code: 'value.invalid', message: 'missing token' });
    if (typeof body.token !== 'string') throw new AppError({ code: 'value.invalid', message: 'invalid token' });
    return body.token;
  }

  async function refresh(request: FastifyRequest, reply: FastifyReply, directory: OrchestratorDirectory): Promise<FastifyReply> {
    if (request.method !== 'POST') return sendNotAllowed(reply, 'POST');
    const { account, tokens } = await authOf(directory).refresh(tokenOf(request));
    request.log.info({ dsa: account.dn, ip: request.ip }, 'orchestrator token refreshed');
    return sendJson(reply, 200, new Map([['access_token', tokens.access_token], ['refresh_token', tokens.refresh_token]]), { suffix: '\n' });
  }

  async function logout(request: FastifyRequest, reply: FastifyReply, directory: OrchestratorDirectory): Promise<FastifyReply> {
    if (request.method !== 'POST') return sendNotAllowed(reply, 'POST');
    if (await authOf(directory).logout(tokenOf(request))) {
      request.log.info({ ip: request.ip }, 'orchestrator logout');
      return sendRaw(reply, 200, '');
    }
    return sendMessage(reply, 200, 'Error logging out, either wrong refresh token passed or already logged out!');
  }

  async function runTasks(type: string, tasks: TaskRunner | undefined): Promise<{ run: ProcessorRun; endpoint?: TaskEndpoint } | undefined> {
    const endpoint = ENDPOINTS.get(type.toLowerCase());
    if (!endpoint && type !== 'removeSubTasks' && type !== 'activateCyclicTasks') return undefined;
    if (!tasks) throw new Error('no task engine is configured for the directory of the orchestrator API');
    if (endpoint) return { run: await tasks.runEndpoint(endpoint, 'orchestrator'), endpoint };
    return { run: type === 'removeSubTasks' ? await tasks.removeCompleted() : await tasks.activateCyclic() };
  }

  async function taskRequest(request: FastifyRequest, reply: FastifyReply, directory: OrchestratorDirectory, type: string): Promise<FastifyReply> {
    const header = request.headers.authorization;
    if (header === undefined) return sendMessage(reply, 401, 'missing authorization header');
    const bearer = /^Bearer\s+(.*)$/.exec(header);
    if (!bearer) return sendMessage(reply, 400, 'incomplete authorization header');
    await authOf(directory).authenticateBearer(bearer[1]!);

    if (type === '') {
      if (request.method !== 'GET') return sendNotAllowed(reply, 'GET');
      const entries = await directory.gateway.searchAll(directory.baseDN, { filter: eq('objectClass', 'fdTasks'), attributes: ['cn', 'objectClass'] });
      return sendJson(reply, 200, entries.length === 0 ? [] : ldapGetEntries(entries));
    }
    if (request.method === 'DELETE') return sendRaw(reply, 200, '');
    if (request.method !== 'PATCH') return sendNotAllowed(reply, 'PATCH, DELETE');
    const outcome = await runTasks(type, directory.tasks);
    if (!outcome) return sendJson(reply, 200, NO_RESULTS);
    const { run, endpoint } = outcome;
    if (endpoint && run.noneOfType) return sendMessage(reply, 404, `Task object type : ${NOT_FOUND_NAMES[endpoint]} not found`);
    request.log.info({ type, completed: run.completed, failed: run.failed, removed: run.removed }, 'orchestrator tasks processed');
    return sendJson(reply, 200, isEmptyResult(run.result) ? NO_RESULTS : (run.result as PhpValue), { pretty: true });
  }

  const handle = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const directory = await options.directory();
    if (!directory) return sendMessage(reply, 404, NOT_ENABLED);
    // As the PHP router: the path (query ignored, not decoded) split on `/`; element 3 is the resource, 4 the type.
    const segments = request.url.split('?')[0]!.split('/');
    if (segments[2] !== 'api') return sendRaw(reply, 404, '');
    const resource = segments[3] ?? '';
    if (resource === 'login') return login(request, reply, directory);
    if (resource === 'refresh') return refresh(request, reply, directory);
    if (resource === 'logout') return logout(request, reply, directory);
    if (resource === 'tasks') return taskRequest(request, reply, directory, segments[4] ?? '');
    return sendRaw(reply, 404, '');
  };

  app.route({ method: [...METHODS], url: '/orchestrator', bodyLimit: BODY_LIMIT, handler: handle });
  app.route({ method: [...METHODS], url: '/orchestrator/*', bodyLimit: BODY_LIMIT, handler: handle });
}
