// FusionDirectory's REST webservice v1 (fd-core.md §10) at /rest.php/v1/… and /fusiondirectory/rest.php/v1/…:
// FD's versioning, body rules, CORS, routing by element count, sessions and error bodies, over Trousseau's services.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/AppError.ts';
import type { Session, SessionService } from '../../services/auth/SessionService.ts';
import type { SiteConfig } from '../../services/SiteConfig.ts';
import type { Endpoint, RestCall, RestResult } from './Endpoint.ts';
import { ENDPOINTS } from './endpoints.ts';
import type { RestDirectory } from './RestDirectory.ts';
import { RestError, badRequest, toRestError } from './restErrors.ts';

/** The services REST v1 answers with. */
export interface RestV1Setup {
  /** The configured directories, the default one first. */
  directories: RestDirectory[];
  sessions: SessionService;
}

export interface RestV1Options {
  /**
   * The services, or how to build them: a function is called at the first request and again after a failure
   * (the server starts while a directory is down, and REST v1 answers 503 until it is back).
   */
  setup: RestV1Setup | (() => Promise<RestV1Setup>);
  /** Whether X-Forwarded-Proto comes from a trusted proxy (the app's `trustProxy`): see {@link isSecure}. */
  trustProxy?: boolean;
}

/** Where FusionDirectory's API is reached: its own path, and the path of a default FusionDirectory install. */
export const REST_V1_PREFIXES = ['/rest.php', '/fusiondirectory/rest.php'];

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const BODY_LIMIT = 16 * 1024 * 1024;

const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  // FusionDirectory's list, plus If-Match for conditional writes.
  'access-control-allow-headers': 'Content-Type, Session-Token, Authorization, Access-Control-Allow-Headers, X-Requested-With, If-Match',
  'access-control-allow-methods': 'GET, POST, DELETE, PUT, OPTIONS, PATCH',
  'access-control-expose-headers': 'Session-Token, ETag, X-Next-Cursor, X-Error-Code',
};

function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}

/**
 * Whether a request may go on over plain HTTP. FusionDirectory refuses plain HTTP when `fdWebserviceForceSSL`
 * (default TRUE) or `fdForceSSL` is set; Trousseau usually sits behind a TLS proxy, so (docs/compatibility.md):
 * HTTPS is known from the socket, or from X-Forwarded-Proto when `trustProxy` is on; a loopback peer without a
 * forwarded scheme is a local proxy or a local script and is let through; anyone else on plain HTTP is refused.
 */
export function isSecure(request: FastifyRequest, trustProxy: boolean): boolean {
  if (request.protocol === 'https') return true;
  const forwarded = trustProxy && request.headers['x-forwarded-proto'] !== undefined;
  return !forwarded && isLoopback(request.socket.remoteAddress);
}

function requireHttps(request: FastifyRequest, config: SiteConfig, trustProxy: boolean): void {
  if (!(config.bool('fdWebserviceForceSSL', true) || config.bool('fdForceSSL', false))) return;
  if (isSecure(request, trustProxy)) return;
  throw badRequest(`HTTP connexions are not allowed, please use HTTPS: https://${request.host}${request.url}`);
}

function languageOf(request: FastifyRequest, config: SiteConfig): 'en' | 'fr' {
  const configured = config.get('fdLanguage') ?? '';
  if (/^fr/i.test(configured)) return 'fr';
  if (/^en/i.test(configured)) return 'en';
  for (const part of String(request.headers['accept-language'] ?? '').split(',')) {
    const tag = part.trim().toLowerCase();
    if (tag.startsWith('fr')) return 'fr';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

/** Path elements after the prefix, each URL-decoded (so a DN may hold `/` written as `%2F`, unlike in FusionDirectory). */
function pathElements(url: string, prefix: string): string[] {
  const path = url.split('?')[0]!.slice(prefix.length).replace(/^\//, '').replace(/\/$/, '');
  if (path === '') return [];
  return path.split('/').map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw badRequest(`Invalid request: "${segment}" is not a valid URL-encoded path element`);
    }
  });
}

function checkVersion(elements: string[]): void {
  const version = elements[0];
  if (version === undefined) throw badRequest('API Version is missing from request');
  if (version === 'v1') return;
  if (/^v\d+$/.test(version)) throw badRequest(`Version "${version}" is either invalid or not supported`);
  throw badRequest('Version is missing from requested path, try adding /v1 after rest.php');
}

