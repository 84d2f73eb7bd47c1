// A ChangeSource over LDAP Content Synchronization (RFC 4533; OpenLDAP's syncprov): one sync search
// per subscription on a connection of its own (LdapSocket), refreshAndPersist (or refreshOnly at an
// interval), resumed from the last cookie after a lost connection, with backoff.
import type { LdapBind, LdapLogger, LdapTransportSecurity } from '../ConnectionFactory.ts';
import { type LdapError, ServerDownError, toLdapError } from '../errors.ts';
import { Backoff, type BackoffOptions, sleep } from './Backoff.ts';
import { type ChangeSink, type ChangeSource, type ChangeSubscription, type ContentRequest, isPermanentFailure } from './ChangeSource.ts';
import { encodeAbandonRequest, encodeSearchRequest } from './ldapMessages.ts';
import { LdapSocket } from './LdapSocket.ts';
import { encodeSyncRequestControl } from './syncControls.ts';
import { SyncSession, type SyncStep } from './SyncSession.ts';

/** How the stream follows changes. */
export type ContentSyncMode =
  /** One search that never ends: changes arrive as they happen (the default). */
  | { type: 'refreshAndPersist' }
  /** A new refresh every `intervalMs`, from the last cookie (for servers or proxies that drop idle searches). */
  | { type: 'refreshOnly'; intervalMs: number };

export interface ContentSyncSourceOptions {
  /** URIs tried in order, as for the gateway. */
  urls: string[];
  /** The account must be allowed to read the content and, on slapd, have no size limit for it. */
  bind: LdapBind;
  security?: LdapTransportSecurity;
  mode?: ContentSyncMode;
  connectTimeoutMs?: number;
  /**
   * After this long without a message, check that the server still answers (default 60 000 ms;
   * 0 disables); no answer within `heartbeatTimeoutMs` (default 10 000) ends the connection.
   */
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
  /** Reconnection delays (default: 250 ms doubling up to 30 s, with jitter). */
  backoff?: BackoffOptions;
  logger?: LdapLogger;
}

/** What a subscription is doing, for health checks. */
export interface ContentSyncStatus {
  connected: boolean;
  /** True once the content was loaded and, in refreshAndPersist, while the persist stage runs. */
  live: boolean;
  /** Connections opened so far. */
  connections: number;
  /** Full reloads the server asked for (e-syncRefreshRequired). */
  fullReloads: number;
  lastError?: LdapError;
  /** The current cookie, as sent by the server (opaque). */
  cookie?: Buffer;
}

/**
 * @example
 * const source = new ContentSyncSource({ urls: ['ldap://ldap1'], bind: { method: 'simple', dn, password } });
 * const sub = source.subscribe({ base: 'ou=people,dc=x', filter: eq('objectClass', 'inetOrgPerson'), attributes: ['uid', 'cn'] }, sink);
 * await sub.ready; … await sub.close();
 */
export class ContentSyncSource implements ChangeSource {
  public readonly kind = 'content-sync';
  private readonly options: ContentSyncSourceOptions;

  public constructor(options: ContentSyncSourceOptions) {
    this.options = options;
  }

  public subscribe(request: ContentRequest, sink: ChangeSink): ContentSyncSubscription {
    return new ContentSyncSubscription(this.options, request, sink);
  }
}

export class ContentSyncSubscription implements ChangeSubscription {
  public readonly ready: Promise<void>;
  private readonly options: ContentSyncSourceOptions;
  private readonly request: ContentRequest;
  private readonly sink: ChangeSink;
  private readonly mode: ContentSyncMode;
  private readonly abort = new AbortController();
  private readonly backoff: Backoff;
  private socket: LdapSocket | undefined;
  private cookie: Buffer | undefined;
  private readonly loop: Promise<void>;
  private resolveReady!: () => void;
  private rejectReady!: (error: Error) => void;
  private isReady = false;
  private readonly state: ContentSyncStatus = { connected: false, live: false, connections: 0, fullReloads: 0 };

