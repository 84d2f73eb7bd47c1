// The body of a signed-out request of the web interface's API (password recovery, account prolongation): with no session
// there is no anti-CSRF token, so only JSON bodies are accepted — a form of another site cannot send one without the
// browser asking first.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors/AppError.ts';

/** A `value.invalid` error, naming the request field when given. */
export const invalid = (message: string, attribute?: string): AppError => new AppError({ code: 'value.invalid', message, ...(attribute ? { attribute } : {}) });

/**
 * The JSON object of a body; anything else (a form, text, an array) is refused before it is read.
 * @example const body = jsonBody(request); const email = body.email;
 */
export function jsonBody(request: FastifyRequest): Record<string, unknown> {
  if (!/^application\/json\s*(;|$)/i.test(String(request.headers['content-type'] ?? ''))) throw invalid('Send the request as JSON (Content-Type: application/json).');
  const body = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid('The body must be a JSON object.');
  return body as Record<string, unknown>;
}
