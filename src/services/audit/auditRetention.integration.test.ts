// Retention of audit events by configuration (worker.auditRetentionDays): the task worker's pass deletes the events
// older than it from the directory's audit branch, page by page; 0 or absent keeps them for ever.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap } from '../../../test/harness.ts';
import { DEFAULT_WORKER_CONFIG } from '../../config/types.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { auditProcessor } from '../tasks/processors/audit.ts';
import { TaskEngine } from '../tasks/TaskEngine.ts';
import { createTaskSite, type TaskSite } from '../tasks/testing/taskSite.ts';
import { auditCutoff, purgeAuditEvents } from './auditRetention.ts';

const env = testLdap();
let gateway: LdapGateway;
const now = new Date('2024-02-29T10:00:00Z');

beforeAll(() => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
});
afterAll(() => gateway?.close());

/** A task site whose configuration names its audit branch `rdn` (fdAuditRDN), the branch created. */
async function site(name: string, rdn = 'ou=audit'): Promise<TaskSite & { branch: string }> {
  const s = await createTaskSite(gateway, name, {});
  await gateway.modify(s.configDn, [
    { operation: 'add', attribute: 'objectClass', values: ['fdAuditPluginConf'] },
    { operation: 'replace', attribute: 'fdAuditRDN', values: [rdn] },
  ]);
  const branch = `${rdn},${s.base}`;
  await gateway.add(branch, { objectClass: 'organizationalUnit', ou: rdn.slice(3) });
  return { ...s, branch };
}

/** An event `days` before `now` (plus `seconds`), as FusionDirectory writes it; returns its DN. */
async function event(branch: string, days: number, seconds = 0): Promise<string> {
  const d = new Date(now.getTime() - days * 86_400_000 + seconds * 1000);
  const time = `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}.${String(seconds).padStart(6, '0')}Z`;
  const dn = `fdAuditDateTime=${time},${branch}`;
  await gateway.add(dn, { objectClass: 'fdAuditEvent', fdAuditDateTime: time, fdAuditAction: 'modify', fdAuditAuthorDN: 'cn=admin', fdAuditObject: 'uid=x', fdAuditObjectType: 'plugin/user' });
  return dn;
}

const engine = (s: TaskSite, auditRetentionDays?: number) =>
  new TaskEngine({ gateway, baseDN: s.base, processors: [auditProcessor], now: () => now, worker: { ...DEFAULT_WORKER_CONFIG, ...(auditRetentionDays === undefined ? {} : { auditRetentionDays }) } });
const exists = async (dn: string) => (await gateway.read(dn, ['1.1'])) !== null;

describe('audit retention by configuration', () => {
  it('deletes, at the worker pass, the events older than auditRetentionDays and keeps the others', async () => {
    const s = await site('audit-rotation', 'ou=journal');
    // More old events than one batch of deletions, of various ages.
    const old: string[] = [];
    for (let i = 0; i < 20; i++) old.push(await event(s.branch, 31 + i * 7, i));
    old.push(await event(s.branch, 30, 59)); // 30 whole days back: removed, as the audit task does
    const kept = [await event(s.branch, 29), await event(s.branch, 1), await event(s.branch, 0)];
    // An event outside the audit branch is not the configuration's business.
    const outside = await event(s.base, 400);

    const summary = await engine(s, 30).pass('w1');
    expect(summary.errors).toEqual([]);
    expect(summary.auditRemoved).toBe(old.length);
    for (const dn of old) expect(await exists(dn)).toBe(false);
    for (const dn of [...kept, outside]) expect(await exists(dn)).toBe(true);

    // A second pass finds nothing more to remove.
    expect((await engine(s, 30).pass('w1')).auditRemoved).toBeUndefined();
  });

  it('keeps every event when the retention is 0 or absent', async () => {
    const s = await site('audit-rotation-0');
    const dns = [await event(s.branch, 3000), await event(s.branch, 365)];
    for (const days of [0, undefined]) {
      const summary = await engine(s, days).pass('w1');
      expect(summary.errors).toEqual([]);
      expect(summary.auditRemoved).toBeUndefined();
    }
    for (const dn of dns) expect(await exists(dn)).toBe(true);
  });

  it('purges the default branch ou=audit when the configuration names none, and a missing branch without failing', async () => {
    const s = await createTaskSite(gateway, 'audit-rotation-default', {});
    await gateway.add(`ou=audit,${s.base}`, { objectClass: 'organizationalUnit', ou: 'audit' });
    const dn = await event(`ou=audit,${s.base}`, 10);
    expect((await engine(s, 5).pass('w1')).auditRemoved).toBe(1);
    expect(await exists(dn)).toBe(false);
    expect(await purgeAuditEvents(gateway, `ou=nothing,${s.base}`, auditCutoff(now, 1))).toBe(0);
    expect((await engine(s, 5).pass('w1')).errors).toEqual([]);
  });
});
