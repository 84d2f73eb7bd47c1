// Short-lived signed tickets that carry state between two requests without any server-side store (instances are
// stateless): the "password checked, second factor pending" step of a sign-in, and WebAuthn / TOTP enrolment challenges.
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signs and reads `<base64url(JSON)>.<base64url(HMAC)>` tickets bound to a purpose and an expiry.
 * @example
 * const t = tickets.sign('2fa-pending', { dn }, 300); tickets.read('2fa-pending', t)?.dn === dn;
 */
export class SignedTickets {
  private readonly key: Buffer;
  private readonly now: () => number;

  /** `secret`: at least 32 bytes, the same on every instance (derived from the session key). */
  constructor(secret: Buffer, now: () => number = Date.now) {
    if (secret.length < 32) throw new Error('The ticket key must be at least 32 bytes long.');
    this.key = createHmac('sha256', secret).update('trousseau second-factor ticket').digest();
    this.now = now;
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload, 'utf8').digest();
  }

  sign(purpose: string, claims: Record<string, unknown>, ttlSeconds: number): string {
    const payload = Buffer.from(JSON.stringify({ ...claims, p: purpose, x: Math.floor(this.now() / 1000) + ttlSeconds })).toString('base64url');
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  /** The claims of a genuine, unexpired ticket of this purpose; else undefined. */
  read(purpose: string, ticket: string | undefined): Record<string, unknown> | undefined {
    if (!ticket || ticket.length > 8192) return undefined;
    const dot = ticket.indexOf('.');
    if (dot <= 0) return undefined;
    const payload = ticket.slice(0, dot);
    const given = Buffer.from(ticket.slice(dot + 1), 'base64url');
    const expected = this.mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      if (claims.p !== purpose || typeof claims.x !== 'number' || claims.x < Math.floor(this.now() / 1000)) return undefined;
      return claims;
    } catch {
      return undefined;
    }
  }
}
