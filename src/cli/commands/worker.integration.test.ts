// `trousseau worker --once` as an administrator runs it: a configuration file, the run's slapd, mails written as .eml
// files into a folder (the demo's transport), one line of figures per pass.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap } from '../../../test/harness.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { addMailSubTasks, createTaskSite, mailContentOf, statusesOf } from '../../services/tasks/testing/taskSite.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const env = testLdap();
let gateway: LdapGateway;

beforeAll(() => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
});
afterAll(async () => {
  await gateway?.close();
});

describe('trousseau worker', () => {
  it('--once sends the due mails of the directory named, into the mail folder, and prints the figures without secrets', async () => {
    const site = await createTaskSite(gateway, 'cli-worker', { fdTasksConfIntervalEmails: null });
    await gateway.modify(`cn=welcome,${site.templateBase}`, [{ operation: 'replace', attribute: 'fdMailTemplateReadReceipt', values: ['TRUE'] }]);
    const subs = await addMailSubTasks(gateway, site, 3, { address: (i) => `cli${i}@example.org` });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'trousseau-worker-'));
    const mail = path.join(dir, 'mail');
    const config = path.join(dir, 'trousseau.yaml');
    writeFileSync(
      config,
      [
        'directories:',
        '  - name: other',
        `    uris: [${env.url}]`,
        `    base: ou=nowhere,${env.baseDN}`,
        `    bindDN: ${env.adminDN}`,
        `    password: ${env.adminPassword}`,
        '  - name: tasks',
        `    uris: [${env.url}]`,
        `    base: ${site.base}`,
        `    bindDN: ${env.adminDN}`,
        `    password: ${env.adminPassword}`,
        '    smtp:',
        `      folder: ${mail}`,
        'worker:',
        '  inServer: false',
        '',
      ].join('\n'),
    );
    const r = spawnSync(process.execPath, [path.join(root, 'bin/trousseau.mjs'), '--config', config, 'worker', '--once', '--directory', 'tasks'], {
      cwd: dir,
      env: { ...process.env, TROUSSEAU_CONFIG: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const out = `${r.stdout}${r.stderr}`;
    expect(r.status, out).toBe(0);
    expect(out).toMatch(/ info tasks: mail 4 done\/0 failed$/m);
    expect(out).not.toContain(env.adminPassword);

    const files = readdirSync(mail).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(4);
    const messages = files.map((f) => readFileSync(path.join(mail, f), 'utf8'));
    const recipients = messages.map((m) => /^To: (.*)$/m.exec(m)![1]).sort();
    expect(recipients).toEqual(['alice@example.org', ...subs.map((s) => s.address)].sort());
    for (const m of messages) {
      expect(m).toMatch(/^Disposition-Notification-To: noreply@example\.org$/m);
      const content = mailContentOf(m);
      expect(content.text.trimEnd()).toBe('Hello, your account is ready.\n\n-- IT team');
      expect(content.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['charter.txt', 'The IT charter, version 1.']]);
    }
    expect([...(await statusesOf(gateway, site)).values()]).toEqual(['2', '2', '2', '2']);

    const unknown = spawnSync(process.execPath, [path.join(root, 'bin/trousseau.mjs'), '--config', config, 'worker', '--once', '--directory', 'nope'], { cwd: dir, env: { ...process.env, TROUSSEAU_CONFIG: '' }, encoding: 'utf8' });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('No directory is named "nope"; the configured ones are: other, tasks.');
  });
});
