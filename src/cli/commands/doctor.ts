// `trousseau doctor`: check a configured directory and print, for each problem, its cause and its fix on one line.
import type { Command } from 'commander';
import { runDoctor, type CheckStatus } from '../../services/doctor.ts';
import { configOf } from '../context.ts';
import { resolveTarget, withTargetOptions, type TargetOptions } from '../target.ts';

const MARK: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', skipped: 'skip' };

export function registerDoctor(program: Command): void {
  withTargetOptions(
    program
      .command('doctor')
      .description('check connectivity, credentials, base, schema, config entry, indexes and size limits of a directory')
      .option('-s, --schemas <names>', 'comma-separated schema names to require (default: every schema Trousseau ships)'),
  ).action(async (o: TargetOptions & { schemas?: string }) => {
    const target = resolveTarget(configOf(program), o);
    console.log(`Directory "${target.name}" (${target.uris.join(', ')}, base ${target.base || '-'}), from ${target.source}:`);
    const schemas = o.schemas?.split(',').map((s) => s.trim()).filter(Boolean);
    const checks = await runDoctor(target, schemas ? { schemas } : {});
    for (const c of checks) console.log(`${MARK[c.status]} ${c.name}: ${c.message}${c.fix && c.status !== 'ok' && c.status !== 'skipped' ? ` Fix: ${c.fix}` : ''}`);
    const failed = checks.filter((c) => c.status === 'fail').length;
    const warned = checks.filter((c) => c.status === 'warn').length;
    console.log(failed ? `${failed} problem(s) to fix.` : warned ? `No blocking problem; ${warned} warning(s).` : 'All good.');
    if (failed) process.exitCode = 1;
  });
}
