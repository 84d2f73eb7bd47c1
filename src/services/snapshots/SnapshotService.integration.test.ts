// Snapshots against the run's slapd: a snapshot written by FusionDirectory is listed and restored, Trousseau's are
// stored as FusionDirectory stores them (and hold what `ldapsearch -LLL` prints), restore of deleted objects, rights,
// retention, automatic snapshots before a save, and one audit event per operation.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { fixtureRecords } from '../../../test/ldifFixture.ts';
import { AppError } from '../../errors/AppError.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { Registry } from '../../model/Registry.ts';
import { installedPlugins } from '../../plugins/index.ts';
import { AclPolicy } from '../acl/AclPolicy.ts';
import { AuditLog } from '../audit/AuditLog.ts';
import { ObjectService } from '../objects/ObjectService.ts';
import { SiteConfig } from '../SiteConfig.ts';
import { readSnapshotLdif } from './snapshotLdif.ts';
import { SnapshotService } from './SnapshotService.ts';

const env = testLdap();
const tag = randomBytes(3).toString('hex');
const admin = { dn: env.fdAdminDN, ip: '192.0.2.7' };
const registry = new Registry(installedPlugins);
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
let gateway: LdapGateway;
let base: string;
let people: string;
let snapBase: string;
let baseConfig: Record<string, string[]>;
let audit: AuditLog;

function config(extra: Record<string, string | string[]> = {}): SiteConfig {
  const values: Record<string, string[]> = { ...baseConfig, fdEnableSnapshots: ['TRUE'], fdSnapshotBase: [snapBase], fdAuditActions: ['snapshot'] };
  for (const [k, v] of Object.entries(extra)) values[k] = Array.isArray(v) ? v : [v];
  return new SiteConfig(env.baseDN, values);
}

function service(extra: Record<string, string | string[]> = {}, now?: () => number): SnapshotService {
  return new SnapshotService({ gateway, registry, config: config(extra), access: new AclPolicy({ gateway, baseDN: env.baseDN, ignoreAclDN: env.fdAdminDN }), audit, ...(now ? { now } : {}) });
}

async function expectAppError(promise: Promise<unknown>, expected: Partial<AppError>): Promise<void> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject(expected);
}

let counter = 0;
/** A user written directly, as another tool would. */
async function addUser(name: string, extra: Record<string, string | string[] | Buffer> = {}): Promise<string> {
  const uid = `snap-${name}-${tag}-${++counter}`;
  const dn = `uid=${uid},${people}`;
  await gateway.add(dn, { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'], uid, cn: `${name} Test`, sn: 'Test', ...extra });
  return dn;
}

/** The audit events of one snapshot DN. */
async function eventsOf(snapshotDn: string) {
  return (await audit.search({ object: snapshotDn, limit: 50 })).events.map((e) => ({ action: e.action, objectType: e.objectType, author: e.author, authorIp: e.authorIp }));
}

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  base = await testSubtree('snapshots');
  people = `ou=people,${base}`;
  snapBase = `ou=snapshots,${base}`;
  await gateway.add(people, { objectClass: 'organizationalUnit', ou: 'people' });
  const entry = await gateway.read(SiteConfig.configDN(env.baseDN), ['*']);
  baseConfig = {};
  for (const name of entry?.names() ?? []) if (/^fd/i.test(name)) baseConfig[name] = entry!.get(name);
  audit = new AuditLog({ gateway, baseDN: env.baseDN, config: config() });
});
afterAll(() => gateway.close());

