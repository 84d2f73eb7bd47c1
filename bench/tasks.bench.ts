// Benchmark of the task worker: mails per second for 1 000 mail sub-tasks with 1 and 2 workers (each a process of its
// own, src/worker/testing/runWorker.ts), against a private slapd and an SMTP server on loopback; then one in-process
// pass with where its time went (LDAP writes, searches, SMTP).
// Run: npx tsx bench/tasks.bench.ts [count]   (prints figures; asserts nothing)
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { fixtureRecords } from '../test/ldifFixture.ts';
import { DEFAULT_WORKER_CONFIG } from '../src/config/types.ts';
import { bootstrapDirectory } from '../src/directory/bootstrap.ts';
import { ManagedDirectory } from '../src/directory/ManagedDirectory.ts';
import { LdapGateway } from '../src/ldap/LdapGateway.ts';
import { mailProcessor } from '../src/services/tasks/processors/mail.ts';
import { TaskEngine } from '../src/services/tasks/TaskEngine.ts';

const COUNT = Number(process.argv[2] ?? 1000);
const BASE_DN = 'dc=bench,dc=org';
const PASSWORD = `bench-${process.pid}`;
const ROOT = path.resolve(import.meta.dirname, '..');

async function startSink() {
  let received = 0;
  let first = 0;
  let last = 0;
  const server = new SMTPServer({
    authOptional: true,
    logger: false,
    disableReverseLookup: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        last = performance.now();
        if (received === 1) first = last;
        callback();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.server.address() as AddressInfo).port,
    reset: () => {
      received = 0;
    },
    stats: () => ({ received, seconds: (last - first) / 1000 }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A fresh site (the test fixture) with `count` due mail sub-tasks; returns its base. */
async function site(gateway: LdapGateway, name: string, count: number): Promise<string> {
  const base = `ou=${name},${BASE_DN}`;
  await gateway.add(base, { objectClass: 'organizationalUnit', ou: name });
  for (const { dn, attributes } of fixtureRecords('fd-tasks.ldif', { BASE: base })) if (!/SubTask/.test(dn)) await gateway.add(dn, attributes);
  await gateway.modify(`cn=config,ou=fusiondirectory,${base}`, [
    { operation: 'replace', attribute: 'fdTasksConfMaxEmails', values: ['0'] },
    { operation: 'replace', attribute: 'fdTasksConfIntervalEmails', values: [] },
  ]);
  for (let i = 0; i < count; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - i) }, (_, k) => i + k).map((n) => {
        const cn = `Newsletter-SubTask-1706541342_${n}`;
        return gateway.add(`cn=${cn},ou=tasks,${base}`, {
          objectClass: 'fdTasksGranular',
          cn,
          fdTasksGranularMaster: `cn=Newsletter,ou=tasks,${base}`,
          fdTasksGranularType: 'Mail Object',
          fdTasksGranularStatus: '1',
          fdTasksGranularSchedule: '20240130080000',
          fdTasksGranularMail: `user${n}@example.org`,
          fdTasksGranularMailFrom: 'noreply@example.org',
          fdTasksGranularRef: 'welcome',
        });
      }),
    );
  }
  return base;
}

/** Run `workers` worker processes until `count` mails arrived; mails/s between the first and the last. */
async function runWorkers(md: ManagedDirectory, sink: Awaited<ReturnType<typeof startSink>>, base: string, workers: number, count: number): Promise<number> {
  sink.reset();
  const procs = Array.from({ length: workers }, () =>
    spawn(process.execPath, [path.join(ROOT, 'bin/run-ts.mjs'), path.join(ROOT, 'src/worker/testing/runWorker.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        TROUSSEAU_TEST_WORKER: JSON.stringify({ url: md.url, bindDN: md.adminDN, base, smtp: { host: '127.0.0.1', port: sink.port }, worker: { pollSeconds: 1, claimSeconds: 300 } }),
        TROUSSEAU_TEST_WORKER_PASSWORD: PASSWORD,
      },
      stdio: 'ignore',
    }),
  );
  while (sink.stats().received < count) await new Promise((r) => setTimeout(r, 100));
  for (const p of procs) p.kill('SIGTERM');
  await Promise.all(procs.map((p) => new Promise((r) => p.once('exit', r))));
  const { received, seconds } = sink.stats();
  return received / seconds;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trousseau-bench-'));
  const md = new ManagedDirectory({ dir, baseDN: BASE_DN, adminPassword: PASSWORD });
  console.log(`Task worker benchmark: ${COUNT} mail sub-tasks, slapd in ${dir}`);
  await md.initialise();
  await md.start();
  const gateway = new LdapGateway({ urls: [md.url], bind: { method: 'simple', dn: md.adminDN, password: PASSWORD } });
  const sink = await startSink();
  try {
    await bootstrapDirectory({ gateway, baseDN: BASE_DN, adminPassword: PASSWORD });
    for (const workers of [1, 2]) {
      const base = await site(gateway, `w${workers}`, COUNT);
      const rate = await runWorkers(md, sink, base, workers, COUNT);
      console.log(`${workers} worker process(es): ${rate.toFixed(1)} mails/s`);
    }

    // One pass in this process, timing the gateway's operations.
    const base = await site(gateway, 'profile', COUNT);
    const spent = { modify: 0, search: 0, modifies: 0, searches: 0 };
    const timed = new Proxy(gateway, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (prop === 'modify' || prop === 'read') {
          return async (...args: unknown[]) => {
            const t = performance.now();
            try {
              return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            } finally {
              if (prop === 'modify') {
                spent.modify += performance.now() - t;
                spent.modifies++;
              } else {
                spent.search += performance.now() - t;
                spent.searches++;
              }
            }
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const engine = new TaskEngine({ gateway: timed, baseDN: base, smtp: { transport: 'smtp', host: '127.0.0.1', port: sink.port, secure: false, startTLS: false, tlsVerify: true, timeoutMs: 5000 }, processors: [mailProcessor], worker: DEFAULT_WORKER_CONFIG });
    const t = performance.now();
    const run = await engine.runEndpoint('mail', 'bench');
    const total = performance.now() - t;
    console.log(
      `in-process pass: ${run.completed} mails in ${(total / 1000).toFixed(1)} s = ${(run.completed / (total / 1000)).toFixed(1)} mails/s; ` +
        `${spent.modifies} modifies ${(spent.modify / 1000).toFixed(1)} s (${(spent.modify / spent.modifies).toFixed(2)} ms each), ` +
        `${spent.searches} reads ${(spent.search / 1000).toFixed(1)} s, the rest (SMTP, search of due sub-tasks) ${((total - spent.modify - spent.search) / 1000).toFixed(1)} s`,
    );
  } finally {
    await sink.close();
    await gateway.close();
    await md.destroy();
  }
}

await main();
