// `trousseau directory install|start|stop|status`: the private slapd in the configured folder (default var/directory).
import { mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { configOf } from '../context.ts';
import { bootstrapDirectory } from '../../directory/bootstrap.ts';
import { ensureSlapdInstalled } from '../../directory/installSlapd.ts';
import { localCredentials } from '../../directory/localCredentials.ts';
import { ManagedDirectory } from '../../directory/ManagedDirectory.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';

export interface StartedDirectory {
  directory: ManagedDirectory;
  servicePassword: string;
  adminPassword: string;
  userPassword: string;
  adminDN: string;
}

/** Start (initialising and bootstrapping on first use) the private directory in `dir`. */
export async function startManagedDirectory(dir: string, options: { baseDN?: string; port?: number; log?: (l: string) => void } = {}): Promise<StartedDirectory> {
  const log = options.log ?? ((l: string) => console.log(l));
  // Credentials are generated before the folder is initialised: the service password goes into its cn=config.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const credentials = localCredentials(dir);
  const directory = new ManagedDirectory({
    dir,
    baseDN: options.baseDN ?? 'dc=example,dc=org',
    adminPassword: credentials.servicePassword,
    ...(options.port !== undefined ? { port: options.port } : {}),
    log,
  });
  await directory.start();
  const gateway = new LdapGateway({ urls: [directory.url], bind: { method: 'simple', dn: directory.adminDN, password: credentials.servicePassword } });
  const result = await bootstrapDirectory({ gateway, baseDN: directory.baseDN, adminPassword: credentials.adminPassword, log }).finally(() => gateway.close());
  return { directory, ...credentials, adminDN: result.adminDN };
}

export function registerDirectory(program: Command): void {
  const directory = program.command('directory').description('the private OpenLDAP server Trousseau manages');
  const dirOf = () => configOf(program).managed.dir;

  directory
    .command('install')
    .description("install Debian's slapd, slapd-contrib and ldap-utils if missing (never starts the system service)")
    .action(() => ensureSlapdInstalled((l) => console.log(l)));

  directory
    .command('start')
    .description('start the private directory, creating and bootstrapping it on first use')
    .option('--base <dn>', 'base DN when creating it', 'dc=example,dc=org')
    .option('--port <port>', 'TCP port on 127.0.0.1 when creating it (default: a free one)', (v) => Number(v))
    .action(async (opts: { base: string; port?: number }) => {
      const started = await startManagedDirectory(dirOf(), { baseDN: opts.base, ...(opts.port ? { port: opts.port } : {}) });
      printStatus(started.directory);
      console.log(`service DN:  ${started.directory.adminDN} (password in ${started.directory.dir}/credentials.json)`);
    });

  directory
    .command('stop')
    .description('stop the private directory')
    .action(async () => {
      const md = new ManagedDirectory({ dir: dirOf() });
      const running = md.pid() !== undefined;
      await md.stop();
      console.log(running ? 'stopped' : 'not running');
    });

  directory
    .command('status')
    .description('say whether the private directory runs, and where')
    .action(() => {
      const md = new ManagedDirectory({ dir: dirOf() });
      printStatus(md);
      if (!md.status().running) process.exitCode = 3;
    });
}

function printStatus(md: ManagedDirectory): void {
  const s = md.status();
  console.log(`folder:      ${s.dir}`);
  if (!s.initialised) {
    console.log('state:       not initialised (run `trousseau directory start`)');
    return;
  }
  console.log(`state:       ${s.running ? `running (pid ${s.pid})` : 'stopped'}`);
  console.log(`LDAP URI:    ${s.url}`);
  console.log(`ldapi URI:   ${s.ldapiUrl}`);
  console.log(`base DN:     ${s.baseDN}`);
}
