// Mail templates, tasks and their activation through the object engine, against the test slapd: the entries written
// are FusionDirectory's (fd-core.md §8, fd-orchestrator-tools.md §1.5, Appendix A).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap } from '../../../test/harness.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { Registry } from '../../model/Registry.ts';
import { SuperAdministratorPolicy } from '../../services/AccessPolicy.ts';
import { ObjectService } from '../../services/objects/ObjectService.ts';
import { SiteConfig } from '../../services/SiteConfig.ts';
import { installedPlugins } from '../index.ts';

const env = testLdap();
const admin = { dn: env.fdAdminDN };
let gateway: LdapGateway;
let service: ObjectService;
let base: string;
const tag = Math.random().toString(36).slice(2, 8);
const users: string[] = [];

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword }, poolSize: 8 });
  base = `o=workflow-${tag},${env.baseDN}`;
  await gateway.add(base, { objectClass: ['organization', 'gosaDepartment'], o: `workflow-${tag}`, ou: 'workflow', description: 'workflow tests' });
  await gateway.add(`ou=people,${base}`, { objectClass: 'organizationalUnit', ou: 'people' });
  await gateway.add(`ou=groups,${base}`, { objectClass: 'organizationalUnit', ou: 'groups' });
  for (let i = 0; i < 6; i++) {
    const uid = `wf${tag}${i}`;
    const dn = `uid=${uid},ou=people,${base}`;
    // The last one has no mail address.
    await gateway.add(dn, { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'], uid, cn: `User ${i}`, sn: `User${i}`, givenName: `Given${i}`, ...(i < 5 ? { mail: `${uid}@example.org` } : {}) });
    users.push(dn);
  }
  await gateway.add(`cn=staff,ou=groups,${base}`, { objectClass: ['groupOfNames', 'gosaGroupOfNames'], gosaGroupObjects: '[UG]', cn: 'staff', member: [users[0]!, users[1]!, users[5]!, `cn=nested,ou=groups,${base}`] });
  await gateway.add(`cn=nested,ou=groups,${base}`, { objectClass: ['groupOfNames', 'gosaGroupOfNames'], gosaGroupObjects: '[U]', cn: 'nested', member: [users[2]!, users[0]!] });
  await gateway.add(`cn=helpdesk,ou=groups,${base}`, { objectClass: ['organizationalRole'], cn: 'helpdesk', roleOccupant: [users[3]!] });
  await gateway.add(`ou=mailTemplate,${base}`, { objectClass: 'organizationalUnit', ou: 'mailTemplate' });
  await gateway.add(`cn=welcome,ou=mailTemplate,${base}`, { objectClass: 'fdMailTemplate', cn: 'welcome', fdMailTemplateSubject: 'Welcome', fdMailTemplateBody: 'Hello, your account is ready.' });
  const config = new SiteConfig(base, { fdTimezone: ['Europe/Paris'] });
  service = new ObjectService({ gateway, registry: new Registry(installedPlugins), config, access: new SuperAdministratorPolicy(gateway, env.baseDN) });
});
afterAll(() => gateway.close());

async function subTasksOf(master: string) {
  return gateway.searchAll(`ou=tasks,${base}`, { scope: 'one', filter: `(&(objectClass=fdTasksGranular)(fdTasksGranularMaster=${master}))`, attributes: ['*'] });
}

