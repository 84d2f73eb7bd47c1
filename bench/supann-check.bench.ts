// Benchmark of the SupAnn checker at scale (issue 6): a generated FusionDirectory-shaped SupAnn tree of `count` people
// (default 100 000; src/services/supann/check/generateSupannTree.ts) with one defect seeded per rule, loaded into a
// private slapd with slapadd, then checked in this process and once through `trousseau supann check` as a child.
// Prints: load time, check time, entries/s, peak memory (RSS and heap sampled in process; the child's max RSS), and
// whether the findings are exactly the seeded defects (per rule: expected, found, missing, unexpected).
// Run: npm run bench:supann -- [count]   (node --expose-gc bin/run-ts.mjs bench/supann-check.bench.ts [count]; prints
// figures, asserts nothing)
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { baseEntryAttributes } from '../src/directory/bootstrap.ts';
import { ManagedDirectory } from '../src/directory/ManagedDirectory.ts';
import { SLAPADD_BIN } from '../src/directory/installSlapd.ts';
import { LdapGateway } from '../src/ldap/LdapGateway.ts';
import { compareFindings, generateSupannTree, type ExpectedFindings, type FindingsComparison } from '../src/services/supann/check/generateSupannTree.ts';
import { checkSupann, type SupannCheckReport, type SupannFinding } from '../src/services/supann/check/SupannCheck.ts';

