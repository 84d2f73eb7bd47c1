// ContentSyncSource against a scripted fake server on 127.0.0.1, for what slapd will not do on
// demand: e-syncRefreshRequired, malformed messages, a notice of disconnection.
import * as net from 'node:net';

import { BerReader } from 'ldapts';
import { afterEach, describe, expect, it } from 'vitest';

import { eq } from '../filter.ts';
import { ContentSyncSource } from './ContentSyncSource.ts';
import { OP } from './ldapMessages.ts';
import { MessageFramer } from './MessageFramer.ts';
import { SYNC_DONE_OID, SYNC_INFO_OID, SYNC_STATE_OID, decodeSyncRequestValue, encodeSyncDoneValue, encodeSyncInfoValue, encodeSyncStateValue, type SyncInfo, type SyncState } from './syncControls.ts';
import { control, enumerated, ldapMessage, octets, result, searchEntry, tlv } from './testing/ber.ts';
import { ModelSink } from './testing/ModelSink.ts';
import { waitFor } from './testing/waitFor.ts';

const U = (n: number): string => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;

interface SearchSeen {
  id: number;
  cookie?: string;
  mode: string;
}

/** Writes server messages for one search. */
class Reply {
  public constructor(
    private readonly socket: net.Socket,
    public readonly id: number,
  ) {}
  public entry(state: SyncState, n: number, cookie?: string): void {
    const value = encodeSyncStateValue({ state, uuid: U(n), ...(cookie ? { cookie: Buffer.from(cookie) } : {}) });
    this.socket.write(ldapMessage(this.id, searchEntry(`uid=u${n},dc=x`, state === 'present' ? {} : { uid: [`u${n}`] }), [control(SYNC_STATE_OID, value)]));
  }
  public info(info: SyncInfo): void {
    this.socket.write(ldapMessage(this.id, tlv(OP.intermediateResponse, octets(SYNC_INFO_OID, 0x80), octets(encodeSyncInfoValue(info), 0x81))));
  }
  public done(code: number, cookie?: string): void {
    const controls = code === 0 ? [control(SYNC_DONE_OID, encodeSyncDoneValue({ refreshDeletes: false, ...(cookie ? { cookie: Buffer.from(cookie) } : {}) }))] : [];
    this.socket.write(ldapMessage(this.id, result(OP.searchDone, code, code === 4096 ? 'sync refresh required' : ''), controls));
  }
  public raw(bytes: Buffer): void {
    this.socket.write(bytes);
  }
}

/** A fake LDAP server: accepts any bind, hands each search to `onSearch` with the request's sync control. */
class FakeServer {
  public readonly searches: SearchSeen[] = [];
  public connections = 0;
  private readonly sockets = new Set<net.Socket>();
  private constructor(
    private readonly server: net.Server,
    public onSearch: (reply: Reply, seen: SearchSeen, connection: number) => void,
  ) {}

