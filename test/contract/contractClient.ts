// Calls the REST v1 app (real routes, sessions and LDAP, through app.inject) and checks each answer against the
// reference OpenAPI document: operation, declared status, Content-Type and body schema, and FD's error envelope.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { testLdap } from '../harness.ts';
import { buildApp } from '../../src/http/buildApp.ts';
import { buildRestV1Setup } from '../../src/http/rest-v1/buildRestV1Setup.ts';
import { restV1, type RestV1Setup } from '../../src/http/rest-v1/restV1.ts';
import { LdapGateway } from '../../src/ldap/LdapGateway.ts';
import { LoginThrottle } from '../../src/services/auth/LoginThrottle.ts';
import { SiteConfig } from '../../src/services/SiteConfig.ts';
import type { Operation, ReferenceDocument } from './referenceDocument.ts';

export const USER_AGENT = 'trousseau-contract/1.0';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One request of a contract case: the operation it means to exercise, and what is sent. */
export interface ContractRequest {
  /** `GET /objects/{type}/{dn}`, as {@link Operation.key}; null for a request outside the document (only FD's error envelope is checked). */
  operation: string | null;
  method: Method;
  /** The path after the document's server path, parameters filled in and URL-encoded (`/objects/user/uid%3Dx…`). */
  path: string;
  /** Sent as JSON text; a string is JSON-encoded too (use `rawBody` for text that is not JSON). */
  body?: unknown;
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

/** An answer, with the problems found against the document. */
export interface ContractResponse {
  status: number;
  contentType: string | undefined;
  body: string;
  headers: Record<string, string | string[] | number | undefined>;
  /** The response key of the document that describes this status (`200`, `default`…). */
  declaredAs: string | undefined;
  problems: string[];
  json<T = unknown>(): T;
}

/**
 * FusionDirectory's error envelope (fd-core.md §10.7): a 401 body is a JSON string; every other error body is a JSON
 * array of error objects. The document's `Error` schema (`{required: [message]}` without `type`) accepts anything that
 * is not an object, so it is applied here to each element, which must be an object.
 */
export function errorEnvelopeProblems(doc: ReferenceDocument, status: number, body: string): string[] {
  if (status < 400) return [];
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return [`error body is not JSON: ${JSON.stringify(body.slice(0, 200))}`];
  }
  if (status === 401) return typeof value === 'string' ? [] : [`a 401 body is a JSON string in FusionDirectory, got ${JSON.stringify(value).slice(0, 200)}`];
  if (!Array.isArray(value) || value.length === 0) return [`an error body is a non-empty JSON array of Error objects in FusionDirectory, got ${JSON.stringify(value).slice(0, 200)}`];
  return value.flatMap((item, i) => {
    const problem = doc.validateComponent('Error', item, true);
    return problem ? [`error [${i}] does not match the document's Error schema: ${problem}`] : [];
  });
}

/** The app over the test run's slapd with the installed plugins, as `trousseau serve` builds it, and its checker. */
export class ContractClient {
  readonly doc: ReferenceDocument;
  readonly app: FastifyInstance;
  readonly gateway: LdapGateway;
  readonly setup: RestV1Setup;
  /** Every operation a request was checked against, and how often. */
  readonly exercised = new Map<string, number>();

  private constructor(doc: ReferenceDocument, app: FastifyInstance, gateway: LdapGateway, setup: RestV1Setup) {
    this.doc = doc;
    this.app = app;
    this.gateway = gateway;
    this.setup = setup;
  }

  /** `settings` replace fd* values of the configuration entry (LDAP strings), e.g. to switch recovery on. */
  static async start(doc: ReferenceDocument, settings: Record<string, string> = {}): Promise<ContractClient> {
    const env = testLdap();
    const gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
    const setup = await buildRestV1Setup({
      directories: [{ name: 'default', base: env.baseDN, gateway }],
      sessionKey: randomBytes(32),
      // Wrong-credential cases must not be slowed down by the guessing brake.
      throttle: new LoginThrottle({ freeAttempts: 1000 }),
      loadConfig: (g, baseDN) => SiteConfig.load(g, baseDN, settings),
    });
    const app = await buildApp({ logLevel: false, register: (a) => a.register(restV1, { setup }) });
    return new ContractClient(doc, app, gateway, setup);
  }

  /** Sign in and return the token (checked against `POST /login` like any other call). */
  async login(user: string, password: string): Promise<string> {
    const res = await this.call({ operation: 'POST /login', method: 'POST', path: '/login', body: { user, password } });
    if (res.status !== 200) throw new Error(`${user} cannot sign in: ${res.status} ${res.body}`);
    return res.json<string>();
  }

  /** Send a request through the real routes and check the answer against the document. */
  async call(request: ContractRequest): Promise<ContractResponse> {
    const problems: string[] = [];
    const operation: Operation | undefined = this.doc.operationFor(request.method, request.path);
    if (request.operation === null) {
      if (operation) problems.push(`${request.method} ${request.path} addresses "${operation.key}" of the reference document`);
    } else if (!operation) problems.push(`${request.method} ${request.path} is no operation of the reference document`);
    else if (operation.key !== request.operation) problems.push(`${request.method} ${request.path} addresses "${operation.key}", not "${request.operation}"`);
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...(request.token ? { 'session-token': request.token } : {}), ...(request.headers ?? {}) };
    const payload = request.rawBody ?? (request.body !== undefined ? JSON.stringify(request.body) : undefined);
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const res = await this.app.inject({ method: request.method, url: `${this.doc.serverPath}${request.path}`, headers, ...(payload !== undefined ? { payload } : {}) } as InjectOptions);
    const contentType = res.headers['content-type'] as string | undefined;
    let declaredAs: string | undefined;
    if (operation) {
      this.exercised.set(operation.key, (this.exercised.get(operation.key) ?? 0) + 1);
      const check = this.doc.check(operation, { status: res.statusCode, contentType, body: res.body });
      declaredAs = check.declaredAs;
      problems.push(...check.problems, ...errorEnvelopeProblems(this.doc, res.statusCode, res.body));
    } else if (request.operation === null) {
      problems.push(...errorEnvelopeProblems(this.doc, res.statusCode, res.body));
    }
    return {
      status: res.statusCode,
      contentType,
      body: res.body,
      headers: res.headers,
      declaredAs,
      problems,
      json: <T>() => JSON.parse(res.body) as T,
    };
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.gateway.close();
  }
}

/** `/objects/{type}/{dn}/…` with the DN URL-encoded in one segment. */
export function objectPath(type: string, dn: string, ...rest: string[]): string {
  return ['/objects', type, encodeURIComponent(dn), ...rest.map((s) => encodeURIComponent(s))].join('/');
}
