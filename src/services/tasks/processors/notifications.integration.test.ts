// The notification processor on a FusionDirectory-shaped notification task and audit events, against the real
// directory and a real SMTP server: one mail per main task listing who changed what, the others removed.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../../test/harness.ts';
import { loadFixture } from '../../../../test/ldifFixture.ts';
import { startMailSink, type MailSink } from '../../../../test/mailSink.ts';
import { LdapGateway } from '../../../ldap/LdapGateway.ts';
import type { TaskRunContext } from '../types.ts';
import { decodeAuditAttributes, matchedAttributes, NOTHING_MATCHED, notificationsProcessor } from './notifications.ts';

const env = testLdap();
const tag = randomBytes(3).toString('hex');
const NOW = new Date('2026-11-27T10:00:00Z');
let gateway: LdapGateway;
let base: string;
let sink: MailSink;

const userDn = (name: string) => `uid=nt-${name}-${tag},ou=people,${base}`;
const subDn = (n: number) => `cn=nt-watch-${tag}-SubTask-1793523600_${n},ou=tasks,${base}`;
const statusOf = async (dn: string) => (await gateway.read(dn, ['fdTasksGranularStatus']))?.first('fdTasksGranularStatus');

function contextOf(target: MailSink, overrides: Partial<TaskRunContext> = {}): TaskRunContext {
  return {
    gateway,
    baseDN: base,
    settings: { tasksBase: `ou=tasks,${base}`, mailTemplateBase: `ou=mailTemplate,${base}`, timezone: 'Europe/Paris', maxEmails: 50, intervalMinutes: 0, lastExecTime: 0 },
    now: () => NOW,
    smtp: { transport: 'smtp', host: target.host, port: target.port, secure: false, startTLS: false, tlsVerify: false, timeoutMs: 5000 },
    owner: 'notifications-test',
    claimSeconds: 300,
    mailAttempts: 1,
    retryDelayMs: 0,
    log: () => undefined,
    ...overrides,
  };
}

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword }, poolSize: 4 });
  base = await testSubtree('notifications');
  sink = await startMailSink();
  await loadFixture(gateway, 'fd-notifications.ldif', { BASE: base, TAG: tag });
});
afterAll(async () => {
  await sink?.close();
  await gateway?.close();
});

describe('audit attributes', () => {
  it('reads modify events’ JSON objects, each value on its own, and ignores create/remove events’ plain names', () => {
    expect(decodeAuditAttributes(['{"mail":"a@b.c"}', '{"mail":["x","y"],"cn":"Z"}', 'telephoneNumber', '{broken'])).toEqual({ mail: ['a@b.c', ['x', 'y']], cn: ['Z'] });
  });

  it('names each monitored attribute once, and the SupAnn state when a new value is exactly it', () => {
    const changes = decodeAuditAttributes(['{"MAIL":"a@b.c"}', '{"mail":"d@e.f","supannRessourceEtat":["{COMPTE}I:SupannExpire"]}']);
    expect(matchedAttributes(changes, ['mail', 'telephoneNumber', 'None'], '{COMPTE}I:SupannExpire')).toEqual(['mail', 'supannRessourceEtat']);
    expect(matchedAttributes(changes, ['telephoneNumber'], '{COMPTE}I')).toEqual([]);
  });
});

describe('a notification pass', () => {
  it('sends one mail per main task to each recipient, listing the users and attributes that changed', async () => {
    const run = await notificationsProcessor.run(contextOf(sink));
    expect(run).toMatchObject({ noneOfType: false, completed: 3, failed: 0, removed: 1 });

    const mails = await sink.waitFor(2);
    expect(mails.map((m) => m.to[0]).sort()).toEqual([`hr-${tag}@example.org`, `it-${tag}@example.org`]);
    for (const mail of mails) {
      expect(mail.from).toBe('idm@example.org');
      expect(mail.subject).toBe('Accounts changed');
      expect(mail.text.trimEnd()).toBe(
        `These accounts changed: \n${userDn('alice')} attrs=[mail] \n${userDn('carol')} attrs=[supannRessourceEtat] \n${userDn('dave')} attrs=[mail, telephoneNumber]\n\n-- Trousseau`,
      );
    }
    for (const n of [1, 3, 4]) expect(await statusOf(subDn(n))).toBe('2');
    expect(await gateway.read(subDn(2), ['cn'])).toBeNull();
    expect((await gateway.read(`cn=config,ou=fusiondirectory,${base}`, ['fdTasksConfLastExecTime']))!.first('fdTasksConfLastExecTime')).toBe(String(NOW.getTime() / 1000));

    const sent = { statusUpdate: true, mailStatus: 'Notification was successfully sent', updateLastMailExec: true };
    expect(run.result).toEqual({ [subDn(2)]: NOTHING_MATCHED, '0': [{ [subDn(1)]: sent, [subDn(3)]: sent, [subDn(4)]: sent }] });
  });

  it('gives every sub-task of the mail the server’s refusal as its status', async () => {
    const refusing = await startMailSink({ refuse: { at: 'rcpt', code: 550, message: 'No such mailbox' } });
    try {
      const dn = `cn=nt-watch-${tag}-SubTask-again,ou=tasks,${base}`;
      await gateway.add(dn, {
        objectClass: 'fdTasksGranular',
        cn: `nt-watch-${tag}-SubTask-again`,
        fdTasksGranularMaster: `cn=nt-watch-${tag},ou=tasks,${base}`,
        fdTasksGranularType: 'Notifications',
        fdTasksGranularSchedule: '20261101090000',
        fdTasksGranularStatus: '1',
        fdTasksGranularDN: userDn('alice'),
        fdTasksGranularRef: `fdAuditDateTime=20261120093000.000001Z,ou=audit,${base}`,
      });
      const run = await notificationsProcessor.run(contextOf(refusing));
      expect(run).toMatchObject({ completed: 0, failed: 1 });
      expect(await statusOf(dn)).toMatch(/550/);
      expect(await statusOf(dn)).toMatch(/No such mailbox/);
    } finally {
      await refusing.close();
    }
  });

  it('answers "nothing processed" when nothing is due', async () => {
    expect(await notificationsProcessor.run(contextOf(sink))).toEqual({ noneOfType: false, result: null, completed: 0, failed: 0, removed: 0 });
  });
});