  public static async start(onSearch: (reply: Reply, seen: SearchSeen, connection: number) => void): Promise<FakeServer> {
    const server = net.createServer();
    const fake = new FakeServer(server, onSearch);
    server.on('connection', (socket) => fake.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  public get url(): string {
    return `ldap://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  private accept(socket: net.Socket): void {
    this.connections += 1;
    const connection = this.connections;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const framer = new MessageFramer();
    socket.on('data', (chunk: Buffer) => {
      for (const bytes of framer.push(chunk)) {
        const r = new BerReader(bytes);
        r.readSequence();
        const id = r.readInt() as number;
        const tag = r.peek();
        if (tag === OP.bindRequest) socket.write(ldapMessage(id, result(OP.bindResponse, 0)));
        if (tag !== OP.searchRequest) continue;
        // find the sync request control after the search request
        r.readSequence();
        r.offset += r.length;
        r.readSequence(0xa0);
        r.readSequence();
        r.readString();
        r.readBoolean();
        const value = decodeSyncRequestValue(r.readString(0x04, true) as Buffer);
        const seen = { id, mode: value.mode, ...(value.cookie ? { cookie: value.cookie.toString() } : {}) };
        this.searches.push(seen);
        this.onSearch(new Reply(socket, id), seen, connection);
      }
    });
  }

  public cutAll(): void {
    for (const s of this.sockets) s.destroy();
  }

  public async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const fastBackoff = { initialMs: 10, maxMs: 50 };
const request = { base: 'dc=x', filter: eq('objectClass', 'inetOrgPerson'), attributes: ['uid'] };
let server: FakeServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('ContentSyncSource (fake server)', () => {
  it('restarts with a full reload on e-syncRefreshRequired and sweeps what is gone', async () => {
    server = await FakeServer.start((reply, seen) => {
      if (server?.searches.length === 1) {
        reply.entry('add', 1);
        reply.entry('add', 2);
        reply.info({ type: 'refreshPresent', cookie: Buffer.from('c1'), refreshDone: true });
        setTimeout(() => server?.cutAll(), 5);
      } else if (seen.cookie === 'c1') {
        reply.done(4096);
      } else {
        reply.entry('add', 2);
        reply.entry('add', 3);
        reply.info({ type: 'refreshDelete', cookie: Buffer.from('c2'), refreshDone: true });
      }
    });
    const sink = new ModelSink();
    const sub = new ContentSyncSource({ urls: [server.url], bind: { method: 'anonymous' }, backoff: fastBackoff }).subscribe(request, sink);
    try {
      await sub.ready;
      await waitFor(() => sub.status().fullReloads === 1 && sink.syncedCount === 2, 5_000, 'the full reload');
      expect([...sink.entries.keys()].sort()).toEqual([U(2), U(3)]);
      expect(server.searches.map((s) => s.cookie ?? null)).toEqual([null, 'c1', null]);
      expect(server.searches.every((s) => s.mode === 'refreshAndPersist')).toBe(true);
      expect(sub.status().cookie?.toString()).toBe('c2');
    } finally {
      await sub.close();
    }
  });

  it('drops a connection that sends a malformed message, and resumes from the last good cookie', async () => {
    server = await FakeServer.start((reply, seen) => {
      if (!seen.cookie) {
        reply.entry('add', 1, 'c1');
        reply.info({ type: 'refreshDelete', refreshDone: true });
        // an entry whose Sync State control is missing
        reply.raw(ldapMessage(reply.id, searchEntry('uid=bad,dc=x', { uid: ['bad'] })));
      } else {
        reply.entry('modify', 1, 'c2');
        reply.info({ type: 'refreshDelete', refreshDone: true });
      }
    });
    const sink = new ModelSink();
    const sub = new ContentSyncSource({ urls: [server.url], bind: { method: 'anonymous' }, backoff: fastBackoff }).subscribe(request, sink);
    try {
      await waitFor(() => server?.searches.length === 2 && sink.syncedCount === 2, 5_000, 'the resumed search');
      expect(server.searches[1]?.cookie).toBe('c1');
      expect(sink.interruptions[0]?.name).toBe('ProtocolError');
      expect(server.connections).toBe(2);
    } finally {
      await sub.close();
    }
  });

  it('reconnects after a notice of disconnection, failing over to the next URI', async () => {
    const down = net.createServer((s) => s.destroy());
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const downUrl = `ldap://127.0.0.1:${(down.address() as net.AddressInfo).port}`;
    server = await FakeServer.start((reply, seen, connection) => {
      if (connection === 1) {
        reply.entry('add', 1);
        reply.info({ type: 'refreshPresent', cookie: Buffer.from('c1'), refreshDone: true });
        reply.raw(ldapMessage(0, tlv(OP.extendedResponse, enumerated(52), octets(''), octets('going away'), octets('1.3.6.1.4.1.1466.20036', 0x8a))));
      } else {
        expect(seen.cookie).toBe('c1');
        reply.entry('present', 1);
        reply.info({ type: 'refreshPresent', cookie: Buffer.from('c2'), refreshDone: true });
      }
    });
    const sink = new ModelSink();
    const sub = new ContentSyncSource({ urls: [downUrl, server.url], bind: { method: 'anonymous' }, backoff: fastBackoff }).subscribe(request, sink);
    try {
      await waitFor(() => sink.syncedCount === 2, 5_000, 'the second refresh');
      expect(sink.interruptions[0]?.name).toBe('UnavailableError');
      expect([...sink.entries.keys()]).toEqual([U(1)]);
      expect(sub.status()).toMatchObject({ connections: 2, live: true });
    } finally {
      await sub.close();
      await new Promise<void>((resolve) => down.close(() => resolve()));
    }
  });

  it('closes cleanly while connecting and while a search runs', async () => {
    server = await FakeServer.start(() => undefined); // never answers the search
    const sub = new ContentSyncSource({ urls: [server.url], bind: { method: 'anonymous' } }).subscribe(request, new ModelSink());
    await waitFor(() => server?.searches.length === 1, 5_000, 'the search');
    await sub.close();
    await expect(sub.ready).rejects.toThrow(/closed before/);
  });
});
