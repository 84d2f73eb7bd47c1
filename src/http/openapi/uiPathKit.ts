// Builders for the operations of the web interface's API (uiPaths.ts): what every `/ui/api` operation shares (tag,
// cookie session, anti-CSRF header on signed-in writes, `Ui*` error answers) is said here once, so that each path
// declares only what is its own.
import { SESSION_COOKIE } from '../ui-api/uiApi.ts';
import type { JsonSchema, Operation, Parameter, PathItem, Reference, RequestBody, Response, Responses, Server } from './OpenApiDocument.ts';

/** The tag of every web-interface operation. */
export const UI_TAG = 'Web interface';

/** The path-level server of the web-interface paths: `/ui` + `/api/…` is where uiApi answers. */
export const UI_SERVERS: Server[] = [{ url: '/ui', description: 'Web interface API' }];

/** The security scheme of the session cookie. */
export const UI_SESSION_SCHEME = 'uiSession';

/** The header carrying the session's anti-CSRF token on every POST, PUT and DELETE. */
export const CSRF_HEADER = 'X-CSRF-Token';

export const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const parameterRef = (name: string) => ({ $ref: `#/components/parameters/${name}` });
export const responseRef = (name: string) => ({ $ref: `#/components/responses/${name}` });

/** The error answers of the web interface by status (components built by uiPaths.ts). */
export const UI_ERROR_RESPONSES: Record<string, string> = {
  '400': 'UiBadRequest',
  '401': 'UiUnauthorized',
  '403': 'UiForbidden',
  '404': 'UiNotFound',
  '409': 'UiConflict',
  '501': 'UiNotImplemented',
};

// ---- parameters ----

/** A fresh `{ type: 'string' }` (parts of the document are never shared objects). */
const string = (): JsonSchema => ({ type: 'string' });

/** An optional query parameter (a string unless `schema` says otherwise). */
export const query = (name: string, description: string, schema: JsonSchema = string(), extra: Partial<Parameter> = {}): Parameter => ({ name, in: 'query', description, schema, ...extra });

/** A required query parameter. */
export const requiredQuery = (name: string, description: string, schema: JsonSchema = string(), extra: Partial<Parameter> = {}): Parameter => ({ name, in: 'query', required: true, description, schema, ...extra });

/** A string path parameter. */
export const pathParameter = (name: string, description: string): Parameter => ({ name, in: 'path', required: true, description, schema: string() });

// ---- bodies and answers ----

const json = (schema: string, example?: unknown) => ({ 'application/json': { schema: schemaRef(schema), ...(example !== undefined ? { example } : {}) } });

/** A required JSON request body of a `Ui*` schema. */
export const body = (description: string, schema: string, example?: unknown): RequestBody => ({ description, required: true, content: json(schema, example) });

/** A JSON answer of a `Ui*` schema. */
export const answer = (description: string, schema: string, extra: Partial<Response> = {}): Response => ({ description, ...extra, content: json(schema) });

/** The usual success: 200 with a JSON answer. */
export const ok = (description: string, schema: string, extra: Partial<Response> = {}): Record<string, Response> => ({ '200': answer(description, schema, extra) });

/** A success with no body: 204. */
export const done = (description: string): Record<string, Response> => ({ '204': { description } });

/** 200 with a CSV file to download as `filename`. */
export const csvFile = (filename: string): Record<string, Response> => ({
  '200': {
    description: 'The CSV file.',
    headers: { 'Content-Disposition': { description: `\`attachment; filename="${filename}"\`.`, schema: string() } },
    content: { 'text/csv': { schema: string() } },
  },
});

/** The `Set-Cookie` header of the answers that open or renew a session. */
export const SET_SESSION_COOKIE = { 'Set-Cookie': { description: `The session cookie \`${SESSION_COOKIE}\` (HttpOnly, SameSite=Strict, Secure over HTTPS).`, schema: string() } };

// ---- operations ----

/** What an operation says beyond its id, summary and success answers. */
export interface OperationOptions {
  description?: string;
  parameters?: (Parameter | Reference)[];
  requestBody?: RequestBody;
  /** Error statuses besides those the session implies (401 when signed in, 403 on signed-in writes). */
  errors?: string[];
  /** Signed out: no session needed; optional: with or without one. Default: the session cookie. */
  session?: 'none' | 'optional';
  /** Labels in the answer follow Accept-Language. */
  labels?: boolean;
}

function operationResponses(success: Record<string, Response>, errors: string[]): Responses {
  const out: Responses = { ...success };
  for (const status of errors) out[status] = responseRef(UI_ERROR_RESPONSES[status]!);
  out.default = responseRef('UiUnexpectedError');
  return out;
}

/**
 * One operation of the web interface: tagged, secured by the session cookie (unless `session` says otherwise), with the
 * anti-CSRF header on signed-in writes, the Accept-Language header when labels are translated, and its error answers.
 * @example operation('get', 'uiDescribeType', 'Describe a type for its forms', ok('Its tabs.', 'UiTypeDescription'), { labels: true, errors: ['404'] })
 */
export function operation(method: 'get' | 'post' | 'put' | 'delete', operationId: string, summary: string, success: Record<string, Response>, options: OperationOptions = {}): Operation {
  const { description, parameters = [], requestBody, errors = [], session, labels } = options;
  const writes = method !== 'get' && session !== 'none';
  // Signing out without a session needs no token; with one, it does.
  const csrf = session === 'optional' ? { name: CSRF_HEADER, in: 'header' as const, description: 'The session’s `csrf`, when there is a session.', schema: string() } : parameterRef('UiCsrfToken');
  const headers = [...(writes ? [csrf] : []), ...(labels ? [parameterRef('UiAcceptLanguage')] : [])];
  const cookie: Record<string, string[]> = { [UI_SESSION_SCHEME]: [] };
  const security = session === 'none' ? [] : session === 'optional' ? [cookie, {}] : [cookie];
  return {
    operationId,
    summary,
    ...(description !== undefined ? { description } : {}),
    ...(requestBody !== undefined ? { requestBody } : {}),
    tags: [UI_TAG],
    security,
    ...(parameters.length + headers.length ? { parameters: [...parameters, ...headers] } : {}),
    responses: operationResponses(success, [...new Set([...errors, ...(session === undefined ? ['401'] : []), ...(writes ? ['403'] : [])])].sort()),
  };
}

/** A path of the web interface: its operations (and path parameters), answered under the `/ui` server. */
export const at = (item: PathItem): PathItem => ({ servers: UI_SERVERS, ...item });
