import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap } from '../../../test/harness.ts';
import { AppError } from '../../errors/AppError.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { SiteConfig } from '../SiteConfig.ts';
import { Authenticator } from './Authenticator.ts';
import { LoginThrottle } from './LoginThrottle.ts';
import { SessionRevocations } from './SessionRevocations.ts';
import { SessionService } from './SessionService.ts';

const env = testLdap();
let gateway: LdapGateway;
let now = Date.now();

beforeAll(() => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
});
afterAll(() => gateway.close());

function service(lifetimeSeconds: number, throttle?: LoginThrottle): SessionService {
  const config = new SiteConfig(env.baseDN, { fdLoginAttribute: ['uid'] });
  return new SessionService({
    key: randomBytes(32),
    directories: [{ name: 'default', authenticator: new Authenticator({ gateway, config }), revocations: new SessionRevocations({ gateway, baseDN: env.baseDN, now: () => now }), lifetimeSeconds }],
    now: () => now,
    ...(throttle ? { throttle } : {}),
  });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a failure');
}

describe('session service', () => {
  it('expires a session after fdSessionLifeTime without activity, and renewing slides it', async () => {
    const sessions = service(60);
    const { token, session } = await sessions.login({ user: 'fd-admin', password: env.fdAdminPassword, userAgent: 'ua' });
    expect(session.dn).toBe(env.fdAdminDN);
    now += 50_000;
    const renewed = sessions.renew((await sessions.resume(token, 'ua'))!, 'ua');
    now += 50_000;
    expect(await sessions.resume(token, 'ua')).toBeUndefined();
    expect((await sessions.resume(renewed, 'ua'))?.id).toBe(session.id);
    now += 61_000;
    expect(await sessions.resume(renewed, 'ua')).toBeUndefined();
  });

  it('ends a session 24 hours after the sign-in however active it is, and another sign-in starts afresh', async () => {
    const sessions = service(1800);
    const start = now;
    let { token } = await sessions.login({ user: 'fd-admin', password: env.fdAdminPassword, userAgent: 'ua' });
    // Active every 20 minutes: each renewal slides the idle timeout…
    while (now - start < 23.5 * 3600_000) {
      now += 20 * 60_000;
      const session = await sessions.resume(token, 'ua');
      expect(session, `${(now - start) / 3600_000} h after the sign-in`).toBeDefined();
      token = sessions.renew(session!, 'ua');
    }
    // …but never past 24 hours after the sign-in.
    const last = (await sessions.resume(token, 'ua'))!;
    expect(last.expiresAt).toBeLessThanOrEqual(Math.floor(start / 1000) + 24 * 3600);
    now = start + 24 * 3600_000 + 1000;
    expect(await sessions.resume(token, 'ua')).toBeUndefined();
    expect(await sessions.resume(sessions.renew(last, 'ua'), 'ua')).toBeUndefined();
    const again = await sessions.login({ user: 'fd-admin', password: env.fdAdminPassword, userAgent: 'ua' });
    expect(await sessions.resume(again.token, 'ua')).toBeDefined();
  });

  it('keeps FusionDirectory\'s 24 hours when fdSessionLifeTime is 0', async () => {
    const sessions = service(0);
    const { token } = await sessions.login({ user: 'fd-admin', password: env.fdAdminPassword });
    now += 23 * 3600_000;
    expect(await sessions.resume(token, undefined)).toBeDefined();
    now += 2 * 3600_000;
    expect(await sessions.resume(token, undefined)).toBeUndefined();
  });

  it('refuses bad credentials with auth.failed, after a delay once failures repeat', async () => {
    const waits: number[] = [];
    const sessions = service(60, new LoginThrottle({ freeAttempts: 1, sleep: async (ms) => void waits.push(ms) }));
    for (let i = 0; i < 3; i++) expect((await failure(sessions.login({ user: 'fd-admin', password: 'nope', ip: '192.0.2.9' }))).code).toBe('auth.failed');
    expect(waits).toEqual([250, 500]);
    expect((await failure(sessions.login({ directory: 'other', user: 'fd-admin', password: env.fdAdminPassword }))).message).toBe('Invalid LDAP specified');
  });
});
