// The orchestrator's JSON Web Tokens (fd-orchestrator-tools.md §1.3.1): HS256 over the raw bytes of SECRET_KEY, built
// byte for byte as the PHP orchestrator builds them, so that tokens minted by either are valid in the other.
// Verification is stricter than PHP's (docs/orchestrator.md): the header's `alg` must be HS256, and access and refresh
// tokens are told apart by their claims (an access token has `name`, a refresh token has not).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { phpJsonEncode } from './phpJson.ts';

/** `{"typ":"JWT","alg":"HS256"}`, the only header the orchestrator writes. */
export const JWT_HEADER = '{"typ":"JWT","alg":"HS256"}';

export type TokenKind = 'access' | 'refresh';

/** The claims of a verified token. */
export interface OrchestratorClaims {
  /** `<dsa cn>-jwt`. */
  sub: string;
  /** Unix seconds. */
  exp: number;
  kind: TokenKind;
}

/** Why a token was refused. */
export type TokenProblem = 'malformed' | 'algorithm' | 'signature' | 'expired';

export class TokenError extends Error {
  override name = 'TokenError';
  readonly problem: TokenProblem;
  constructor(problem: TokenProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

/** base64 with `+`→`-`, `/`→`_` and no `=` (PHP's hand-rolled encoder gives the same text). */
export const base64Url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

const keyBytes = (key: string): Buffer => Buffer.from(key, 'utf8');

function signatureOf(signingInput: string, key: string): string {
  return createHmac('sha256', keyBytes(key)).update(signingInput, 'utf8').digest('base64url');
}

/** Signs a payload already encoded as JSON text (key order is the caller's). */
function sign(payloadJson: string, key: string): string {
  const input = `${base64Url(JWT_HEADER)}.${base64Url(payloadJson)}`;
  return `${input}.${signatureOf(input, key)}`;
}

/**
 * An access token: `{"sub":…,"name":…,"exp":…}`, both names `<dsa cn>-jwt`, valid `lifetime` seconds from `now`.
 * @example mintAccessToken('orchestrator-jwt', key, 300, new Date())
 */
export function mintAccessToken(subject: string, key: string, lifetime: number, now: Date): string {
  const exp = Math.floor(now.getTime() / 1000) + lifetime;
  return sign(phpJsonEncode(new Map<string, string | number>([['sub', subject], ['name', subject], ['exp', exp]])), key);
}

/** A refresh token: `{"sub":…,"exp":…}`, valid `lifetime` seconds from `now`. */
export function mintRefreshToken(subject: string, key: string, lifetime: number, now: Date): string {
  const exp = Math.floor(now.getTime() / 1000) + lifetime;
  return sign(phpJsonEncode(new Map<string, string | number>([['sub', subject], ['exp', exp]])), key);
}

const PART = /^[A-Za-z0-9_-]+$/;

function decodeJsonPart(part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new TokenError('malformed', 'invalid token');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TokenError('malformed', 'invalid token');
  return value as Record<string, unknown>;
}

/**
 * Checks a token: three base64url parts, a header saying HS256, the HMAC (compared in constant time), then the
 * claims (`sub` text, `exp` integer not in the past: `exp == now` is still valid, as in PHP).
 * @throws TokenError
 */
export function verifyToken(token: string, key: string, now: Date): OrchestratorClaims {
  const parts = token.split('.');
  if (parts.length !== 3 || !PART.test(parts[0]!) || !PART.test(parts[1]!) || !PART.test(parts[2]!)) throw new TokenError('malformed', 'invalid token');
  const [header, payload, signature] = parts as [string, string, string];
  // The algorithm is never taken from the token: only HS256 is accepted (`none`, RS256… are refused).
  const alg = decodeJsonPart(header).alg;
  if (alg !== 'HS256') throw new TokenError('algorithm', 'invalid token');
  const expected = Buffer.from(signatureOf(`${header}.${payload}`, key), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new TokenError('signature', 'invalid signature');
  const claims = decodeJsonPart(payload);
  const { sub, exp } = claims;
  if (typeof sub !== 'string' || sub === '' || typeof exp !== 'number' || !Number.isInteger(exp)) throw new TokenError('malformed', 'invalid token');
  if (exp < Math.floor(now.getTime() / 1000)) throw new TokenError('expired', 'token has expired');
  return { sub, exp, kind: Object.prototype.hasOwnProperty.call(claims, 'name') ? 'access' : 'refresh' };
}
