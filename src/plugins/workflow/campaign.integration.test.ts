// A whole campaign, as an administrator runs it: 200 users in a group, a template with placeholders and an attachment
// and a mail task saved through the object engine with "Activate at save", then the task engine delivering through a
// real SMTP server on loopback; a new member and the task's next cycle (activated by the engine itself through the
// object layer) mail only the newcomer.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailSink, type MailSink } from '../../../test/mailSink.ts';
import { testLdap } from '../../../test/harness.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { Registry } from '../../model/Registry.ts';
import { SuperAdministratorPolicy } from '../../services/AccessPolicy.ts';
import { ObjectService } from '../../services/objects/ObjectService.ts';
import { SiteConfig } from '../../services/SiteConfig.ts';
import { taskObjectHooks } from '../../services/tasks/objectHooks.ts';
import { TaskEngine } from '../../services/tasks/TaskEngine.ts';
import { createTaskSite, mimePartsOf, smtpOf, type TaskSite } from '../../services/tasks/testing/taskSite.ts';
import { installedPlugins } from '../index.ts';

const env = testLdap();
const admin = { dn: env.fdAdminDN };
const tag = randomBytes(3).toString('hex');
const COUNT = 200;
let gateway: LdapGateway;
let sink: MailSink;
let site: TaskSite;
let service: ObjectService;
let engine: TaskEngine;
const address = (i: number) => `camp${tag}${i}@example.org`;

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword }, poolSize: 8 });
  sink = await startMailSink();
  // No interval, no cap: one run sends the whole campaign (the caps have their own tests).
  site = await createTaskSite(gateway, 'campaign', { fdTasksConfMaxEmails: '0', fdTasksConfIntervalEmails: null, fdTasksConfLastExecTime: null });
  await gateway.add(`ou=people,${site.base}`, { objectClass: 'organizationalUnit', ou: 'people' });
  await gateway.add(`ou=groups,${site.base}`, { objectClass: 'organizationalUnit', ou: 'groups' });
  const members: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    const uid = `camp${tag}${i}`;
    const dn = `uid=${uid},ou=people,${site.base}`;
    await gateway.add(dn, { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'], uid, cn: `Person ${i}`, sn: `Person${i}`, givenName: `Given${i}`, mail: address(i) });
    members.push(dn);
  }
  await gateway.add(`cn=everyone,ou=groups,${site.base}`, { objectClass: ['groupOfNames', 'gosaGroupOfNames'], gosaGroupObjects: '[U]', cn: 'everyone', member: members });
  const registry = new Registry(installedPlugins);
  const config = await SiteConfig.load(gateway, site.base);
  service = new ObjectService({ gateway, registry, config, access: new SuperAdministratorPolicy(gateway, env.baseDN) });
  engine = new TaskEngine({ gateway, baseDN: site.base, smtp: smtpOf(sink), hooks: taskObjectHooks({ gateway, baseDN: site.base, registry, config }) });
}, 120_000);
afterAll(async () => {
  await sink.close();
  await gateway.close();
});

