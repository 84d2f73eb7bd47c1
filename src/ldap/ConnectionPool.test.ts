import { type Client } from 'ldapts';
import { describe, expect, it } from 'vitest';

import { type ClientOpener } from './ConnectionFactory.ts';
import { ConnectionPool } from './ConnectionPool.ts';
import { GatewayClosedError, TimeoutError } from './errors.ts';

interface FakeClient {
  isConnected: boolean;
  unbind(): Promise<void>;
}

function fakeOpener(): ClientOpener & { clients: FakeClient[] } {
  const clients: FakeClient[] = [];
  return {
    clients,
    open() {
      const client: FakeClient = {
        isConnected: true,
        unbind() {
          this.isConnected = false;
          return Promise.resolve();
        },
      };
      clients.push(client);
      return Promise.resolve({ client: client as unknown as Client, url: 'ldap://fake' });
    },
  };
}

const bind = { method: 'anonymous' } as const;

describe('ConnectionPool', () => {
  it('opens connections up to its size, then shares the least busy one', async () => {
    const factory = fakeOpener();
    const pool = new ConnectionPool({ factory, bind, size: 2, acquireTimeoutMs: 100 });
    const a = await pool.acquire('shared');
    const b = await pool.acquire('shared');
    expect(a).not.toBe(b);
    const c = await pool.acquire('shared');
    expect(factory.clients).toHaveLength(2);
    expect([a, b]).toContain(c);
    expect(pool.stats()).toMatchObject({ open: 2, inFlight: 3 });
    pool.release(a, 'shared');
    pool.release(b, 'shared');
    pool.release(c, 'shared');
    expect(pool.stats().inFlight).toBe(0);
  });

  it('reuses an idle connection', async () => {
    const factory = fakeOpener();
    const pool = new ConnectionPool({ factory, bind, size: 4, acquireTimeoutMs: 100 });
    const a = await pool.acquire('shared');
    pool.release(a, 'shared');
    expect(await pool.acquire('shared')).toBe(a);
    expect(factory.clients).toHaveLength(1);
  });

  it('never gives two paged searches the same connection, and waits for one to finish', async () => {
    const factory = fakeOpener();
    const pool = new ConnectionPool({ factory, bind, size: 1, acquireTimeoutMs: 1000 });
    const first = await pool.acquire('paged');
    // a plain operation may share the connection of a paged search
    const shared = await pool.acquire('shared');
    expect(shared).toBe(first);
    pool.release(shared, 'shared');
    let secondGot = false;
    const second = pool.acquire('paged').then((c) => {
      secondGot = true;
      return c;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(secondGot).toBe(false);
    pool.release(first, 'paged');
    expect(await second).toBe(first);
  });

  it('times out when no connection frees up', async () => {
    const pool = new ConnectionPool({ factory: fakeOpener(), bind, size: 1, acquireTimeoutMs: 30 });
    await pool.acquire('paged');
    await expect(pool.acquire('paged')).rejects.toBeInstanceOf(TimeoutError);
  });

  it('replaces a connection whose socket died', async () => {
    const factory = fakeOpener();
    const pool = new ConnectionPool({ factory, bind, size: 1, acquireTimeoutMs: 100 });
    const a = await pool.acquire('shared');
    pool.release(a, 'shared');
    (factory.clients[0] as FakeClient).isConnected = false;
    const b = await pool.acquire('shared');
    expect(b).not.toBe(a);
    expect(factory.clients).toHaveLength(2);
  });

  it('discards a connection released as broken', async () => {
    const factory = fakeOpener();
    const pool = new ConnectionPool({ factory, bind, size: 1, acquireTimeoutMs: 100 });
    const a = await pool.acquire('shared');
    pool.release(a, 'shared', true);
    expect(a.dead).toBe(true);
    expect(pool.stats().open).toBe(0);
    expect(await pool.acquire('shared')).not.toBe(a);
  });

  it('refuses work after close() and wakes waiters', async () => {
    const factory = fakeOpener();
    const pool = new ConnectionPool({ factory, bind, size: 1, acquireTimeoutMs: 1000 });
    await pool.acquire('paged');
    const waiting = pool.acquire('paged');
    await pool.close();
    await expect(waiting).rejects.toBeInstanceOf(GatewayClosedError);
    await expect(pool.acquire('shared')).rejects.toBeInstanceOf(GatewayClosedError);
    expect(factory.clients.every((c) => !c.isConnected)).toBe(true);
  });
});
