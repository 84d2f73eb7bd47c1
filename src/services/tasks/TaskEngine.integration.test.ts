// The task engine against the run's slapd: claims and their expiry, removal of completed sub-tasks, activation of
// repeatable tasks, audit retention, "run now" and a worker pass.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap } from '../../../test/harness.ts';
import { startMailSink, type MailSink } from '../../../test/mailSink.ts';
import { DEFAULT_WORKER_CONFIG } from '../../config/types.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { parseFdDateTime } from './localTime.ts';
import { auditProcessor } from './processors/audit.ts';
import { mailProcessor } from './processors/mail.ts';
import { TaskEngine } from './TaskEngine.ts';
import { claimValue, TaskStore } from './TaskStore.ts';
import { addMailSubTasks, createTaskSite, smtpOf, statusesOf, type TaskSite } from './testing/taskSite.ts';
import type { TaskObjectHooks } from './types.ts';

const env = testLdap();
const tag = randomBytes(3).toString('hex');
let gateway: LdapGateway;
let sink: MailSink;
const address = (prefix: string) => (i: number) => `${prefix}${i}.${tag}@example.org`;

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  sink = await startMailSink();
});

afterAll(async () => {
  await sink?.close();
  await gateway?.close();
});

function engine(site: TaskSite, options: { now?: Date; hooks?: TaskObjectHooks } = {}): TaskEngine {
  return new TaskEngine({
    gateway,
    baseDN: site.base,
    smtp: smtpOf(sink),
    processors: [mailProcessor, auditProcessor],
    worker: { ...DEFAULT_WORKER_CONFIG, claimSeconds: 60, retryDelayMs: 10 },
    ...(options.now ? { now: () => options.now! } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
  });
}

describe('claims', () => {
  it('lets exactly one of two workers claim a sub-task, and takes back only the claims whose time has passed', async () => {
    const site = await createTaskSite(gateway, 'claims', {});
    const [a, b] = await addMailSubTasks(gateway, site, 2, { address: address('c') });
    const store = new TaskStore(gateway, site.tasksBase, 'Europe/Paris');
    const now = Math.floor(Date.now() / 1000);
    const wins = await Promise.all([store.claim(a!, 'w1', now + 100), store.claim(a!, 'w2', now + 100), store.claim(a!, 'w3', now + 100)]);
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await store.claim(b!, 'w1', now - 5)).toBe(true);

    const statuses = await statusesOf(gateway, site);
    expect(statuses.get(a!.dn.toLowerCase())).toMatch(/^claimed w[123] until \d+$/);
    expect(statuses.get(b!.dn.toLowerCase())).toBe(claimValue('w1', now - 5));

    // Two workers reclaiming at once: the expired claim is taken back once, the live one stays.
    const reclaimed = await Promise.all([store.reclaimExpired(new Date()), new TaskStore(gateway, site.tasksBase, 'UTC').reclaimExpired(new Date())]);
    expect(reclaimed.flat()).toEqual([b!.dn]);
    const after = await statusesOf(gateway, site);
    expect(after.get(b!.dn.toLowerCase())).toBe('1');
    expect(after.get(a!.dn.toLowerCase())).toMatch(/^claimed /);
    // A claimed sub-task is neither due nor renewable while its claim lasts.
    expect((await store.due('Mail Object', new Date())).map((s) => s.dn)).not.toContain(a!.dn);
    expect(await store.renew([a!.dn], new Date())).toEqual([]);
  });
});

describe('removeSubTasks', () => {
  it('deletes the completed sub-tasks only, and says so when there are none', async () => {
    const site = await createTaskSite(gateway, 'remove', {});
    const subs = await addMailSubTasks(gateway, site, 3, { address: address('d') });
    const store = new TaskStore(gateway, site.tasksBase, 'UTC');
    await store.complete({ dn: subs[0]!.dn, cn: subs[0]!.dn.split(',')[0]!.slice(3) });
    await store.fail({ dn: subs[1]!.dn, cn: '' }, 'SMTP Error: data not accepted.');
    const run = await engine(site).removeCompleted();
    expect(run.result).toEqual({ [subs[0]!.dn]: { result: true } });
    expect(run.removed).toBe(1);
    const left = await statusesOf(gateway, site);
    expect(left.has(subs[0]!.dn.toLowerCase())).toBe(false);
    expect(left.get(subs[1]!.dn.toLowerCase())).toBe('SMTP Error: data not accepted.');
    expect(left.get(subs[2]!.dn.toLowerCase())).toBe('1');
    expect((await engine(site).removeCompleted()).result).toEqual(['No completed sub-tasks were removed.']);
  });
});

