// Exponential backoff with jitter, for reconnecting a change stream without hammering a server.

export interface BackoffOptions {
  /** First delay in ms (default 250). */
  initialMs?: number;
  /** Ceiling in ms (default 30 000). */
  maxMs?: number;
  /** Multiplier per failure (default 2). */
  factor?: number;
  /** Fraction of the delay drawn at random, 0..1 (default 0.2). */
  jitter?: number;
}

export class Backoff {
  private attempt = 0;
  private readonly options: Required<BackoffOptions>;

  public constructor(options: BackoffOptions = {}) {
    this.options = { initialMs: 250, maxMs: 30_000, factor: 2, jitter: 0.2, ...options };
  }

  /** The delay before the next attempt; each call lengthens the following one. */
  public next(): number {
    const { initialMs, maxMs, factor, jitter } = this.options;
    const base = Math.min(maxMs, initialMs * factor ** this.attempt);
    this.attempt += 1;
    return Math.round(base * (1 - jitter + Math.random() * jitter));
  }

  /** After a success: the next failure starts again from the initial delay. */
  public reset(): void {
    this.attempt = 0;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
