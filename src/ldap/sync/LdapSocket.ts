// A bare LDAP connection of our own, for long-running searches whose responses ldapts cannot
// deliver (IntermediateResponse messages, per-entry response controls): connect (ldap://, ldaps://,
// ldapi://, StartTLS) with failover over a URI list, bind, then send requests and receive every
// decoded message. Framing and BER come from MessageFramer and ldapMessages (ldapts' BerReader/BerWriter).
import * as net from 'node:net';
import * as tls from 'node:tls';

import { type LdapBind, type LdapTransportSecurity, parseLdapUrl } from '../ConnectionFactory.ts';
import { ConnectError, type LdapError, LdapConnectionError, InvalidCredentialsError, ServerDownError, TimeoutError, DecodingError, errorForResultCode, toLdapError } from '../errors.ts';
import {
  type LdapResponse,
  NOTICE_OF_DISCONNECTION_OID,
  STARTTLS_OID,
  decodeLdapMessage,
  encodeBindRequest,
  encodeExtendedRequest,
  encodeUnbindRequest,
} from './ldapMessages.ts';
import { MessageFramer } from './MessageFramer.ts';

const WHOAMI_OID = '1.3.6.1.4.1.4203.1.11.3';

export interface LdapSocketOptions {
  /** URIs tried in order (as for the gateway). */
  urls: string[];
  bind: LdapBind;
  /** Default: `ldaps` when every URI is ldaps://, else `none`. */
  security?: LdapTransportSecurity;
  /** Connect + TLS + bind, in ms (default 10 000). */
  connectTimeoutMs?: number;
  /** TCP keep-alive probe delay, in ms (default 30 000): a persistent search may stay silent for hours. */
  keepAliveMs?: number;
}

type Pending = { resolve: (m: LdapResponse) => void; reject: (e: Error) => void };

export class LdapSocket {
  /** The URI this socket is connected to. */
  public readonly url: string;
  private socket: net.Socket;
  private readonly framer = new MessageFramer();
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private messageHandler: ((message: LdapResponse) => void) | undefined;
  private closeHandlers: ((error: LdapError) => void)[] = [];
  private closedWith: LdapError | undefined;
  private readonly onData = (chunk: Buffer): void => this.receive(chunk);

  private constructor(socket: net.Socket, url: string) {
    this.socket = socket;
    this.url = url;
    this.attach(socket);
  }

  /**
   * Opens and binds a connection, trying each URI in turn. Invalid credentials stop the failover.
   * @throws ConnectError when no URI could be reached; the server's error when the bind fails
   */
  public static async open(options: LdapSocketOptions): Promise<LdapSocket> {
    const urls = options.urls.map((u) => u.trim()).filter((u) => u !== '');
    if (urls.length === 0) throw new TypeError('At least one LDAP URL is needed');
    const security: LdapTransportSecurity = options.security ?? (urls.every((u) => parseLdapUrl(u).scheme === 'ldaps') ? { mode: 'ldaps' } : { mode: 'none' });
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    const failures: string[] = [];
    let last: LdapError | undefined;
    for (const url of urls) {
      const abort = new AbortController();
      try {
        return await withTimeout(LdapSocket.openOne(url, security, options, timeoutMs, abort.signal), timeoutMs, `opening ${url}`);
      } catch (error) {
        abort.abort();
        const err = toLdapError(error);
        if (err instanceof InvalidCredentialsError) throw err;
        last = err;
        failures.push(`${url}: ${err.diagnosticMessage || err.message}`);
      }
    }
    if (last && !(last instanceof LdapConnectionError) && !(last instanceof TimeoutError)) throw last;
    throw new ConnectError(`no LDAP server reachable (${failures.join('; ')})`, { cause: last });
  }

