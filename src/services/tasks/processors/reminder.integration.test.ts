// The reminder processor on FusionDirectory-shaped reminder tasks, against the real directory and a real SMTP server:
// who gets a mail and when, the prolongation link and its token entry, per-sub-task statuses and the mail limit.
import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../../test/harness.ts';
import { loadFixture } from '../../../../test/ldifFixture.ts';
import { startMailSink, type MailSink } from '../../../../test/mailSink.ts';
import { LdapGateway } from '../../../ldap/LdapGateway.ts';
import { hashSalted } from '../../../passwords/ssha.ts';
import type { TaskRunContext } from '../types.ts';
import { NO_TRIGGER, reminderProcessor, tokenLifetimeDays, isWithin } from './reminder.ts';

const env = testLdap();
const tag = randomBytes(3).toString('hex');
/** 2026-11-27 11:00 in Paris. */
const NOW = new Date('2026-11-27T10:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
let gateway: LdapGateway;
let base: string;
let sink: MailSink;

const userDn = (name: string) => `uid=rm-${name}-${tag},ou=people,${base}`;
const subDn = (task: string, n: number) => `cn=rm-${task}-${tag}-SubTask-1793523600_${n},ou=tasks,${base}`;
const statusOf = async (dn: string) => (await gateway.read(dn, ['fdTasksGranularStatus']))?.first('fdTasksGranularStatus');

function contextOf(overrides: Partial<TaskRunContext> = {}): TaskRunContext {
  return {
    gateway,
    baseDN: base,
    settings: { tasksBase: `ou=tasks,${base}`, mailTemplateBase: `ou=mailTemplate,${base}`, timezone: 'Europe/Paris', maxEmails: 50, intervalMinutes: 0, lastExecTime: 0 },
    now: () => NOW,
    smtp: { transport: 'smtp', host: sink.host, port: sink.port, secure: false, startTLS: false, tlsVerify: false, timeoutMs: 5000 },
    publicUrl: 'https://idm.example.org/',
    owner: 'reminder-test',
    claimSeconds: 300,
    mailAttempts: 1,
    retryDelayMs: 0,
    log: () => undefined,
    ...overrides,
  };
}

async function addSubTask(task: string, n: number, user: string): Promise<string> {
  const dn = subDn(task, n);
  await gateway.add(dn, {
    objectClass: 'fdTasksGranular',
    cn: `rm-${task}-${tag}-SubTask-1793523600_${n}`,
    fdTasksGranularMaster: `cn=rm-${task}-${tag},ou=tasks,${base}`,
    fdTasksGranularType: 'Reminder',
    fdTasksGranularSchedule: '20261101090000',
    fdTasksGranularStatus: '1',
    fdTasksGranularDN: user,
    fdTasksGranularHelper: '30',
  });
  return dn;
}

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword }, poolSize: 4 });
  base = await testSubtree('reminder');
  sink = await startMailSink();
  await loadFixture(gateway, 'fd-reminder.ldif', {
    BASE: base,
    TAG: tag,
    PASSWORD: hashSalted('reminder-secret', 'SSHA'),
    UIDNUMBER: String(83200 + randomInt(100)),
    SHADOW: String(Date.UTC(2026, 11, 7) / 86_400_000),
  });
});
afterAll(async () => {
  await sink?.close();
  await gateway?.close();
});

describe('reminder rules', () => {
  it('reminds from N days before the end date to the end date itself, never after', () => {
    expect(isWithin('20261227', '20261127', 30)).toBe(true);
    expect(isWithin('20261228', '20261127', 30)).toBe(false);
    expect(isWithin('20261127', '20261127', 30)).toBe(true);
    expect(isWithin('20261126', '20261127', 30)).toBe(false);
  });

  it('keeps a link valid until the second reminder, then for the second reminder’s days', () => {
    expect(tokenLifetimeDays({ firstCall: 30, secondCall: 15 }, 30)).toBe(15);
    expect(tokenLifetimeDays({ firstCall: 30, secondCall: 15 }, 15)).toBe(15);
    expect(tokenLifetimeDays({ firstCall: 30, secondCall: undefined }, 30)).toBe(30);
  });
});

