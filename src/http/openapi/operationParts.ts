// Small builders for the parts operations repeat: JSON bodies, error responses by status, DN answers with an ETag.
import { ERROR_RESPONSES, headerRef, responseRef, schemaRefOf } from './commonComponents.ts';
import type { Header, JsonSchema, MediaType, Reference, RequestBody, Response, Responses } from './OpenApiDocument.ts';

/** `{ 'application/json': { schema } }`. */
export function jsonContent(schema: JsonSchema, example?: unknown): Record<string, MediaType> {
  return { 'application/json': { schema, ...(example !== undefined ? { example } : {}) } };
}

/** A required JSON request body. */
export function jsonBody(description: string, schema: JsonSchema, example?: unknown): RequestBody {
  return { description, required: true, content: jsonContent(schema, example) };
}

const ETAG = { ETag: headerRef('ETag') };

/** A 200 (or other) JSON answer, with the entry's ETag when `etag` is set. */
export function jsonResponse(description: string, schema: JsonSchema, options: { etag?: boolean; headers?: Record<string, Header | Reference>; example?: unknown } = {}): Response {
  const headers = { ...(options.etag ? ETAG : {}), ...(options.headers ?? {}) };
  return { description, ...(Object.keys(headers).length ? { headers } : {}), content: jsonContent(schema, options.example) };
}

/** The answer of a write: the object's DN after the save (new when it was renamed or moved), and its ETag. */
export function dnResponse(): Reference {
  return responseRef('Saved');
}

/** A 204 with no body. */
export function noContent(description = 'Done.', options: { etag?: boolean } = {}): Response {
  return { description, ...(options.etag ? { headers: ETAG } : {}) };
}

/** Responses for the given success entries plus the named error statuses and FusionDirectory's `default`. */
export function responses(success: Record<string, Response | Reference>, errorStatuses: readonly string[]): Responses {
  const out: Responses = { ...success };
  for (const status of errorStatuses) {
    const name = ERROR_RESPONSES[status];
    if (!name) throw new Error(`No error response for status ${status}`);
    out[status] = responseRef(name);
  }
  out.default = responseRef('UnexpectedError');
  return out;
}

/** Error statuses by kind of operation. */
export const ERRORS = {
  /** Reading an object or below. */
  read: ['400', '401', '403', '404', '503'],
  /** Writing an existing object or below, maybe conditionally. */
  write: ['400', '401', '403', '404', '409', '412', '503'],
} as const;

export { schemaRefOf };
