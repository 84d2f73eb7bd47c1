// Every audited operation leaves exactly one fdAuditEvent with the right fields (fd-core.md §11.2), and events
// FusionDirectory 1.5 wrote (test/fixtures/fd-audit.ldif) read back correctly.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { loadFixture } from '../../../test/ldifFixture.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { Registry } from '../../model/Registry.ts';
import { installedPlugins } from '../../plugins/index.ts';
import { Worker } from '../../worker/Worker.ts';
import { SuperAdministratorPolicy } from '../AccessPolicy.ts';
import { Authenticator } from '../auth/Authenticator.ts';
import { LoginThrottle } from '../auth/LoginThrottle.ts';
import { SessionRevocations } from '../auth/SessionRevocations.ts';
import { SessionService } from '../auth/SessionService.ts';
import { UserLockService } from '../auth/UserLockService.ts';
import { ObjectService } from '../objects/ObjectService.ts';
import { SiteConfig } from '../SiteConfig.ts';
import { AuditLog, HIDDEN_VALUE, type AuditEvent } from './AuditLog.ts';

const env = testLdap();
const IP = '198.51.100.7';
const admin = { dn: env.fdAdminDN, ip: IP };
const registry = new Registry(installedPlugins);
let gateway: LdapGateway;
let base: string;
let siteConfig: SiteConfig;
let n = 0;

/** A fresh audit branch (its own fdAuditRDN) and the services writing to it. */
function setup(values: Record<string, string[]> = {}) {
  const rdn = `ou=audit-${++n}-${randomBytes(2).toString('hex')}`;
  const auditConfig = new SiteConfig(base, { fdAuditRDN: [rdn], ...values });
  const audit = new AuditLog({ gateway, baseDN: base, config: auditConfig, logError: () => {} });
  const access = new SuperAdministratorPolicy(gateway, env.baseDN);
  const objects = new ObjectService({ gateway, registry, config: siteConfig, access, audit });
  return { audit, objects, access, branch: `${rdn},${base}` };
}

async function events(branch: string): Promise<AuditEvent[]> {
  const { eventOf } = await import('./AuditLog.ts');
  const entries = await gateway.searchAll(branch, { scope: 'one', filter: '(objectClass=fdAuditEvent)', attributes: ['*'] }).catch(() => []);
  return entries.map(eventOf);
}

async function only(branch: string): Promise<AuditEvent> {
  const all = await events(branch);
  expect(all).toHaveLength(1);
  return all[0]!;
}

const uid = () => `aud${randomBytes(4).toString('hex')}`;

async function newUser(objects: ObjectService, extra: Record<string, unknown> = {}): Promise<string> {
  const user = await objects.create(admin, 'user', base);
  await objects.setValues(admin, user, 'user', { uid: uid(), givenName: 'Élodie', sn: 'Audit', ...extra });
  return objects.save(admin, user);
}

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  base = await testSubtree('audit');
  siteConfig = await SiteConfig.load(gateway, env.baseDN);
});
afterAll(() => gateway.close());

