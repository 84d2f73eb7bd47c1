// Opens bound ldapts clients over a list of URIs with failover: ldap://, ldaps:// and ldapi://
// (Unix socket), StartTLS when asked, connect timeout, and a memory of which URIs were down lately.
import * as net from 'node:net';
import type * as tls from 'node:tls';

import { Client, type Control } from 'ldapts';

import type { LdapError} from './errors.ts';
import { ConnectError, InvalidCredentialsError, LdapConnectionError, toLdapError, TimeoutError } from './errors.ts';

/** How connections authenticate. */
export type LdapBind =
  /** `controls`: sent with the bind, and given the server's response controls of the same OID (password policy). */
  | { method: 'simple'; dn: string; password: string; controls?: Control[] }
  | { method: 'anonymous' }
  /** SASL EXTERNAL: the identity of an ldapi:// peer, or of a TLS client certificate. */
  | { method: 'external' };

/** Transport security, for every URI of the list. */
export type LdapTransportSecurity =
  /** Clear text on ldap://, or an ldapi:// socket. */
  | { mode: 'none' }
  /** ldap:// upgraded with StartTLS before binding. */
  | { mode: 'startTLS'; tlsOptions?: tls.ConnectionOptions }
  /** ldaps:// URIs. */
  | { mode: 'ldaps'; tlsOptions?: tls.ConnectionOptions };

/** Minimal logger (pino-compatible). Never receives credentials. */
export interface LdapLogger {
  warn(object: object, message: string): void;
  debug?(object: object, message: string): void;
}

export interface ConnectionFactoryOptions {
  urls: string[];
  security: LdapTransportSecurity;
  connectTimeoutMs: number;
  operationTimeoutMs: number;
  downUriRetryMs: number;
  logger?: LdapLogger;
}

interface ParsedUrl {
  url: string;
  scheme: 'ldap' | 'ldaps' | 'ldapi';
  host: string;
  port: number;
  socketPath?: string;
}

/** Parses `ldap://host:port`, `ldaps://host`, `ldapi://%2Fpath%2Fto%2Fsocket`. */
export function parseLdapUrl(url: string): ParsedUrl {
  const match = /^(ldaps?|ldapi):\/\/([^/?]*)\/?(\?.*)?$/i.exec(url.trim());
  if (!match) throw new TypeError(`Invalid LDAP URL: ${url}`);
  const scheme = (match[1] as string).toLowerCase() as ParsedUrl['scheme'];
  const authority = match[2] as string;
  if (scheme === 'ldapi') {
    const socketPath = decodeURIComponent(authority);
    if (!socketPath.startsWith('/')) throw new TypeError(`An ldapi:// URL needs an absolute, %2F-encoded socket path: ${url}`);
    return { url, scheme, host: 'localhost', port: 0, socketPath };
  }
  const parsed = new URL(`${scheme}://${authority}`);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost';
  const port = parsed.port ? Number(parsed.port) : scheme === 'ldaps' ? 636 : 389;
  return { url, scheme, host, port };
}

/** A bound client and the URI it is connected to. */
export interface OpenedClient {
  client: Client;
  url: string;
}

/** What the pool needs from a factory (an interface, so tests can give a fake one). */
export interface ClientOpener {
  open(bind: LdapBind): Promise<OpenedClient>;
}

export class ConnectionFactory implements ClientOpener {
  private readonly urls: ParsedUrl[];
  private readonly options: ConnectionFactoryOptions;
  /** URI → time until which it is tried only after the others. */
  private readonly downUntil = new Map<string, number>();

  public constructor(options: ConnectionFactoryOptions) {
    if (options.urls.length === 0) throw new TypeError('At least one LDAP URL is needed');
    this.options = options;
    this.urls = options.urls.map(parseLdapUrl);
    for (const u of this.urls) {
      if (options.security.mode === 'ldaps' && u.scheme !== 'ldaps') throw new TypeError(`security "ldaps" needs ldaps:// URLs, not ${u.url}`);
      if (options.security.mode !== 'ldaps' && u.scheme === 'ldaps') throw new TypeError(`${u.url} is ldaps://: set security to { mode: 'ldaps' }`);
      if (options.security.mode === 'startTLS' && u.scheme === 'ldapi') throw new TypeError(`StartTLS over ldapi:// is not supported (${u.url})`);
    }
  }

