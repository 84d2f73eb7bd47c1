// Benchmark of the audit page (issue 8): `count` (default 100 000) generated fdAuditEvent entries loaded with
// slapadd into a private slapd (spread over one year, 20 authors, one of them rare), then the first page of a search
// for one author, for the rare author, the first page unfiltered, a page further down, the Security tab of a user,
// and the sign-in throttle's lookup of one login's failures, all through AuditLog (what GET /ui/api/audit and /ui/api/audit/security call).
// Run: npx tsx bench/audit.bench.ts [count]   (prints figures, asserts nothing)
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { baseEntryAttributes, bootstrapDirectory } from '../src/directory/bootstrap.ts';
import { ManagedDirectory } from '../src/directory/ManagedDirectory.ts';
import { SLAPADD_BIN } from '../src/directory/installSlapd.ts';
import { LdapGateway } from '../src/ldap/LdapGateway.ts';
import { AuditLog, asciiJson, auditDateTime } from '../src/services/audit/AuditLog.ts';
import { SiteConfig } from '../src/services/SiteConfig.ts';

const COUNT = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 100_000);
/**
 * The managed slapd has the indexes docs/audit.md recommends (fdAuditAuthorDN eq, fdAuditObject eq; never
 * fdAuditDateTime). `--no-index` removes them, to measure a server without them.
 */
const INDEXED = !process.argv.includes('--no-index');
const BASE_DN = 'dc=bench,dc=org';
const PASSWORD = `bench-${process.pid}`;
const AUTHORS = 20;
const author = (i: number) => `uid=author${i},ou=people,${BASE_DN}`;
/** author19 writes one event in 1 000. */
const RARE = AUTHORS - 1;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function writeLdif(file: string): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  await write(`dn: ${BASE_DN}\n${Object.entries(baseEntryAttributes(BASE_DN)).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}:: ${b64(String(x))}`)).join('\n')}\n\n`);
  await write(`dn: ou=audit,${BASE_DN}\nobjectClass: organizationalUnit\nou: audit\n\n`);
  const start = BigInt(Date.now() - 365 * 86_400_000) * 1000n;
  const step = (365n * 86_400_000_000n) / BigInt(COUNT);
  for (let i = 0; i < COUNT; i++) {
    const when = auditDateTime(start + BigInt(i) * step + BigInt(i % 997));
    const who = i % 1000 === 0 ? RARE : i % (AUTHORS - 1);
    const target = `uid=user${i % 5000},ou=people,${BASE_DN}`;
    const kind = i % 10;
    const lines = [
      `dn: fdAuditDateTime=${when},ou=audit,${BASE_DN}`,
      'objectClass: fdAuditEvent',
      `fdAuditDateTime: ${when}`,
      `fdAuditAction: ${kind === 0 ? 'security' : kind < 3 ? 'create' : 'modify'}`,
      `fdAuditAuthorDN: ${author(who)}`,
      `fdAuditAuthorIP: 192.0.2.${who + 1}`,
      `fdAuditObjectType: ${kind === 0 ? 'login' : 'plugin/user'}`,
      `fdAuditObject: ${kind === 0 ? `user${i % 5000}` : target}`,
      ...(kind === 0 ? [] : kind < 3 ? ['fdAuditAttributes: uid', 'fdAuditAttributes: sn'] : [`fdAuditAttributes: ${asciiJson({ title: [`Title ${i}`] })}`]),
      `fdAuditResult: ${kind === 0 ? 'Logged in successfully' : 'Success'}`,
      `fdAuditId: ${i + 1}`,
    ];
    await write(`${lines.join('\n')}\n\n`);
  }
  out.end();
  await once(out, 'finish');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trousseau-bench-'));
  const md = new ManagedDirectory({ dir, baseDN: BASE_DN, adminPassword: PASSWORD });
  console.log(`Audit benchmark: ${COUNT} events, slapd in ${dir}${INDEXED ? ', with the audit indexes' : ', without audit indexes'}`);
  await md.initialise();
  if (!INDEXED) {
    const file = path.join(dir, 'slapd.d', 'cn=config', 'olcDatabase={1}mdb.ldif');
    const text = readFileSync(file, 'utf8');
    // slapadd checks the file's CRC only when the header line is there; it goes with the edit.
    writeFileSync(file, text.replace(/^# AUTO-GENERATED FILE.*\n# CRC32 .*\n/, '').replace(/^olcDbIndex: fdAudit(AuthorDN|Object) eq\n/gm, ''));
  }
  const ldif = path.join(dir, 'audit.ldif');
  const t0 = performance.now();
  await writeLdif(ldif);
  const slapadd = spawnSync(SLAPADD_BIN, ['-q', '-F', path.join(dir, 'slapd.d'), '-b', BASE_DN, '-l', ldif], { encoding: 'utf8' });
  if (slapadd.status !== 0) throw new Error(`slapadd failed: ${slapadd.stderr || slapadd.stdout}`);
  await md.start();
  const gateway = new LdapGateway({ urls: [md.url], bind: { method: 'simple', dn: md.adminDN, password: PASSWORD } });
  try {
    await bootstrapDirectory({ gateway, baseDN: BASE_DN, adminPassword: PASSWORD });
    console.log(`loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s (LDIF + slapadd -q)`);
    if (process.env.KEEP_SLAPD) return;
    const audit = new AuditLog({ gateway, baseDN: BASE_DN, config: await SiteConfig.load(gateway, BASE_DN) });
    const time = async (label: string, run: () => Promise<{ events: unknown[]; nextCursor?: string } | unknown[]>, runs = 5) => {
      const ms: number[] = [];
      let result: Awaited<ReturnType<typeof run>> | undefined;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        result = await run();
        ms.push(performance.now() - t);
      }
      const n = Array.isArray(result) ? result.length : (result as { events: unknown[] }).events.length;
      console.log(`${label}: ${median(ms).toFixed(0)} ms median of ${runs} (first ${ms[0]!.toFixed(0)} ms), ${n} events`);
      return result;
    };
    await time(`first page (50) of one author (1/${AUTHORS - 1} of the events)`, () => audit.search({ author: author(3), limit: 50 }));
    await time('first page (50) of a rare author (1 event in 1 000)', () => audit.search({ author: author(RARE), limit: 50 }));
    const first = (await time('first page (50), no filter', () => audit.search({ limit: 50 }))) as { nextCursor?: string };
    let cursor = first.nextCursor;
    const t = performance.now();
    for (let i = 0; i < 20 && cursor; i++) cursor = (await audit.search({ limit: 50, cursor })).nextCursor;
    console.log(`pages 2–21, no filter: ${((performance.now() - t) / 20).toFixed(0)} ms per page`);
    await time('first page (50), one month ago, action=security', () => audit.search({ action: 'security', to: new Date(Date.now() - 30 * 86_400_000), limit: 50 }));
    await time('Security tab of one user', () => audit.securityEvents({ dn: `uid=user40,ou=people,${BASE_DN}`, uid: 'user40' }));
    // The sign-in throttle asks this before every password check (SessionService): one login's failures since a date.
    const count = async (since: Date) => [await audit.recentSignInFailures('user40', since)];
    await time('sign-in throttle lookup: one login, last 15 minutes', () => count(new Date(Date.now() - 15 * 60_000)), 20);
    await time('sign-in throttle lookup: one login, whole year (worst case)', () => count(new Date(Date.now() - 366 * 86_400_000)), 20);
  } finally {
    await gateway.close();
    if (process.env.KEEP_SLAPD) console.log(`slapd kept running at ${md.url} (admin ${md.adminDN})`);
    else await md.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
