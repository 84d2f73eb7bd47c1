// At most N events per key in a sliding window (password recovery requests per address and per client): bounded
// memory, per instance.

export interface RateLimitOptions {
  /** Events allowed per key within the window. */
  limit: number;
  /** Length of the window (default 15 min). */
  windowMs?: number;
  /** Keys remembered at most; the least recently used are forgotten first (default 10 000). */
  maxKeys?: number;
  now?: () => number;
}

/**
 * A sliding-window counter. `take` records an event and says whether it was within the limit; an event over the
 * limit is recorded too, so a client that keeps trying stays refused until it pauses for a whole window.
 * @example
 * const perAddress = new RateLimit({ limit: 3 });
 * if (!perAddress.take(`mail:${email}`)) return; // over the limit
 */
export class RateLimit {
  private readonly events = new Map<string, number[]>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: RateLimitOptions) {
    this.limit = options.limit;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    // At most limit + 1 times are kept, so this stays small.
    return (this.events.get(key) ?? []).filter((t) => t > since);
  }

  /** Whether another event would be within the limit, without recording one. */
  allows(key: string): boolean {
    return this.recent(key).length < this.limit;
  }

  /** Record an event; true when it is within the limit. */
  take(key: string): boolean {
    const times = this.recent(key);
    const allowed = times.length < this.limit;
    times.push(this.now());
    // Re-inserting keeps the map ordered by last use, so the oldest key is the first to go.
    this.events.delete(key);
    this.events.set(key, times.slice(-(this.limit + 1)));
    while (this.events.size > this.maxKeys) {
      const oldest = this.events.keys().next().value;
      if (oldest === undefined) break;
      this.events.delete(oldest);
    }
    return allowed;
  }

  /** Keys remembered (for tests and metrics). */
  get size(): number {
    return this.events.size;
  }
}
