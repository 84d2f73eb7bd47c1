// A pool of service-account connections. Operations share connections (LDAP multiplexes requests
// by message id); a paged search needs a connection to itself, because slapd keeps one paged-results
// state per connection and a second paged search there would invalidate the first one's cookie.
import { type Client } from 'ldapts';

import { type ClientOpener, destroyClient, type LdapBind, type LdapLogger } from './ConnectionFactory.ts';
import { GatewayClosedError, TimeoutError } from './errors.ts';

/** What a connection is taken for. */
export type LeasePurpose = 'shared' | 'paged';

export interface PooledConnection {
  readonly id: number;
  readonly client: Client;
  readonly url: string;
  /** Operations currently using it. */
  inFlight: number;
  /** A paged search is running on it. */
  paged: boolean;
  /** Marked broken by an operation (socket error, timeout): never handed out again. */
  dead: boolean;
}

export interface ConnectionPoolOptions {
  factory: ClientOpener;
  bind: LdapBind;
  size: number;
  /** How long an operation waits for a connection when all are taken (0: no limit). */
  acquireTimeoutMs: number;
  logger?: LdapLogger;
}

export interface PoolStats {
  open: number;
  opening: number;
  inFlight: number;
  paged: number;
  waiting: number;
}

export class ConnectionPool {
  private readonly options: ConnectionPoolOptions;
  private connections: PooledConnection[] = [];
  private opening = 0;
  private nextId = 1;
  private closed = false;
  private waiters = new Set<() => void>();

  public constructor(options: ConnectionPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new TypeError('The pool size must be a positive integer');
    this.options = options;
  }

  private static usable(c: PooledConnection): boolean {
    return !c.dead && c.client.isConnected;
  }

  /** Drops connections whose socket died (slapd restarted, idle timeout, network): they get replaced. */
  private prune(): void {
    const dead = this.connections.filter((c) => !ConnectionPool.usable(c));
    if (dead.length === 0) return;
    this.connections = this.connections.filter((c) => ConnectionPool.usable(c));
    for (const c of dead) {
      c.dead = true;
      destroyClient(c.client);
      this.options.logger?.debug?.({ url: c.url, connection: c.id }, 'LDAP connection discarded');
    }
  }

  private take(c: PooledConnection, purpose: LeasePurpose): PooledConnection {
    c.inFlight += 1;
    if (purpose === 'paged') c.paged = true;
    return c;
  }

  private notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  private wait(deadline: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.add(wake);
      if (deadline > 0) {
        timer = setTimeout(() => {
          this.waiters.delete(wake);
          reject(new TimeoutError(`no LDAP connection became free within ${this.options.acquireTimeoutMs} ms`));
        }, Math.max(0, deadline - Date.now()));
      }
    });
  }

  /**
   * A connection for one operation: an idle one, else a new one while the pool is below its size,
   * else the least busy one (for a paged search: one without a paged search), else wait.
   * The connection returned is connected at the time it is returned.
   */
  public async acquire(purpose: LeasePurpose): Promise<PooledConnection> {
    const deadline = this.options.acquireTimeoutMs > 0 ? Date.now() + this.options.acquireTimeoutMs : 0;
    for (;;) {
      if (this.closed) throw new GatewayClosedError();
      this.prune();
      const candidates = this.connections.filter((c) => purpose === 'shared' || !c.paged);
      const idle = candidates.find((c) => c.inFlight === 0 && !c.paged);
      if (idle) return this.take(idle, purpose);
      if (this.connections.length + this.opening < this.options.size) {
        this.opening += 1;
        try {
          const { client, url } = await this.options.factory.open(this.options.bind);
          const c: PooledConnection = { id: this.nextId++, client, url, inFlight: 0, paged: false, dead: false };
          if (this.closed) {
            destroyClient(client);
            throw new GatewayClosedError();
          }
          this.connections.push(c);
          this.options.logger?.debug?.({ url, connection: c.id }, 'LDAP connection opened');
          return this.take(c, purpose);
        } finally {
          this.opening -= 1;
          this.notify();
        }
      }
      if (candidates.length > 0) {
        const leastBusy = candidates.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
        return this.take(leastBusy, purpose);
      }
      await this.wait(deadline);
    }
  }

  /** Gives a connection back; `broken` discards it (its socket failed or an operation timed out on it). */
  public release(c: PooledConnection, purpose: LeasePurpose, broken = false): void {
    c.inFlight = Math.max(0, c.inFlight - 1);
    if (purpose === 'paged') c.paged = false;
    if (broken && !c.dead) {
      c.dead = true;
      this.connections = this.connections.filter((x) => x !== c);
      destroyClient(c.client);
    }
    this.notify();
  }

  /** Opens a connection outside the pool, for one operation that leaves state on its connection. */
  public async openDedicated(bind: LdapBind = this.options.bind): Promise<PooledConnection> {
    if (this.closed) throw new GatewayClosedError();
    const { client, url } = await this.options.factory.open(bind);
    return { id: this.nextId++, client, url, inFlight: 1, paged: false, dead: false };
  }

  public stats(): PoolStats {
    return {
      open: this.connections.length,
      opening: this.opening,
      inFlight: this.connections.reduce((n, c) => n + c.inFlight, 0),
      paged: this.connections.filter((c) => c.paged).length,
      waiting: this.waiters.size,
    };
  }

  /** Unbinds every connection; waiting and later acquisitions fail with GatewayClosedError. */
  public async close(): Promise<void> {
    this.closed = true;
    this.notify();
    const all = this.connections;
    this.connections = [];
    await Promise.all(
      all.map(async (c) => {
        c.dead = true;
        try {
          await c.client.unbind();
        } catch {
          // already gone
        }
      }),
    );
  }
}
