import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { Registry } from '../../model/Registry.ts';
import { SuperAdministratorPolicy } from '../../services/AccessPolicy.ts';
import { ObjectService } from '../../services/objects/ObjectService.ts';
import { SiteConfig } from '../../services/SiteConfig.ts';
import { corePlugin } from '../core/index.ts';
import { aclPlugin } from './index.ts';

const env = testLdap();
const admin = { dn: env.fdAdminDN };
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
let gateway: LdapGateway;
let service: ObjectService;
let base: string;

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  base = await testSubtree('acl');
  service = new ObjectService({ gateway, registry: new Registry([corePlugin, aclPlugin]), config: await SiteConfig.load(gateway, env.baseDN), access: new SuperAdministratorPolicy(gateway, env.baseDN) });
});
afterAll(() => gateway.close());

async function saveRole(cn: string, gosaAclTemplate: unknown): Promise<string> {
  const role = await service.create(admin, 'aclRole', base);
  await service.setValues(admin, role, 'aclRole', { cn, description: `Role ${cn}`, gosaAclTemplate });
  return service.save(admin, role);
}

async function department(ou: string): Promise<string> {
  const dept = await service.create(admin, 'department', base);
  await service.setValues(admin, dept, 'department', { ou, description: `Department ${ou}` });
  return service.save(admin, dept);
}

describe('ACL roles', () => {
  it('creates a role from the JSON form and writes FusionDirectory’s role lines byte for byte', async () => {
    const dn = await saveRole('helpdesk', [{ 'user/user': { '0': 'cmdrw' }, 'user/posixAccount': { '0': 'cmdrw' } }, { 'user/user': { '0': 's', userPassword: 'rw' } }]);
    expect(dn).toBe(`cn=helpdesk,ou=aclroles,${base}`);
    const entry = (await gateway.read(dn, ['objectClass', 'gosaAclTemplate', 'description']))!;
    expect(entry.get('objectClass')).toEqual(['gosaRole']);
    expect(entry.get('gosaAclTemplate').sort()).toEqual(['0:user/user;cmdrw,user/posixAccount;cmdrw', '1:user/user;s#userPassword;rw']);
    expect(entry.first('description')).toBe('Role helpdesk');
  });

  it('reads a role back in the JSON form it was written with', async () => {
    const role = await service.open(admin, 'aclRole', `cn=helpdesk,ou=aclroles,${base}`);
    expect((await service.readTab(admin, role, 'aclRole')).gosaAclTemplate).toEqual([{ 'user/user': { '0': 'cmdrw' }, 'user/posixAccount': { '0': 'cmdrw' } }, { 'user/user': { '0': 's', userPassword: 'rw' } }]);
    const setup = await service.open(admin, 'aclRole', `cn=admin,ou=aclroles,${env.baseDN}`);
    expect(await service.readTab(admin, setup, 'aclRole')).toMatchObject({ cn: 'admin', gosaAclTemplate: [{ all: { '0': 'cmdrw' } }] });
  });

  it('re-numbers the lines when they are reordered, and writes nothing when nothing changed', async () => {
    const dn = `cn=helpdesk,ou=aclroles,${base}`;
    const role = await service.open(admin, 'aclRole', dn);
    const [first, second] = (await service.readTab(admin, role, 'aclRole')).gosaAclTemplate as unknown[];
    await service.setValues(admin, role, 'aclRole', { gosaAclTemplate: [second, first] });
    await service.save(admin, role);
    expect((await gateway.read(dn, ['gosaAclTemplate']))!.get('gosaAclTemplate').sort()).toEqual(['0:user/user;s#userPassword;rw', '1:user/user;cmdrw,user/posixAccount;cmdrw']);
    const csn = (await gateway.read(dn, ['entryCSN']))!.first('entryCSN');
    const again = await service.open(admin, 'aclRole', dn);
    await service.setValues(admin, again, 'aclRole', { gosaAclTemplate: (await service.readTab(admin, again, 'aclRole')).gosaAclTemplate });
    await service.save(admin, again);
    expect((await gateway.read(dn, ['entryCSN']))!.first('entryCSN')).toBe(csn);
  });

  it('refuses unknown permission letters and role names that are not host-name-like', async () => {
    const role = await service.create(admin, 'aclRole', base);
    await expect(service.setValues(admin, role, 'aclRole', { gosaAclTemplate: [{ all: { '0': 'rwx' } }] })).rejects.toMatchObject({ code: 'value.invalid', tab: 'aclRole', attribute: 'gosaAclTemplate', message: expect.stringMatching(/Unknown permission "x"/) });
    await service.setValues(admin, role, 'aclRole', { cn: 'help desk', gosaAclTemplate: [{ all: { '0': 'r' } }] });
    await expect(service.save(admin, role)).rejects.toMatchObject({ code: 'value.invalid', attribute: 'cn' });
  });
});

