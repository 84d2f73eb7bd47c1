// The shape of a REST v1 endpoint: FusionDirectory routes by first path element, method and number of remaining elements.
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../services/AccessPolicy.ts';
import type { Session, SessionService } from '../../services/auth/SessionService.ts';
import type { RestDirectory } from './RestDirectory.ts';

/** One request, parsed. */
export interface RestCall {
  request: FastifyRequest;
  /** Where the API was reached: `/rest.php` or `/fusiondirectory/rest.php`. */
  prefix: string;
  /** Path elements after the endpoint name, URL-decoded. */
  args: string[];
  query: URLSearchParams;
  /** The decoded JSON body; undefined when the request had none. */
  input: unknown;
  /** The session's directory (the default one for endpoints without authentication). */
  directory: RestDirectory;
  sessions: SessionService;
  /** The signed-in user (`dn: ''` on endpoints without authentication). */
  actor: Actor;
  session?: Session;
  /** The session's token, renewed for this response (sliding expiry). */
  token?: string;
  lang: 'en' | 'fr';
}

/** What a handler answers; the body is JSON-encoded unless it is undefined or `raw` is given. */
export interface RestResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A document sent as it is (the OpenAPI document), instead of a JSON body. */
  raw?: { contentType: string; text: string };
}

export interface Endpoint {
  /** `none`: a body is refused; `required`: an empty body is refused; `optional`: either. */
  input: 'none' | 'required' | 'optional';
  /** Needs a session (or HTTP Basic credentials). */
  auth: boolean;
  handle(call: RestCall): Promise<RestResult>;
}

/** Endpoint name → HTTP method (`*` = any) → number of remaining path elements → endpoint. */
export type EndpointTable = Record<string, Record<string, Record<number, Endpoint>>>;
