// REST v1 sessions (fd-core.md §10.2) over one or more directories: sign-in, self-contained tokens bound to the
// User-Agent, sliding expiry after fdSessionLifeTime of inactivity, logout through a revocation list in LDAP.
// The choices are explained in docs/compatibility.md, "REST v1".
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../errors/AppError.ts';
import type { EditLocks } from '../locks/EditLocks.ts';
import type { AuditSink } from '../audit/AuditLog.ts';
import type { Authenticator, PasswordWarning } from './Authenticator.ts';
import { LoginThrottle } from './LoginThrottle.ts';
import type { SessionRevocations } from './SessionRevocations.ts';
import { SessionTokens, newSessionId, userAgentHash } from './SessionTokens.ts';

/** What sessions need of one directory. */
export interface SessionDirectory {
  /** The location name (REST `directory` parameter). */
  name: string;
  authenticator: Authenticator;
  revocations: SessionRevocations;
  /** `fdSessionLifeTime` in seconds; 0 means no inactivity limit (FusionDirectory then keeps PHP's 24 h). */
  lifetimeSeconds: number;
  /** Edit locks, released for a user at each explicit sign-in as FusionDirectory does. */
  locks?: EditLocks;
  /** The audit trail: sign-ins, failed sign-ins and sign-outs are recorded there (security events). */
  audit?: AuditSink;
}

/** A verified session. */
export interface Session {
  id: string;
  dn: string;
  directory: string;
  /** Unix seconds. */
  expiresAt: number;
  /** The password has expired: until it is changed, the session may do nothing else (fd-core.md §3.5). */
  mustChangePassword?: boolean;
  /**
   * A second factor is required of the user (docs/second-factors.md) and he has none: until he enrols one, the session
   * may do nothing else (the web interface enforces it; token claim `sfe`).
   */
  mustEnrolSecondFactor?: boolean;
  /** Unix seconds of the sign-in; no renewal takes the session past `startedAt + maxSessionSeconds`. */
  startedAt?: number;
}

export interface LoginRequest {
  /** Location name; default: the first directory. */
  directory?: string;
  user: string;
  password: string;
  userAgent?: string;
  ip?: string;
  /** A sign-in through `/login` (not HTTP Basic on another endpoint): the user's stale edit locks are removed. */
  releaseLocks?: boolean;
  /** Let a user whose password expired in, to change it (the web interface); REST refuses him, as FusionDirectory. */
  allowPasswordChange?: boolean;
  /** Whether the user still owes a second factor (the web interface): the event then says so, not "Logged in". */
  secondFactorPending?: (dn: string, directory: string) => Promise<boolean>;
  /**
   * Asked when no second factor is pending: whether a second factor is required of the user, who has none (the web
   * interface); the session is then restricted to enrolling one (`mustEnrolSecondFactor`).
   */
  mustEnrolSecondFactor?: (dn: string, directory: string) => Promise<boolean>;
}

export interface SessionServiceOptions {
  /** The signing secret (≥ 32 bytes), shared by every instance. */
  key: Buffer;
  directories: SessionDirectory[];
  throttle?: LoginThrottle;
  now?: () => number;
  /** Absolute lifetime of a session, however active (default 24 hours, FusionDirectory's cookie lifetime). */
  maxSessionSeconds?: number;
}

/** The default absolute lifetime of a session. */
export const MAX_SESSION_SECONDS = 24 * 3600;

/** PHP's default session garbage-collection age, which is FusionDirectory's effective limit when fdSessionLifeTime is 0. */
const UNLIMITED_LIFETIME_SECONDS = 24 * 3600;

const required = () => new AppError({ code: 'auth.required', message: 'Authentication required' });

/**
 * Sessions of the REST API.
 * @example
 * const { token } = await sessions.login({ user: 'fd-admin', password, userAgent });
 * const session = await sessions.resume(token, userAgent); // undefined when expired, revoked, tampered or another UA
 */
export class SessionService {
  private readonly tokens: SessionTokens;
  private readonly key: Buffer;
  private readonly directories: Map<string, SessionDirectory>;
  private readonly first: SessionDirectory;
  private readonly throttle: LoginThrottle | undefined;
  private readonly now: () => number;

