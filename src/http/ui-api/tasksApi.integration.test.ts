// The task dashboard's API against the run's slapd, on task and sub-task entries written as FusionDirectory writes
// them (test/fixtures/fd-tasks.ldif, fd-orchestrator-tools.md Appendix A), the engine sending to a real SMTP sink.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap } from '../../../test/harness.ts';
import { startMailSink, type MailSink } from '../../../test/mailSink.ts';
import { DEFAULT_WORKER_CONFIG } from '../../config/types.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { hashSalted } from '../../passwords/ssha.ts';
import { installedPlugins } from '../../plugins/index.ts';
import { LoginThrottle } from '../../services/auth/LoginThrottle.ts';
import { TaskEngine } from '../../services/tasks/TaskEngine.ts';
import { addMailSubTasks, createTaskSite, statusesOf, smtpOf, type TaskSite } from '../../services/tasks/testing/taskSite.ts';
import { buildApp } from '../buildApp.ts';
import { registerRoutes } from '../registerRoutes.ts';
import { buildRestV1Setup } from '../rest-v1/buildRestV1Setup.ts';
import type { SessionInfo } from './contract.ts';
import type { DashboardAnswer, MailPreviewAnswer, TaskActionAnswer } from './tasksContract.ts';

const env = testLdap();
const tag = randomBytes(3).toString('hex');
const PASSWORD = 'plain-user-secret';
let gateway: LdapGateway;
let sink: MailSink;
let app: FastifyInstance;
let site: TaskSite;
let people: string;
const dn: Record<string, string> = {};
const sessions: Record<string, { cookie: string; csrf: string }> = {};
const enc = encodeURIComponent;

async function call(who: string, method: InjectOptions['method'], url: string, payload?: unknown) {
  const session = sessions[who];
  const res = await app.inject({
    method,
    url,
    ...(payload !== undefined ? { payload: payload as InjectOptions['payload'] } : {}),
    headers: { 'user-agent': 'tasks-api-tests', ...(session ? { cookie: session.cookie } : {}), ...(session && method !== 'GET' ? { 'x-csrf-token': session.csrf } : {}) },
  } as InjectOptions);
  return res;
}

