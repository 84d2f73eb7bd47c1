// For tests: a TCP proxy on 127.0.0.1 in front of a server, whose connections a test can cut (to
// check that a consumer reconnects) and whose listening can be paused (to check the backoff).
import * as net from 'node:net';

export class TcpProxy {
  private readonly server: net.Server;
  private readonly pairs = new Set<[net.Socket, net.Socket]>();
  /** Connections accepted so far. */
  public accepted = 0;
  /** While true, new connections are closed at once. */
  public refusing = false;

  private constructor(server: net.Server) {
    this.server = server;
  }

  /** Starts a proxy to `host:port` on an ephemeral loopback port. */
  public static async start(host: string, port: number): Promise<TcpProxy> {
    const server = net.createServer();
    const proxy = new TcpProxy(server);
    server.on('connection', (client) => {
      proxy.accepted += 1;
      if (proxy.refusing) {
        client.destroy();
        return;
      }
      const upstream = net.connect(port, host);
      const pair: [net.Socket, net.Socket] = [client, upstream];
      proxy.pairs.add(pair);
      const close = (): void => {
        proxy.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** `ldap://127.0.0.1:<port>` of the proxy. */
  public get url(): string {
    return `ldap://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  /** Open connections. */
  public get open(): number {
    return this.pairs.size;
  }

  /** Stops forwarding on the open connections without closing them (a network that silently drops packets). */
  public freezeAll(): void {
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  /** Cuts every open connection (both sides reset). */
  public cutAll(): void {
    for (const [client, upstream] of [...this.pairs]) {
      client.resetAndDestroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  public async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
