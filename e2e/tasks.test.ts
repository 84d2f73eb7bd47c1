// Mail tasks in Chromium: a mail template with an attachment (previewed for a user), a mail task to a group and a
// user, activated at save; the dashboard going from scheduled to completed after "Run now" as the mails reach a
// loopback SMTP server; then the server refusing one recipient, the failure's text in the detail panel, "Renew" and a
// second run completing it.
import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { testLdap, testSubtree } from '../test/harness.ts';
import { startMailSink, type MailSink, type MailSinkOptions } from '../test/mailSink.ts';
import { mailContentOf } from '../src/services/tasks/testing/taskSite.ts';
import { checkAccessibility, screenshot } from './harness.ts';
import { eventually, label, pluginMessages, randomTag, seedUser, t } from './flowKit.ts';
import { useBrowserSession } from './session.ts';

const env = testLdap();
const tag = randomTag();
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('mail tasks and their dashboard in the browser', { timeout: 180_000 }, () => {
  let sink: MailSink;
  // Read by the sink at every command: a test makes it refuse, then accept again.
  const sinkOptions: MailSinkOptions = {};
  const templateName = `welcome-${tag}`;
  const taskName = `Rentree-${tag}`;
  const people = [
    { uid: `ana-${tag}`, givenName: 'Ana', sn: `Abadie${tag}`, mail: `ana.${tag}@tasks.example.org`, dn: '' },
    { uid: `bruno-${tag}`, givenName: 'Bruno', sn: `Durand${tag}`, mail: `bruno.${tag}@tasks.example.org`, dn: '' },
    { uid: `chloe-${tag}`, givenName: 'Chloé', sn: `Martin${tag}`, mail: `chloe.${tag}@tasks.example.org`, dn: '' },
  ];
  const groupName = `team-${tag}`;
  let templateDn = '';
  let taskDn = '';
  const ATTACHMENT = Buffer.from(`Charte informatique ${tag}\n`, 'utf8');

  const session = useBrowserSession({
    seed: async (gateway) => {
      const department = await testSubtree('e2e-tasks');
      for (const p of people) {
        p.dn = await seedUser(gateway, department, p);
        await gateway.modify(p.dn, [
          { operation: 'add', attribute: 'objectClass', values: ['gosaMailAccount'] },
          { operation: 'add', attribute: 'mail', values: [p.mail] },
        ]);
      }
      // A group of the first two (FusionDirectory expands the groups of a mail task to their members).
      await gateway.add(`ou=groups,${department}`, { objectClass: 'organizationalUnit', ou: 'groups' });
      await gateway.add(`cn=${groupName},ou=groups,${department}`, { objectClass: ['groupOfNames', 'gosaGroupOfNames'], cn: groupName, gosaGroupObjects: '[U]', member: [people[0]!.dn, people[1]!.dn] });
      sink = await startMailSink(sinkOptions);
    },
    server: () => ({ smtp: { transport: 'smtp', host: sink.host, port: sink.port, secure: false, startTLS: false, tlsVerify: true, timeoutMs: 5000 } }),
    signIn: 'fd-admin',
    afterClose: async (gateway) => {
      await sink?.close();
      // The template and the task live at the base (where the engine reads templates): leave nothing behind.
      for (const dn of [taskDn, templateDn].filter(Boolean)) {
        for (const e of (await gateway.searchAll(dn, { scope: 'one', attributes: ['1.1'] }).catch(() => [])).reverse()) await gateway.delete(e.dn).catch(() => {});
        await gateway.delete(dn).catch(() => {});
      }
      if (taskDn) {
        const subs = await gateway.searchAll(`ou=tasks,${env.baseDN}`, { scope: 'one', filter: `(fdTasksGranularMaster=${taskDn})`, attributes: ['1.1'] }).catch(() => []);
        for (const e of subs) await gateway.delete(e.dn).catch(() => {});
      }
    },
  });

  /** Pick an object in a picker field: type, then take the option showing `name`. */
  async function pick(field: Locator, text: string, name: string): Promise<void> {
    await field.click();
    await field.pressSequentially(text);
    await session.page.getByRole('option').filter({ hasText: name }).first().click();
  }

  async function saveNew(name: string): Promise<string> {
    await session.page.getByRole('button', { name: t('editor.save'), exact: true }).click();
    const created = session.page.getByRole('status').filter({ hasText: t('editor.created', { name }) });
    await created.or(session.page.locator('.error-summary')).first().waitFor();
    if (!(await created.isVisible())) throw new Error(`not saved: ${await session.page.locator('.error-summary').innerText()}`);
    return decodeURIComponent(new URL(session.page.url()).pathname.split('/').pop()!);
  }

  /** The number on a status filter button of the dashboard. */
  async function count(status: 'all' | 'scheduled' | 'running' | 'completed' | 'failed'): Promise<number> {
    const button = session.page.getByRole('group', { name: t('tasks.filter.status') }).getByRole('button', { name: new RegExp(`^${escape(t(`tasks.status.${status}`))} `) });
    return Number((await button.locator('.count').innerText()).replace(/\D/g, ''));
  }

  const mailsTo = (address: string) => sink.received.filter((m) => m.to.includes(address));

  /**
   * The configuration's anti-spam interval (`fdTasksConfIntervalEmails`, 2 minutes by default) counts from the last
   * mail run (`fdTasksConfLastExecTime`): the test moves that back instead of waiting, as time passing would.
   */
  async function allowMailRun(): Promise<void> {
    await session.gateway.modify(`cn=config,ou=fusiondirectory,${env.baseDN}`, [{ operation: 'replace', attribute: 'fdTasksConfLastExecTime', values: ['0'] }]);
  }

  it('creates a mail template with an attachment, and previews it for a user', async () => {
    await session.page.goto(`${session.server.url}/new/mailTemplate`);
    await session.page.getByRole('heading', { level: 1, name: t('editor.new', { type: label('workflow.mailTemplate.type') }) }).waitFor();
    await session.page.getByLabel(label('workflow.mailTemplate.cn'), { exact: true }).fill(templateName);
    await session.page.getByLabel(label('workflow.mailTemplate.subject'), { exact: true }).fill('Bienvenue {{givenName}}');
    await session.page.getByLabel(label('workflow.mailTemplate.body'), { exact: true }).fill('Bonjour {{givenName}} {{sn}},\nvotre compte est prêt. Titre : {{title}}');
    await session.page.getByLabel(label('workflow.mailTemplate.signature'), { exact: true }).fill('-- La DSI');
    await session.page.getByLabel(label('workflow.mailTemplate.attachments'), { exact: true }).setInputFiles({ name: 'charte.txt', mimeType: 'text/plain', buffer: ATTACHMENT });
    await session.page.getByRole('link', { name: 'charte.txt', exact: true }).waitFor();

    // The preview works on the unsaved values.
    await session.page.getByRole('button', { name: t('tasks.preview.open'), exact: true }).click();
    await pick(session.page.getByRole('combobox', { name: t('tasks.preview.user'), exact: true }), people[2]!.sn, people[2]!.sn);
    await session.page.getByRole('button', { name: t('tasks.preview.show'), exact: true }).click();
    await eventually(() => session.page.locator('.mail-preview-subject').innerText()).toBe('Bienvenue Chloé');
    expect(await session.page.locator('.mail-preview-text').innerText()).toBe(`Bonjour Chloé ${people[2]!.sn},\nvotre compte est prêt. Titre : \n\n-- La DSI`);
    expect(await session.page.getByRole('note').innerText()).toBe(t('tasks.preview.missing', { names: 'title' }));
    await screenshot(session.page, 'tasks-template-preview');
    expect(await checkAccessibility(session.page)).toEqual([]);

    templateDn = await saveNew(templateName);
    expect(templateDn.toLowerCase()).toBe(`cn=${templateName},ou=mailTemplate,${env.baseDN}`.toLowerCase());
    const attachment = await session.gateway.read(`cn=charte.txt,${templateDn}`, ['fdMailAttachmentsContent'], { binaryAttributes: ['fdMailAttachmentsContent'] });
    expect(attachment?.buffers('fdMailAttachmentsContent')[0]).toEqual(ATTACHMENT);
  });

  it('creates a mail task to a group and a user, activated at save: one scheduled sub-task per recipient', async () => {
    await session.page.goto(`${session.server.url}/new/tasks`);
    await session.page.getByRole('heading', { level: 1, name: t('editor.new', { type: label('workflow.tasks.type') }) }).waitFor();
    await session.page.getByLabel(label('workflow.tasks.cn'), { exact: true }).fill(taskName);
    await session.page.getByLabel(label('workflow.tasks.activation'), { exact: true }).check();
    // Not repeated: the cycle (disabled) is erased at save, no value of it is refused.
    const mailTab = label('workflow.tasksMail.tab');
    await session.page.getByRole('tab', { name: mailTab, exact: true }).click();
    await session.page.getByRole('button', { name: t('editor.tab.add', { tab: mailTab }) }).click();
    await pick(session.page.getByRole('combobox', { name: label('workflow.tasksMail.template'), exact: true }), templateName, templateName);
    await session.page.getByLabel(label('workflow.tasksMail.sender'), { exact: true }).fill(`dsi-${tag}@tasks.example.org`);
    const recipients = session.page.getByRole('combobox', { name: label('workflow.tasksMail.users'), exact: true });
    await pick(recipients, groupName, groupName);
    await pick(recipients, people[2]!.sn, people[2]!.sn);
    taskDn = await saveNew(taskName);

    // The dashboard from the menu (the workflow section).
    await session.page.getByRole('navigation').getByRole('link', { name: pluginMessages('en')['tasks.dashboard.menu'] ?? 'Dashboard', exact: true }).click();
    await session.page.getByRole('heading', { level: 1, name: t('tasks.dashboard.title') }).waitFor();
    await session.page.getByRole('button', { name: t('tasks.main.showSubTasks', { name: taskName }) }).click();
    await session.page.getByRole('heading', { level: 2, name: t('tasks.sub.titleOf', { name: taskName }) }).waitFor();
    await eventually(() => count('scheduled')).toBe(3);
    const recipientsShown = await session.page.locator('table.sub-tasks tbody th.recipient').allInnerTexts();
    expect(recipientsShown.sort()).toEqual(people.map((p) => p.mail).sort());
    await screenshot(session.page, 'tasks-dashboard-scheduled');
    expect(await checkAccessibility(session.page)).toEqual([]);
  });

  it('runs the task now: the dashboard goes from scheduled to completed as the mails arrive', async () => {
    const row = session.page.getByRole('row').filter({ has: session.page.getByRole('link', { name: taskName, exact: true }) }).first();
    await allowMailRun();
    await row.getByRole('button', { name: t('tasks.runNowOf', { name: taskName }) }).click();
    await session.page.getByRole('status').filter({ hasText: t('tasks.ran', { name: taskName, done: 3, failed: 0 }) }).waitFor();
    await eventually(() => count('completed')).toBe(3);
    expect(await count('scheduled')).toBe(0);
    for (const p of people) expect(mailsTo(p.mail), p.mail).toHaveLength(1);
    const mail = mailsTo(people[0]!.mail)[0]!;
    expect(mail.subject).toBe('Bienvenue Ana');
    expect(mail.from).toBe(`dsi-${tag}@tasks.example.org`);
    const content = mailContentOf(mail.raw);
    expect(content.text).toContain(`Bonjour Ana ${people[0]!.sn},\nvotre compte est prêt.`);
    expect(content.text.trimEnd().endsWith('\n\n-- La DSI')).toBe(true);
    expect(content.attachments.map((a) => [a.filename, a.content.toString('utf8')])).toEqual([['charte.txt', ATTACHMENT.toString('utf8')]]);
    await screenshot(session.page, 'tasks-dashboard-completed');
  });

  it('shows the error of a recipient the mail server refused, renews it, and the next run completes it', async () => {
    // Clear the completed sub-tasks, then activate the task again for every member (not only new ones).
    await session.page.getByRole('button', { name: t('tasks.removeCompletedOfName', { name: taskName }) }).click();
    await session.page.getByRole('status').filter({ hasText: t('tasks.removed', { n: 3 }) }).waitFor();
    await eventually(() => count('all')).toBe(0);
    await session.page.getByRole('link', { name: taskName, exact: true }).first().click();
    await session.page.getByRole('heading', { level: 1, name: taskName }).waitFor();
    await session.page.getByLabel(label('workflow.tasks.updatable'), { exact: true }).uncheck();
    await session.page.getByLabel(label('workflow.tasks.activation'), { exact: true }).check();
    await session.page.getByRole('button', { name: t('editor.save'), exact: true }).click();
    await session.page.getByRole('status').filter({ hasText: t('editor.saved') }).waitFor();

    sinkOptions.refuse = { at: 'rcpt', code: 550, message: `5.1.1 Mailbox unavailable ${tag}`, times: 1 };
    const before = sink.received.length;
    await session.page.goto(`${session.server.url}/tasks/dashboard?master=${encodeURIComponent(taskDn)}`);
    await eventually(() => count('scheduled')).toBe(3);
    // Within the mail interval nothing goes, and the dashboard says until when.
    const run = session.page.getByRole('button', { name: t('tasks.runNowOf', { name: taskName }) });
    await run.click();
    await session.page.getByRole('status').filter({ hasText: t('tasks.ranWaiting', { name: taskName, time: '' }).split(' at ')[0]! }).waitFor();
    expect(await count('scheduled')).toBe(3);
    await allowMailRun();
    await run.click();
    await session.page.getByRole('status').filter({ hasText: t('tasks.ran', { name: taskName, done: 2, failed: 1 }) }).waitFor();
    await eventually(() => count('failed')).toBe(1);
    expect(await count('completed')).toBe(2);
    expect(sink.received.length - before).toBe(2);

    await session.page.getByRole('button', { name: new RegExp(`^${escape(t('tasks.status.failed'))} `) }).click();
    const failedRow = session.page.locator('table.sub-tasks tbody tr');
    await eventually(() => failedRow.count()).toBe(1);
    const refused = await failedRow.locator('th.recipient').innerText();
    expect(people.map((p) => p.mail)).toContain(refused);
    await failedRow.getByRole('button', { name: t('tasks.detailsOf', { recipient: refused }) }).click();
    const dialog = session.page.getByRole('dialog', { name: t('tasks.detail.title') });
    await dialog.waitFor();
    expect(await dialog.locator('.tasks-error-text').innerText()).toContain(`Mailbox unavailable ${tag}`);
    await screenshot(session.page, 'tasks-dashboard-failed-detail');
    expect(await checkAccessibility(session.page)).toEqual([]);

    // The server accepts again: renew from the panel, run, and the last mail goes.
    delete sinkOptions.refuse;
    await dialog.getByRole('button', { name: t('tasks.renew'), exact: true }).click();
    await session.page.getByRole('status').filter({ hasText: t('tasks.renewed', { n: 1 }) }).waitFor();
    await session.page.getByRole('button', { name: new RegExp(`^${escape(t('tasks.status.all'))} `) }).click();
    await eventually(() => count('scheduled')).toBe(1);
    await allowMailRun();
    await session.page.getByRole('button', { name: t('tasks.runNowOf', { name: taskName }) }).click();
    await session.page.getByRole('status').filter({ hasText: t('tasks.ran', { name: taskName, done: 1, failed: 0 }) }).waitFor();
    await eventually(() => count('completed')).toBe(3);
    expect(await count('failed')).toBe(0);
    expect(mailsTo(refused)).toHaveLength(2);
    expect(session.pageErrors).toEqual([]);
  });
});
