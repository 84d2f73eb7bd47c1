// The SupAnn checker's report as text (one block per rule), JSON, or CSV (one row per finding).
import { SUPANN_RULES } from './rules.ts';
import type { SupannCheckReport, SupannFinding } from './SupannCheck.ts';
import { csvField } from '../../csvField.ts';

/** Plain text for a terminal: counts, then each rule with its count and first offending entries. */
export function reportText(report: SupannCheckReport): string {
  const { checked } = report;
  const lines = [
    `SupAnn check of ${report.base}: ${checked.structures} structure(s), ${checked.people} person(s), ${checked.groups} group(s) in ${(report.durationMs / 1000).toFixed(1)} s.`,
  ];
  if (report.rules.length === 0) {
    lines.push('No problem found.');
    return lines.join('\n');
  }
  const errors = report.rules.filter((r) => r.severity === 'error').reduce((n, r) => n + r.count, 0);
  lines.push(`${report.findings} finding(s): ${errors} error(s), ${report.findings - errors} warning(s).`, '');
  for (const r of report.rules) {
    lines.push(`${r.severity === 'error' ? 'ERROR' : 'WARN '} ${r.id} (${r.count}): ${r.title}`);
    for (const f of r.first) lines.push(`      ${f.dn}: ${f.message}`);
    if (r.count > r.first.length) lines.push(`      … and ${r.count - r.first.length} more`);
  }
  return lines.join('\n');
}


export const CSV_HEADER = 'rule,severity,dn,attribute,message';

/** One CSV row of a finding (CSV_HEADER's columns). */
export function findingCsv(f: SupannFinding): string {
  const severity = SUPANN_RULES.find((r) => r.id === f.rule)?.severity ?? 'error';
  return [f.rule, severity, f.dn, f.attribute ?? '', f.message].map(csvField).join(',');
}