  private static async openOne(url: string, security: LdapTransportSecurity, options: LdapSocketOptions, timeoutMs: number, signal: AbortSignal): Promise<LdapSocket> {
    const target = parseLdapUrl(url);
    let raw: net.Socket;
    if (target.socketPath !== undefined) {
      raw = net.connect({ path: target.socketPath });
    } else if (target.scheme === 'ldaps') {
      const tlsOptions = security.mode === 'ldaps' ? security.tlsOptions : undefined;
      raw = tls.connect({ host: target.host, port: target.port, ...(net.isIP(target.host) ? {} : { servername: target.host }), ...tlsOptions });
    } else {
      raw = net.connect(target.port, target.host);
    }
    // A timed-out attempt must not leave its socket behind.
    let conn: LdapSocket | undefined;
    const onAbort = (): void => {
      if (conn) conn.destroy();
      else raw.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await once(raw, target.scheme === 'ldaps' ? 'secureConnect' : 'connect');
      raw.setNoDelay(true);
      raw.setKeepAlive(true, options.keepAliveMs ?? 30_000);
      conn = new LdapSocket(raw, url);
      if (security.mode === 'startTLS') await conn.startTls(target.host, security.tlsOptions ?? {});
      await conn.bind(options.bind, timeoutMs);
      signal.removeEventListener('abort', onAbort);
      return conn;
    } catch (error) {
      onAbort();
      throw error;
    }
  }

  private attach(socket: net.Socket): void {
    socket.on('data', this.onData);
    socket.on('error', (error) => this.fail(toLdapError(error)));
    socket.on('close', () => this.fail(new ServerDownError('the connection was closed', { requestSent: true })));
  }

  private async startTls(host: string, tlsOptions: tls.ConnectionOptions): Promise<void> {
    const id = this.allocateId();
    const response = await this.request(id, encodeExtendedRequest(id, STARTTLS_OID));
    if (response.type !== 'extendedResponse' || response.result.resultCode !== 0) {
      throw errorForResultCode(response.type === 'extendedResponse' ? response.result.resultCode : 2, 'StartTLS refused');
    }
    const plain = this.socket;
    plain.removeListener('data', this.onData);
    plain.removeAllListeners('close');
    plain.removeAllListeners('error');
    const secure = tls.connect({ socket: plain, ...(net.isIP(host) ? {} : { servername: host }), ...tlsOptions });
    this.socket = secure;
    this.attach(secure);
    await once(secure, 'secureConnect');
  }

  private async bind(bind: LdapBind, timeoutMs: number): Promise<void> {
    const id = this.allocateId();
    const auth = bind.method === 'simple' ? bind : bind.method === 'anonymous' ? { method: 'simple' as const, dn: '', password: '' } : { method: 'external' as const };
    const response = await withTimeout(this.request(id, encodeBindRequest(id, auth)), timeoutMs, 'bind');
    if (response.type !== 'bindResponse') throw new DecodingError('expected a bind response');
    if (response.result.resultCode !== 0) {
      throw errorForResultCode(response.result.resultCode, response.result.diagnosticMessage, bind.method === 'simple' ? { dn: bind.dn } : {});
    }
  }

  /** A fresh message ID. */
  public allocateId(): number {
    const id = this.nextId;
    this.nextId = this.nextId >= 0x7fffffff ? 1 : this.nextId + 1;
    return id;
  }

  /** Sends a request and resolves with the single response carrying its ID. */
  public request(id: number, message: Buffer): Promise<LdapResponse> {
    return new Promise((resolve, reject) => {
      if (this.closedWith) {
        reject(this.closedWith);
        return;
      }
      this.pending.set(id, { resolve, reject });
      this.socket.write(message);
    });
  }

  /** Sends a message whose responses go to the {@link onMessage} handler. */
  public send(message: Buffer): void {
    if (this.closedWith) throw this.closedWith;
    this.socket.write(message);
  }

  /** Receives every message that is not the answer to a {@link request}. */
  public onMessage(handler: (message: LdapResponse) => void): void {
    this.messageHandler = handler;
  }

