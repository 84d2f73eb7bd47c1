// How the orchestrator API answers (fd-orchestrator-tools.md §6.1): every response is JSON text with
// `Content-type: application/json; charset=UTF-8` and `Access-Control-Allow-Origin: *`, bodies encoded as PHP does.
import type { FastifyReply } from 'fastify';
import { phpJsonEncode, type PhpValue } from '../../services/orchestrator/phpJson.ts';

export const ORCHESTRATOR_CONTENT_TYPE = 'application/json; charset=UTF-8';

/** Sends `body` as is (already encoded); an empty string is an empty body. */
export function sendRaw(reply: FastifyReply, status: number, body: string, headers: Record<string, string> = {}): FastifyReply {
  reply.status(status).headers({ 'content-type': ORCHESTRATOR_CONTENT_TYPE, 'access-control-allow-origin': '*', ...headers });
  // A Buffer, so that Fastify keeps the Content-Type exactly as written.
  return reply.send(Buffer.from(body, 'utf8'));
}

/** `{"message":"…"}`, compact, as the orchestrator's error answers. */
export const sendMessage = (reply: FastifyReply, status: number, message: string, headers: Record<string, string> = {}): FastifyReply =>
  sendRaw(reply, status, phpJsonEncode({ message }), headers);

/** `json_encode($value)` or with JSON_PRETTY_PRINT, then an optional trailing text (the token answers end with `\n`). */
export const sendJson = (reply: FastifyReply, status: number, value: PhpValue, options: { pretty?: boolean; suffix?: string } = {}): FastifyReply =>
  sendRaw(reply, status, phpJsonEncode(value, { pretty: options.pretty ?? false }) + (options.suffix ?? ''));

/** 405 with `Allow`, empty body. */
export const sendNotAllowed = (reply: FastifyReply, allow: string): FastifyReply => sendRaw(reply, 405, '', { allow });