describe('ACL assignments', () => {
  it('adds assignments to a department through its ACL tab, with the gosaAcl class, in the six-field form', async () => {
    const dn = await department('sales');
    const role = `cn=helpdesk,ou=aclroles,${base}`;
    const dept = await service.open(admin, 'department', dn);
    expect(service.tab(dept, 'aclAssignment').active).toBe(false);
    await service.setValues(admin, dept, 'aclAssignment', { gosaAclEntry: [{ scope: 'subtree', role, members: [env.fdAdminDN, '*'] }] });
    await service.save(admin, dept);
    const entry = (await gateway.read(dn, ['objectClass', 'gosaAclEntry']))!;
    expect(entry.get('objectClass')).toContain('gosaAcl');
    expect(entry.get('gosaAclEntry')).toEqual([`0:subtree:${b64(role)}:${b64(env.fdAdminDN)},Kg==::`]);
  });

  it('opens the entry as an aclAssignment, reads the JSON form and changes it', async () => {
    const dn = `ou=sales,${base}`;
    const role = `cn=helpdesk,ou=aclroles,${base}`;
    const assignment = await service.open(admin, 'aclAssignment', dn);
    const values = await service.readTab(admin, assignment, 'aclAssignment');
    expect(values.gosaAclEntry).toEqual([{ scope: 'subtree', role, members: [env.fdAdminDN, '*'], userfilter: '', targetfilter: '' }]);
    const filtered = { scope: 'base', role, members: ['*'], userfilter: '(title=Manager)', targetfilter: '(departmentNumber=%departmentNumber%)' };
    await service.setValues(admin, assignment, 'aclAssignment', { gosaAclEntry: [filtered, ...(values.gosaAclEntry as unknown[])] });
    await service.save(admin, assignment);
    expect((await gateway.read(dn, ['gosaAclEntry']))!.get('gosaAclEntry').sort()).toEqual([
      `0:base:${b64(role)}:Kg==:${b64('(title=Manager)')}:${b64('(departmentNumber=%departmentNumber%)')}`,
      `1:subtree:${b64(role)}:${b64(env.fdAdminDN)},Kg==::`,
    ]);
  });

  it('removes every assignment and the gosaAcl class when the tab is deactivated', async () => {
    const dn = `ou=sales,${base}`;
    const dept = await service.open(admin, 'department', dn);
    await service.deactivateTab(admin, dept, 'aclAssignment');
    await service.save(admin, dept);
    const entry = (await gateway.read(dn, ['objectClass', 'gosaAclEntry']))!;
    expect(entry.get('objectClass')).not.toContain('gosaAcl');
    expect(entry.has('gosaAclEntry')).toBe(false);
    // It can be opened again as an assignment, to attach new ones: the tab is simply off.
    expect((await service.open(admin, 'aclAssignment', dn)).tabs.get('aclassignment')!.active).toBe(false);
  });

  it('lists the entries carrying assignments', async () => {
    const { entries } = await service.list(admin, 'aclAssignment', { base: env.baseDN, attributes: ['gosaAclEntry'] });
    expect(entries.map((e) => e.dn)).toContain(env.baseDN);
  });

  it('attaches assignments to any entry opened as an aclAssignment, and removes the class when none is left', async () => {
    const dn = `ou=plain-${Date.now()},${base}`;
    await gateway.add(dn, { objectClass: 'organizationalUnit', ou: dn.slice(3, dn.indexOf(',')) });
    const obj = await service.open(admin, 'aclAssignment', dn);
    await service.setValues(admin, obj, 'aclAssignment', { gosaAclEntry: [{ scope: 'base', role: `cn=admin,ou=aclroles,${env.baseDN}`, members: ['*'], userfilter: '', targetfilter: '' }] });
    await service.save(admin, obj);
    const entry = (await gateway.read(dn, ['objectClass', 'gosaAclEntry']))!;
    expect(entry.get('objectClass')).toContain('gosaAcl');
    expect(entry.get('gosaAclEntry')).toEqual([`0:base:${Buffer.from(`cn=admin,ou=aclroles,${env.baseDN}`).toString('base64')}:Kg==::`]);
    const again = await service.open(admin, 'aclAssignment', dn);
    await service.setValues(admin, again, 'aclAssignment', { gosaAclEntry: [] });
    await service.save(admin, again);
    const after = (await gateway.read(dn, ['objectClass', 'gosaAclEntry']))!;
    expect(after.get('objectClass')).not.toContain('gosaAcl');
    expect(after.has('gosaAclEntry')).toBe(false);
  });

  it('deletes only the assignments, never the entry, when an aclAssignment is deleted', async () => {
    const dn = `ou=keepme-${Date.now()},${base}`;
    await gateway.add(dn, { objectClass: ['organizationalUnit', 'gosaAcl'], ou: dn.slice(3, dn.indexOf(',')), gosaAclEntry: `0:subtree:${Buffer.from(`cn=admin,ou=aclroles,${env.baseDN}`).toString('base64')}:Kg==` });
    await gateway.add(`cn=child,${dn}`, { objectClass: 'organizationalRole', cn: 'child' });
    await service.delete(admin, 'aclAssignment', dn);
    const entry = (await gateway.read(dn, ['objectClass', 'gosaAclEntry']))!;
    expect(entry.get('objectClass')).not.toContain('gosaAcl');
    expect(await gateway.read(`cn=child,${dn}`, ['1.1'])).not.toBeNull();
  });
});