const dashboard = async (query = '', who = 'admin') => {
  const res = await call(who, 'GET', `/ui/api/tasks/dashboard${query ? `?${query}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<DashboardAnswer>();
};

/** A sub-task as FusionDirectory writes it, with the status given. */
async function addSubTask(cn: string, status: string, extra: Record<string, string> = {}): Promise<string> {
  const at = `cn=${cn},${site.tasksBase}`;
  await gateway.add(at, {
    objectClass: 'fdTasksGranular',
    cn,
    fdTasksGranularMaster: site.masterDn,
    fdTasksGranularType: 'Mail Object',
    fdTasksGranularStatus: status,
    fdTasksGranularSchedule: '20240130080000',
    fdTasksGranularMailFrom: 'noreply@example.org',
    fdTasksGranularRef: 'welcome',
    ...extra,
  });
  return at;
}

async function addUser(key: string, extra: Record<string, string | string[]> = {}) {
  const uid = `${key}-${tag}`;
  dn[key] = `uid=${uid},${people}`;
  await gateway.add(dn[key], { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'], uid, cn: `${key} ${tag}`, sn: key, userPassword: hashSalted(PASSWORD, 'SSHA'), ...extra });
}

async function signIn(key: string) {
  const res = await app.inject({ method: 'POST', url: '/ui/api/session', payload: { username: `${key}-${tag}`, password: PASSWORD }, headers: { 'user-agent': 'tasks-api-tests' } });
  expect(res.statusCode, res.body).toBe(200);
  const set = res.headers['set-cookie'];
  sessions[key] = { cookie: ((Array.isArray(set) ? set[0] : set) ?? '').split(';')[0]!, csrf: res.json<SessionInfo>().csrf };
  return res.json<SessionInfo>();
}

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  sink = await startMailSink();
  // No interval between two mail runs: the test runs the task several times within a minute.
  site = await createTaskSite(gateway, 'tasksapi', { fdTasksConfIntervalEmails: null });
  people = `ou=people,${site.base}`;
  await gateway.add(people, { objectClass: 'organizationalUnit', ou: 'people' });
  await addUser('admin');
  await addUser('reader');
  await addUser('outsider');
  await addUser('jane', { givenName: 'Jane', mail: `jane-${tag}@example.org` });
  // A role reading tasks and users, given to `reader` on the whole site (FusionDirectory's ACL strings).
  await gateway.add(`ou=aclroles,${site.base}`, { objectClass: 'organizationalUnit', ou: 'aclroles' });
  const role = `cn=taskreader,ou=aclroles,${site.base}`;
  await gateway.add(role, { objectClass: ['top', 'gosaRole'], cn: 'taskreader', gosaAclTemplate: '0:tasks/tasks;r,user/user;r' });
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  await gateway.modify(site.base, [
    { operation: 'add', attribute: 'objectClass', values: ['gosaAcl'] },
    { operation: 'add', attribute: 'gosaAclEntry', values: [`0:subtree:${b64(role)}:${b64(dn.reader!)}`] },
  ]);
  const setup = await buildRestV1Setup({
    directories: [{ name: 'default', base: site.base, gateway, ignoreAclDN: dn.admin! }],
    sessionKey: randomBytes(32),
    plugins: installedPlugins,
    throttle: new LoginThrottle({ freeAttempts: 1000 }),
  });
  setup.directories[0]!.tasks = new TaskEngine({ gateway, baseDN: site.base, smtp: smtpOf(sink), worker: { ...DEFAULT_WORKER_CONFIG, mailAttempts: 1, retryDelayMs: 10 } });
  app = await buildApp({ logLevel: false, register: (a) => registerRoutes(a, { setup, webRoot: '/nonexistent' }) });
  for (const key of ['admin', 'reader', 'outsider']) await signIn(key);
});

afterAll(async () => {
  await app?.close();
  await sink?.close();
  await gateway?.close();
});

describe('the task dashboard API', () => {
  it('offers the dashboard in the workflow menu to those who may read tasks', async () => {
    const page = (info: SessionInfo) => info.menu.flatMap((s) => s.entries.map((e) => ({ section: s.id, ...e }))).find((e) => e.kind === 'page' && e.id === 'tasks/dashboard');
    expect(page((await call('reader', 'GET', '/ui/api/session')).json<SessionInfo>())).toMatchObject({ section: 'workflow' });
    expect(page((await call('outsider', 'GET', '/ui/api/session')).json<SessionInfo>())).toBeUndefined();
  });

  it('lists main tasks and sub-tasks with their status, recipient, schedule, and counts per status and type', async () => {
    const failed = await addSubTask(`Newsletter-SubTask-${tag}_f`, '550 5.1.1 <bob@example.org>: Recipient address rejected', { fdTasksGranularMail: 'bob@example.org' });
    await addSubTask(`Newsletter-SubTask-${tag}_c`, '2', { fdTasksGranularMail: 'carol@example.org' });
    await addSubTask(`Newsletter-SubTask-${tag}_r`, `claimed worker-1 until ${Math.floor(Date.now() / 1000) + 600}`, { fdTasksGranularMail: 'dave@example.org' });
    const answer = await dashboard();
    expect(answer.timezone).toBe('Europe/Paris');
    expect(answer.tasks).toEqual([
      expect.objectContaining({ dn: site.masterDn, name: 'Newsletter', typeClass: 'fdTasksMail', subTaskType: 'Mail Object', schedule: '2024-01-30 08:00:00', created: '2024-01-29 03:15:42pm', lastRun: '2024-01-29 15:15:42', repeatable: true, cycle: 'Weekly', counts: { total: 4, scheduled: 1, running: 1, completed: 1, failed: 1 } }),
    ]);
    expect(answer.tasks[0]!.typeLabel).not.toBe('');
    expect(answer.counts).toEqual({ total: 4, scheduled: 1, running: 1, completed: 1, failed: 1, byType: { 'Mail Object': { total: 4, scheduled: 1, running: 1, completed: 1, failed: 1 } } });
    expect(answer.matching).toBe(4);
    const bob = answer.subTasks.find((s) => s.dn === failed)!;
    expect(bob).toEqual({
      dn: failed,
      cn: `Newsletter-SubTask-${tag}_f`,
      master: site.masterDn,
      masterName: 'Newsletter',
      type: 'Mail Object',
      recipient: 'bob@example.org',
      recipientIsDn: false,
      schedule: '2024-01-30 08:00:00',
      status: 'failed',
      statusText: '550 5.1.1 <bob@example.org>: Recipient address rejected',
    });
    expect(answer.subTasks.map((s) => s.status).sort()).toEqual(['completed', 'failed', 'running', 'scheduled']);
  });

  it('filters by status (running and failed told apart), type and main task, and pages with a cursor', async () => {
    expect((await dashboard('status=failed')).subTasks.map((s) => s.recipient)).toEqual(['bob@example.org']);
    expect((await dashboard('status=running')).subTasks.map((s) => s.recipient)).toEqual(['dave@example.org']);
    expect((await dashboard('status=completed')).subTasks.map((s) => s.recipient)).toEqual(['carol@example.org']);
    const scheduled = await dashboard('status=scheduled');
    expect(scheduled.subTasks.map((s) => s.recipient)).toEqual(['alice@example.org']);
    expect(scheduled.matching).toBe(1);
    // The counts stay those of every status: they are the filter buttons' numbers.
    expect(scheduled.counts.total).toBe(4);
    expect((await dashboard('type=Life%20Cycle')).subTasks).toEqual([]);
    expect((await dashboard('type=Life%20Cycle')).tasks).toEqual([]);
    expect((await dashboard(`master=${enc(site.masterDn)}`)).subTasks).toHaveLength(4);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await dashboard(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.subTasks.map((s) => s.dn));
      cursor = page.next;
      pages++;
    } while (cursor && pages < 5);
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(4);
  });

  it('refuses malformed queries and those without the right to read tasks', async () => {
    for (const [query, attribute] of [
      ['status=pending', 'status'],
      ['type=Mail', 'type'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['cursor=nonsense', 'cursor'],
      ['master=not%20a%20dn', 'master'],
      [`master=${enc(`cn=x,ou=people,${site.base}`)}`, 'master'],
    ] as const) {
      const res = await call('admin', 'GET', `/ui/api/tasks/dashboard?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json(), query).toMatchObject({ code: 'value.invalid', attribute });
    }
    expect((await call('outsider', 'GET', '/ui/api/tasks/dashboard')).json()).toMatchObject({ code: 'acl.denied' });
    expect((await dashboard('', 'reader')).counts.total).toBe(4);
  });

  it('runs a task now: its scheduled sub-tasks are mailed and completed, the others left as they are', async () => {
    const subs = await addMailSubTasks(gateway, site, 2, { address: (i) => `run${i}-${tag}@example.org`, schedule: '20991231235900' });
    const before = sink.received.length;
    const res = await call('admin', 'POST', '/ui/api/tasks/run', { master: site.masterDn });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<TaskActionAnswer>()).toEqual({ done: 3, failed: 0 });
    const mailed = sink.received.slice(before).flatMap((m) => m.to).sort();
    expect(mailed).toEqual(['alice@example.org', ...subs.map((s) => s.address)].sort());
    const after = await dashboard();
    expect(after.counts).toMatchObject({ total: 6, scheduled: 0, running: 1, completed: 4, failed: 1 });
  });

  it('refuses actions to readers, and actions on entries outside the tasks branch or that are not tasks', async () => {
    expect((await call('reader', 'POST', '/ui/api/tasks/run', { master: site.masterDn })).json()).toMatchObject({ code: 'acl.denied' });
    expect((await call('reader', 'POST', '/ui/api/tasks/renew', { master: site.masterDn })).json()).toMatchObject({ code: 'acl.denied' });
    expect((await call('reader', 'POST', '/ui/api/tasks/remove-completed', {})).json()).toMatchObject({ code: 'acl.denied' });
    expect((await call('admin', 'POST', '/ui/api/tasks/run', { master: dn.jane })).json()).toMatchObject({ code: 'value.invalid', attribute: 'master' });
    expect((await call('admin', 'POST', '/ui/api/tasks/run', { master: `cn=Nothing,${site.tasksBase}` })).json()).toMatchObject({ code: 'object.not_found' });
    expect((await call('admin', 'POST', '/ui/api/tasks/run', {})).json()).toMatchObject({ code: 'value.invalid', attribute: 'master' });
    expect((await call('admin', 'POST', '/ui/api/tasks/renew', { dns: [] })).json()).toMatchObject({ code: 'value.invalid', attribute: 'dns' });
    expect((await call('admin', 'POST', '/ui/api/tasks/renew', { dns: [site.masterDn] })).json()).toMatchObject({ code: 'object.not_found', attribute: 'dns' });
    expect((await call('admin', 'POST', '/ui/api/tasks/renew', { dns: ['(objectClass=*)'] })).json()).toMatchObject({ code: 'value.invalid', attribute: 'dns' });
    expect((await call('admin', 'POST', '/ui/api/tasks/renew', [])).statusCode).toBe(400);
    // Without the session's anti-forgery token, nothing happens.
    const res = await app.inject({ method: 'POST', url: '/ui/api/tasks/remove-completed', payload: {}, headers: { cookie: sessions.admin!.cookie, 'user-agent': 'tasks-api-tests' } });
    expect(res.statusCode).toBe(403);
    expect((await dashboard()).counts.completed).toBe(4);
  });

  it('renews failed sub-tasks, by DN or every one of a task, but not one a worker holds', async () => {
    const all = await dashboard();
    const failed = all.subTasks.find((s) => s.status === 'failed')!;
    const running = all.subTasks.find((s) => s.status === 'running')!;
    const res = await call('admin', 'POST', '/ui/api/tasks/renew', { dns: [failed.dn, running.dn] });
    expect(res.json<TaskActionAnswer>()).toEqual({ done: 1 });
    const statuses = await statusesOf(gateway, site);
    expect(statuses.get(failed.dn.toLowerCase())).toBe('1');
    expect(statuses.get(running.dn.toLowerCase())).toMatch(/^claimed worker-1 until /);
    // Failed again, then renewed with the whole task.
    await gateway.modify(failed.dn, [{ operation: 'replace', attribute: 'fdTasksGranularStatus', values: ['SMTP connection refused'] }]);
    expect((await call('admin', 'POST', '/ui/api/tasks/renew', { master: site.masterDn })).json<TaskActionAnswer>()).toEqual({ done: 1 });
    expect((await call('admin', 'POST', '/ui/api/tasks/renew', { master: site.masterDn })).json<TaskActionAnswer>()).toEqual({ done: 0 });
    expect((await dashboard()).counts).toMatchObject({ scheduled: 1, failed: 0 });
  });

  it('removes completed sub-tasks, of one task or all', async () => {
    const other = `cn=Other-${tag},${site.tasksBase}`;
    await gateway.add(other, { objectClass: ['fdTasks', 'fdTasksMail'], cn: `Other-${tag}`, fdTasksStatus: '1', fdTasksCreationDate: '2024-02-01 10:00:00am', fdTasksMailObject: 'welcome', fdTasksEmailSender: 'noreply@example.org' });
    await gateway.add(`cn=Other-${tag}-SubTask-1,${site.tasksBase}`, { objectClass: 'fdTasksGranular', cn: `Other-${tag}-SubTask-1`, fdTasksGranularMaster: other, fdTasksGranularType: 'Mail Object', fdTasksGranularStatus: '2', fdTasksGranularSchedule: '20240201100000', fdTasksGranularMail: 'erin@example.org' });
    expect((await call('admin', 'POST', '/ui/api/tasks/remove-completed', { master: site.masterDn })).json<TaskActionAnswer>()).toEqual({ done: 4 });
    const left = await dashboard();
    expect(left.tasks.map((t) => t.name)).toEqual(['Newsletter', `Other-${tag}`]);
    expect(left.tasks[1]!.counts).toMatchObject({ total: 1, completed: 1 });
    expect(left.counts.completed).toBe(1);
    expect((await call('admin', 'POST', '/ui/api/tasks/remove-completed', {})).json<TaskActionAnswer>()).toEqual({ done: 1 });
    expect((await dashboard()).counts).toMatchObject({ total: 2, completed: 0 });
  });

  it('previews a mail template for a user: placeholders filled, the missing ones named', async () => {
    const draft = { subject: 'Welcome {{givenName}}', body: 'Hello {{cn}},\nyour title: {{title}}.', signature: '-- IT team', readReceipt: true };
    const res = await call('reader', 'POST', '/ui/api/mailTemplates/preview', { template: draft, user: dn.jane });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<MailPreviewAnswer>()).toEqual({ subject: 'Welcome Jane', text: `Hello jane ${tag},\nyour title: .\n\n-- IT team`, missing: ['title'], readReceipt: true, attachments: [] });
    const saved = await call('admin', 'POST', '/ui/api/mailTemplates/preview', { dn: `cn=welcome,${site.templateBase}`, user: dn.jane });
    expect(saved.json<MailPreviewAnswer>()).toEqual({ subject: 'Welcome', text: 'Hello, your account is ready.\n\n-- IT team', missing: [], readReceipt: false, attachments: ['charter.txt'] });
    expect((await call('admin', 'POST', '/ui/api/mailTemplates/preview', { dn: `cn=nothing,${site.templateBase}`, user: dn.jane })).statusCode).toBe(404);
    expect((await call('admin', 'POST', '/ui/api/mailTemplates/preview', { template: draft, user: `uid=nobody,${people}` })).statusCode).toBe(404);
    expect((await call('admin', 'POST', '/ui/api/mailTemplates/preview', { template: draft })).json()).toMatchObject({ code: 'value.invalid', attribute: 'user' });
    expect((await call('admin', 'POST', '/ui/api/mailTemplates/preview', { template: { subject: 1 }, user: dn.jane })).json()).toMatchObject({ code: 'value.invalid' });
    expect((await call('admin', 'POST', '/ui/api/mailTemplates/preview', { template: draft, dn: `cn=welcome,${site.templateBase}`, user: dn.jane })).statusCode).toBe(400);
    expect((await call('outsider', 'POST', '/ui/api/mailTemplates/preview', { template: draft, user: dn.jane })).json()).toMatchObject({ code: 'acl.denied' });
  });
});
