// Account prolongation in Chromium: a reminder task mails an expired (locked) account a link, the link opened from
// the mail the loopback SMTP server got, the login given, the new end date shown; LDAP holds the active state again
// and ldapwhoami accepts the password.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../test/harness.ts';
import { startMailSink, type MailSink } from '../test/mailSink.ts';
import { buildApp } from '../src/http/buildApp.ts';
import { registerRoutes } from '../src/http/registerRoutes.ts';
import { buildRestV1Setup } from '../src/http/rest-v1/buildRestV1Setup.ts';
import { hashSalted } from '../src/passwords/ssha.ts';
import { LoginThrottle } from '../src/services/auth/LoginThrottle.ts';
import { addDays, isoDay, todayIn } from '../src/services/tasks/accountStates.ts';
import { reminderProcessor } from '../src/services/tasks/processors/reminder.ts';
import { Prolongation } from '../src/services/tasks/Prolongation.ts';
import { checkAccessibility, screenshot } from './harness.ts';
import { focused, randomTag, t } from './flowKit.ts';
import { useBrowserSession } from './session.ts';

const env = testLdap();
const tag = randomTag();
const PASSWORD = `Grace-${tag}-secret`;

async function canBind(dn: string): Promise<boolean> {
  try {
    await promisify(execFile)('ldapwhoami', ['-x', '-H', env.url, '-D', dn, '-w', PASSWORD]);
    return true;
  } catch {
    return false;
  }
}

