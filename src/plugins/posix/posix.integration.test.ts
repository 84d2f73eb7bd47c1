import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap } from '../../../test/harness.ts';
import { loadFixture } from '../../../test/ldifFixture.ts';
import { AppError } from '../../errors/AppError.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { Registry } from '../../model/Registry.ts';
import { SuperAdministratorPolicy } from '../../services/AccessPolicy.ts';
import { ObjectService } from '../../services/objects/ObjectService.ts';
import { SiteConfig } from '../../services/SiteConfig.ts';
import { corePlugin } from '../core/index.ts';
import { gecosOf, posixPlugin } from './index.ts';

const env = testLdap();
const admin = { dn: env.fdAdminDN };
let gateway: LdapGateway;
let service: ObjectService;
let base: string;

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword }, poolSize: 8 });
  // A department of its own holding its own configuration and id counter.
  base = `o=posix-${Date.now()},${env.baseDN}`;
  await gateway.add(base, { objectClass: ['organization', 'gosaDepartment'], o: base.slice(2, base.indexOf(',')), ou: 'posix', description: 'posix tests' });
  // Numbers from 61100 up: the test directory's unique overlay keeps uidNumber unique across test files.
  const config = new SiteConfig(base, { fdShells: ['/bin/bash', '/bin/zsh'], fdGroupRDN: ['ou=groups'], fdUidNumberBase: ['61100'], fdGidNumberBase: ['61100'] });
  const access = new SuperAdministratorPolicy(gateway, env.baseDN);
  service = new ObjectService({ gateway, registry: new Registry([corePlugin, posixPlugin]), config, access });
});
afterAll(() => gateway.close());

async function unixUser(uid: string, unix: Record<string, unknown> = {}) {
  const user = await service.create(admin, 'user', base);
  await service.setValues(admin, user, 'user', { uid, givenName: 'Zoë', sn: 'Ørsted' });
  await service.setValues(admin, user, 'posixAccount', { homeDirectory: `/home/${uid}`, loginShell: '/bin/bash', ...unix });
  return user;
}

