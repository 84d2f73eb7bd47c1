// Self-contained session tokens for REST v1: an HMAC-signed payload any Trousseau instance sharing the key can verify.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a session token carries. */
export interface SessionClaims {
  /** Random session id (hex): what logout revokes. */
  sid: string;
  /** The signed-in user's DN. */
  dn: string;
  /** Name of the directory (FusionDirectory location) the user signed in to. */
  directory: string;
  /** Hash of the User-Agent the session was opened with (FusionDirectory binds sessions to it). */
  ua: string;
  /** Expiry, Unix seconds. */
  exp: number;
  /** The password has expired: the session may only change it (fd-core.md §3.5). */
  pwc?: boolean;
  /** A second factor is required and the user has none: the session may only enrol one (docs/second-factors.md). */
  sfe?: boolean;
  /** When the user signed in, Unix seconds: the session's absolute lifetime counts from it. */
  st?: number;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** A new random session id. */
export function newSessionId(): string {
  return randomBytes(16).toString('hex');
}

/** The hash a session keeps of a User-Agent (never the header itself). */
export function userAgentHash(userAgent: string | undefined): string {
  return createHash('sha256')
    .update(userAgent ?? '', 'utf8')
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

/**
 * Signs and reads session tokens: `<base64url(JSON claims)>.<base64url(HMAC-SHA256)>`. The token is opaque to
 * clients; only its signature makes it valid, so it must travel over TLS like any bearer token.
 * @example
 * const tokens = new SessionTokens(key);
 * const token = tokens.sign({ sid: newSessionId(), dn, directory: 'default', ua: userAgentHash(ua), exp });
 * tokens.read(token)?.dn === dn;
 */
export class SessionTokens {
  private readonly key: Buffer;

  /** `secret`: at least 32 bytes, the same on every instance. */
  constructor(secret: Buffer) {
    if (secret.length < 32) throw new Error('The session key must be at least 32 bytes long.');
    // A key of its own for this use, so the configured secret can serve other purposes safely.
    this.key = createHmac('sha256', secret).update('trousseau rest-v1 session token').digest();
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload, 'utf8').digest();
  }

  sign(claims: SessionClaims): string {
    const payload = b64url(JSON.stringify({ v: 1, sid: claims.sid, sub: claims.dn, dir: claims.directory, ua: claims.ua, exp: claims.exp, ...(claims.pwc ? { pwc: 1 } : {}), ...(claims.sfe ? { sfe: 1 } : {}), ...(claims.st !== undefined ? { st: claims.st } : {}) }));
    return `${payload}.${b64url(this.mac(payload))}`;
  }

  /** The claims of a token with a valid signature, else undefined. Expiry is the caller's to check. */
  read(token: string): SessionClaims | undefined {
    const dot = token.indexOf('.');
    if (dot <= 0 || token.length > 4096) return undefined;
    const payload = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = this.mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let raw: unknown;
    try {
      raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    const c = raw as Record<string, unknown>;
    if (c.v !== 1 || typeof c.sid !== 'string' || typeof c.sub !== 'string' || typeof c.dir !== 'string' || typeof c.ua !== 'string' || typeof c.exp !== 'number') return undefined;
    return { sid: c.sid, dn: c.sub, directory: c.dir, ua: c.ua, exp: c.exp, ...(c.pwc === 1 ? { pwc: true } : {}), ...(c.sfe === 1 ? { sfe: true } : {}), ...(typeof c.st === 'number' ? { st: c.st } : {}) };
  }
}
