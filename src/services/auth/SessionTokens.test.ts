import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SessionTokens, newSessionId, userAgentHash } from './SessionTokens.ts';

const claims = { sid: newSessionId(), dn: 'uid=jdoe,ou=people,dc=example,dc=org', directory: 'default', ua: userAgentHash('curl/8'), exp: 2_000_000_000 };

describe('session tokens', () => {
  it('reads back what it signed', () => {
    const tokens = new SessionTokens(randomBytes(32));
    expect(tokens.read(tokens.sign(claims))).toEqual(claims);
  });

  it('refuses a token signed with another key, or changed in any byte', () => {
    const tokens = new SessionTokens(randomBytes(32));
    const token = tokens.sign(claims);
    expect(new SessionTokens(randomBytes(32)).read(token)).toBeUndefined();
    const [payload, mac] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ v: 1, sid: claims.sid, sub: 'uid=root,dc=example,dc=org', dir: 'default', ua: claims.ua, exp: claims.exp })).toString('base64url');
    expect(tokens.read(`${forged}.${mac}`)).toBeUndefined();
    expect(tokens.read(`${payload}.${mac.slice(0, -1)}`)).toBeUndefined();
    for (const junk of ['', '.', 'abc', `${payload}`, `.${mac}`]) expect(tokens.read(junk)).toBeUndefined();
  });

  it('wants a key of at least 32 bytes', () => {
    expect(() => new SessionTokens(Buffer.alloc(16))).toThrow(/32 bytes/);
  });

  it('hashes User-Agents without keeping them', () => {
    expect(userAgentHash('curl/8')).toBe(userAgentHash('curl/8'));
    expect(userAgentHash('curl/8')).not.toBe(userAgentHash('curl/9'));
    expect(userAgentHash(undefined)).toBe(userAgentHash(''));
    expect(userAgentHash('curl/8')).not.toContain('curl');
  });
});