describe('account prolongation from a reminder mail, in the browser', { timeout: 90_000 }, () => {
  let department: string;
  let sink: MailSink;
  const uid = `grace-${tag}`;
  let userDn = '';
  const today = todayIn(new Date(), 'UTC');
  // Expired a week ago; the grace period (the watched state) ends in 20 days.
  const graceEnd = addDays(today, 20);

  const session = useBrowserSession({
    seed: async (gateway) => {
      department = await testSubtree('e2e-prolongation');
      for (const ou of ['people', 'tasks', 'mailTemplate']) await gateway.add(`ou=${ou},${department}`, { objectClass: 'organizationalUnit', ou });
      userDn = `uid=${uid},ou=people,${department}`;
      await gateway.add(userDn, {
        objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', 'eduPerson', 'supannPerson'],
        uid,
        cn: 'Grace Period',
        sn: 'Period',
        givenName: 'Grace',
        mail: `${uid}@example.org`,
        // Locked by the life cycle when the account expired.
        userPassword: hashSalted(PASSWORD, 'SSHA').replace('}', '}!'),
        supannRessourceEtatDate: `{COMPTE}I:SupannExpire:${addDays(today, -7)}:${graceEnd}`,
        supannRessourceEtat: '{COMPTE}I:SupannExpire',
      });
      await gateway.add(`cn=grace-${tag},ou=mailTemplate,${department}`, {
        objectClass: 'fdMailTemplate',
        cn: `grace-${tag}`,
        fdMailTemplateSubject: 'Your account can be reactivated',
        fdMailTemplateBody: 'Your account has expired. To reactivate it for a year, open ',
        fdMailTemplateReadReceipt: 'FALSE',
      });
      const master = `cn=grace-${tag},ou=tasks,${department}`;
      await gateway.add(master, {
        objectClass: ['fdTasks', 'fdTasksReminder'],
        cn: `grace-${tag}`,
        fdTasksStatus: '1',
        fdTasksCreationDate: '2026-11-01 09:00:00am',
        fdTasksReminderFirstCall: '30',
        fdTasksReminderSecondCall: '10',
        fdTasksReminderResource: 'COMPTE',
        fdTasksReminderState: 'I',
        fdTasksReminderSubState: 'SupannExpire',
        fdTasksReminderAccountProlongation: 'TRUE',
        fdTasksReminderPosix: 'FALSE',
        fdTasksReminderNextResource: 'COMPTE',
        fdTasksReminderNextState: 'A',
        fdTasksReminderNextSubState: 'SupannActif',
        fdTasksReminderSupannNewEndDate: '365',
        fdTasksReminderMailTemplate: `grace-${tag}`,
        fdTasksReminderEmailSender: 'idm@example.org',
        fdTasksReminderMembers: userDn,
      });
      await gateway.add(`cn=grace-${tag}-SubTask-1,ou=tasks,${department}`, {
        objectClass: 'fdTasksGranular',
        cn: `grace-${tag}-SubTask-1`,
        fdTasksGranularMaster: master,
        fdTasksGranularType: 'Reminder',
        fdTasksGranularSchedule: '20200101000000',
        fdTasksGranularStatus: '1',
        fdTasksGranularDN: userDn,
        fdTasksGranularHelper: '30',
      });
    },
    // Trousseau's server, wired like `trousseau serve`, with the prolongation service (when the setup has none yet).
    start: async (gateway) => {
      const setup = await buildRestV1Setup({ directories: [{ name: 'default', base: env.baseDN, gateway }], sessionKey: randomBytes(32), throttle: new LoginThrottle({ freeAttempts: 1000 }) });
      const directory = setup.directories[0]!;
      const admin = { dn: env.fdAdminDN };
      directory.prolongation ??= new Prolongation({ gateway, baseDN: env.baseDN, hooks: { refreshUser: async (dn) => void (await directory.objects.save(admin, await directory.objects.open(admin, 'user', dn))) } });
      const app = await buildApp({ logLevel: false, register: (a) => registerRoutes(a, { setup }) });
      await app.listen({ host: '127.0.0.1', port: 0 });
      // The gateway is the session's, closed after the server.
      return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, baseDN: env.baseDN, close: () => app.close() };
    },
    afterStart: async () => {
      sink = await startMailSink();
    },
    afterClose: async () => {
      await sink?.close();
    },
  });

  it('mails the link, which reactivates the account for a year and unlocks its password', async () => {
    expect(await canBind(userDn)).toBe(false);
    // The worker's pass over this department's reminder sub-tasks.
    const run = await reminderProcessor.run({
      gateway: session.gateway,
      baseDN: env.baseDN,
      settings: { tasksBase: `ou=tasks,${department}`, mailTemplateBase: `ou=mailTemplate,${department}`, timezone: 'UTC', maxEmails: 50, intervalMinutes: 0, lastExecTime: 0 },
      now: () => new Date(),
      smtp: { transport: 'smtp', host: sink.host, port: sink.port, secure: false, startTLS: false, tlsVerify: true, timeoutMs: 5000 },
      publicUrl: session.server.url,
      owner: 'e2e-worker',
      claimSeconds: 300,
      mailAttempts: 1,
      retryDelayMs: 0,
      log: () => undefined,
    });
    expect(run.completed).toBe(1);
    const [mail] = await sink.waitFor(1);
    expect(mail!.to).toEqual([`${uid}@example.org`]);
    const link = /http:\/\/127\.0\.0\.1:\d+\/prolongation\?\S+/.exec(mail!.text)![0];

    await session.page.goto(link);
    await session.page.getByRole('heading', { level: 1, name: t('prolongation.title') }).waitFor();
    await session.page.getByText(t('prolongation.intro', { task: `grace-${tag}` })).waitFor();

    // A wrong login: one refusal, on the field, which keeps the focus; nothing written.
    const login = session.page.getByLabel(t('prolongation.login'), { exact: true });
    await login.fill(`nobody-${tag}`);
    await session.page.getByRole('button', { name: t('prolongation.submit'), exact: true }).click();
    await session.page.getByRole('alert').filter({ hasText: t('prolongation.refused') }).waitFor();
    expect(await focused(session.page)).toMatchObject({ id: await login.getAttribute('id'), invalid: 'true' });

    await session.page.getByLabel(t('prolongation.method'), { exact: true }).selectOption('mail');
    await login.fill(`${uid}@example.org`);
    await screenshot(session.page, 'prolongation-form');
    expect(await checkAccessibility(session.page)).toEqual([]);
    await login.press('Enter');
    const newEnd = addDays(graceEnd, 365);
    const shown = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDay(newEnd)}T00:00:00Z`));
    await session.page.getByRole('status').filter({ hasText: t('prolongation.doneUntil', { date: shown }) }).waitFor();
    expect(await session.page.getByRole('heading', { level: 1 }).innerText()).toBe(t('prolongation.doneTitle'));
    await screenshot(session.page, 'prolongation-done');

    // LDAP: active again from the old end date, the projection recomputed, the password unlocked, the token spent.
    const entry = (await session.gateway.read(userDn, ['supannRessourceEtatDate', 'supannRessourceEtat', 'userPassword']))!;
    expect(entry.get('supannRessourceEtatDate')).toEqual([`{COMPTE}A:SupannActif:${graceEnd}:${newEnd}`]);
    expect(entry.get('supannRessourceEtat')).toEqual(['{COMPTE}A:SupannActif']);
    expect(await canBind(userDn)).toBe(true);
    expect(await session.gateway.read(`cn=${uid},ou=tokens,${env.baseDN}`, ['cn'])).toBeNull();

    // The link is spent.
    await session.page.goto(link);
    await session.page.getByRole('heading', { level: 1, name: t('prolongation.invalidTitle') }).waitFor();
    expect(session.pageErrors).toEqual([]);
  });
});
