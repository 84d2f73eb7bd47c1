// Several task workers, each a process of its own, on the same directory and a real SMTP server on loopback: every
// sub-task delivered once; a worker killed mid-run loses nothing (its claims expire and another worker takes them).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testLdap } from '../../test/harness.ts';
import { DEFAULT_WORKER_CONFIG, type WorkerConfig } from '../config/types.ts';
import { LdapGateway } from '../ldap/LdapGateway.ts';
import { addMailSubTasks, createTaskSite, statusesOf, type TaskSite } from '../services/tasks/testing/taskSite.ts';
import type { PassSummary } from '../services/tasks/TaskEngine.ts';
import { describePass, Worker } from './Worker.ts';

const env = testLdap();
const tag = randomBytes(3).toString('hex');
let gateway: LdapGateway;

/** An SMTP server counting messages per recipient; `stallOn` hangs the first RCPT to that address (never answers). */
async function countingSink(stallOn?: string) {
  const perRecipient = new Map<string, number>();
  let stalled = false;
  let onStall: () => void = () => {};
  const stall = new Promise<void>((resolve) => (onStall = resolve));
  const server = new SMTPServer({
    authOptional: true,
    logger: false,
    disableReverseLookup: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    onRcptTo(address, _session, callback) {
      if (address.address === stallOn && !stalled) {
        stalled = true;
        onStall();
        return; // never answered: the worker hangs here, holding its claim
      }
      callback();
    },
    onData(stream, session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        for (const r of session.envelope.rcptTo) perRecipient.set(r.address, (perRecipient.get(r.address) ?? 0) + 1);
        callback();
      });
    },
  });
  // A killed worker's connection ends with a reset: expected here.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    perRecipient,
    stall,
    total: () => [...perRecipient.values()].reduce((a, b) => a + b, 0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Child {
  process: ChildProcess;
  owner: Promise<string>;
  passes: PassSummary[];
  exited: Promise<number | null>;
}

const children: Child[] = [];

/** Start `src/worker/testing/runWorker.ts` in a process of its own. */
function startWorker(site: TaskSite, smtpPort: number, worker: Partial<WorkerConfig>): Child {
  const root = path.resolve(import.meta.dirname, '../..');
  const proc = spawn(process.execPath, [path.join(root, 'bin/run-ts.mjs'), path.join(root, 'src/worker/testing/runWorker.ts')], {
    cwd: root,
    env: {
      ...process.env,
      TROUSSEAU_TEST_WORKER: JSON.stringify({ url: env.url, bindDN: env.adminDN, base: site.base, smtp: { host: '127.0.0.1', port: smtpPort }, worker }),
      TROUSSEAU_TEST_WORKER_PASSWORD: env.adminPassword,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const passes: PassSummary[] = [];
  let buffer = '';
  let resolveOwner: (owner: string) => void = () => {};
  const owner = new Promise<string>((resolve) => (resolveOwner = resolve));
  proc.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.startsWith('owner ')) resolveOwner(line.slice(6));
      else if (line.startsWith('{')) passes.push(JSON.parse(line) as PassSummary);
    }
  });
  proc.stderr!.on('data', () => {});
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const child = { process: proc, owner, passes, exited };
  children.push(child);
  return child;
}

/** Wait until `check` holds, polling; fails with `what` after `timeoutMs`. */
async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const completed = (child: Child) => child.passes.reduce((n, p) => n + (p.endpoints.mail?.completed ?? 0), 0);

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
});

afterEach(() => {
  for (const c of children.splice(0)) if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGKILL');
});

afterAll(async () => {
  await gateway?.close();
});