describe("a snapshot written by FusionDirectory", () => {
  it('is listed for its object and restored: the values back, an attribute added since removed', async () => {
    const uid = `fdsnap-${tag}`;
    const objectDn = `uid=${uid},${people}`;
    const ldif = readFileSync(path.resolve(import.meta.dirname, '../../../test/fixtures/fd-snapshot-user.ldif'), 'utf8').replaceAll('UID', uid).replaceAll('BASE', base);
    // The user as FusionDirectory saw him, then changed since.
    const [user] = readSnapshotLdif(ldif);
    await gateway.add(user!.dn, Object.fromEntries(user!.attributes.map((a) => [a.name, a.values])));
    await gateway.modify(objectDn, [
      { operation: 'replace', attribute: 'title', values: ['Dean'] },
      { operation: 'replace', attribute: 'givenName', values: ['Elo'] },
      { operation: 'add', attribute: 'roomNumber', values: ['C-204'] },
    ]);
    const stamp = '1700000000-012345600';
    const hash = createHash('md5').update(ldif).digest('hex');
    const [record] = fixtureRecords('fd-snapshot.ldif', { SNAPROOT: snapBase, STAMP: stamp, DEPT: base.split(',')[0]!, UID: uid, HASH: hash, BASE: base });
    await ensure(`ou=people,${base.split(',')[0]},${snapBase}`);
    await gateway.add(record!.dn, { ...record!.attributes, gosaSnapshotData: deflateSync(Buffer.from(ldif, 'utf8'), { level: 6 }) });

    const snapshots = service();
    const listed = await snapshots.list(admin, 'user', objectDn);
    expect(listed).toEqual([{ dn: record!.dn, objectDn, type: 'user', createdAt: '2023-11-14T22:13:20.012Z', description: 'Before the move to building C', source: 'FD' }]);

    const restored = await snapshots.restore(admin, 'user', record!.dn);
    expect(restored.dn).toBe(objectDn);
    const after = (await gateway.read(objectDn, ['*', 'entryCSN']))!;
    expect(restored.etag).toBe(after.first('entryCSN'));
    expect(after.get('title')).toEqual(['Head of the student records office of the faculty of sciences, building B, second floor']);
    expect(after.get('givenName')).toEqual(['Élodie']);
    expect(after.get('description')).toEqual(['Responsable du service de la scolarité et des examens de la faculté des sciences, bâtiment B']);
    expect(after.has('roomNumber')).toBe(false);
    expect(await eventsOf(record!.dn)).toEqual([{ action: 'snapshot', objectType: 'restore', author: env.fdAdminDN, authorIp: '192.0.2.7' }]);
  });
});

/** Creates the `ou=` branches of `dn` below the test subtree that are missing. */
async function ensure(dn: string): Promise<void> {
  if (await gateway.read(dn, ['1.1'])) return;
  const parent = dn.slice(dn.indexOf(',') + 1);
  if (parent.toLowerCase() !== base.toLowerCase()) await ensure(parent);
  await gateway.add(dn, { objectClass: 'organizationalUnit', ou: dn.slice(3, dn.indexOf(',')) });
}