const BASE_DN = 'dc=bench,dc=org';
const SEED = 6;
const MB = 1024 * 1024;

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The base entry and the generated tree as LDIF (every value base64: accents, spaces, `!`). */
async function writeLdif(file: string, entries: Array<{ dn: string; attributes: Record<string, string[] | string> }>): Promise<void> {
  const out = createWriteStream(file);
  for (const { dn, attributes } of [{ dn: BASE_DN, attributes: baseEntryAttributes(BASE_DN) as Record<string, string[] | string> }, ...entries]) {
    const lines = Object.entries(attributes).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${name}:: ${b64(v)}`));
    if (!out.write(`dn:: ${b64(dn)}\n${lines.join('\n')}\n\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** The comparison with the seeded defects, one line per rule with findings or expectations. */
function printComparison(comparison: FindingsComparison): void {
  console.log(`findings equal the seeded defects: ${comparison.equal ? 'yes' : 'NO'}`);
  for (const r of comparison.perRule) {
    if (r.expected === 0 && r.found === 0) continue;
    const extra = [r.missing.length > 0 ? `missing ${r.missing.slice(0, 3).join('; ')}` : '', r.unexpected.length > 0 ? `unexpected ${r.unexpected.length}: ${r.unexpected.slice(0, 3).join('; ')}` : ''].filter(Boolean).join(', ');
    console.log(`  ${r.rule.padEnd(32)} expected ${String(r.expected).padStart(3)}, found ${String(r.found).padStart(3)}${extra ? ` — ${extra}` : ''}`);
  }
}

/** Per-rule counts of a JSON report against the expected findings (the report lists only the first DNs). */
function countsMatch(report: SupannCheckReport, expected: ExpectedFindings): boolean {
  const want = new Map<string, number>([...[...expected.exact].map(([rule, dns]) => [rule, dns.size] as const), ...[...expected.anyOf].map(([rule, groups]) => [rule, groups.length] as const)]);
  const got = new Map(report.rules.map((r) => [r.id, r.count]));
  return want.size === got.size && [...want].every(([rule, n]) => got.get(rule) === n);
}

async function run(count: number): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trousseau-supann-bench-'));
  const password = `bench-${process.pid}`;
  const md = new ManagedDirectory({ dir: path.join(dir, 'slapd'), baseDN: BASE_DN, adminPassword: password });
  console.log(`\n== SupAnn check, ${fmt(count)} people (slapd in ${dir})`);
  let gateway: LdapGateway | undefined;
  const figures: Array<[string, string]> = [];
  const report = (what: string, value: string) => {
    figures.push([what, value]);
    console.log(`${what}: ${value}`);
  };
  try {
    let t = performance.now();
    let tree: ReturnType<typeof generateSupannTree> | undefined = generateSupannTree({ base: BASE_DN, people: count, seed: SEED });
    const { expected, counts } = tree;
    const entryCount = tree.entries.length + 1;
    report('generate', `${fmt((performance.now() - t) / 1000, 1)} s, ${fmt(entryCount)} entries (${fmt(counts.structures)} structures, ${fmt(counts.people)} people, ${fmt(counts.groups)} groups); not seedable: ${tree.unseeded.join(', ')}`);
    await md.initialise();
    const ldif = path.join(dir, 'supann.ldif');
    t = performance.now();
    await writeLdif(ldif, tree.entries);
    tree = undefined;
    const slapadd = spawnSync(SLAPADD_BIN, ['-q', '-F', path.join(dir, 'slapd', 'slapd.d'), '-b', BASE_DN, '-l', ldif], { encoding: 'utf8' });
    if (slapadd.status !== 0) throw new Error(`slapadd failed: ${slapadd.stderr || slapadd.stdout}`);
    await md.start();
    report('load', `${fmt((performance.now() - t) / 1000, 1)} s (LDIF + slapadd -q + start)`);
    gateway = new LdapGateway({ urls: [md.url], bind: { method: 'simple', dn: md.adminDN, password } });

    // ---- In this process: memory sampled every 50 ms while the checker runs.
    // With `node --expose-gc` (npm run bench:supann), the generated tree is collected before the baseline is taken.
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    const sample = () => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    };
    const timer = setInterval(sample, 50);
    const findings: Array<Pick<SupannFinding, 'rule' | 'dn'>> = [];
    /** When each phase sent its last progress: a phase lasts from the previous one's end (counting included). */
    const phaseEnds = new Map<string, number>();
    let result: SupannCheckReport | undefined;
    t = performance.now();
    for await (const event of checkSupann({ gateway, base: BASE_DN, onFinding: (f) => findings.push({ rule: f.rule, dn: f.dn }) })) {
      sample();
      if (event.type === 'report') result = event.report;
      else phaseEnds.set(event.progress.phase, performance.now());
    }
    const checkMs = performance.now() - t;
    let previous = t;
    const phases = [...phaseEnds].map(([name, end]) => {
      const text = `${name} ${fmt(end - previous)} ms`;
      previous = end;
      return text;
    });
    clearInterval(timer);
    const checked = result!.checked.structures + result!.checked.people + result!.checked.groups;
    report('check, in process', `${fmt(checkMs / 1000, 1)} s for ${fmt(checked)} entries, ${fmt(checked / (checkMs / 1000))} entries/s (${phases.join(', ')}); ${fmt(result!.findings)} findings`);
    report('memory, in process', `RSS ${fmt(before.rss / MB)} MB before, ${fmt(peakRss / MB)} MB peak; heap used ${fmt(before.heapUsed / MB)} MB before, ${fmt(peakHeap / MB)} MB peak (sampled every 50 ms${gc ? ', after a gc' : '; no --expose-gc: "before" holds the generated tree\'s garbage'})`);
    const comparison = compareFindings(expected, findings);
    report('findings = seeded defects, in process', comparison.equal ? 'yes' : 'NO');
    printComparison(comparison);

    // ---- `trousseau supann check` as a user runs it, under /usr/bin/time -v for its max RSS.
    const bin = path.resolve(import.meta.dirname, '../bin/trousseau.mjs');
    const cliArgs = [bin, 'supann', 'check', '--uri', md.url, '--bind-dn', md.adminDN, '--password', password, '--base', BASE_DN, '--format', 'json'];
    const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
    t = performance.now();
    const cli = spawnSync(timeBin ?? process.execPath, timeBin ? ['-v', process.execPath, ...cliArgs] : cliArgs, {
      cwd: os.tmpdir(),
      env: { ...process.env, TROUSSEAU_CONFIG: '', TROUSSEAU_DIRECTORY_DIR: path.join(dir, 'cli-none') },
      encoding: 'utf8',
      maxBuffer: 64 * MB,
    });
    const cliMs = performance.now() - t;
    const maxRss = /Maximum resident set size \(kbytes\): (\d+)/.exec(cli.stderr)?.[1];
    let cliReport: SupannCheckReport | undefined;
    try {
      cliReport = JSON.parse(cli.stdout) as SupannCheckReport;
    } catch {
      console.log(`CLI output is not JSON (exit ${cli.status}): ${cli.stderr.slice(0, 500)}`);
    }
    report(
      'check, `trousseau supann check --format json` (child)',
      `${fmt(cliMs / 1000, 1)} s wall including node/tsx start (report says ${cliReport ? fmt(cliReport.durationMs / 1000, 1) : '?'} s), exit ${cli.status}, max RSS ${maxRss ? `${fmt(Number(maxRss) / 1024)} MB` : 'unknown (no /usr/bin/time)'}`,
    );
    report('findings per rule = seeded defects, CLI', cliReport ? (countsMatch(cliReport, expected) ? 'yes (counts per rule)' : 'NO') : 'unknown');
  } finally {
    await gateway?.close();
    await md.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n== Summary (node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => fmt(l, 2)).join(' ')}; checker and slapd share the machine)`);
  for (const [what, value] of figures) console.log(`  ${what}: ${value}`);
}

async function main(): Promise<void> {
  const count = process.argv[2] === undefined ? 100_000 : Number(process.argv[2]);
  if (!Number.isInteger(count) || count < 1000) throw new Error('usage: npx tsx bench/supann-check.bench.ts [count] (count ≥ 1000)');
  console.log(`SupAnn checker benchmark (node ${process.version}, ${os.cpus().length} CPUs)`);
  await run(count);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