  /** URIs in the order to try them: those not recently down first, in configuration order. */
  private ordered(): ParsedUrl[] {
    const now = Date.now();
    const up = this.urls.filter((u) => (this.downUntil.get(u.url) ?? 0) <= now);
    const down = this.urls
      .filter((u) => (this.downUntil.get(u.url) ?? 0) > now)
      .sort((a, b) => (this.downUntil.get(a.url) ?? 0) - (this.downUntil.get(b.url) ?? 0));
    return [...up, ...down];
  }

  /**
   * Opens a client bound as `bind`, trying each URI in turn. Invalid credentials stop the
   * failover (another replica would say the same); connection failures and "busy/unavailable"
   * answers move on to the next URI.
   */
  public async open(bind: LdapBind): Promise<OpenedClient> {
    const failures: string[] = [];
    let lastError: LdapError | undefined;
    for (const target of this.ordered()) {
      try {
        const client = await this.openOne(target, bind);
        this.downUntil.delete(target.url);
        return { client, url: target.url };
      } catch (error) {
        const err = toLdapError(error);
        if (err instanceof InvalidCredentialsError) throw err;
        lastError = err;
        failures.push(`${target.url}: ${err.diagnosticMessage || err.message}`);
        if (err instanceof LdapConnectionError || err instanceof TimeoutError) {
          this.downUntil.set(target.url, Date.now() + this.options.downUriRetryMs);
        }
        this.options.logger?.warn({ url: target.url, error: err.name, reason: err.diagnosticMessage }, 'LDAP connection failed');
      }
    }
    if (lastError && !(lastError instanceof LdapConnectionError) && !(lastError instanceof TimeoutError)) throw lastError;
    throw new ConnectError(`no LDAP server reachable (${failures.join('; ')})`, { cause: lastError });
  }

  private createClient(target: ParsedUrl): Client {
    const { security, connectTimeoutMs, operationTimeoutMs } = this.options;
    if (target.socketPath !== undefined) {
      const path = target.socketPath;
      return new Client({
        url: 'ldap://localhost',
        timeout: operationTimeoutMs,
        connectTimeout: connectTimeoutMs,
        createConnection: (() => net.connect({ path })) as unknown as typeof net.connect,
      });
    }
    const tcp = ((port: number, host: string) => {
      const socket = net.connect(port, host);
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 60_000);
      return socket;
    }) as unknown as typeof net.connect;
    return new Client({
      url: target.scheme === 'ldaps' ? `ldaps://${formatHost(target.host)}:${target.port}` : `ldap://${formatHost(target.host)}:${target.port}`,
      timeout: operationTimeoutMs,
      connectTimeout: connectTimeoutMs,
      // Only for ldaps://: ldapts switches to TLS as soon as tlsOptions has a defined property.
      ...(security.mode === 'ldaps' ? { tlsOptions: security.tlsOptions ?? {} } : { createConnection: tcp }),
    });
  }

  private async openOne(target: ParsedUrl, bind: LdapBind): Promise<Client> {
    const client = this.createClient(target);
    const { security } = this.options;
    const steps = async (): Promise<void> => {
      if (security.mode === 'startTLS') {
        const host = target.host;
        await client.startTLS({ host, ...(net.isIP(host) ? {} : { servername: host }), ...security.tlsOptions });
      }
      switch (bind.method) {
        case 'simple':
          await client.bind(bind.dn, bind.password, bind.controls);
          break;
        case 'external':
          await client.bind('EXTERNAL');
          break;
        case 'anonymous':
          // ldapts connects lazily; read the root DSE's nothing to open the connection now.
          await client.search('', { scope: 'base', attributes: ['1.1'], timeLimit: 0 });
          break;
      }
    };
    // Bound the whole opening (TCP, TLS handshake, bind): ldapts times the TCP connect only.
    const limit = this.options.connectTimeoutMs + (this.options.operationTimeoutMs || this.options.connectTimeoutMs);
    let timer: NodeJS.Timeout | undefined;
    const work = steps();
    work.catch(() => {
      // when the timer wins, the late failure of the steps is expected and already reported
    });
    try {
      await Promise.race([
        work,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new ConnectError(`opening the connection took more than ${limit} ms`)), limit);
        }),
      ]);
      return client;
    } catch (error) {
      destroyClient(client);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

function formatHost(host: string): string {
  return net.isIPv6(host) ? `[${host}]` : host;
}

/** Ends a client without waiting for the server (unbind is sent when the socket is still up). */
export function destroyClient(client: Client): void {
  client.unbind().catch(() => {
    // the connection is being dropped; nothing to do about a failed unbind
  });
}