describe("Trousseau's snapshots", () => {
  it("are stored with exactly FusionDirectory's attributes, holding what ldapsearch -LLL prints, with its md5", async () => {
    const objectDn = await addUser('store', {
      givenName: 'Zoë',
      description: 'A long description that ldapsearch folds because it is well over seventy-eight columns wide, twice over.',
      title: ' leading space',
      jpegPhoto: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
      userPassword: '{SSHA}notarealhashbutprintable',
    });
    const snapshots = service();
    const info = await snapshots.create(admin, 'user', objectDn, { description: 'Before the reorganisation' });
    const container = `ou=people,${base.split(',')[0]},${snapBase}`;
    expect(info.dn).toMatch(/^gosaSnapshotTimestamp=\d{10}-\d{9},/);
    expect(info.dn.toLowerCase()).toBe(`${info.dn.split(',')[0]},${container}`.toLowerCase());
    expect(info).toMatchObject({ objectDn, type: 'user', description: 'Before the reorganisation', source: 'FD' });
    expect(Math.abs(Date.parse(info.createdAt) - Date.now())).toBeLessThan(60_000);

    const stored = (await gateway.read(info.dn, ['*'], { binaryAttributes: ['gosaSnapshotData'] }))!;
    expect(stored.names().sort()).toEqual(['description', 'fdSnapshotDataSource', 'fdSnapshotHash', 'fdSnapshotObjectType', 'gosaSnapshotDN', 'gosaSnapshotData', 'gosaSnapshotTimestamp', 'objectClass']);
    expect(stored.get('objectClass').sort()).toEqual(['gosaSnapshotObject', 'top']);
    expect(stored.first('fdSnapshotObjectType')).toBe('USER');
    expect(stored.first('gosaSnapshotDN')).toBe(objectDn);
    expect(stored.first('gosaSnapshotTimestamp')).toBe(info.dn.split(',')[0]!.split('=')[1]);

    const ldif = inflateSync(stored.buffers('gosaSnapshotData')[0]!).toString('utf8');
    expect(createHash('md5').update(ldif).digest('hex')).toBe(stored.first('fdSnapshotHash'));
    // Byte for byte what FusionDirectory's ldapsearch would have stored.
    const printed = execFileSync('ldapsearch', ['-x', '-LLL', '-H', env.url, '-D', env.adminDN, '-w', env.adminPassword, '-b', objectDn, '(!(objectClass=gosaDepartment))'], { encoding: 'utf8' });
    expect(ldif).toBe(printed);
    // The reader gives the entry back.
    const user = (await gateway.read(objectDn, ['*']))!;
    const [parsed] = readSnapshotLdif(ldif);
    expect(parsed!.dn).toBe(objectDn);
    expect(Object.fromEntries(parsed!.attributes.map((a) => [a.name, a.values.map((v) => (typeof v === 'string' ? v : v.toString('hex')))]))).toEqual(
      Object.fromEntries(user.names().map((n) => [n, user.buffers(n).map((b, i) => (n === 'jpegPhoto' ? b.toString('hex') : user.get(n)[i]))])),
    );
    expect(await eventsOf(info.dn)).toEqual([{ action: 'snapshot', objectType: 'create', author: env.fdAdminDN, authorIp: '192.0.2.7' }]);
  });

  it('need a description, and a source among fdSnapshotSourceData', async () => {
    const objectDn = await addUser('source');
    const snapshots = service({ fdSnapshotSourceData: ['SIHAM', 'APOGEE'] });
    await expectAppError(snapshots.create(admin, 'user', objectDn, { description: '  ' }), { code: 'value.invalid', attribute: 'description' });
    await expectAppError(snapshots.create(admin, 'user', objectDn, { description: 'x', source: 'LDAP' }), { code: 'value.invalid', attribute: 'source' });
    expect((await snapshots.create(admin, 'user', objectDn, { description: 'import', source: 'SIHAM' })).source).toBe('SIHAM');
    expect(await snapshots.list(admin, 'user', objectDn)).toHaveLength(1);
  });

  it('are deleted one by one, with their audit event', async () => {
    const objectDn = await addUser('delete');
    const snapshots = service();
    const info = await snapshots.create(admin, 'user', objectDn, { description: 'one' });
    await snapshots.delete(admin, 'user', info.dn);
    expect(await snapshots.list(admin, 'user', objectDn)).toEqual([]);
    expect(await eventsOf(info.dn)).toEqual([
      { action: 'snapshot', objectType: 'delete', author: env.fdAdminDN, authorIp: '192.0.2.7' },
      { action: 'snapshot', objectType: 'create', author: env.fdAdminDN, authorIp: '192.0.2.7' },
    ]);
    await expectAppError(snapshots.delete(admin, 'user', info.dn), { code: 'object.not_found' });
    await expectAppError(snapshots.delete(admin, 'user', objectDn), { code: 'value.invalid', attribute: 'snapshot' });
  });

  it('are refused for types that opt out, and when disabled', async () => {
    const objectDn = await addUser('disabled');
    await expectAppError(service().create(admin, 'department', base, { description: 'x' }), { code: 'value.invalid', attribute: 'type' });
    const off = service({ fdEnableSnapshots: 'FALSE' });
    await expectAppError(off.create(admin, 'user', objectDn, { description: 'x' }), { code: 'feature.unavailable' });
    expect(await off.list(admin, 'user', objectDn)).toEqual([]);
  });
});