  constructor(options: SessionServiceOptions) {
    const [first] = options.directories;
    if (!first) throw new Error('SessionService needs at least one directory');
    this.first = first;
    this.tokens = new SessionTokens(options.key);
    this.key = options.key;
    this.directories = new Map(options.directories.map((d) => [d.name, d]));
    this.throttle = options.throttle;
    this.now = options.now ?? Date.now;
    this.maxSessionSeconds = options.maxSessionSeconds ?? MAX_SESSION_SECONDS;
  }

  private readonly maxSessionSeconds: number;

  /** The expiry of a session renewed now: idle timeout, capped by the absolute lifetime. */
  private expiryOf(directory: SessionDirectory, startedAt: number): number {
    return Math.min(this.nowSeconds() + this.lifetimeOf(directory), startedAt + this.maxSessionSeconds);
  }

  /** Location names, the default first. */
  directoryNames(): string[] {
    return [...this.directories.keys()];
  }

  private lifetimeOf(directory: SessionDirectory): number {
    return directory.lifetimeSeconds > 0 ? directory.lifetimeSeconds : UNLIMITED_LIFETIME_SECONDS;
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /**
   * Failed sign-ins of the login that other instances saw, from the audit trail (docs/audit.md): instances behind one
   * name share the login's throttle. Addresses are counted per instance. Nothing when the trail does not record
   * sign-ins or cannot be read (the local counts still apply).
   */
  private async sharedFailures(directory: SessionDirectory, request: LoginRequest, keys: string[]): Promise<Record<string, number>> {
    if (!this.throttle || !directory.audit?.recentSignInFailures) return {};
    const count = await directory.audit.recentSignInFailures(request.user, new Date(this.now() - this.throttle.window)).catch(() => undefined);
    return count === undefined ? {} : { [keys[0]!]: count };
  }

  /** Check the credentials and open a session; `auth.failed` otherwise (after a delay when failures repeat). */
  async login(request: LoginRequest): Promise<{ session: Session; token: string; passwordWarning?: PasswordWarning }> {
    const directory = request.directory === undefined || request.directory === '' ? this.first : this.directories.get(request.directory);
    if (!directory) throw new AppError({ code: 'auth.failed', message: 'Invalid LDAP specified' });
    const keys = LoginThrottle.keysOf(directory.name, request.user, request.ip);
    if (this.throttle) await this.throttle.wait(keys, await this.sharedFailures(directory, request, keys));
    let dn: string;
    let mustChangePassword: boolean;
    let passwordWarning: PasswordWarning | undefined;
    try {
      ({ dn, mustChangePassword, passwordWarning } = await directory.authenticator.signIn(request.user, request.password, { allowExpiredPassword: request.allowPasswordChange === true }));
    } catch (e) {
      if (e instanceof AppError && e.code === 'auth.failed') {
        this.throttle?.failed(keys);
        // The sign-in fails anyway: an audit failure is logged by the audit log, the user sees the refusal.
        await directory.audit?.record({ action: 'security', objectType: 'login failure', object: request.user, result: `Authentication failed: ${e.message}`, ...(request.ip ? { ip: request.ip } : {}) }).catch(() => undefined);
      }
      throw e;
    }
    this.throttle?.succeeded(keys);
    // No session without its event: an audit log that cannot be written refuses the sign-in (docs/audit.md).
    const pending = (await request.secondFactorPending?.(dn, directory.name)) === true;
    await directory.audit?.record({ action: 'security', objectType: pending ? 'second factor' : 'login', object: pending ? dn : request.user, result: pending ? 'Password accepted; second factor required' : 'Logged in successfully', author: dn, ...(request.ip ? { ip: request.ip } : {}) });
    if (request.releaseLocks) await directory.locks?.releaseAllOf(dn);
    const mustEnrolSecondFactor = !pending && (await request.mustEnrolSecondFactor?.(dn, directory.name)) === true;
    const startedAt = this.nowSeconds();
    const session: Session = { id: newSessionId(), dn, directory: directory.name, expiresAt: this.expiryOf(directory, startedAt), startedAt, ...(mustChangePassword ? { mustChangePassword } : {}), ...(mustEnrolSecondFactor ? { mustEnrolSecondFactor } : {}) };
    return { session, token: this.sign(session, request.userAgent), ...(passwordWarning ? { passwordWarning } : {}) };
  }

  private sign(session: Session, userAgent: string | undefined): string {
    return this.tokens.sign({ sid: session.id, dn: session.dn, directory: session.directory, ua: userAgentHash(userAgent), exp: session.expiresAt, ...(session.mustChangePassword ? { pwc: true } : {}), ...(session.mustEnrolSecondFactor ? { sfe: true } : {}), ...(session.startedAt !== undefined ? { st: session.startedAt } : {}) });
  }

  /** The session of a token, if it is genuine, unexpired, not logged out, and presented by the same User-Agent. */
  async resume(token: string, userAgent: string | undefined): Promise<Session | undefined> {
    const claims = this.tokens.read(token);
    if (!claims) return undefined;
    if (claims.exp < this.nowSeconds()) return undefined;
    if (claims.ua !== userAgentHash(userAgent)) return undefined;
    const directory = this.directories.get(claims.directory);
    if (!directory) return undefined;
    // Past its absolute lifetime, however active (tokens of older versions carry no start: they start now).
    if (claims.st !== undefined && claims.st + this.maxSessionSeconds < this.nowSeconds()) return undefined;
    if (await directory.revocations.isRevoked(claims.sid)) return undefined;
    return { id: claims.sid, dn: claims.dn, directory: claims.directory, expiresAt: claims.exp, startedAt: claims.st ?? this.nowSeconds(), ...(claims.pwc ? { mustChangePassword: true } : {}), ...(claims.sfe ? { mustEnrolSecondFactor: true } : {}) };
  }

  /** A fresh token for the same session, valid for another fdSessionLifeTime from now (sliding expiry). */
  renew(session: Session, userAgent: string | undefined): string {
    const directory = this.directories.get(session.directory);
    if (!directory) throw required();
    return this.sign({ ...session, expiresAt: this.expiryOf(directory, session.startedAt ?? this.nowSeconds()) }, userAgent);
  }

  /**
   * After a password change in forced-change mode: the same session, free again when the password no longer counts
   * as expired (else still bound to change it), with its new token.
   */
  async afterPasswordChange(session: Session, userAgent: string | undefined): Promise<{ session: Session; token: string }> {
    const directory = this.directories.get(session.directory);
    if (!directory) throw required();
    const stillExpired = await directory.authenticator.passwordExpired(session.dn);
    const { mustChangePassword: _dropped, ...rest } = session;
    const next: Session = { ...rest, expiresAt: this.expiryOf(directory, rest.startedAt ?? this.nowSeconds()), ...(stillExpired ? { mustChangePassword: true } : {}) };
    return { session: next, token: this.sign(next, userAgent) };
  }

  /**
   * Once the user has enrolled a second factor a requirement asked for: the same session, no longer restricted, with
   * its new token.
   */
  afterSecondFactorEnrolment(session: Session, userAgent: string | undefined): { session: Session; token: string } {
    const directory = this.directories.get(session.directory);
    if (!directory) throw required();
    const { mustEnrolSecondFactor: _dropped, ...rest } = session;
    const next: Session = { ...rest, expiresAt: this.expiryOf(directory, rest.startedAt ?? this.nowSeconds()) };
    return { session: next, token: this.sign(next, userAgent) };
  }

  /** The web interface's anti-CSRF token of a session: derived from its id, so it survives token renewals. */
  csrfTokenOf(session: Session): string {
    return createHmac('sha256', this.key).update(`csrf\0${session.id}`).digest('base64url');
  }

  /** A secret derived from the signing key for another use (e.g. the second-factor sign-in tickets), shared by every instance. */
  derivedKey(purpose: string): Buffer {
    return createHmac('sha256', this.key).update(`derived\0${purpose}`).digest();
  }

  /** Whether a request's anti-CSRF token is the session's (constant-time). */
  checkCsrfToken(session: Session, given: string | undefined): boolean {
    if (!given) return false;
    const expected = Buffer.from(this.csrfTokenOf(session));
    const actual = Buffer.from(given);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  /** End a session: every token of it is refused from now on, on every instance. */
  async logout(session: Session, context: { ip?: string; reason?: string } = {}): Promise<void> {
    const directory = this.directories.get(session.directory);
    if (!directory) return;
    // No token of this session issued before now outlives now + lifetime.
    await directory.revocations.revoke(session.id, session.dn, this.nowSeconds() + this.lifetimeOf(directory));
    await directory.audit?.record({ action: 'security', objectType: 'logout', object: session.dn, result: `Logged out (${context.reason ?? 'Sign out'})`, author: session.dn, ...(context.ip ? { ip: context.ip } : {}) });
  }
}
