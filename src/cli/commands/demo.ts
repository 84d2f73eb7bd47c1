// `trousseau demo`: private directory + sample data + web server, until Ctrl-C; then the directory is stopped.
import path from 'node:path';
import type { Command } from 'commander';
import { Secret } from '../../config/Secret.ts';
import type { DirectoryConfig } from '../../config/types.ts';
import { loadDemoData } from '../../directory/demoData.ts';
import { generatedSecret } from '../../services/auth/sessionKey.ts';
import { configOf } from '../context.ts';
import { startManagedDirectory } from './directory.ts';
import { managedDirectoryConfig, serve } from './serve.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('start a private directory with sample data and the web server; Ctrl-C stops both')
    .option('-p, --port <port>', 'HTTP port (default: http.port, 8080; a free one if taken)', (v) => Number(v))
    .option('--people <n>', 'sample people to create the first time', (v) => Number(v), 240)
    .action(async (opts: { port?: number; people: number }) => {
      const config = configOf(program);
      // Request logs would bury the lines below; TROUSSEAU_LOG_LEVEL=info brings them back.
      if (!process.env.TROUSSEAU_LOG_LEVEL) config.log.level = 'warn';
      const dir = config.managed.dir;
      const quiet = () => {};
      const started = await startManagedDirectory(dir, { log: quiet });
      const { directory } = started;
      const sample = await loadDemoData({
        url: directory.url,
        bindDN: directory.adminDN,
        bindPassword: started.servicePassword,
        baseDN: directory.baseDN,
        people: opts.people,
        userPassword: started.userPassword,
      });
      const stopDirectory = async () => {
        await directory.stop();
        console.log('Directory stopped.');
      };
      // Whatever ends the process, the private slapd does not outlive the demo.
      process.once('exit', () => {
        const pid = directory.pid();
        if (pid !== undefined) process.kill(pid, 'SIGTERM');
      });
      // No mail server in a demo: mails (password recovery) are written as .eml files where the admin can read them.
      const mailFolder = path.join(dir, 'mail');
      // The orchestrator API (docs/orchestrator.md) with a key generated once beside the directory.
      const orchestrator = { secretKey: new Secret(generatedSecret(path.join(dir, 'orchestrator.key'), 32)), tokenExpiry: 300, refreshExpiry: 432_000 };
      const managed: DirectoryConfig = { ...managedDirectoryConfig(dir)!, smtp: { transport: 'folder', folder: mailFolder }, orchestrator };
      const port = opts.port ?? config.http.port;
      let server;
      try {
        server = await serve(config, [managed], { port, onClose: stopDirectory });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
          await stopDirectory();
          throw e;
        }
        server = await serve(config, [managed], { port: 0, onClose: stopDirectory });
      }
      const lines = [
        '',
        'Trousseau demo is running.',
        `  Web:       ${server.url}`,
        `  LDAP URI:  ${directory.url}   (ldapi: ${directory.ldapiUrl})`,
        `  Base DN:   ${directory.baseDN}`,
        `  Admin:     fd-admin / ${started.adminPassword}   (DN ${started.adminDN})`,
        `  Sample:    ${sample.loaded ? `${sample.people} people in 3 departments, with groups and roles, loaded now` : 'loaded earlier'}; each person signs in with password ${started.userPassword}`,
        `  Mail:      written into ${mailFolder} as .eml files (password recovery: switch it on in Configuration)`,
        `  Tasks:     run by the worker inside the server; orchestrator API at ${server.url}/orchestrator/api (DSA orchestrator / ${started.userPassword})`,
        `  Try:       ldapwhoami -x -H ${directory.url} -D '${started.adminDN}' -w '${started.adminPassword}'`,
        '',
        'Press Ctrl-C to stop the server and the directory.',
      ];
      console.log(lines.join('\n'));
    });
}