describe('mail templates', () => {
  it('are written as fdMailTemplate with attachments as child entries, read back, changed and removed', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ binary \u0000\u0001 data');
    const template = await service.create(admin, 'mailTemplate', base);
    await service.setValues(admin, template, 'mailTemplate', {
      cn: 'onboarding',
      fdMailTemplateSubject: 'Welcome {{givenName}}',
      fdMailTemplateBody: 'Hello {{givenName}},\nyour account is ready.',
      fdMailTemplateSignature: '-- IT team',
      attachments: [
        { name: 'charter.pdf', content: pdf.toString('base64') },
        { name: 'notes.txt', content: Buffer.from('read me').toString('base64') },
      ],
    });
    const dn = await service.save(admin, template);
    expect(dn).toBe(`cn=onboarding,ou=mailTemplate,${base}`);
    const entry = (await gateway.read(dn, ['*']))!;
    expect(entry.get('objectClass')).toEqual(['fdMailTemplate']);
    expect(entry.first('fdMailTemplateSubject')).toBe('Welcome {{givenName}}');
    expect(entry.first('fdMailTemplateReadReceipt')).toBe('FALSE');
    const child = (await gateway.read(`cn=charter.pdf,${dn}`, ['*'], { binaryAttributes: ['fdMailAttachmentsContent'] }))!;
    expect(child.get('objectClass')).toEqual(['fdMailAttachments']);
    expect(child.buffers('fdMailAttachmentsContent')[0]!.equals(pdf)).toBe(true);

    const opened = await service.open(admin, 'mailTemplate', dn);
    const values = await service.readTab(admin, opened, 'mailTemplate');
    expect((values.attachments as Array<{ name: string; size: number }>).map((f) => [f.name, f.size])).toEqual([
      ['charter.pdf', pdf.length],
      ['notes.txt', 7],
    ]);
    // Drop one file, replace the other's content, add a third.
    await service.setValues(admin, opened, 'mailTemplate', {
      attachments: [
        { name: 'charter.pdf', content: Buffer.from('v2').toString('base64') },
        { name: 'map.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64') },
      ],
    });
    await service.save(admin, opened);
    const children = await gateway.searchAll(dn, { scope: 'one', attributes: ['cn', 'fdMailAttachmentsContent'], binaryAttributes: ['fdMailAttachmentsContent'] });
    expect(children.map((c) => [c.first('cn'), c.buffers('fdMailAttachmentsContent')[0]!.toString('hex')]).sort()).toEqual([
      ['charter.pdf', Buffer.from('v2').toString('hex')],
      ['map.png', '89504e47'],
    ]);
    await service.delete(admin, 'mailTemplate', dn);
    expect(await gateway.read(dn)).toBeNull();
  });

  it('refuses two files with one name, and a placeholder that is not an attribute name', async () => {
    const template = await service.create(admin, 'mailTemplate', base);
    await service.setValues(admin, template, 'mailTemplate', { cn: 'bad', fdMailTemplateSubject: 'Hi {{ given name }}', fdMailTemplateBody: 'x', attachments: [{ name: 'a.txt', content: 'eA==' }, { name: 'A.TXT', content: 'eQ==' }] });
    const error = await service.save(admin, template).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'value.invalid', tab: 'mailTemplate' });
    const attributes = (error as { details: Array<{ attribute: string }> }).details.map((d) => d.attribute).sort();
    expect(attributes).toEqual(['attachments', 'fdMailTemplateSubject']);
    await expect(service.setValues(admin, template, 'mailTemplate', { attachments: [{ name: '../etc/passwd', content: 'eA==' }] })).rejects.toMatchObject({ code: 'value.invalid', attribute: 'attachments' });
  });
});