describe('audit events of object operations', () => {
  it('records a creation: one event per tab, attribute names, author and address', async () => {
    const { objects, branch } = setup();
    const dn = await newUser(objects);
    const e = await only(branch);
    expect(e).toMatchObject({ action: 'create', objectType: 'plugin/user', object: dn, author: env.fdAdminDN, authorIp: IP, result: 'Success' });
    expect(e.attributes).toEqual(expect.arrayContaining(['objectClass', 'uid', 'sn', 'givenName', 'cn']));
    expect(e.changes).toBeUndefined();
    expect(e.dateTime).toMatch(/^\d{14}\.\d{6}Z$/);
    expect(e.dn).toBe(`fdAuditDateTime=${e.dateTime},${branch}`);
    expect(Number(e.id)).toBeGreaterThan(0);
  });

  it('records a modification as one JSON string of new values, hiding the attributes the configuration lists', async () => {
    const { objects, branch, audit } = setup({ fdAuditConfHiddenAttrValues: ['telephoneNumber'] });
    const dn = await newUser(new ObjectService({ gateway, registry, config: siteConfig, access: new SuperAdministratorPolicy(gateway, env.baseDN) }));
    const user = await objects.open(admin, 'user', dn);
    await objects.setValues(admin, user, 'user', { title: ['Ingénieure'], telephoneNumber: '+33 1 23 45 67 89', sn: 'Audité' });
    await objects.save(admin, user);
    const e = await only(branch);
    expect(e).toMatchObject({ action: 'modify', objectType: 'plugin/user', object: dn, author: env.fdAdminDN, authorIp: IP });
    expect(e.changes).toEqual({ sn: ['Audité'], title: ['Ingénieure'], telephoneNumber: [HIDDEN_VALUE], cn: ['Élodie Audité'] });
    // Stored as FusionDirectory 1.5 does: one IA5 value, non-ASCII escaped.
    const raw = (await gateway.read(e.dn, ['fdAuditAttributes']))!.get('fdAuditAttributes');
    expect(raw).toHaveLength(1);
    expect(raw[0]).toContain('Ing\\u00e9nieure');
    expect((await audit.read(e.dn))?.changes?.title).toEqual(['Ingénieure']);
  });

  it('records a tab switched on as a creation of that tab, and switched off as its removal', async () => {
    const { objects, branch } = setup();
    const dn = await newUser(new ObjectService({ gateway, registry, config: siteConfig, access: new SuperAdministratorPolicy(gateway, env.baseDN) }));
    const mail = `${uid()}@example.org`;
    const on = await objects.open(admin, 'user', dn);
    await objects.activateTab(admin, on, 'mailAccount');
    await objects.setValues(admin, on, 'mailAccount', { mail });
    await objects.save(admin, on);
    const created = await only(branch);
    expect(created).toMatchObject({ action: 'create', objectType: 'plugin/mailAccount', object: dn, author: env.fdAdminDN, authorIp: IP, result: 'Success' });
    expect(created.attributes).toEqual(expect.arrayContaining(['objectClass', 'mail']));
    expect(created.attributes).not.toContain('uid');

    const off = await objects.open(admin, 'user', dn);
    await objects.deactivateTab(admin, off, 'mailAccount');
    await objects.save(admin, off);
    const all = await events(branch);
    expect(all).toHaveLength(2);
    const removed = all.find((e) => e.action === 'remove')!;
    expect(removed).toMatchObject({ objectType: 'plugin/mailAccount', object: dn, author: env.fdAdminDN });
    expect(removed.attributes).toEqual(expect.arrayContaining(['mail']));
  });

  it('records a removal', async () => {
    const { objects, branch } = setup();
    const dn = await newUser(new ObjectService({ gateway, registry, config: siteConfig, access: new SuperAdministratorPolicy(gateway, env.baseDN) }));
    await objects.delete(admin, 'user', dn);
    const e = await only(branch);
    expect(e).toMatchObject({ action: 'remove', objectType: 'plugin/user', object: dn, author: env.fdAdminDN, result: 'Success' });
    expect(e.attributes).toEqual(expect.arrayContaining(['uid', 'sn']));
  });

  it('records a password change as a modification whose value is never stored', async () => {
    const { objects, branch } = setup();
    const dn = await newUser(new ObjectService({ gateway, registry, config: siteConfig, access: new SuperAdministratorPolicy(gateway, env.baseDN) }), { userPassword: 'First-secret-1' });
    const user = await objects.open(admin, 'user', dn);
    await objects.setValues(admin, user, 'user', { userPassword: 'Second-secret-2' });
    await objects.save(admin, user);
    const e = await only(branch);
    expect(e).toMatchObject({ action: 'modify', object: dn, changes: { userPassword: [HIDDEN_VALUE] } });
    const raw = (await gateway.read(e.dn, ['fdAuditAttributes']))!.first('fdAuditAttributes')!;
    expect(raw).not.toMatch(/SSHA|Second-secret/);
  });

  it('records an ACL change (a role saved) like any object', async () => {
    const { objects, branch } = setup();
    const role = await objects.create(admin, 'aclRole', base);
    await objects.setValues(admin, role, 'aclRole', { cn: `role-${randomBytes(3).toString('hex')}`, gosaAclTemplate: [{ 'user/user': { '0': 'r' } }] });
    const dn = await objects.save(admin, role);
    const e = await only(branch);
    expect(e).toMatchObject({ action: 'create', objectType: 'plugin/aclRole', object: dn, author: env.fdAdminDN });
    expect(e.attributes).toContain('gosaAclTemplate');
  });

  it('records nothing for actions the configuration leaves out, and nothing when fdLogging is FALSE', async () => {
    const a = setup({ fdAuditActions: ['security'] });
    await newUser(a.objects);
    expect(await events(a.branch)).toHaveLength(0);
    const b = setup({ fdLogging: ['FALSE'] });
    await newUser(b.objects);
    expect(await events(b.branch)).toHaveLength(0);
  });
});

