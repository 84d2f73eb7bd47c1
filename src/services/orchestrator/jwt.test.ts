import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JWT_HEADER, TokenError, mintAccessToken, mintRefreshToken, verifyToken } from './jwt.ts';

const KEY = 'orchestrator-secret-key-1234567890';
const NOW = new Date('2026-03-01T10:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);

/** A token built as the PHP orchestrator builds it (its JWT class), independently of jwt.ts. */
function phpToken(header: string, payload: string, key = KEY): string {
  // base64_encode, then strtr('+/', '-_') and rtrim('=').
  const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${b64(createHmac('sha256', key).update(input).digest())}`;
}

function problemOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof TokenError) return `${e.problem}: ${e.message}`;
    throw e;
  }
  return 'accepted';
}

describe('orchestrator JWTs', () => {
  it('mints access tokens byte for byte as the PHP orchestrator does', () => {
    const token = mintAccessToken('orchestrator-jwt', KEY, 300, NOW);
    expect(token).toBe(phpToken(JWT_HEADER, `{"sub":"orchestrator-jwt","name":"orchestrator-jwt","exp":${nowSeconds + 300}}`));
    // The header of the reference document (fd-orchestrator-tools.md §1.3.1).
    expect(token.split('.')[0]).toBe('eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9');
  });

  it('mints refresh tokens with sub and exp only, and escapes as PHP json_encode', () => {
    expect(mintRefreshToken('orchestrator-jwt', KEY, 432000, NOW)).toBe(phpToken(JWT_HEADER, `{"sub":"orchestrator-jwt","exp":${nowSeconds + 432000}}`));
    expect(mintRefreshToken('ops/robot-é-jwt', KEY, 60, NOW)).toBe(phpToken(JWT_HEADER, `{"sub":"ops\\/robot-\\u00e9-jwt","exp":${nowSeconds + 60}}`));
  });

  it('accepts a token minted by PHP with the same key, and tells access from refresh tokens', () => {
    const access = phpToken(JWT_HEADER, '{"sub":"orchestrator-jwt","name":"orchestrator-jwt","exp":1706541642}');
    expect(verifyToken(access, KEY, new Date(1706541642 * 1000))).toEqual({ sub: 'orchestrator-jwt', exp: 1706541642, kind: 'access' });
    const refresh = phpToken(JWT_HEADER, '{"sub":"orchestrator-jwt","exp":1706541642}');
    expect(verifyToken(refresh, KEY, new Date(1706541642 * 1000)).kind).toBe('refresh');
  });

  it('accepts exp equal to now and refuses it one second later', () => {
    const token = mintAccessToken('a-jwt', KEY, 300, NOW);
    expect(problemOf(() => verifyToken(token, KEY, new Date(NOW.getTime() + 300_000)))).toBe('accepted');
    expect(problemOf(() => verifyToken(token, KEY, new Date(NOW.getTime() + 301_000)))).toBe('expired: token has expired');
  });

  it('refuses another key, a tampered payload and a tampered signature', () => {
    const token = mintAccessToken('a-jwt', KEY, 300, NOW);
    expect(problemOf(() => verifyToken(token, 'another-key-of-some-length', NOW))).toBe('signature: invalid signature');
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from('{"sub":"b-jwt","name":"b-jwt","exp":4102444800}').toString('base64url')}.${s}`;
    expect(problemOf(() => verifyToken(forged, KEY, NOW))).toBe('signature: invalid signature');
    expect(problemOf(() => verifyToken(`${token}A`, KEY, NOW))).toBe('signature: invalid signature');
  });

  it('refuses any algorithm but HS256, even with a valid HMAC', () => {
    const payload = '{"sub":"a-jwt","name":"a-jwt","exp":4102444800}';
    expect(problemOf(() => verifyToken(phpToken('{"typ":"JWT","alg":"none"}', payload), KEY, NOW))).toBe('algorithm: invalid token');
    expect(problemOf(() => verifyToken(phpToken('{"typ":"JWT","alg":"RS256"}', payload), KEY, NOW))).toBe('algorithm: invalid token');
    expect(problemOf(() => verifyToken(phpToken('{"typ":"JWT"}', payload), KEY, NOW))).toBe('algorithm: invalid token');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(payload).toString('base64url')}.`;
    expect(problemOf(() => verifyToken(unsigned, KEY, NOW))).toBe('malformed: invalid token');
  });

  it('refuses malformed tokens and claims', () => {
    for (const bad of ['', 'abc', 'a.b', 'a.b.c.d', 'a b.c.d', '###.###.###']) expect(problemOf(() => verifyToken(bad, KEY, NOW))).toBe('malformed: invalid token');
    expect(problemOf(() => verifyToken(phpToken(JWT_HEADER, '{"sub":"a-jwt"}'), KEY, NOW))).toBe('malformed: invalid token');
    expect(problemOf(() => verifyToken(phpToken(JWT_HEADER, '{"sub":"a-jwt","exp":"4102444800"}'), KEY, NOW))).toBe('malformed: invalid token');
    expect(problemOf(() => verifyToken(phpToken(JWT_HEADER, '{"exp":4102444800}'), KEY, NOW))).toBe('malformed: invalid token');
    expect(problemOf(() => verifyToken(phpToken(JWT_HEADER, 'not json'), KEY, NOW))).toBe('malformed: invalid token');
  });
});
