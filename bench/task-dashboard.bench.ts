// Benchmark of the task dashboard's API (src/http/ui-api/tasksApi.ts) on a large campaign: `count` sub-tasks of one
// mail task (1 % failed, 10 % completed, the rest scheduled) in a private slapd; prints the time of
// `GET /ui/api/tasks/dashboard` cold (the counts read), warm (counts reused), with expired counts, pages further down,
// the failed filter, one main task's view, and after an action.
// Run: npx tsx bench/task-dashboard.bench.ts [count]   (prints figures; asserts nothing)
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixtureRecords } from '../test/ldifFixture.ts';
import { bootstrapDirectory } from '../src/directory/bootstrap.ts';
import { ManagedDirectory } from '../src/directory/ManagedDirectory.ts';
import { buildApp } from '../src/http/buildApp.ts';
import { registerRoutes } from '../src/http/registerRoutes.ts';
import { buildRestV1Setup } from '../src/http/rest-v1/buildRestV1Setup.ts';
import type { DashboardAnswer } from '../src/http/ui-api/tasksContract.ts';
import { LdapGateway } from '../src/ldap/LdapGateway.ts';
import { hashSalted } from '../src/passwords/ssha.ts';
import { LoginThrottle } from '../src/services/auth/LoginThrottle.ts';

const COUNT = Number(process.argv[2] ?? 100_000);
const BASE_DN = 'dc=bench,dc=org';
const PASSWORD = `bench-${process.pid}`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trousseau-bench-'));
  const md = new ManagedDirectory({ dir, baseDN: BASE_DN, adminPassword: PASSWORD });
  console.log(`Task dashboard benchmark: ${COUNT} sub-tasks, slapd in ${dir}`);
  await md.initialise();
  await md.start();
  const gateway = new LdapGateway({ urls: [md.url], bind: { method: 'simple', dn: md.adminDN, password: PASSWORD } });
  try {
    await bootstrapDirectory({ gateway, baseDN: BASE_DN, adminPassword: PASSWORD });
    const base = `ou=site,${BASE_DN}`;
    await gateway.add(base, { objectClass: 'organizationalUnit', ou: 'site' });
    for (const { dn, attributes } of fixtureRecords('fd-tasks.ldif', { BASE: base })) if (!/SubTask/.test(dn)) await gateway.add(dn, attributes);
    const admin = `uid=bench-admin,${base}`;
    await gateway.add(admin, { objectClass: 'inetOrgPerson', uid: 'bench-admin', cn: 'Bench', sn: 'Bench', userPassword: hashSalted(PASSWORD, 'SSHA') });
    const master = `cn=Newsletter,ou=tasks,${base}`;
    const t0 = performance.now();
    for (let i = 0; i < COUNT; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, COUNT - i) }, (_, k) => i + k).map((n) => {
          const cn = `Newsletter-SubTask-1706541342_${n}`;
          return gateway.add(`cn=${cn},ou=tasks,${base}`, {
            objectClass: 'fdTasksGranular',
            cn,
            fdTasksGranularMaster: master,
            fdTasksGranularType: 'Mail Object',
            fdTasksGranularStatus: n % 100 === 0 ? '550 5.1.1 Mailbox unavailable' : n % 10 === 1 ? '2' : '1',
            fdTasksGranularSchedule: '20240130080000',
            fdTasksGranularMail: `user${n}@example.org`,
            fdTasksGranularMailFrom: 'noreply@example.org',
            fdTasksGranularRef: 'welcome',
          });
        }),
      );
    }
    console.log(`loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const setup = await buildRestV1Setup({ directories: [{ name: 'default', base, gateway, ignoreAclDN: admin }], sessionKey: randomBytes(32), throttle: new LoginThrottle({ freeAttempts: 1000 }) });
    const app = await buildApp({ logLevel: false, register: (a) => registerRoutes(a, { setup, webRoot: '/nonexistent' }) });
    try {
      const login = await app.inject({ method: 'POST', url: '/ui/api/session', payload: { username: 'bench-admin', password: PASSWORD } });
      const set = login.headers['set-cookie'];
      const cookie = ((Array.isArray(set) ? set[0] : set) ?? '').split(';')[0]!;
      const get = async (query: string) => {
        const t = performance.now();
        const res = await app.inject({ method: 'GET', url: `/ui/api/tasks/dashboard?${query}`, headers: { cookie } });
        const ms = performance.now() - t;
        if (res.statusCode !== 200) throw new Error(`${query}: ${res.statusCode} ${res.body}`);
        return { ms, answer: res.json<DashboardAnswer>() };
      };
      const cold = await get('limit=50');
      console.log(`first page, counts read (cold): ${cold.ms.toFixed(0)} ms — counts ${JSON.stringify({ ...cold.answer.counts, byType: undefined })}`);
      const warm: number[] = [];
      for (let i = 0; i < 5; i++) warm.push((await get('limit=50')).ms);
      console.log(`first page, counts reused (warm, median of 5): ${median(warm).toFixed(0)} ms`);
      // Once the counts are older than twice their time, a request is answered from them while a new count runs.
      const stale: number[] = [];
      for (let i = 0; i < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(1600, 2.2 * cold.ms)));
        stale.push((await get('limit=50')).ms);
      }
      console.log(`first page, counts expired (answered from the last count, a new one behind; median of 3): ${median(stale).toFixed(0)} ms`);
      let cursor = cold.answer.next;
      let page = 1;
      const pageTimes: number[] = [];
      while (cursor && page < 20) {
        const r = await get(`limit=200&cursor=${cursor}`);
        pageTimes.push(r.ms);
        cursor = r.answer.next;
        page++;
      }
      console.log(`pages 2–${page} of 200 (offset up to ${(page - 1) * 200}): median ${median(pageTimes).toFixed(0)} ms, last ${pageTimes.at(-1)?.toFixed(0)} ms`);
      const failed = await get('status=failed&limit=50');
      console.log(`failed filter, first page: ${failed.ms.toFixed(0)} ms (${failed.answer.matching} failed)`);
      const one = await get(`master=${encodeURIComponent(master)}&status=scheduled&limit=50`);
      console.log(`one task, scheduled, first page: ${one.ms.toFixed(0)} ms`);
      // After an action the counts are dropped: the next request counts (remove-completed of a task with none).
      const other = await app.inject({ method: 'POST', url: '/ui/api/tasks/remove-completed', payload: { master: `cn=none,ou=tasks,${base}` }, headers: { cookie, 'x-csrf-token': login.json<{ csrf: string }>().csrf } });
      if (other.statusCode !== 200) throw new Error(other.body);
      console.log(`first page after an action (counts read): ${(await get('limit=50')).ms.toFixed(0)} ms`);
      const mem = process.memoryUsage();
      console.log(`process RSS ${(mem.rss / 1e6).toFixed(0)} MB, heap ${(mem.heapUsed / 1e6).toFixed(0)} MB`);
    } finally {
      await app.close();
    }
  } finally {
    await gateway.close();
    await md.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
