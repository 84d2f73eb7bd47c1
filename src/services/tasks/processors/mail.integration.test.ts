// Mail tasks against the run's slapd and a real SMTP server on loopback: the messages FusionDirectory's orchestrator
// sends (subject, body, signature, attachments, read receipt), the anti-spam limits, retries, failures and renewal.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap } from '../../../../test/harness.ts';
import { startMailSink, type MailSink } from '../../../../test/mailSink.ts';
import { DEFAULT_WORKER_CONFIG, type SmtpConfig } from '../../../config/types.ts';
import { LdapGateway } from '../../../ldap/LdapGateway.ts';
import { TaskEngine } from '../TaskEngine.ts';
import { addMailSubTasks, createTaskSite, mailContentOf, smtpOf, statusesOf, type TaskSite } from '../testing/taskSite.ts';
import { mailProcessor } from './mail.ts';

const env = testLdap();
const tag = randomBytes(3).toString('hex');
let gateway: LdapGateway;
const sinks: MailSink[] = [];
// Not valid UTF-8 on purpose: attachments are bytes.
const LOGO = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x80, 0x41]);

async function sink(options: Parameters<typeof startMailSink>[0] = {}): Promise<MailSink> {
  const s = await startMailSink(options);
  sinks.push(s);
  return s;
}

/** An engine running only the mail processor, with a clock the test moves. */
function engine(site: TaskSite, smtp: SmtpConfig | undefined, clock: { now: Date } = { now: new Date() }): TaskEngine {
  return new TaskEngine({
    gateway,
    baseDN: site.base,
    ...(smtp ? { smtp } : {}),
    processors: [mailProcessor],
    worker: { ...DEFAULT_WORKER_CONFIG, mailAttempts: 3, retryDelayMs: 20 },
    now: () => clock.now,
  });
}

const address = (prefix: string) => (i: number) => `${prefix}${i}.${tag}@example.org`;

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
});

afterAll(async () => {
  await Promise.all(sinks.map((s) => s.close()));
  await gateway?.close();
});

