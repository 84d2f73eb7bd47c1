// `trousseau worker [--once] [--directory <name>]`: the task worker as a process of its own (set `worker.inServer:
// false` so that `trousseau serve` does not run one too; running both is safe, sub-tasks are claimed).
import type { Command } from 'commander';
import { AuditLog } from '../../services/audit/AuditLog.ts';
import { configOf } from '../context.ts';
import { DEFAULT_WORKER_CONFIG, type DirectoryConfig, type TrousseauConfig } from '../../config/types.ts';
import { AppError } from '../../errors/AppError.ts';
import { openGateway } from '../../services/openGateway.ts';
import { Registry } from '../../model/Registry.ts';
import { installedPlugins } from '../../plugins/index.ts';
import { SiteConfig } from '../../services/SiteConfig.ts';
import { taskObjectHooks } from '../../services/tasks/objectHooks.ts';
import { createTaskEngine } from '../../services/tasks/TaskEngine.ts';
import { describePass, Worker } from '../../worker/Worker.ts';
import { managedDirectoryConfig } from './serve.ts';

/** The directories the worker serves: the configured ones (or the private one), or the one named. */
export function workerDirectories(config: TrousseauConfig, name?: string): DirectoryConfig[] {
  let directories = config.directories;
  if (directories.length === 0) {
    const managed = managedDirectoryConfig(config.managed.dir);
    if (!managed) {
      throw new AppError({ code: 'config.missing', message: 'No directory is configured. Write a trousseau.yaml (see docs/configuration.md), set TROUSSEAU_LDAP_URI, or run `trousseau demo`.' });
    }
    directories = [managed];
  }
  if (name === undefined) return directories;
  const found = directories.filter((d) => d.name === name);
  if (found.length === 0) {
    throw new AppError({ code: 'config.invalid', message: `No directory is named "${name}"; the configured ones are: ${directories.map((d) => d.name).join(', ')}.` });
  }
  return found;
}

const stamp = () => new Date().toISOString();

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('process due tasks (mails, audit retention, life cycle…) for the configured directories')
    .option('--once', 'make one pass and exit')
    .option('-d, --directory <name>', 'only this directory')
    .action(async (opts: { once?: boolean; directory?: string }) => {
      const config = configOf(program);
      const workerConfig = config.worker ?? DEFAULT_WORKER_CONFIG;
      const directories = workerDirectories(config, opts.directory);
      const log = (level: 'info' | 'warn' | 'error', message: string) => (level === 'info' ? console.log : console.error)(`${stamp()} ${level} ${message}`);
      const gateways = directories.map((d) => openGateway(d));
      // Activations of repeatable tasks and user refreshes (life cycle) go through the object services, as in the server.
      const registry = new Registry(installedPlugins);
      const configs = await Promise.all(directories.map((d, i) => SiteConfig.load(gateways[i]!, d.base)));
      const hooks = directories.map((d, i) => taskObjectHooks({ gateway: gateways[i]!, baseDN: d.base, registry, config: configs[i]! }));
      const worker = new Worker({
        directories: directories.map((d, i) => ({
          name: d.name,
          // Each pass that did something is an audit event (docs/audit.md).
          ...(registry.type('auditEvent') ? { audit: new AuditLog({ gateway: gateways[i]!, baseDN: d.base, config: configs[i]! }) } : {}),
          engine: createTaskEngine(
            { name: d.name, base: d.base, gateway: gateways[i]!, ...(d.smtp ? { smtp: d.smtp } : {}), ...(config.http.publicUrl ? { publicUrl: config.http.publicUrl } : {}) },
            { worker: workerConfig, hooks: hooks[i]!, log: (level, message) => log(level, `${d.name}: ${message}`) },
          ),
        })),
        config: workerConfig,
        log,
        onPass: (name, summary) => log(summary.errors.length > 0 ? 'warn' : 'info', describePass(name, summary)),
      });
      const closeAll = () => Promise.all(gateways.map((g) => g.close()));
      if (opts.once) {
        const passes = await worker.runOnce();
        await closeAll();
        if (passes.some((p) => p.summary.errors.length > 0)) process.exitCode = 1;
        return;
      }
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          log('info', `${signal} received, finishing the sub-task in hand`);
          void worker.stop().then(closeAll).then(() => resolve());
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
        worker.start();
      });
    });
}