describe('restoring a deleted object', () => {
  it('lists it among the deleted objects of its department, adds it back with its children', async () => {
    const objectDn = await addUser('gone', { title: 'Librarian' });
    await gateway.add(`cn=child,${objectDn}`, { objectClass: 'organizationalRole', cn: 'child' });
    const snapshots = service();
    const info = await snapshots.create(admin, 'user', objectDn, { description: 'before deletion' });
    expect(await snapshots.deleted(admin, 'user', base)).toEqual([]);
    await gateway.delete(`cn=child,${objectDn}`);
    await gateway.delete(objectDn);
    expect((await snapshots.deleted(admin, 'user', base)).map((s) => s.dn)).toEqual([info.dn]);
    expect(await snapshots.deleted(admin, 'ogroup', base)).toEqual([]);
    await snapshots.restore(admin, 'user', info.dn);
    expect((await gateway.read(objectDn, ['title']))?.get('title')).toEqual(['Librarian']);
    expect(await gateway.read(`cn=child,${objectDn}`, ['cn'])).not.toBeNull();
    expect(await snapshots.deleted(admin, 'user', base)).toEqual([]);
  });

  it('leaves children that are not in the snapshot alone', async () => {
    const objectDn = await addUser('extra');
    const snapshots = service();
    const info = await snapshots.create(admin, 'user', objectDn, { description: 'no child' });
    await gateway.add(`cn=later,${objectDn}`, { objectClass: 'organizationalRole', cn: 'later' });
    await snapshots.restore(admin, 'user', info.dn);
    expect(await gateway.read(`cn=later,${objectDn}`, ['cn'])).not.toBeNull();
  });
});

describe('rights', () => {
  let delegate: { dn: string };
  let restorer: { dn: string };
  let objectDn: string;
  let goneDn: string;
  let snapshotDn: string;
  let goneSnapshotDn: string;

  beforeAll(async () => {
    objectDn = await addUser('target', { title: 'Before' });
    goneDn = await addUser('target-gone');
    delegate = { dn: await addUser('reader') };
    restorer = { dn: await addUser('restorer') };
    const roles = `ou=aclroles,${base}`;
    await gateway.add(roles, { objectClass: 'organizationalUnit', ou: 'aclroles' });
    const reader = `cn=snap-reader-${tag},${roles}`;
    const over = `cn=snap-over-${tag},${roles}`;
    await gateway.add(reader, { objectClass: ['top', 'gosaRole'], cn: `snap-reader-${tag}`, gosaAclTemplate: '0:user/SnapshotHandler;r' });
    await gateway.add(over, { objectClass: ['top', 'gosaRole'], cn: `snap-over-${tag}`, gosaAclTemplate: '0:user/SnapshotHandler;r#restore_over;w' });
    await gateway.modify(base, [
      { operation: 'add', attribute: 'objectClass', values: ['gosaAcl'] },
      { operation: 'add', attribute: 'gosaAclEntry', values: [`0:subtree:${b64(reader)}:${b64(delegate.dn)}::`, `1:subtree:${b64(over)}:${b64(restorer.dn)}::`] },
    ]);
    const snapshots = service();
    snapshotDn = (await snapshots.create(admin, 'user', objectDn, { description: 'rights' })).dn;
    goneSnapshotDn = (await snapshots.create(admin, 'user', goneDn, { description: 'rights' })).dn;
    await gateway.delete(goneDn);
  });

  it('lets a delegate with r list, and nothing else', async () => {
    const snapshots = service();
    expect((await snapshots.list(delegate, 'user', objectDn)).map((s) => s.dn)).toEqual([snapshotDn]);
    expect(await snapshots.rights(delegate, 'user', objectDn)).toEqual({ create: false, list: true, delete: false, restoreOver: false, restoreDeleted: false });
    await expectAppError(snapshots.create(delegate, 'user', objectDn, { description: 'x' }), { code: 'acl.denied' });
    await expectAppError(snapshots.delete(delegate, 'user', snapshotDn), { code: 'acl.denied' });
    await expectAppError(snapshots.restore(delegate, 'user', snapshotDn), { code: 'acl.denied' });
    await expectAppError(snapshots.restore(delegate, 'user', goneSnapshotDn), { code: 'acl.denied' });
    await expectAppError(snapshots.list(restorer, 'ogroup', objectDn), { code: 'acl.denied' });
    expect(await gateway.read(goneDn, ['1.1'])).toBeNull();
  });

  it('restores over an existing object with restore_over, not a deleted one without restore_deleted', async () => {
    const snapshots = service();
    await gateway.modify(objectDn, [{ operation: 'replace', attribute: 'title', values: ['After'] }]);
    await snapshots.restore(restorer, 'user', snapshotDn);
    expect((await gateway.read(objectDn, ['title']))?.get('title')).toEqual(['Before']);
    await expectAppError(snapshots.restore(restorer, 'user', goneSnapshotDn), { code: 'acl.denied' });
    expect(await gateway.read(goneDn, ['1.1'])).toBeNull();
  });
});

