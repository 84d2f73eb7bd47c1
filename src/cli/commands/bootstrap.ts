// `trousseau bootstrap`: write FusionDirectory's base layout (department base, branches, config entry, fd-admin) where missing.
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { bootstrapDirectory } from '../../directory/bootstrap.ts';
import { AppError } from '../../errors/AppError.ts';
import { openGateway } from '../../services/openGateway.ts';
import { configOf } from '../context.ts';
import { resolveTarget, withTargetOptions, type TargetOptions } from '../target.ts';

export function registerBootstrap(program: Command): void {
  withTargetOptions(
    program
      .command('bootstrap')
      .description("create what FusionDirectory's setup creates, where missing; running it again changes nothing")
      .option('--admin-password <password>', 'password for uid=fd-admin if it gets created (default: generated and printed)'),
  ).action(async (o: TargetOptions & { adminPassword?: string }) => {
    const target = resolveTarget(configOf(program), o);
    if (!target.base) throw new AppError({ code: 'config.missing', message: 'A base DN is needed (configuration "base" or --base).' });
    const adminPassword = o.adminPassword ?? randomBytes(12).toString('base64url');
    const gateway = openGateway(target);
    try {
      const result = await bootstrapDirectory({ gateway, baseDN: target.base, adminPassword, log: (l) => console.log(l) });
      if (result.created.length === 0) console.log('Nothing to create: the directory already has the FusionDirectory layout.');
      if (result.created.includes(result.adminDN)) console.log(`Administrator: ${result.adminDN} with password ${adminPassword}`);
    } finally {
      await gateway.close();
    }
  });
}