describe('workers in separate processes', () => {
  it('deliver 1 000 due sub-tasks exactly once between two of them, and stop cleanly', { timeout: 240_000 }, async () => {
    const site = await createTaskSite(gateway, 'workers', { fdTasksConfMaxEmails: '0', fdTasksConfIntervalEmails: null });
    await gateway.delete(`cn=Newsletter-SubTask-1706541342_1234,${site.tasksBase}`);
    const subs = await addMailSubTasks(gateway, site, 1000, { address: (i) => `w${i}.${tag}@example.org` });
    const sink = await countingSink();
    try {
      const config = { pollSeconds: 1, claimSeconds: 120, retryDelayMs: 100 };
      const a = startWorker(site, sink.port, config);
      const b = startWorker(site, sink.port, config);
      await until(async () => [...(await statusesOf(gateway, site)).values()].every((s) => s === '2'), 'every sub-task completed', 200_000);
      a.process.kill('SIGTERM');
      b.process.kill('SIGTERM');
      expect(await a.exited).toBe(0);
      expect(await b.exited).toBe(0);

      expect(sink.total()).toBe(1000);
      for (const sub of subs) expect(sink.perRecipient.get(sub.address), sub.address).toBe(1);
      const statuses = await statusesOf(gateway, site);
      expect(statuses.size).toBe(1000);
      expect([...statuses.values()].filter((s) => s !== '2')).toEqual([]);
      // Both took part.
      expect(completed(a)).toBeGreaterThan(0);
      expect(completed(b)).toBeGreaterThan(0);
      expect(completed(a) + completed(b)).toBe(1000);
    } finally {
      await sink.close();
    }
  });

  it('lose nothing when one is killed mid-run: its claims expire and the other takes them', { timeout: 180_000 }, async () => {
    const site = await createTaskSite(gateway, 'killed', { fdTasksConfMaxEmails: '0', fdTasksConfIntervalEmails: null });
    await gateway.delete(`cn=Newsletter-SubTask-1706541342_1234,${site.tasksBase}`);
    const subs = await addMailSubTasks(gateway, site, 300, { address: (i) => `k${i}.${tag}@example.org` });
    const stallAddress = subs[120]!.address;
    const sink = await countingSink(stallAddress);
    try {
      const config = { pollSeconds: 1, claimSeconds: 3, retryDelayMs: 100 };
      const a = startWorker(site, sink.port, config);
      const ownerA = await a.owner;
      await sink.stall;
      a.process.kill('SIGKILL');
      await a.exited;

      // The killed worker left its claim behind.
      const stalled = subs[120]!.dn.toLowerCase();
      const left = await statusesOf(gateway, site);
      expect(left.get(stalled)).toMatch(new RegExp(`^claimed ${ownerA.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} until \\d+$`));
      expect([...left.values()].filter((s) => s === '1').length).toBeGreaterThan(0);

      const b = startWorker(site, sink.port, config);
      await until(async () => [...(await statusesOf(gateway, site)).values()].every((s) => s === '2'), 'every sub-task completed');
      b.process.kill('SIGTERM');
      expect(await b.exited).toBe(0);
      expect(b.passes.reduce((n, p) => n + p.reclaimed, 0)).toBe(1);
      // At least once: every recipient got its mail (a mail sent just before the kill could have gone twice).
      for (const sub of subs) expect(sink.perRecipient.get(sub.address) ?? 0, sub.address).toBeGreaterThanOrEqual(1);
      expect(sink.perRecipient.get(stallAddress)).toBe(1);
    } finally {
      await sink.close();
    }
  });
});

describe('the worker loop', () => {
  it('never overlaps passes, and stops after the pass in progress', async () => {
    let running = 0;
    let overlapped = false;
    let passes = 0;
    const engine = {
      pass: async (_owner: string, signal?: AbortSignal): Promise<PassSummary> => {
        running++;
        if (running > 1) overlapped = true;
        passes++;
        await new Promise((r) => setTimeout(r, 50));
        running--;
        return { reclaimed: 0, activated: 0, endpoints: signal?.aborted ? {} : { mail: { completed: 1, failed: 0, removed: 0 } }, errors: [] };
      },
    };
    const seen: string[] = [];
    const worker = new Worker({ directories: [{ name: 'd', engine }], config: { ...DEFAULT_WORKER_CONFIG, pollSeconds: 0.01 }, onPass: (name, s) => seen.push(describePass(name, s)) });
    expect(worker.owner).toMatch(/^[^:\s]+:\d+:[0-9a-f]{6}$/);
    worker.start();
    const extra = [worker.runOnce(), worker.runOnce()];
    await new Promise((r) => setTimeout(r, 300));
    await worker.stop();
    await Promise.all(extra);
    const count = passes;
    await new Promise((r) => setTimeout(r, 100));
    expect(overlapped).toBe(false);
    expect(passes).toBe(count);
    expect(passes).toBeGreaterThan(2);
    expect(worker.running).toBe(false);
    expect(seen[0]).toBe('d: mail 1 done/0 failed');
  });
});