describe('activateCyclicTasks', () => {
  // Leap day, in the directory's zone (Europe/Paris).
  const now = parseFdDateTime('2024-02-29 10:00:00', 'Europe/Paris')!;

  async function task(site: TaskSite, cn: string, attrs: Record<string, string>): Promise<string> {
    const dn = `cn=${cn},${site.tasksBase}`;
    await gateway.add(dn, { objectClass: 'fdTasks', cn, fdTasksStatus: '1', fdTasksCreationDate: '2024-01-01 09:00:00am', ...attrs });
    return dn;
  }

  it('activates the tasks whose cycle has come, month ends included, and says why the others wait', async () => {
    const site = await createTaskSite(gateway, 'cyclic', {});
    const monthly = await task(site, 'monthly', { fdTasksRepeatable: 'TRUE', fdTasksRepeatableSchedule: 'Monthly', fdTasksScheduleDate: '20240131100000', fdTasksLastExec: '2024-01-31 10:00:00' });
    const yearLater = await task(site, 'year-later', { fdTasksRepeatable: 'TRUE', fdTasksRepeatableSchedule: 'Monthly', fdTasksScheduleDate: '20230101000000', fdTasksLastExec: '2023-02-20 10:00:00' });
    const daily = await task(site, 'daily', { fdTasksRepeatable: 'TRUE', fdTasksRepeatableSchedule: 'Daily', fdTasksScheduleDate: '20240101000000', fdTasksLastExec: '2024-02-29 09:00:00' });
    const future = await task(site, 'future', { fdTasksRepeatable: 'TRUE', fdTasksRepeatableSchedule: 'Hourly', fdTasksScheduleDate: '20240301000000' });
    const never = await task(site, 'never-run', { fdTasksRepeatable: 'TRUE', fdTasksRepeatableSchedule: 'Weekly', fdTasksScheduleDate: '20240201000000' });
    await task(site, 'odd', { fdTasksRepeatable: 'TRUE', fdTasksRepeatableSchedule: 'Fortnightly', fdTasksLastExec: '2024-01-01 00:00:00' });
    await task(site, 'once', { fdTasksRepeatable: 'FALSE', fdTasksScheduleDate: '20240101000000' });
    const broken = await task(site, 'broken', { fdTasksRepeatable: 'TRUE', fdTasksRepeatableSchedule: 'Yearly', fdTasksLastExec: '2023-02-28 10:00:00' });

    const calls: string[] = [];
    const hooks: TaskObjectHooks = {
      activateTask: async (dn) => {
        calls.push(dn);
        if (dn === broken) throw new Error('The mail template of this task does not exist');
      },
      refreshUser: async () => {},
    };
    const run = await engine(site, { now, hooks }).activateCyclic();
    expect(run.result).toEqual({
      [site.masterDn]: { result: 'Task has been activated successfully' },
      [monthly]: { result: 'Task has been activated successfully' },
      [yearLater]: { result: 'Task has been activated successfully' },
      [daily]: { lastExecFailed: 'This cyclic task has yet to reached its next execution cycle.' },
      [future]: { Status: 'This cyclic task has yet to reach its next execution cycle.' },
      [never]: { result: 'Task has been activated successfully' },
      [broken]: { Error: 'The mail template of this task does not exist' },
    });
    expect(calls.sort()).toEqual([site.masterDn, monthly, yearLater, never, broken].sort());
    expect(run.completed).toBe(4);

    // A minute before the end of the month-long cycle, the monthly task waits.
    const early = await engine(site, { now: new Date(now.getTime() - 60_000), hooks }).activateCyclic();
    expect((early.result as Record<string, unknown>)[monthly]).toEqual({ lastExecFailed: 'This cyclic task has yet to reached its next execution cycle.' });

    // Without the object layer, each due task is answered with an error, and nothing else happens.
    const without = (await engine(site, { now }).activateCyclic()).result as Record<string, Record<string, string>>;
    expect(without[monthly]!.Error).toMatch(/cannot be activated/);
  });

  it('says when no task is repeatable', async () => {
    const site = await createTaskSite(gateway, 'cyclic-none', {});
    await gateway.modify(site.masterDn, [{ operation: 'replace', attribute: 'fdTasksRepeatable', values: ['FALSE'] }]);
    expect((await engine(site, { now }).activateCyclic()).result).toEqual(['No tasks require activation.']);
  });
});