/** The request's JSON input; undefined when there is none (an empty body). */
function inputOf(request: FastifyRequest): { present: boolean; value: unknown } {
  let text: string | undefined = typeof request.body === 'string' ? request.body : undefined;
  // Fastify does not read bodies of GET requests: a declared one still counts as input.
  if (text === undefined && (Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined)) text = ' ';
  if (text === undefined || text === '') return { present: false, value: undefined };
  if (request.method === 'GET' && typeof request.body !== 'string') return { present: true, value: undefined };
  try {
    return { present: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    throw badRequest(`Error while decoding input JSON: ${(e as Error).message}`);
  }
}

function findEndpoint(name: string, method: string, arity: number): Endpoint {
  const byMethod = Object.prototype.hasOwnProperty.call(ENDPOINTS, name) ? ENDPOINTS[name] : undefined;
  const endpoint = byMethod?.[method]?.[arity] ?? byMethod?.['*']?.[arity];
  if (!endpoint) throw new RestError(405, { code: 'request.unsupported', message: `Invalid request for endpoint ${name}: ${method} with ${arity} path elements` });
  return endpoint;
}

function basicCredentials(request: FastifyRequest): { user: string; password: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(String(request.headers.authorization ?? ''));
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function send(reply: FastifyReply, status: number, body: unknown, headers: Record<string, string | undefined> = {}): FastifyReply {
  reply.headers(CORS_HEADERS);
  for (const [name, value] of Object.entries(headers)) {
    if (value === '') reply.removeHeader(name);
    else if (value !== undefined) reply.header(name, value);
  }
  reply.status(status);
  if (status === 204) return reply.send();
  // FusionDirectory: JSON without escaped slashes or unicode, then a newline.
  // A Buffer, so that Fastify keeps FusionDirectory's bare `application/json` (it adds a charset to strings).
  return reply.header('content-type', 'application/json').send(Buffer.from(body === undefined ? '' : JSON.stringify(body) + '\n', 'utf8'));
}

/**
 * The REST v1 plugin.
 * @example await app.register(restV1, { setup: () => buildRestV1Setup({ directories, sessionKey }), trustProxy: config.http.trustProxy });
 */
export async function restV1(app: FastifyInstance, options: RestV1Options): Promise<void> {
  const trustProxy = options.trustProxy ?? false;
  let pending: Promise<{ setup: RestV1Setup; defaultDirectory: RestDirectory; byName: Map<string, RestDirectory> }> | undefined;
  const ready = () =>
    (pending ??= (async () => {
      const setup = typeof options.setup === 'function' ? await options.setup() : options.setup;
      const [defaultDirectory] = setup.directories;
      if (!defaultDirectory) throw new Error('REST v1 needs at least one directory');
      return { setup, defaultDirectory, byName: new Map(setup.directories.map((d) => [d.name, d])) };
    })().catch((e: unknown) => {
      pending = undefined;
      throw e;
    }));

  // FusionDirectory reads any content type as JSON: take every body as text and decode it ourselves.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, body));
  app.addHook('onRequest', async (request) => {
    if (request.headers['content-type'] === '') delete request.headers['content-type'];
  });

  app.setErrorHandler((error: unknown, request, reply) => {
    const response = toRestError(error);
    if (response.log) request.log.error({ err: error }, 'REST v1 request failed');
    return send(reply, response.status, response.body, response.headers);
  });

  const handle = (prefix: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const elements = pathElements(request.url, prefix);
    checkVersion(elements);
    const input = inputOf(request);
    if (request.method === 'OPTIONS') {
      reply.headers(CORS_HEADERS);
      return reply.status(200).send('');
    }
    const [name = '', ...args] = elements.slice(1);
    const endpoint = findEndpoint(name, request.method, args.length);
    if (endpoint.input === 'none' && input.present) throw badRequest('Invalid request: unexpected request body, should be empty');
    if (endpoint.input === 'required' && !input.present) throw badRequest('Invalid request: body is missing');
    const query = new URLSearchParams(request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '');
    const { setup, defaultDirectory, byName } = await ready();

    let directory = defaultDirectory;
    if (name === 'login') {
      const asked = (input.value !== null && typeof input.value === 'object' ? (input.value as Record<string, unknown>).directory : undefined) ?? query.get('directory');
      if (typeof asked === 'string' && byName.has(asked)) directory = byName.get(asked)!;
    }
    requireHttps(request, directory.config, trustProxy);

    let session: Session | undefined;
    let token: string | undefined;
    const userAgent = request.headers['user-agent'];
    if (endpoint.auth) {
      const given = request.headers['session-token'];
      if (typeof given === 'string' && given !== '') session = await setup.sessions.resume(given, userAgent);
      if (!session) {
        const basic = basicCredentials(request);
        if (!basic) throw new AppError({ code: 'auth.required', message: 'Authentication required' });
        session = (await setup.sessions.login({ ...basic, userAgent, ip: request.ip })).session;
      }
      directory = byName.get(session.directory) ?? defaultDirectory;
      if (directory !== defaultDirectory) requireHttps(request, directory.config, trustProxy);
      token = setup.sessions.renew(session, userAgent);
      // Sliding expiry: every answer to a signed-in request, errors included, carries a fresh token.
      reply.header('session-token', token);
    }

    const lang = languageOf(request, directory.config);
    const call: RestCall = {
      request,
      prefix,
      args,
      query,
      input: input.value,
      directory,
      sessions: setup.sessions,
      actor: { dn: session?.dn ?? '', ip: request.ip },
      ...(session ? { session } : {}),
      ...(token ? { token } : {}),
      lang,
    };
    const result: RestResult = await endpoint.handle(call);
    const headers: Record<string, string | undefined> = { 'content-language': lang, ...(result.headers ?? {}) };
    if (result.raw) {
      reply.headers(CORS_HEADERS).headers(headers as Record<string, string>);
      return reply.status(result.status ?? 200).header('content-type', result.raw.contentType).send(Buffer.from(result.raw.text, 'utf8'));
    }
    return send(reply, result.status ?? 200, result.body, headers);
  };

  for (const prefix of REST_V1_PREFIXES) {
    app.route({ method: [...METHODS], url: prefix, bodyLimit: BODY_LIMIT, handler: handle(prefix) });
    app.route({ method: [...METHODS], url: `${prefix}/*`, bodyLimit: BODY_LIMIT, handler: handle(prefix) });
  }
}