describe('audit events of security operations', () => {
  function sessions(audit: AuditLog) {
    const config = new SiteConfig(env.baseDN, { fdLoginAttribute: ['uid'] });
    return new SessionService({ key: randomBytes(32), directories: [{ name: 'default', authenticator: new Authenticator({ gateway, config }), revocations: new SessionRevocations({ gateway, baseDN: env.baseDN }), lifetimeSeconds: 60, audit }] });
  }

  it('lets instances share a login\'s failed sign-ins through it: the throttle of one counts the failures of another', async () => {
    const { audit } = setup();
    const config = new SiteConfig(env.baseDN, { fdLoginAttribute: ['uid'] });
    const waits: number[] = [];
    const instance = () =>
      new SessionService({
        key: randomBytes(32),
        directories: [{ name: 'default', authenticator: new Authenticator({ gateway, config }), revocations: new SessionRevocations({ gateway, baseDN: env.baseDN }), lifetimeSeconds: 60, audit }],
        throttle: new LoginThrottle({ freeAttempts: 3, baseDelayMs: 100, sleep: async (ms) => void waits.push(ms) }),
      });
    const [first, second] = [instance(), instance()];
    const fail = (s: SessionService, ip: string) => expect(s.login({ user: 'fd-admin', password: 'wrong', ip })).rejects.toMatchObject({ code: 'auth.failed' });
    // Three failures on the first instance, from three addresses: none is slowed down there.
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) await fail(first, ip);
    expect(waits).toEqual([]);
    // The second instance never saw this login fail, yet slows the next attempt down.
    await fail(second, '192.0.2.4');
    expect(waits).toEqual([100]);
    // The rightful user pays the same delay once (four failures now, wherever they happened)…
    await first.login({ user: 'fd-admin', password: env.fdAdminPassword, ip: '192.0.2.5' });
    expect(waits).toEqual([100, 200]);
    // …and his successful sign-in starts the count again on every instance.
    await fail(second, '192.0.2.6');
    expect(waits).toEqual([100, 200]);
  });

  it('records a sign-in', async () => {
    const { audit, branch } = setup();
    await sessions(audit).login({ user: 'fd-admin', password: env.fdAdminPassword, ip: IP });
    expect(await only(branch)).toMatchObject({ action: 'security', objectType: 'login', object: 'fd-admin', author: env.fdAdminDN, authorIp: IP, result: 'Logged in successfully' });
  });

  it('records a failed sign-in with the address as author', async () => {
    const { audit, branch } = setup();
    await expect(sessions(audit).login({ user: 'fd-admin', password: 'wrong', ip: IP })).rejects.toMatchObject({ code: 'auth.failed' });
    const e = await only(branch);
    expect(e).toMatchObject({ action: 'security', objectType: 'login failure', object: 'fd-admin', author: IP, authorIp: IP });
    expect(e.result).toMatch(/^Authentication failed: /);
    expect(e.result).not.toContain('wrong');
  });

  it('records a sign-out', async () => {
    const { audit, branch } = setup({ fdAuditActions: ['security'] });
    const s = sessions(audit);
    const { session } = await s.login({ user: 'fd-admin', password: env.fdAdminPassword, ip: IP });
    await s.logout(session, { ip: IP });
    const all = (await events(branch)).filter((e) => e.objectType === 'logout');
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ action: 'security', object: env.fdAdminDN, author: env.fdAdminDN, authorIp: IP, result: 'Logged out (Sign out)' });
  });

  it('records a lock and an unlock, one event each', async () => {
    const { audit, branch, access } = setup();
    const dn = await newUser(new ObjectService({ gateway, registry, config: siteConfig, access }), { userPassword: 'Lock-me-1' });
    const locks = new UserLockService({ gateway, access, baseDN: env.baseDN, audit });
    await locks.setLocked(admin, dn, true);
    expect(await only(branch)).toMatchObject({ action: 'security', objectType: 'account', object: dn, author: env.fdAdminDN, authorIp: IP, result: `DN : ${dn} is locked.` });
    await locks.setLocked(admin, dn, false);
    const unlock = (await events(branch)).filter((e) => e.result.endsWith('is unlocked.'));
    expect(unlock).toHaveLength(1);
    expect(unlock[0]).toMatchObject({ action: 'security', objectType: 'account', object: dn });
  });

  it('records a task run that did something as one event with its summary, and nothing for an idle pass', async () => {
    const { audit, branch } = setup();
    const summaries = [
      { reclaimed: 0, activated: 0, endpoints: { mail: { completed: 3, failed: 1, removed: 0 } }, errors: [] },
      { reclaimed: 0, activated: 0, endpoints: {}, errors: [] },
    ];
    const worker = new Worker({ directories: [{ name: 'default', engine: { pass: async () => summaries.shift()! }, audit }], owner: 'test-worker' });
    await worker.runOnce();
    await worker.runOnce();
    const e = await only(branch);
    expect(e).toMatchObject({ action: 'modify', objectType: 'tasks', object: 'none', author: 'worker test-worker', result: 'default: mail 3 done/1 failed' });
  });
});