  public constructor(options: ContentSyncSourceOptions, request: ContentRequest, sink: ChangeSink) {
    this.options = options;
    this.request = request;
    this.mode = options.mode ?? { type: 'refreshAndPersist' };
    this.backoff = new Backoff(options.backoff);
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {
      // observed by whoever awaits it; the loop keeps retrying meanwhile
    });
    // Wrap the sink to learn when the content is complete.
    this.sink = {
      beginRefresh: () => sink.beginRefresh(),
      upsert: (e) => sink.upsert(e),
      keep: (id) => sink.keep(id),
      remove: (id) => sink.remove(id),
      sweep: () => sink.sweep(),
      synced: () => {
        this.state.live = true;
        this.backoff.reset();
        sink.synced();
        if (!this.isReady) {
          this.isReady = true;
          this.resolveReady();
        }
      },
      interrupted: (error) => sink.interrupted?.(error),
    };
    this.loop = this.run();
  }

  /** A snapshot of the subscription's state. */
  public status(): ContentSyncStatus {
    return { ...this.state, ...(this.cookie ? { cookie: this.cookie } : {}) };
  }

  public async close(): Promise<void> {
    this.abort.abort();
    this.socket?.close();
    await this.loop;
    if (!this.isReady) this.rejectReady(new Error('the subscription was closed before the content was loaded'));
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      let step: SyncStep | undefined;
      try {
        if (!this.socket || this.socket.closed) {
          this.socket = await LdapSocket.open({
            urls: this.options.urls,
            bind: this.options.bind,
            ...(this.options.security ? { security: this.options.security } : {}),
            ...(this.options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: this.options.connectTimeoutMs }),
          });
          this.state.connections += 1;
          this.state.connected = true;
          if (signal.aborted) break;
        }
        step = await this.searchOnce(this.socket);
      } catch (error) {
        if (signal.aborted) break;
        const err = toLdapError(error);
        this.onFailure(err);
        await sleep(this.backoff.next(), signal);
        continue;
      }
      switch (step.type) {
        case 'refreshRequired':
          // The server cannot resume from our cookie: reload everything (the sink sweeps what is gone).
          this.state.fullReloads += 1;
          this.options.logger?.warn({ base: this.request.base }, 'content sync: the server asked for a full refresh');
          // Asked again without a cookie: something is wrong on the server; do not spin.
          if (this.cookie === undefined) await sleep(this.backoff.next(), signal);
          this.cookie = undefined;
          break;
        case 'failed':
          this.onFailure(step.error);
          this.socket?.close();
          await sleep(this.backoff.next(), signal);
          break;
        case 'done':
          if (this.mode.type === 'refreshOnly') await sleep(this.mode.intervalMs, signal);
          else {
            // The server ended a persistent search (shutdown, admin limit): resume after a pause.
            this.state.live = false;
            await sleep(this.backoff.next(), signal);
          }
          break;
        case 'continue':
          break;
      }
    }
    this.socket?.close();
    this.state.connected = false;
    this.state.live = false;
  }

  private onFailure(error: LdapError): void {
    this.state.lastError = error;
    this.state.connected = this.socket !== undefined && !this.socket.closed;
    this.state.live = false;
    this.sink.interrupted?.(error);
    this.options.logger?.warn({ base: this.request.base, error: error.name, reason: error.diagnosticMessage }, 'content sync interrupted; retrying');
    if (!this.isReady && isPermanentFailure(error)) this.rejectReady(error);
  }

  /** Runs one sync search on `socket` until it ends (refreshOnly, server's end) or the connection fails. */
  private searchOnce(socket: LdapSocket): Promise<SyncStep> {
    return new Promise<SyncStep>((resolve, reject) => {
      if (socket.closed) {
        reject(new ServerDownError('the connection was closed', { requestSent: false }));
        return;
      }
      const session = new SyncSession(this.sink, { mode: this.mode.type, ...(this.cookie ? { cookie: this.cookie } : {}) });
      const id = socket.allocateId();
      let finished = false;
      const heartbeatMs = this.options.heartbeatMs ?? 60_000;
      const heartbeat =
        heartbeatMs > 0
          ? setInterval(() => {
              if (Date.now() - socket.lastReceivedAt < heartbeatMs) return;
              // A failed ping closes the socket: the close handler below then ends this search.
              socket.ping(this.options.heartbeatTimeoutMs ?? 10_000).catch(() => undefined);
            }, Math.max(10, Math.floor(heartbeatMs / 2)))
          : undefined;
      heartbeat?.unref();
      const settle = (): boolean => {
        if (finished) return false;
        finished = true;
        clearInterval(heartbeat);
        this.cookie = session.cookie;
        this.abort.signal.removeEventListener('abort', onAbort);
        stopClose();
        return true;
      };
      const onAbort = (): void => {
        if (!socket.closed) {
          try {
            socket.send(encodeAbandonRequest(socket.allocateId(), id));
          } catch {
            // closing anyway
          }
        }
        if (settle()) resolve({ type: 'done' });
      };
      socket.onMessage((message) => {
        if (message.messageId !== id || finished) return;
        const step = session.handle(message);
        // Keep the cookie as it advances: a lost connection resumes from the last one received.
        this.cookie = session.cookie;
        if (step.type !== 'continue' && settle()) resolve(step);
      });
      const stopClose = socket.onClose((error) => {
        if (settle()) reject(error);
      });
      this.abort.signal.addEventListener('abort', onAbort, { once: true });
      const attributes = this.request.attributes.length > 0 ? this.request.attributes : ['*'];
      session.start();
      socket.send(
        encodeSearchRequest(id, { base: this.request.base, scope: this.request.scope ?? 'sub', filter: this.request.filter, attributes }, [
          encodeSyncRequestControl({ mode: this.mode.type, ...(this.cookie ? { cookie: this.cookie } : {}) }),
        ]),
      );
    });
  }
}
