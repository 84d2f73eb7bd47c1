// Which directory a command talks to: --uri/--bind-dn/--password options, else a configured directory, else the private one.
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Secret } from '../config/Secret.ts';
import type { DirectoryConfig, TrousseauConfig } from '../config/types.ts';
import { AppError } from '../errors/AppError.ts';
import { managedDirectoryConfig } from './commands/serve.ts';

export interface TargetOptions {
  directory?: string;
  uri?: string;
  bindDn?: string;
  password?: string;
  passwordFile?: string;
  base?: string;
}

/** Adds the options that choose a directory to a command. */
export function withTargetOptions(command: Command): Command {
  return command
    .option('-d, --directory <name>', 'a directory of the configuration (default: the first)')
    .option('-H, --uri <uris>', 'LDAP URI(s), comma-separated, instead of the configuration (ldapi:// binds with SASL EXTERNAL)')
    .option('-D, --bind-dn <dn>', 'DN to bind as (with --uri)')
    .option('-w, --password <password>', 'password of --bind-dn (prefer --password-file)')
    .option('-y, --password-file <file>', 'file holding the password of --bind-dn')
    .option('-b, --base <dn>', 'base DN (with --uri)');
}

/** Resolve the options to one directory configuration: --uri replaces the configured directory, the other options override it. */
export function resolveTarget(config: TrousseauConfig, o: TargetOptions): DirectoryConfig {
  let target: DirectoryConfig;
  if (o.uri) {
    target = {
      name: 'command line',
      uris: o.uri.split(',').map((u) => u.trim()).filter(Boolean),
      base: '',
      bindDN: '',
      bindPassword: new Secret(''),
      startTLS: false,
      tlsVerify: true,
      poolSize: 1,
      timeoutMs: 15_000,
      source: 'command line',
    };
  } else if (o.directory) {
    const found = config.directories.find((d) => d.name === o.directory);
    if (!found) throw new AppError({ code: 'config.invalid', message: `No directory named "${o.directory}" in the configuration (have: ${config.directories.map((d) => d.name).join(', ') || 'none'}).` });
    target = found;
  } else {
    const first = config.directories[0] ?? managedDirectoryConfig(config.managed.dir);
    if (!first) {
      throw new AppError({ code: 'config.missing', message: 'No directory to talk to: give --uri, write a trousseau.yaml (docs/configuration.md), or run `trousseau directory start`.' });
    }
    target = first;
  }
  let password: Secret | undefined = o.password !== undefined ? new Secret(o.password) : undefined;
  if (o.passwordFile) {
    if (!existsSync(o.passwordFile)) throw new AppError({ code: 'config.invalid', message: `Password file ${o.passwordFile} does not exist.` });
    password = new Secret(readFileSync(o.passwordFile, 'utf8').replace(/\r?\n$/, ''));
  }
  return {
    ...target,
    poolSize: 1,
    ...(o.bindDn !== undefined ? { bindDN: o.bindDn } : {}),
    ...(password ? { bindPassword: password } : {}),
    ...(o.base !== undefined ? { base: o.base } : {}),
  };
}