describe('a mail campaign to a group of 200 users', () => {
  let taskDn: string;
  const pdf = Buffer.from('%PDF-1.4 charter \u0000\u00ff');

  it('delivers one personalised message per member, with the template\'s subject, body, signature and attachment', async () => {
    const template = await service.create(admin, 'mailTemplate', site.base);
    await service.setValues(admin, template, 'mailTemplate', {
      cn: 'campaign',
      fdMailTemplateSubject: 'Hello {{givenName}}',
      fdMailTemplateBody: 'Dear {{givenName}} {{sn}},\nyour address is {{mail}}.',
      fdMailTemplateSignature: '-- The IT team',
      fdMailTemplateReadReceipt: true,
      attachments: [{ name: 'charter.pdf', content: pdf.toString('base64') }],
    });
    await service.save(admin, template);

    const task = await service.create(admin, 'tasks', site.base);
    await service.setValues(admin, task, 'tasks', { cn: `Campaign-${tag}`, fdTasksRepeatable: true, fdTasksRepeatableSchedule: 'Hourly', fdSubTasksActivation: true });
    await service.setValues(admin, task, 'tasksMail', { fdTasksMailObject: 'campaign', fdTasksEmailSender: 'it@example.org', fdTasksMailUsers: [`cn=everyone,ou=groups,${site.base}`] });
    taskDn = await service.save(admin, task);
    const subTasks = await gateway.searchAll(site.tasksBase, { filter: `(fdTasksGranularMaster=${taskDn})`, attributes: ['fdTasksGranularStatus'] });
    expect(subTasks).toHaveLength(COUNT);

    const run = await engine.runEndpoint('mail', 'test');
    // And the fixture's own Newsletter sub-task, due since 2024.
    expect(run).toMatchObject({ completed: COUNT + 1, failed: 0 });
    const ours = sink.received.filter((m) => m.subject.startsWith('Hello Given'));
    expect(ours).toHaveLength(COUNT);
    expect(new Set(ours.flatMap((m) => m.to))).toEqual(new Set(Array.from({ length: COUNT }, (_, i) => address(i))));
    const m7 = ours.find((m) => m.to.includes(address(7)))!;
    expect(m7.subject).toBe('Hello Given7');
    expect(m7.from).toBe('it@example.org');
    expect(m7.headers['disposition-notification-to']).toContain('it@example.org');
    const parts = mimePartsOf(m7.raw);
    const text = parts.find((p) => /text\/plain/i.test(p.headers['content-type'] ?? '') && !/attachment/i.test(p.headers['content-disposition'] ?? ''))!;
    expect(text.content.toString('utf8').replace(/\r\n/g, '\n').trim()).toBe(`Dear Given7 Person7,\nyour address is ${address(7)}.\n\n-- The IT team`);
    const attachment = parts.find((p) => /attachment/i.test(p.headers['content-disposition'] ?? ''))!;
    expect(attachment.headers['content-disposition']).toContain('charter.pdf');
    expect(attachment.content.equals(pdf)).toBe(true);
    const statuses = await gateway.searchAll(site.tasksBase, { filter: `(fdTasksGranularMaster=${taskDn})`, attributes: ['fdTasksGranularStatus'] });
    expect(statuses.every((s) => s.first('fdTasksGranularStatus') === '2')).toBe(true);
  }, 120_000);

  it('mails only the newcomer when the cycle comes round, the engine activating the task through the object layer', async () => {
    const uid = `camp${tag}new`;
    const dn = `uid=${uid},ou=people,${site.base}`;
    await gateway.add(dn, { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'], uid, cn: 'Newcomer', sn: 'Newcomer', givenName: 'Nora', mail: `${uid}@example.org` });
    await gateway.modify(`cn=everyone,ou=groups,${site.base}`, [{ operation: 'add', attribute: 'member', values: [dn] }]);
    // The last activation was two hours ago: an hourly task is due again.
    await gateway.modify(taskDn, [{ operation: 'replace', attribute: 'fdTasksLastExec', values: ['2020-01-01 10:00:00'] }]);
    const activation = await engine.activateCyclic();
    expect(activation.result).toMatchObject({ [taskDn]: { result: 'Task has been activated successfully' } });
    const before = sink.received.length;
    expect(await engine.runEndpoint('mail', 'test')).toMatchObject({ completed: 1, failed: 0 });
    expect(sink.received.slice(before).map((m) => [m.to, m.subject])).toEqual([[[`${uid}@example.org`], 'Hello Nora']]);
    // Stamped again: not due before another hour.
    expect((await gateway.read(taskDn, ['fdTasksLastExec']))!.first('fdTasksLastExec')).not.toBe('2020-01-01 10:00:00');
    const again = await engine.activateCyclic();
    expect(JSON.stringify(again.result)).toContain('yet to reached its next execution cycle');
  }, 60_000);
});