describe('when an event cannot be written', () => {
  it('retries once, then reports the failure (the object change stays made)', async () => {
    const logged: string[] = [];
    const auditConfig = new SiteConfig(base, { fdAuditRDN: ['ou=missing,ou=nowhere'] });
    const audit = new AuditLog({ gateway, baseDN: base, config: auditConfig, logError: (m) => logged.push(m) });
    const objects = new ObjectService({ gateway, registry, config: siteConfig, access: new SuperAdministratorPolicy(gateway, env.baseDN), audit });
    const user = await objects.create(admin, 'user', base);
    const login = uid();
    await objects.setValues(admin, user, 'user', { uid: login, givenName: 'A', sn: 'B', userPassword: 'Never-logged-1' });
    await expect(objects.save(admin, user)).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/^The operation was done but its audit event could not be written/) });
    expect(await gateway.read(`uid=${login},ou=people,${base}`, ['1.1'])).not.toBeNull();
    expect(logged).toHaveLength(1);
    expect(logged[0]).not.toContain('Never-logged-1');
  });
});

describe('events written by FusionDirectory 1.5', () => {
  let audit: AuditLog;
  let userDn: string;
  let userUid: string;
  let fixtureBase: string;
  beforeAll(async () => {
    fixtureBase = await testSubtree('audit-fd');
    userUid = uid();
    userDn = `uid=${userUid},ou=people,${fixtureBase}`;
    await loadFixture(gateway, 'fd-audit.ldif', { USERDN: userDn, USERUID: userUid, ADMINDN: env.fdAdminDN, BASE: fixtureBase });
    audit = new AuditLog({ gateway, baseDN: fixtureBase, config: new SiteConfig(fixtureBase, {}) });
  });

  it('lists them newest first, both formats decoded, paged with a cursor', async () => {
    const first = await audit.search({ limit: 3 });
    expect(first.events.map((e) => e.dateTime)).toEqual(['20250224160000.000000Z', '20250224151200.5Z', '20250224151012.000042Z']);
    expect(first.events[2]!.changes).toEqual({ userPassword: [HIDDEN_VALUE], title: ['Ingénieure'] });
    const second = await audit.search({ limit: 3, cursor: first.nextCursor! });
    expect(second.events.map((e) => e.dateTime)).toEqual(['20250224150800.123456Z', '20230110090000.000001Z', '20230110090000.000001Z']);
    const third = await audit.search({ limit: 3, cursor: second.nextCursor! });
    expect(third.events).toHaveLength(1);
    expect(third.events[0]).toMatchObject({ attributes: ['userPassword', 'sn'], objectType: 'user/user' });
    expect(third.events[0]!.changes).toBeUndefined();
    expect(third.nextCursor).toBeUndefined();
  });

  it('filters by author, action, type, object and date range (values escaped)', async () => {
    expect((await audit.search({ author: '192.0.2.99' })).events.map((e) => e.objectType)).toEqual(['login failure']);
    expect((await audit.search({ action: 'security' })).events).toHaveLength(3);
    expect((await audit.search({ type: 'plugin/user' })).events).toHaveLength(2);
    expect((await audit.search({ object: userUid })).events).toHaveLength(2);
    expect((await audit.search({ author: '*' })).events).toHaveLength(0);
    const range = await audit.search({ from: new Date('2025-02-24T15:09:00Z'), to: new Date('2025-02-24T15:30:00Z') });
    expect(range.events.map((e) => e.dateTime)).toEqual(['20250224151200.5Z', '20250224151012.000042Z']);
  });

  it('gives the user\'s Security tab: sign-ins, failures, lock, password and second-factor changes, both formats', async () => {
    const list = await audit.securityEvents({ dn: userDn, uid: userUid });
    expect(list.map((e) => [e.objectType, e.dateTime])).toEqual([
      ['plugin/webauthnAccount', '20250224151200.5Z'],
      ['plugin/user', '20250224151012.000042Z'],
      ['login', '20250224150800.123456Z'],
      ['login failure', '20230110090000.000001Z'],
      ['account', '20230110090000.000001Z'],
      ['user/user', '20230110080000.000001Z'],
    ]);
  });
});