  /** Called once when the connection ends or fails (also after {@link close}); returns a function that unregisters it. */
  public onClose(handler: (error: LdapError) => void): () => void {
    if (this.closedWith) {
      handler(this.closedWith);
      return () => undefined;
    }
    this.closeHandlers.push(handler);
    return () => {
      this.closeHandlers = this.closeHandlers.filter((h) => h !== handler);
    };
  }

  public get closed(): boolean {
    return this.closedWith !== undefined;
  }

  /** Sends an unbind and closes the socket. */
  public close(): void {
    if (this.closedWith) return;
    try {
      this.socket.end(encodeUnbindRequest(this.allocateId()));
    } catch {
      // the socket is already unusable: destroy below
    }
    this.fail(new ServerDownError('the connection was closed by the client', { requestSent: true }));
    this.socket.destroy();
  }

  /** Closes at once, without an unbind. */
  public destroy(): void {
    this.fail(new ServerDownError('the connection was closed by the client', { requestSent: true }));
    this.socket.destroy();
  }

  /** When bytes last arrived (ms since the epoch). */
  public lastReceivedAt = Date.now();

  /**
   * Checks that the server still answers: a "Who am I?" request (RFC 4532) on this connection, next
   * to a running search. A half-open TCP connection (a server or network that vanished without a
   * reset) would otherwise leave a persistent search waiting for hours.
   * @throws TimeoutError after `timeoutMs`, having closed the connection
   */
  public async ping(timeoutMs: number): Promise<void> {
    const id = this.allocateId();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.request(id, encodeExtendedRequest(id, WHOAMI_OID)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new TimeoutError(`no answer from the server within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (error) {
      const err = toLdapError(error);
      this.fail(err);
      this.socket.destroy();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private receive(chunk: Buffer): void {
    this.lastReceivedAt = Date.now();
    let messages: Buffer[];
    try {
      messages = this.framer.push(chunk);
    } catch (error) {
      this.fail(new DecodingError((error as Error).message));
      this.socket.destroy();
      return;
    }
    for (const bytes of messages) {
      if (this.closedWith) return;
      let message: LdapResponse;
      try {
        message = decodeLdapMessage(bytes);
      } catch (error) {
        this.fail(new DecodingError((error as Error).message));
        this.socket.destroy();
        return;
      }
      if (message.messageId === 0 && message.type === 'extendedResponse') {
        // Unsolicited notification (RFC 4511 §4.4): the server is about to close the connection.
        const reason = message.name === NOTICE_OF_DISCONNECTION_OID ? 'notice of disconnection' : 'unsolicited notification';
        this.fail(errorForResultCode(message.result.resultCode || 52, `${reason}: ${message.result.diagnosticMessage}`));
        this.socket.destroy();
        return;
      }
      const waiting = this.pending.get(message.messageId);
      if (waiting) {
        this.pending.delete(message.messageId);
        waiting.resolve(message);
        continue;
      }
      try {
        this.messageHandler?.(message);
      } catch (error) {
        // A handler that cannot apply a message (a malformed control) ends the connection: the
        // consumer restarts from its last good cookie.
        this.fail(error instanceof Error ? toLdapError(error) : new DecodingError(String(error)));
        this.socket.destroy();
        return;
      }
    }
  }

  private fail(error: LdapError): void {
    if (this.closedWith) return;
    this.closedWith = error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    const handlers = this.closeHandlers;
    this.closeHandlers = [];
    for (const h of handlers) h(error);
  }
}

function once(socket: net.Socket, event: 'connect' | 'secureConnect'): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      socket.destroy();
      reject(error);
    };
    socket.once('error', onError);
    socket.once(event, () => {
      socket.removeListener('error', onError);
      resolve();
    });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  promise.catch(() => {
    // when the timer wins, the late failure is expected
  });
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ConnectError(`${what} took more than ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
