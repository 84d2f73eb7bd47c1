// Slows down repeated sign-in failures per login and per client address: bounded memory, per instance; a login's
// failures on other instances come from the audit trail when it records sign-ins (SessionService).

export interface LoginThrottleOptions {
  /** Failures answered without delay (default 3). */
  freeAttempts?: number;
  /** Delay after the first failure beyond the free ones, doubled at each further failure (default 250 ms). */
  baseDelayMs?: number;
  /** Ceiling of the delay (default 5 000 ms). */
  maxDelayMs?: number;
  /** A key's failures are forgotten this long after its last one (default 15 min). */
  windowMs?: number;
  /** Keys remembered at most; the least recently failed are forgotten first (default 10 000). */
  maxKeys?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Failure counters with exponential delays. The delay is served before the password is checked, so a guesser
 * pays it on every try while the rightful user, who rarely fails more than a few times, does not notice.
 * Lockout is deliberately not offered: it would let anyone lock a known login out.
 * @example
 * const keys = LoginThrottle.keysOf('default', login, request.ip);
 * await throttle.wait(keys);
 * ok ? throttle.succeeded(keys) : throttle.failed(keys);
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; last: number }>();
  private readonly freeAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: LoginThrottleOptions = {}) {
    this.freeAttempts = options.freeAttempts ?? 3;
    this.baseDelayMs = options.baseDelayMs ?? 250;
    this.maxDelayMs = options.maxDelayMs ?? 5000;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The keys of one attempt: the login in its directory, and the client address. */
  static keysOf(directory: string, login: string, ip: string | undefined): string[] {
    return [`login:${directory}:${login.toLowerCase()}`, ...(ip ? [`ip:${ip}`] : [])];
  }

  private countOf(key: string): number {
    const entry = this.failures.get(key);
    if (!entry) return 0;
    if (this.now() - entry.last > this.windowMs) {
      this.failures.delete(key);
      return 0;
    }
    return entry.count;
  }

  /**
   * The delay the next attempt with these keys waits, in ms. `shared`: failure counts per key known beyond this
   * instance (the audit trail of every instance); the larger count of a key is taken.
   */
  delayFor(keys: string[], shared: Record<string, number> = {}): number {
    const count = Math.max(0, ...keys.map((k) => Math.max(this.countOf(k), shared[k] ?? 0)));
    if (count === 0 || count < this.freeAttempts) return 0;
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(30, count - Math.max(this.freeAttempts, 1)));
  }

  async wait(keys: string[], shared: Record<string, number> = {}): Promise<void> {
    const ms = this.delayFor(keys, shared);
    if (ms > 0) await this.sleep(ms);
  }

  /** How long failures count (the window of the shared counts). */
  get window(): number {
    return this.windowMs;
  }

  failed(keys: string[]): void {
    for (const key of keys) {
      const count = this.countOf(key) + 1;
      // Re-inserting keeps the map ordered by last failure, so the oldest is the first to go.
      this.failures.delete(key);
      this.failures.set(key, { count, last: this.now() });
      while (this.failures.size > this.maxKeys) {
        const oldest = this.failures.keys().next().value;
        if (oldest === undefined) break;
        this.failures.delete(oldest);
      }
    }
  }

  /** A success clears the login's counter; the address keeps its own (one right password says nothing about the others tried). */
  succeeded(keys: string[]): void {
    for (const key of keys) if (key.startsWith('login:')) this.failures.delete(key);
  }

  /** Keys remembered (for tests and metrics). */
  get size(): number {
    return this.failures.size;
  }
}
