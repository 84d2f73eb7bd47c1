// Listens with the Fastify app and shuts down gracefully on SIGINT/SIGTERM: stop accepting, finish requests, close.
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from './buildApp.ts';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** Close the HTTP server (in-flight requests finish) and then run the `onClose` hooks. */
  close(): Promise<void>;
}

export interface StartServerOptions extends AppOptions {
  host: string;
  port: number;
  /** Run after the HTTP server has closed (close LDAP pools, stop a private directory…). */
  onClose?: () => Promise<void>;
  /** Install SIGINT/SIGTERM handlers that close everything and exit (default true). */
  handleSignals?: boolean;
}

/** Build and start the server; resolves once it listens. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const app = await buildApp(options);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      await options.onClose?.();
    })());
  if (options.handleSignals !== false) {
    const onSignal = (signal: NodeJS.Signals) => {
      app.log.info({ signal }, 'shutting down');
      // A terminal's Ctrl-C reaches npm and node alike, and npm forwards it: a repeat within two seconds is that
      // echo and is ignored; a later one exits at once.
      const first = Date.now();
      const again = () => {
        if (Date.now() - first < 2000) process.once(signal, again);
        else process.exit(130);
      };
      process.once(signal, again);
      close().then(
        () => process.exit(0),
        (e: unknown) => {
          app.log.error({ err: e }, 'error while shutting down');
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return { app, url: `http://${host}:${port}`, close };
}
