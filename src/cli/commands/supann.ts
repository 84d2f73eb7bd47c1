// `trousseau supann check`: check every SupAnn entry of a directory against SupAnn's rules and the references between
// entries, with a progress line on the terminal and a report as text, JSON or CSV.
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../../errors/AppError.ts';
import { openGateway } from '../../services/openGateway.ts';
import { checkSupann, type SupannCheckReport } from '../../services/supann/check/SupannCheck.ts';
import { CSV_HEADER, findingCsv, reportText } from '../../services/supann/check/formatReport.ts';
import { configOf } from '../context.ts';
import { resolveTarget, withTargetOptions, type TargetOptions } from '../target.ts';

const FORMATS = ['text', 'json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

export function registerSupann(program: Command): void {
  const supann = program.command('supann').description('SupAnn tools for higher-education directories');
  withTargetOptions(
    supann
      .command('check')
      .description('check every SupAnn entry (structures, people, groups) and the references between them; exit code 1 when errors are found')
      .option('-f, --format <format>', `report format: ${FORMATS.join(', ')} (csv: one row per finding)`, 'text')
      .option('-o, --output <file>', 'write the report to this file instead of the standard output')
      .option('--first <n>', 'offending entries listed per rule (text and JSON)', '10'),
  ).action(async (o: TargetOptions & { format: string; output?: string; first: string }) => {
    if (!FORMATS.includes(o.format as Format)) throw new AppError({ code: 'value.invalid', message: `Unknown format "${o.format}": use ${FORMATS.join(', ')}.` });
    const firstCount = Number(o.first);
    if (!Number.isInteger(firstCount) || firstCount < 0) throw new AppError({ code: 'value.invalid', message: `--first must be a whole number, not "${o.first}".` });
    const target = resolveTarget(configOf(program), o);
    if (!target.base) throw new AppError({ code: 'config.missing', message: 'A base DN is needed (configuration "base" or --base).' });
    const format = o.format as Format;
    const out: NodeJS.WritableStream | WriteStream = o.output ? createWriteStream(o.output) : process.stdout;
    if (format === 'csv') out.write(`${CSV_HEADER}\n`);
    const showProgress = process.stderr.isTTY === true;
    const gateway = openGateway(target);
    let report: SupannCheckReport | undefined;
    try {
      for await (const event of checkSupann({ gateway, base: target.base, firstCount, ...(format === 'csv' ? { onFinding: (f) => out.write(`${findingCsv(f)}\n`) } : {}) })) {
        if (event.type === 'progress' && showProgress) {
          const { phase, done, total } = event.progress;
          process.stderr.write(`\r${phase}: ${done}/${total}${' '.repeat(10)}`);
        } else if (event.type === 'report') report = event.report;
      }
    } finally {
      await gateway.close();
      if (showProgress) process.stderr.write('\n');
    }
    if (!report) return;
    if (format === 'text') out.write(`${reportText(report)}\n`);
    else if (format === 'json') out.write(`${JSON.stringify(report, null, 2)}\n`);
    if (o.output) await new Promise<void>((resolve, reject) => (out as WriteStream).end((e?: Error | null) => (e ? reject(e) : resolve())));
    if (report.rules.some((r) => r.severity === 'error')) process.exitCode = 1;
  });
}
