// The query string of a UI API request, as URLSearchParams: repeated parameters (`f.mail=a&f.mail=b`) and exact text,
// which Fastify's parsed `request.query` does not keep.
import type { FastifyRequest } from 'fastify';

export function queryOf(request: FastifyRequest): URLSearchParams {
  const url = request.url;
  return new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
}