describe('tasks', () => {
  it('activating a mail task creates one Mail Object sub-task per address of the members, groups nested and roles expanded', async () => {
    const task = await service.create(admin, 'tasks', base);
    await service.setValues(admin, task, 'tasks', { cn: 'Newsletter', fdTasksScheduleDate: '2030-01-30T08:00:00', fdTasksRepeatable: true, fdTasksRepeatableSchedule: 'Weekly', fdSubTasksActivation: true });
    await service.setValues(admin, task, 'tasksMail', { fdTasksMailObject: 'welcome', fdTasksEmailSender: 'noreply@example.org', fdTasksEmailBCC: 'archive@example.org', fdTasksMailUsers: [`cn=staff,ou=groups,${base}`, `cn=helpdesk,ou=groups,${base}`, users[4]!] });
    const dn = await service.save(admin, task);
    const entry = (await gateway.read(dn, ['*']))!;
    expect(entry.get('objectClass').sort()).toEqual(['fdTasks', 'fdTasksMail']);
    expect(entry.first('fdTasksScheduleDate')).toBe('20300130080000');
    expect(entry.first('fdTasksRepeatable')).toBe('TRUE');
    expect(entry.first('fdTasksRepeatableSchedule')).toBe('Weekly');
    expect(entry.first('fdTasksUpdatable')).toBe('TRUE');
    expect(entry.first('fdTasksStatus')).toBe('1');
    expect(entry.first('fdTasksCreationDate')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}[ap]m$/);
    expect(entry.first('fdTasksLastExec')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(entry.has('fdSubTasksActivation')).toBe(false);
    // Users 0, 1, 2 (nested), 3 (role), 4; user 5 has no address.
    const expected = [0, 1, 2, 3, 4].map((i) => `wf${tag}${i}@example.org`).sort();
    expect(entry.get('fdTasksEmailsFromDN').sort()).toEqual(expected);
    const subs = await subTasksOf(dn);
    expect(subs.map((s) => s.first('fdTasksGranularMail')).sort()).toEqual(expected);
    for (const s of subs) {
      expect(s.first('cn')).toMatch(/^Newsletter-SubTask-\d+_\d+$/);
      expect(s.dn).toBe(`cn=${s.first('cn')},ou=tasks,${base}`);
      expect(s.first('fdTasksGranularType')).toBe('Mail Object');
      expect(s.first('fdTasksGranularStatus')).toBe('1');
      expect(s.first('fdTasksGranularSchedule')).toBe('20300130080000');
      expect(s.first('fdTasksGranularRef')).toBe('welcome');
      expect(s.first('fdTasksGranularMailFrom')).toBe('noreply@example.org');
      expect(s.first('fdTasksGranularMailBCC')).toBe('archive@example.org');
    }

    // A new member and a second activation: with "only new members", one more sub-task only.
    await gateway.modify(`cn=nested,ou=groups,${base}`, [{ operation: 'add', attribute: 'member', values: [users[4]!] }]);
    const mailAfter = `wf${tag}new@example.org`;
    await gateway.modify(users[5]!, [{ operation: 'add', attribute: 'mail', values: [mailAfter] }]);
    const again = await service.open(admin, 'tasks', dn);
    await service.setValues(admin, again, 'tasks', { fdSubTasksActivation: true });
    await service.save(admin, again);
    const after = await subTasksOf(dn);
    expect(after.map((s) => s.first('fdTasksGranularMail')).sort()).toEqual([...expected, mailAfter].sort());
    // Saving without activation creates nothing.
    const plain = await service.open(admin, 'tasks', dn);
    await service.setValues(admin, plain, 'tasks', { fdTasksScheduleDate: '2030-02-01T09:30:00' });
    await service.save(admin, plain);
    expect(await subTasksOf(dn)).toHaveLength(after.length);
  });

  it('refuses to activate a mail task whose members have no address, and a task with two types', async () => {
    const task = await service.create(admin, 'tasks', base);
    await service.setValues(admin, task, 'tasks', { cn: 'Nobody', fdSubTasksActivation: true });
    await service.setValues(admin, task, 'tasksMail', { fdTasksMailObject: 'welcome', fdTasksEmailSender: 'noreply@example.org', fdTasksMailUsers: [users[5]!], fdTasksMailType: 'supannMailPerso' });
    await expect(service.save(admin, task)).rejects.toMatchObject({ code: 'value.invalid', tab: 'tasksMail', attribute: 'fdTasksMailUsers' });
    expect(await gateway.read(`cn=Nobody,ou=tasks,${base}`)).toBeNull();
    await expect(service.activateTab(admin, task, 'tasksLifeCycle')).rejects.toMatchObject({ code: 'value.invalid' });
  });

  it('activating life-cycle, reminder and audit tasks creates their DN-based sub-tasks', async () => {
    const life = await service.create(admin, 'tasks', base);
    await service.setValues(admin, life, 'tasks', { cn: 'Expire', fdSubTasksActivation: true });
    await service.setValues(admin, life, 'tasksLifeCycle', {
      fdTasksLifeCyclePreResource: 'COMPTE',
      fdTasksLifeCyclePreState: 'A',
      fdTasksLifeCyclePostResource: 'COMPTE',
      fdTasksLifeCyclePostState: 'I',
      fdTasksLifeCyclePostSubState: 'SupannExpire',
      fdTasksLifeCyclePostEndDate: 30,
      fdTasksLifeCycleMembers: [`cn=staff,ou=groups,${base}`],
    });
    const lifeDn = await service.save(admin, life);
    const lifeEntry = (await gateway.read(lifeDn, ['*']))!;
    expect(lifeEntry.get('objectClass').sort()).toEqual(['fdTasks', 'fdTasksLifeCycle']);
    expect(lifeEntry.first('fdTasksLifeCyclePostSubState')).toBe('SupannExpire');
    // staff: users 0, 1, 5 and the nested group (2, 0, and 4 since the previous test).
    const watched = [users[0]!, users[1]!, users[2]!, users[4]!, users[5]!].sort();
    expect(lifeEntry.get('fdTasksLifeCycleListOfDN').sort()).toEqual(watched);
    const lifeSubs = await subTasksOf(lifeDn);
    expect(lifeSubs.map((s) => [s.first('fdTasksGranularType'), s.first('fdTasksGranularDN')]).sort()).toEqual(watched.map((u) => ['Life Cycle', u]));

    const reminder = await service.create(admin, 'tasks', base);
    await service.setValues(admin, reminder, 'tasks', { cn: 'Remind', fdSubTasksActivation: true });
    await service.setValues(admin, reminder, 'tasksReminder', {
      fdTasksReminderFirstCall: 30,
      fdTasksReminderSecondCall: 7,
      fdTasksReminderResource: 'COMPTE',
      fdTasksReminderState: 'A',
      fdTasksReminderAccountProlongation: true,
      fdTasksReminderNextResource: 'COMPTE',
      fdTasksReminderNextState: 'A',
      fdTasksReminderSupannNewEndDate: 365,
      fdTasksReminderMailTemplate: 'welcome',
      fdTasksReminderEmailSender: 'noreply@example.org',
      fdTasksReminderMembers: [users[3]!],
      fdTasksReminderRecipientsMembers: [users[4]!],
    });
    const reminderDn = await service.save(admin, reminder);
    expect((await gateway.read(reminderDn, ['fdTasksReminderListOfRecipientsMails']))!.get('fdTasksReminderListOfRecipientsMails')).toEqual([`wf${tag}4@example.org`]);
    const reminderSubs = await subTasksOf(reminderDn);
    expect(reminderSubs.map((s) => [s.first('fdTasksGranularType'), s.first('fdTasksGranularDN'), s.first('fdTasksGranularHelper')]).sort()).toEqual([
      ['Reminder', users[3]!, '30'],
      ['Reminder', users[3]!, '7'],
    ]);

    const audit = await service.create(admin, 'tasks', base);
    await service.setValues(admin, audit, 'tasks', { cn: 'Retention', fdSubTasksActivation: true });
    await service.setValues(admin, audit, 'auditTask', { fdAuditTasksRetention: 30 });
    const auditDn = await service.save(admin, audit);
    expect((await gateway.read(auditDn, ['fdAuditTasksRetention']))!.first('fdAuditTasksRetention')).toBe('30');
    expect((await subTasksOf(auditDn)).map((s) => [s.first('fdTasksGranularType'), s.first('fdTasksGranularDN')])).toEqual([['Audit', 'auditRetentionTask']]);
  });

  it('reads a task FusionDirectory wrote (Appendix A) and keeps its values on save', async () => {
    const dn = `cn=Legacy,ou=tasks,${base}`;
    await gateway.add(dn, {
      objectClass: ['fdTasks', 'fdTasksMail'],
      cn: 'Legacy',
      fdTasksStatus: '1',
      fdTasksCreationDate: '2024-01-29 03:15:42pm',
      fdTasksScheduleDate: '20240130080000',
      fdTasksLastExec: '2024-01-29 15:15:42',
      fdTasksRepeatable: 'TRUE',
      fdTasksRepeatableSchedule: 'Weekly',
      fdTasksUpdatable: 'TRUE',
      fdTasksMailObject: 'welcome',
      fdTasksEmailSender: 'noreply@example.org',
      fdTasksMailUsers: users[0]!,
      fdTasksEmailsFromDN: `wf${tag}0@example.org`,
      fdTasksMailType: 'mail',
    });
    const opened = await service.open(admin, 'tasks', dn);
    expect(await service.readTab(admin, opened, 'tasks')).toMatchObject({ cn: 'Legacy', fdTasksScheduleDate: '2024-01-30T08:00:00', fdTasksRepeatable: true, fdTasksRepeatableSchedule: 'Weekly', fdTasksCreationDate: '2024-01-29 03:15:42pm' });
    await service.setValues(admin, opened, 'tasksMail', { fdTasksEmailSender: 'it@example.org' });
    await service.save(admin, opened);
    const entry = (await gateway.read(dn, ['*']))!;
    expect(entry.first('fdTasksCreationDate')).toBe('2024-01-29 03:15:42pm');
    expect(entry.first('fdTasksLastExec')).toBe('2024-01-29 15:15:42');
    expect(entry.first('fdTasksScheduleDate')).toBe('20240130080000');
    expect(entry.first('fdTasksEmailSender')).toBe('it@example.org');
  });
});