describe('retention', () => {
  const DAY = 86_400_000;
  it('deletes snapshots older than fdSnapshotRetentionDays, oldest first, keeping fdSnapshotMinRetention', async () => {
    const objectDn = await addUser('retention');
    let clock = Date.now() - 10 * DAY;
    const old = service({}, () => clock);
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      clock += 1000;
      made.push((await old.create(admin, 'user', objectDn, { description: `old ${i}` })).dn);
    }
    clock = Date.now();
    const kept = service({ fdSnapshotRetentionDays: '3', fdSnapshotMinRetention: '2' }, () => clock);
    const fresh = await kept.create(admin, 'user', objectDn, { description: 'new' });
    expect((await kept.list(admin, 'user', objectDn)).map((s) => s.description)).toEqual(['new', 'old 2']);
    expect(await eventsOf(made[0]!)).toEqual([expect.objectContaining({ objectType: 'delete' }), expect.objectContaining({ objectType: 'create' })]);
    // Days alone: every snapshot older than that goes.
    const daysOnly = service({ fdSnapshotRetentionDays: '3' }, () => clock);
    await daysOnly.create(admin, 'user', objectDn, { description: 'newer' });
    expect((await daysOnly.list(admin, 'user', objectDn)).map((s) => s.dn)).toEqual([expect.any(String), fresh.dn]);
  });
});

describe('automatic snapshots', () => {
  it('are taken before a save modifies an object, unless the latest snapshot has the same state', async () => {
    const objectDn = await addUser('auto', { title: 'First', givenName: 'Auto' });
    const snapshots = service({ fdEnableAutomaticSnapshots: 'TRUE' });
    const objects = new ObjectService({ gateway, registry, config: config({ fdEnableAutomaticSnapshots: 'TRUE' }), access: new AclPolicy({ gateway, baseDN: env.baseDN, ignoreAclDN: env.fdAdminDN }), beforeModify: (actor, obj) => snapshots.beforeModify(actor, obj) });
    const edit = async (title: string) => {
      const obj = await objects.open(admin, 'user', objectDn);
      await objects.setValues(admin, obj, 'user', { title: [title] });
      await objects.save(admin, obj);
    };
    await edit('Second');
    const first = await snapshots.list(admin, 'user', objectDn);
    expect(first).toMatchObject([{ description: 'automatic snapshot', source: 'FD' }]);
    const [held] = await snapshots.contents(first[0]!.dn);
    expect(held!.attributes.find((a) => a.name === 'title')?.values).toEqual(['First']);
    expect(await eventsOf(first[0]!.dn)).toEqual([{ action: 'snapshot', objectType: 'create', author: env.fdAdminDN, authorIp: '192.0.2.7' }]);
    // A manual snapshot of the current state: the next save takes none.
    await snapshots.create(admin, 'user', objectDn, { description: 'manual' });
    await edit('Third');
    expect((await snapshots.list(admin, 'user', objectDn)).map((s) => s.description)).toEqual(['manual', 'automatic snapshot']);
    await edit('Fourth');
    expect((await snapshots.list(admin, 'user', objectDn)).map((s) => s.description)).toEqual(['automatic snapshot', 'manual', 'automatic snapshot']);
    // Not when automatic snapshots are off.
    const plain = new ObjectService({ gateway, registry, config: config(), access: new AclPolicy({ gateway, baseDN: env.baseDN, ignoreAclDN: env.fdAdminDN }), beforeModify: (actor, obj) => service().beforeModify(actor, obj) });
    const obj = await plain.open(admin, 'user', objectDn);
    await plain.setValues(admin, obj, 'user', { title: ['Fifth'] });
    await plain.save(admin, obj);
    expect(await snapshots.list(admin, 'user', objectDn)).toHaveLength(3);
  });
});