describe('the posix plugin', () => {
  it('gives a new Unix account a uidNumber, a primary group named after it, and its gecos', async () => {
    const dn = await service.save(admin, await unixUser('pxzorsted'));
    const entry = (await gateway.read(dn, ['*']))!;
    expect(entry.get('objectClass')).toEqual(expect.arrayContaining(['posixAccount', 'shadowAccount']));
    const uidNumber = Number(entry.first('uidNumber'));
    expect(uidNumber).toBeGreaterThan(61100);
    // "Zoë Ørsted": Ø has no ASCII form, so no gecos (FusionDirectory's rule); "Léa Martin" becomes "Lea Martin".
    expect(entry.has('gecos')).toBe(false);
    expect(Number(entry.first('shadowLastChange'))).toBe(Math.floor(Date.now() / 86_400_000));
    const group = (await gateway.read(`cn=pxzorsted,ou=groups,${base}`, ['*']))!;
    expect(group.first('gidNumber')).toBe(entry.first('gidNumber'));
    expect(group.get('memberUid')).toEqual(['pxzorsted']);
    expect(gecosOf('Léa Martin')).toBe('Lea Martin');
  });

  it('takes a uidNumber set with the attribute, and reads it back', async () => {
    const dn = await service.save(admin, await unixUser('forced', { uidNumber: 64242, gidNumber: 64242 }));
    const opened = await service.open(admin, 'user', dn);
    expect((await service.readTab(admin, opened, 'posixAccount')).uidNumber).toBe(64242);
    await service.setValues(admin, opened, 'posixAccount', { uidNumber: 64343 });
    await service.save(admin, opened);
    expect((await gateway.read(dn, ['uidNumber']))!.first('uidNumber')).toBe('64343');
  });

  it('refuses a uidNumber another account has', async () => {
    const user = await unixUser('copycat', { uidNumber: 64343, gidNumber: 100 });
    await expect(service.save(admin, user)).rejects.toMatchObject({ code: 'value.invalid', tab: 'posixAccount', attribute: 'uidNumber' });
  });

  it('checks the password ageing values together', async () => {
    const user = await unixUser('ageing', { shadowWarning: 7, shadowMin: 3 });
    const err = (await service.save(admin, user).catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.details).toEqual([expect.objectContaining({ tab: 'posixAccount', attribute: 'shadowWarning', code: 'value.shadow' })]);
  });

  it('gives 100 users created at once 100 distinct uidNumbers', async () => {
    const users = await Promise.all(Array.from({ length: 100 }, (_, i) => unixUser(`par${i}`)));
    const dns = await Promise.all(users.map((u) => service.save(admin, u)));
    const numbers = await Promise.all(dns.map(async (dn) => (await gateway.read(dn, ['uidNumber', 'gidNumber']))!));
    expect(new Set(numbers.map((e) => e.first('uidNumber'))).size).toBe(100);
    expect(new Set(numbers.map((e) => e.first('gidNumber'))).size).toBe(100);
  }, 60_000);

  it('deactivates the Unix tab, removing its classes and attributes', async () => {
    const dn = await service.save(admin, await unixUser('dropunix'));
    const opened = await service.open(admin, 'user', dn);
    await service.deactivateTab(admin, opened, 'posixAccount');
    await service.save(admin, opened);
    const entry = (await gateway.read(dn, ['*']))!;
    expect(entry.get('objectClass')).not.toContain('posixAccount');
    expect(entry.has('uidNumber')).toBe(false);
    expect(entry.has('homeDirectory')).toBe(false);
  });

  it('creates users from a FusionDirectory template, asking only its %askme% fields and keeping uids unique', async () => {
    await gateway.add(`ou=people,${base}`, { objectClass: 'organizationalUnit', ou: 'people' }).catch(() => undefined);
    await loadFixture(gateway, 'user-template.ldif', { BASE: base });
    const templateDn = `cn=staff,ou=templates,ou=people,${base}`;
    // As FusionDirectory: the base, then the %askme% fields.
    expect(await service.templateFields(admin, 'user', templateDn)).toEqual({ user: ['base', 'givenName', 'sn'] });
    const first = await service.createFromTemplate(admin, 'user', templateDn, { user: { givenName: 'Élodie', sn: 'Durand' } });
    const dn1 = await service.save(admin, first);
    expect(dn1).toBe(`uid=edurand,ou=people,${base}`);
    const e1 = (await gateway.read(dn1, ['*']))!;
    expect(e1.attributes).toMatchObject({ cn: ['Élodie Durand'], homeDirectory: ['/home/edurand'], title: ['Staff'], loginShell: ['/bin/bash'], description: ['Created from the staff template by fd-admin'] });
    expect(e1.get('objectClass')).toEqual(expect.arrayContaining(['posixAccount', 'shadowAccount']));
    expect(Number(e1.first('uidNumber'))).toBeGreaterThan(61100);
    // The same names again: the n modifier makes the uid unique.
    const second = await service.createFromTemplate(admin, 'user', templateDn, { user: { givenName: 'Emile', sn: 'Durand' } });
    expect(await service.save(admin, second)).toBe(`uid=edurand1,ou=people,${base}`);
    // The template itself is not a user.
    expect((await service.list(admin, 'user', { base, attributes: ['uid'] })).entries.map((e) => e.dn)).not.toContain(templateDn);
    expect((await service.list(admin, 'user', { base, templates: true })).entries.map((e) => e.dn)).toEqual([templateDn]);
  });

  it("follows a user's login in POSIX groups' memberUid when it is renamed or deleted", async () => {
    const dn = await service.save(admin, await unixUser('renamable'));
    const group = await service.create(admin, 'group', base);
    await service.setValues(admin, group, 'posixGroup', { cn: 'followers', memberUid: ['renamable', 'someone'] });
    const groupDn = await service.save(admin, group);
    const opened = await service.open(admin, 'user', dn);
    await service.setValues(admin, opened, 'user', { uid: 'renamed' });
    const newDn = await service.save(admin, opened);
    expect((await gateway.read(groupDn, ['memberUid']))!.get('memberUid').sort()).toEqual(['renamed', 'someone']);
    // Its own primary group kept the old name but lists the new login.
    expect((await gateway.read(`cn=renamable,ou=groups,${base}`, ['memberUid']))!.get('memberUid')).toEqual(['renamed']);
    await service.delete(admin, 'user', newDn);
    expect((await gateway.read(groupDn, ['memberUid']))!.get('memberUid')).toEqual(['someone']);
  });

  it('copies a user to a new one with fresh ids, leaving the original untouched', async () => {
    const dn = await service.save(admin, await unixUser('original', { uidNumber: 65000, gidNumber: 65000 }));
    const copy = await service.copy(admin, 'user', dn);
    await service.setValues(admin, copy, 'user', { uid: 'thecopy' });
    await service.setValues(admin, copy, 'posixAccount', { homeDirectory: '/home/thecopy' });
    const copyDn = await service.save(admin, copy);
    expect(copyDn).toBe(`uid=thecopy,ou=people,${base}`);
    const [a, b] = [(await gateway.read(dn, ['*']))!, (await gateway.read(copyDn, ['*']))!];
    expect(b.first('sn')).toBe(a.first('sn'));
    expect(b.first('loginShell')).toBe(a.first('loginShell'));
    expect(b.first('uidNumber')).not.toBe(a.first('uidNumber'));
    expect(a.first('uidNumber')).toBe('65000');
  });

  it("moves users to their primary group's new gidNumber when the group's changes", async () => {
    const dn = await service.save(admin, await unixUser('gidfollower'));
    const groupDn = `cn=gidfollower,ou=groups,${base}`;
    const group = await service.open(admin, 'group', groupDn);
    await service.setValues(admin, group, 'posixGroup', { gidNumber: 66666 });
    await service.save(admin, group);
    expect((await gateway.read(dn, ['gidNumber']))!.first('gidNumber')).toBe('66666');
  });

  it('gives POSIX groups a gidNumber too', async () => {
    const group = await service.create(admin, 'group', base);
    await service.setValues(admin, group, 'posixGroup', { cn: 'devs', memberUid: ['pxzorsted', 'forced'] });
    const dn = await service.save(admin, group);
    const entry = (await gateway.read(dn, ['gidNumber', 'memberUid']))!;
    expect(Number(entry.first('gidNumber'))).toBeGreaterThan(61100);
    expect(entry.get('memberUid')).toEqual(['forced', 'pxzorsted']);
  });
});