describe('audit retention', () => {
  it('deletes the events older than the retention, and completes even when none is old enough', async () => {
    const site = await createTaskSite(gateway, 'audit', {});
    const now = new Date('2024-02-29T10:00:00Z');
    const audit = `ou=audit,${site.base}`;
    await gateway.add(audit, { objectClass: 'organizationalUnit', ou: 'audit' });
    const event = async (time: string) => {
      const dn = `fdAuditDateTime=${time},${audit}`;
      await gateway.add(dn, { objectClass: 'fdAuditEvent', fdAuditDateTime: time, fdAuditAction: 'modify', fdAuditAuthorDN: 'cn=admin', fdAuditObject: 'uid=x', fdAuditObjectType: 'user' });
      return dn;
    };
    const old = [await event('20240110093000.123456Z'), await event('20240130235959.500000Z')];
    const kept = [await event('20240131000001.000000Z'), await event('20240228120000.000000Z')];
    const master = `cn=purge,${site.tasksBase}`;
    await gateway.add(master, { objectClass: ['fdTasks', 'fdAuditTasks'], cn: 'purge', fdTasksStatus: '1', fdTasksCreationDate: '2024-01-01 09:00:00am', fdAuditTasksRetention: '30' });
    const sub = async (n: number) => {
      const cn = `purge-SubTask-1709200000_${n}`;
      await gateway.add(`cn=${cn},${site.tasksBase}`, {
        objectClass: 'fdTasksGranular',
        cn,
        fdTasksGranularMaster: master,
        fdTasksGranularType: 'Audit',
        fdTasksGranularStatus: '1',
        fdTasksGranularSchedule: '20240201000000',
        fdTasksGranularDN: 'auditRetentionTask',
      });
      return { cn, dn: `cn=${cn},${site.tasksBase}` };
    };
    const first = await sub(1);
    const tasks = engine(site, { now });
    const run = await tasks.runEndpoint('audit');
    expect(run.result).toEqual([{ [first.cn]: { result: true, info: 'Audit record removed.', statusUpdate: true } }]);
    for (const dn of old) expect(await gateway.read(dn)).toBeNull();
    for (const dn of kept) expect(await gateway.read(dn)).not.toBeNull();

    const second = await sub(2);
    expect((await tasks.runEndpoint('audit')).result).toEqual([{ [second.cn]: { result: true, info: 'No audit to be removed.', statusUpdate: true } }]);
    const statuses = await statusesOf(gateway, site);
    expect([statuses.get(first.dn.toLowerCase()), statuses.get(second.dn.toLowerCase())]).toEqual(['2', '2']);
    expect(await tasks.runEndpoint('audit')).toMatchObject({ noneOfType: false, result: ['No audit requiring removal'] });

    const none = await createTaskSite(gateway, 'audit-none', {});
    expect(await engine(none, { now }).runEndpoint('audit')).toMatchObject({ noneOfType: true });
  });
});

describe('run now and worker passes', () => {
  it('runs the scheduled sub-tasks of one task at once, and leaves those of other tasks to their schedule', async () => {
    const site = await createTaskSite(gateway, 'run-now', { fdTasksConfIntervalEmails: null, fdTasksConfMaxEmails: '0' });
    const later = await addMailSubTasks(gateway, site, 3, { address: address('now'), schedule: '20991231235900' });
    const other = `cn=Other,${site.tasksBase}`;
    await gateway.add(other, { objectClass: 'fdTasks', cn: 'Other', fdTasksStatus: '1', fdTasksCreationDate: '2024-01-01 09:00:00am' });
    const [otherSub] = await addMailSubTasks(gateway, site, 1, { address: address('other'), schedule: '20991231235900', master: other });
    const before = sink.received.length;
    const run = await engine(site).runNow(site.masterDn);
    // The fixture's sub-task of the same task was already due: it goes too.
    expect(run.completed).toBe(4);
    const to = sink.received.slice(before).map((m) => m.to[0]);
    expect(to.sort()).toEqual([...later.map((s) => s.address), 'alice@example.org'].sort());
    expect((await statusesOf(gateway, site)).get(otherSub!.dn.toLowerCase())).toBe('1');
  });

  it('takes back expired claims and processes every endpoint in one pass', async () => {
    const site = await createTaskSite(gateway, 'pass', { fdTasksConfIntervalEmails: null, fdTasksConfMaxEmails: '0' });
    const subs = await addMailSubTasks(gateway, site, 5, { address: address('pass') });
    const store = new TaskStore(gateway, site.tasksBase, 'UTC');
    // A worker that died with a claim.
    expect(await store.claim(subs[0]!, 'dead-host:1:abc', Math.floor(Date.now() / 1000) - 1)).toBe(true);
    const before = sink.received.length;
    const summary = await engine(site).pass('test-worker');
    expect(summary).toEqual({ reclaimed: 1, activated: 0, endpoints: { mail: { completed: 6, failed: 0, removed: 0 } }, errors: [] });
    expect(sink.received.length - before).toBe(6);
    const statuses = await statusesOf(gateway, site);
    expect([...statuses.values()].every((s) => s === '2')).toBe(true);
  });
});