describe('mail tasks', () => {
  it('sends a task to 200 recipients, 50 per run and one run per interval, with subject, body, signature and attachments', async () => {
    const site = await createTaskSite(gateway, 'mail-200', { fdTasksConfMaxEmails: '50', fdTasksConfIntervalEmails: '1' });
    await gateway.modify(`cn=welcome,${site.templateBase}`, [{ operation: 'replace', attribute: 'fdMailTemplateReadReceipt', values: ['TRUE'] }]);
    await gateway.add(`cn=logo.png,cn=welcome,${site.templateBase}`, { objectClass: 'fdMailAttachments', cn: 'logo.png', fdMailAttachmentsContent: LOGO });
    await gateway.delete(`cn=Newsletter-SubTask-1706541342_1234,${site.tasksBase}`);
    const subs = await addMailSubTasks(gateway, site, 200, { address: address('r'), from: `news-${tag}@example.org` });
    const s = await sink();
    const t0 = new Date();
    const clock = { now: t0 };
    const tasks = engine(site, smtpOf(s), clock);

    const first = await tasks.runEndpoint('mail');
    expect(first.completed).toBe(50);
    const results = first.result as Record<string, unknown>;
    expect(Object.keys(results)).toHaveLength(50);
    const [dn, entry] = Object.entries(results)[0]!;
    expect(entry).toEqual({ statusUpdate: true, mailStatus: `mail : ${dn} was successfully sent`, updateLastMailExec: true });
    expect(s.received).toHaveLength(50);

    // Inside the interval: nothing goes.
    clock.now = new Date(t0.getTime() + 30_000);
    expect(await tasks.runEndpoint('mail')).toMatchObject({ result: null, completed: 0, noneOfType: false });
    expect(s.received).toHaveLength(50);

    for (let run = 1; run <= 3; run++) {
      clock.now = new Date(t0.getTime() + run * 61_000);
      expect((await tasks.runEndpoint('mail')).completed).toBe(50);
    }
    expect(s.received).toHaveLength(200);
    clock.now = new Date(t0.getTime() + 5 * 61_000);
    expect(await tasks.runEndpoint('mail')).toMatchObject({ result: null, completed: 0, noneOfType: false });

    const perRecipient = new Map<string, number>();
    for (const m of s.received) for (const to of m.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    expect([...perRecipient.keys()].sort()).toEqual(subs.map((x) => x.address).sort());
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);

    const mail = s.received.find((m) => m.to[0] === subs[7]!.address)!;
    expect(mail.from).toBe(`news-${tag}@example.org`);
    expect(mail.headers.from).toBe(`news-${tag}@example.org`);
    expect(mail.headers.to).toBe(subs[7]!.address);
    expect(mail.subject).toBe('Welcome');
    expect(mail.headers['disposition-notification-to']).toBe(`news-${tag}@example.org`);
    const content = mailContentOf(mail.raw);
    expect(content.text.trimEnd()).toBe('Hello, your account is ready.\n\n-- IT team');
    expect(content.attachments.map((a) => a.filename).sort()).toEqual(['charter.txt', 'logo.png']);
    expect(content.attachments.find((a) => a.filename === 'logo.png')).toMatchObject({ contentType: 'image/png', content: LOGO });
    expect(content.attachments.find((a) => a.filename === 'charter.txt')!.content.toString('utf8')).toBe('The IT charter, version 1.');

    const statuses = await statusesOf(gateway, site);
    for (const sub of subs) expect(statuses.get(sub.dn.toLowerCase())).toBe('2');
    // The last mail's time, as unix seconds.
    const config = await gateway.read(site.configDn, ['fdTasksConfLastExecTime']);
    expect(config!.get('fdTasksConfLastExecTime')).toEqual([String(Math.floor((t0.getTime() + 3 * 61_000) / 1000))]);
  });

  it('gives each message its own template attachments, fills placeholders from the recipient, and sends the BCC', async () => {
    const site = await createTaskSite(gateway, 'mail-mix', { fdTasksConfMaxEmails: '0', fdTasksConfIntervalEmails: null });
    await gateway.add(`cn=plain,${site.templateBase}`, {
      objectClass: 'fdMailTemplate',
      cn: 'plain',
      fdMailTemplateSubject: 'Hello {{givenName}}',
      fdMailTemplateBody: 'Dear {{givenName}} {{sn}}, \\{{literal}} {{title}}',
      fdMailTemplateReadReceipt: 'FALSE',
    });
    const uid = `tasks-${tag}`;
    await gateway.add(`ou=people,${site.base}`, { objectClass: 'organizationalUnit', ou: 'people' });
    await gateway.add(`uid=${uid},ou=people,${site.base}`, {
      objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'],
      uid,
      cn: 'Zoé Martin',
      sn: 'Martin',
      givenName: 'Zoé',
      mail: `zoe.${tag}@example.org`,
      userPassword: 'secret-not-for-mail',
    });
    await addMailSubTasks(gateway, site, 1, { address: () => `zoe.${tag}@example.org`, ref: 'plain', bcc: `archive.${tag}@example.org` });
    await addMailSubTasks(gateway, site, 1, { address: () => `nobody.${tag}@example.org`, ref: 'plain' });
    const s = await sink();
    const run = await engine(site, smtpOf(s)).runEndpoint('mail');
    // The fixture's sub-task (welcome, with attachment) goes first, then the two plain ones without attachments.
    expect(run.completed).toBe(3);
    expect(s.received).toHaveLength(3);
    const zoe = s.received.find((m) => m.headers.to === `zoe.${tag}@example.org`)!;
    expect(zoe.to.sort()).toEqual([`archive.${tag}@example.org`, `zoe.${tag}@example.org`].sort());
    expect(zoe.headers.bcc).toBeUndefined();
    expect(zoe.subject).toBe('Hello Zoé');
    expect(mailContentOf(zoe.raw)).toEqual({ text: 'Dear Zoé Martin, {{literal}} ', attachments: [] });
    const nobody = s.received.find((m) => m.headers.to === `nobody.${tag}@example.org`)!;
    expect(nobody.subject.trim()).toBe('Hello');
    expect(mailContentOf(nobody.raw)).toEqual({ text: 'Dear  , {{literal}} ', attachments: [] });
    expect(mailContentOf(s.received.find((m) => m.headers.to === 'alice@example.org')!.raw).attachments.map((a) => a.filename)).toEqual(['charter.txt']);
  });

  it('lets only one of two concurrent runs take an interval', async () => {
    const site = await createTaskSite(gateway, 'mail-gate', { fdTasksConfMaxEmails: '10', fdTasksConfIntervalEmails: '5' });
    await addMailSubTasks(gateway, site, 40, { address: address('g') });
    const s = await sink();
    const clock = { now: new Date() };
    const runs = await Promise.all([engine(site, smtpOf(s), clock).runEndpoint('mail', 'w1'), engine(site, smtpOf(s), clock).runEndpoint('mail', 'w2')]);
    expect(runs.map((r) => r.completed).sort()).toEqual([0, 10]);
    expect(s.received).toHaveLength(10);
  });

  it('retries a temporary refusal and completes the sub-task', async () => {
    const site = await createTaskSite(gateway, 'mail-retry', { fdTasksConfIntervalEmails: null });
    await gateway.delete(`cn=Newsletter-SubTask-1706541342_1234,${site.tasksBase}`);
    const [sub] = await addMailSubTasks(gateway, site, 1, { address: address('t') });
    const s = await sink({ refuse: { at: 'rcpt', code: 451, message: 'Greylisted, try again later', times: 2 } });
    const run = await engine(site, smtpOf(s)).runEndpoint('mail');
    expect(run).toMatchObject({ completed: 1, failed: 0 });
    expect(s.received.map((m) => m.to)).toEqual([[sub!.address]]);
    expect((await statusesOf(gateway, site)).get(sub!.dn.toLowerCase())).toBe('2');
  });

  it("fails with the server's message on a permanent refusal and on a temporary one that lasts; renew sends again", async () => {
    const site = await createTaskSite(gateway, 'mail-fail', { fdTasksConfIntervalEmails: null });
    await gateway.delete(`cn=Newsletter-SubTask-1706541342_1234,${site.tasksBase}`);
    const [perm] = await addMailSubTasks(gateway, site, 1, { address: address('p') });
    const refusing = await sink({ refuse: { at: 'rcpt', code: 550, message: 'No such user here' } });
    const run = await engine(site, smtpOf(refusing)).runEndpoint('mail');
    expect(run).toMatchObject({ completed: 0, failed: 1 });
    const status = (await statusesOf(gateway, site)).get(perm!.dn.toLowerCase())!;
    expect(status).toContain('550');
    expect(status).toContain('No such user here');
    expect((run.result as Record<string, unknown>)[perm!.dn]).toEqual({ statusUpdate: true, Error: [status] });

    const [temp] = await addMailSubTasks(gateway, site, 1, { address: address('q') });
    const busy = await sink({ refuse: { at: 'rcpt', code: 451, message: 'Mailbox busy, later' } });
    expect(await engine(site, smtpOf(busy)).runEndpoint('mail')).toMatchObject({ completed: 0, failed: 1 });
    expect((await statusesOf(gateway, site)).get(temp!.dn.toLowerCase())).toContain('Mailbox busy, later');
    expect(busy.received).toHaveLength(0);

    // A failed sub-task is not retried by itself.
    const good = await sink();
    const tasks = engine(site, smtpOf(good));
    expect(await tasks.runEndpoint('mail')).toMatchObject({ completed: 0, result: null });
    expect(await tasks.renew([perm!.dn, temp!.dn])).toEqual([perm!.dn, temp!.dn]);
    expect(await tasks.runEndpoint('mail')).toMatchObject({ completed: 2, failed: 0 });
    expect(good.received.map((m) => m.to[0]).sort()).toEqual([perm!.address, temp!.address].sort());
    const statuses = await statusesOf(gateway, site);
    expect([statuses.get(perm!.dn.toLowerCase()), statuses.get(temp!.dn.toLowerCase())]).toEqual(['2', '2']);
  });

  it('fails clearly without SMTP server or template, and answers "not found" when there is no mail sub-task at all', async () => {
    const site = await createTaskSite(gateway, 'mail-none', { fdTasksConfIntervalEmails: null });
    const [sub] = await addMailSubTasks(gateway, site, 1, { address: address('n'), ref: 'no-such-template' });
    const run = await engine(site, undefined).runEndpoint('mail');
    expect(run.failed).toBe(2);
    const statuses = await statusesOf(gateway, site);
    expect(statuses.get(sub!.dn.toLowerCase())).toMatch(/No SMTP server is configured/);

    await engine(site, undefined).renew([sub!.dn]);
    const s = await sink();
    await engine(site, smtpOf(s)).runEndpoint('mail');
    expect((await statusesOf(gateway, site)).get(sub!.dn.toLowerCase())).toBe(`Mail template "no-such-template" not found under ${site.templateBase}`);

    const empty = await createTaskSite(gateway, 'mail-empty', {});
    await gateway.delete(`cn=Newsletter-SubTask-1706541342_1234,${empty.tasksBase}`);
    expect(await engine(empty, smtpOf(s)).runEndpoint('mail')).toMatchObject({ noneOfType: true, result: null });
  });
});