describe('a reminder pass', () => {
  it('mails the users whose end is near (with a prolongation link when the task offers it), removes the others', async () => {
    const run = await reminderProcessor.run(contextOf());
    expect(run).toMatchObject({ noneOfType: false, completed: 3, failed: 1, removed: 3 });

    // One message per recipient: the prolonging task to the user and the "forward to" address, the plain one and the
    // Posix one to the user.
    const mails = await sink.waitFor(4);
    expect(mails.map((m) => m.to[0]).sort()).toEqual([`manager-${tag}@example.org`, `rm-posix-${tag}@example.org`, `rm-soon-${tag}@example.org`, `rm-soon-${tag}@example.org`].sort());
    const withLink = mails.filter((m) => m.to[0] === `rm-soon-${tag}@example.org` && m.text.includes('/prolongation?'));
    expect(withLink).toHaveLength(1);
    const link = /https:\/\/idm\.example\.org\/prolongation\?token=([A-Za-z0-9]+)&task=([^\s]+)/.exec(withLink[0]!.text)!;
    expect(withLink[0]!.text.trimEnd()).toBe(`Hello Sarah, your account expires soon. To keep it, follow this link: ${link[0]}\n\n-- IT department`);
    expect(withLink[0]!.subject).toBe('Your account expires soon');
    expect(withLink[0]!.from).toBe('idm@example.org');
    expect(link[2]).toBe(`rm-prolong-${tag}`);
    expect(link[1]).toMatch(/^[A-Za-z0-9]{40,}$/);
    // The forwarded copy carries the same link; the plain reminder has none.
    expect(mails.find((m) => m.to[0] === `manager-${tag}@example.org`)!.text).toContain(link[0]);
    expect(mails.filter((m) => m.to[0] === `rm-soon-${tag}@example.org` && !m.text.includes('/prolongation?'))[0]!.text.trimEnd()).toBe('Hello Sarah, your account expires soon. To keep it, follow this link: \n\n-- IT department');

    // The token as FusionDirectory's page reads it: cn=<uid>,ou=tokens,<base>, valid until the second reminder.
    const token = (await gateway.read(`cn=rm-soon-${tag},ou=tokens,${base}`, ['objectClass', 'fdTokenUserDN', 'fdTokenType', 'fdToken', 'fdTokenTimestamp']))!;
    expect(token.get('objectClass')).toEqual(expect.arrayContaining(['fdTokenEntry']));
    expect(token.first('fdTokenUserDN')).toBe(userDn('soon'));
    expect(token.first('fdTokenType')).toBe('reminder');
    expect(token.first('fdToken')).toBe(link[1]);
    expect(token.first('fdTokenTimestamp')).toBe(String(NOW_SECONDS + 15 * 86_400));
    // The Posix account's link (task without SupAnn state), valid 30 − 7 days.
    expect((await gateway.read(`cn=rm-posix-${tag},ou=tokens,${base}`, ['fdTokenTimestamp']))!.first('fdTokenTimestamp')).toBe(String(NOW_SECONDS + 23 * 86_400));

    // Each sub-task its own status; the removed ones gone; the anti-spam stamp written.
    expect(await statusOf(subDn('prolong', 1))).toBe('2');
    expect(await statusOf(subDn('prolong', 4))).toBe(`The user ${userDn('nomail')} has no mail address; no reminder was sent.`);
    expect(await statusOf(subDn('plain', 1))).toBe('2');
    expect(await statusOf(subDn('posix', 1))).toBe('2');
    for (const dn of [subDn('prolong', 2), subDn('prolong', 3), subDn('old', 1)]) expect(await gateway.read(dn, ['cn'])).toBeNull();
    expect((await gateway.read(`cn=config,ou=fusiondirectory,${base}`, ['fdTasksConfLastExecTime']))!.first('fdTasksConfLastExecTime')).toBe(String(NOW_SECONDS));

    // FusionDirectory's answer: the removals keyed by DN, then the list of mail results.
    const result = run.result as Record<string, unknown>;
    expect(result[subDn('prolong', 2)]).toEqual(NO_TRIGGER);
    expect(result[subDn('old', 1)]).toEqual(NO_TRIGGER);
    expect(result['0']).toEqual(
      expect.arrayContaining([
        { [subDn('prolong', 1)]: { statusUpdate: true, mailStatus: 'reminder was successfully sent', updateLastMailExec: true } },
        { [subDn('prolong', 4)]: { statusUpdate: true, mailStatus: [`The user ${userDn('nomail')} has no mail address; no reminder was sent.`] } },
      ]),
    );
  });

  it('fails a reminder with a link when no public address is configured, rather than mailing a broken link', async () => {
    const dn = await addSubTask('prolong', 10, userDn('soon'));
    const before = sink.received.length;
    const run = await reminderProcessor.run(contextOf({ publicUrl: undefined }));
    expect(run).toMatchObject({ completed: 0, failed: 1 });
    expect(await statusOf(dn)).toMatch(/^No public address of the web interface is configured \(http\.publicUrl/);
    expect(sink.received.length).toBe(before);
  });

  it('stops at the mail limit and gives the remaining sub-tasks back', async () => {
    const first = await addSubTask('prolong', 11, userDn('soon'));
    const second = await addSubTask('plain', 11, userDn('soon'));
    const before = sink.received.length;
    const context = contextOf();
    context.settings = { ...context.settings, maxEmails: 2 };
    const run = await reminderProcessor.run(context);
    expect(run.completed).toBe(1);
    expect([await statusOf(first), await statusOf(second)].sort()).toEqual(['1', '2']);
    // The prolonging task's sub-task went first (two recipients), reaching the limit.
    expect(await statusOf(first)).toBe('2');
    await sink.waitFor(before + 2);
    expect(sink.received.length).toBe(before + 2);
  });
});
