// `trousseau serve`: the HTTP server for the configured directories (or the private one when none is configured).
import type { Command } from 'commander';
import { configOf } from '../context.ts';
import { Secret } from '../../config/Secret.ts';
import { DEFAULT_WORKER_CONFIG, type DirectoryConfig, type TrousseauConfig } from '../../config/types.ts';
import { localCredentials } from '../../directory/localCredentials.ts';
import { ManagedDirectory } from '../../directory/ManagedDirectory.ts';
import { AppError } from '../../errors/AppError.ts';
import { buildRestV1Setup } from '../../http/rest-v1/buildRestV1Setup.ts';
import type { RestV1Setup } from '../../http/rest-v1/restV1.ts';
import { Nomenclatures } from '../../nomenclatures/Nomenclatures.ts';
import { registerRoutes } from '../../http/registerRoutes.ts';
import { startServer, type RunningServer } from '../../http/startServer.ts';
import { loadSessionKey } from '../../services/auth/sessionKey.ts';
import { ListIndexes } from '../../services/objects/ListIndexes.ts';
import { openChangeSource, openGateway } from '../../services/openGateway.ts';
import { directoryReadiness } from '../../services/readiness.ts';
import { describePass, Worker } from '../../worker/Worker.ts';

/** The private directory of `managed.dir` as a directory configuration, when it has been created. */
export function managedDirectoryConfig(dir: string): DirectoryConfig | undefined {
  const md = new ManagedDirectory({ dir });
  if (!md.initialised) return undefined;
  return {
    name: 'default',
    uris: [md.url],
    base: md.baseDN,
    bindDN: md.adminDN,
    bindPassword: new Secret(localCredentials(dir).servicePassword),
    startTLS: false,
    tlsVerify: true,
    poolSize: 4,
    timeoutMs: 30_000,
    source: `the private directory in ${dir} (directory.json, credentials.json)`,
  };
}

/** Start the HTTP server with one gateway per directory; `onClose` runs after the gateways are closed. */
export async function serve(config: TrousseauConfig, directories: DirectoryConfig[], options: { onClose?: () => Promise<void>; port?: number } = {}): Promise<RunningServer> {
  const gateways = directories.map((d) => ({ name: d.name, gateway: openGateway(d) }));
  const port = options.port ?? config.http.port;
  // FusionDirectory's REST API; its services are built at the first request, so the server starts while a directory is down.
  const sessionKey = loadSessionKey({ dir: config.managed.dir });
  // Lists are answered from in-memory indexes kept current by content synchronization, once warm.
  const indexes = directories.map((d, i) => new ListIndexes({ gateway: gateways[i]!.gateway, baseDN: d.base, changeSource: () => openChangeSource(d), warn: (m) => console.warn(`trousseau: ${m}`) }));
  // The value lists (docs/nomenclatures.md): the site's folder over the shipped lists, read in the background once
  // the server listens, so that the first search as one types does not wait for the 2.5 MB of diplomas.
  const nomenclatures = new Nomenclatures({ ...(config.supann?.nomenclatures ? { folder: config.supann.nomenclatures } : {}), warn: (m) => console.warn(`trousseau: ${m}`) });
  setTimeout(() => nomenclatures.preload(), 1000).unref();
  const restSources = directories.map((d, i) => ({
    name: d.name,
    base: d.base,
    gateway: gateways[i]!.gateway,
    indexes: indexes[i]!,
    ...(d.ignoreAclDN ? { ignoreAclDN: d.ignoreAclDN } : {}),
    ...(d.smtp ? { smtp: d.smtp } : {}),
    ...(config.http.publicUrl ? { publicUrl: config.http.publicUrl } : {}),
    ...(d.orchestrator ? { orchestrator: d.orchestrator } : {}),
    ...(d.secondFactor ? { secondFactor: d.secondFactor } : {}),
  }));
  const workerConfig = config.worker ?? DEFAULT_WORKER_CONFIG;
  // One set of services for REST v1, the UI API, the orchestrator API and the worker, built at the first need.
  let pending: Promise<RestV1Setup> | undefined;
  const setup = () =>
    (pending ??= buildRestV1Setup({ directories: restSources, sessionKey, nomenclatures, worker: workerConfig, warn: (m) => console.warn(`trousseau: ${m}`) }).catch((e: unknown) => {
      pending = undefined;
      throw e;
    }));
  // The task worker (docs/tasks.md) runs the directories' task engines, unless `worker.inServer: false` leaves it to
  // `trousseau worker`. It starts once the services can be built (a directory down at start delays it).
  let worker: Worker | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const startWorker = async (): Promise<void> => {
    try {
      const { directories: built } = await setup();
      if (stopped) return;
      worker = new Worker({
        directories: built.flatMap((d) => (d.tasks ? [{ name: d.name, engine: d.tasks, ...(d.audit ? { audit: d.audit } : {}) }] : [])),
        config: workerConfig,
        onPass: (name, summary) => {
          if (summary.errors.length > 0 || Object.keys(summary.endpoints).length > 0 || summary.reclaimed > 0 || summary.activated > 0) console.log(`trousseau: tasks: ${describePass(name, summary)}`);
        },
      });
      worker.start();
    } catch (e) {
      console.warn(`trousseau: tasks: the worker waits for the directory (${(e as Error).message})`);
      if (!stopped) retry = setTimeout(() => void startWorker(), workerConfig.pollSeconds * 1000);
    }
  };
  const server = await startServer({
    host: config.http.host,
    port,
    trustProxy: config.http.trustProxy,
    logLevel: config.log.level,
    readiness: () => directoryReadiness(gateways),
    register: (app) => registerRoutes(app, { setup, trustProxy: config.http.trustProxy }),
    onClose: async () => {
      stopped = true;
      clearTimeout(retry);
      await worker?.stop();
      await Promise.all(indexes.map((i) => i.close()));
      await Promise.all(gateways.map((g) => g.gateway.close()));
      await options.onClose?.();
    },
  });
  if (workerConfig.inServer) void startWorker();
  return server;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the web server for the configured directories')
    .option('-p, --port <port>', 'HTTP port (default: http.port, 8080)', (v) => Number(v))
    .action(async (opts: { port?: number }) => {
      const config = configOf(program);
      let directories = config.directories;
      if (directories.length === 0) {
        const managed = managedDirectoryConfig(config.managed.dir);
        if (!managed) {
          throw new AppError({
            code: 'config.missing',
            message: 'No directory is configured. Write a trousseau.yaml (see docs/configuration.md), set TROUSSEAU_LDAP_URI, or run `trousseau demo`.',
          });
        }
        directories = [managed];
      }
      const server = await serve(config, directories, opts.port !== undefined ? { port: opts.port } : {});
      console.log(`Trousseau listens on ${server.url} for ${directories.map((d) => `${d.name} (${d.uris.join(', ')})`).join('; ')}`);
    });
}
