// Management lists under FusionDirectory's ACLs (fd-core.md §5.3): a department manager's "module departments",
// where he may create, and menus hidden by fdPluginsMenuBlacklist.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { Registry } from '../../model/Registry.ts';
import { installedPlugins } from '../../plugins/index.ts';
import { AclPolicy } from '../acl/AclPolicy.ts';
import { Secret } from '../../config/Secret.ts';
import { ListIndexes } from '../objects/ListIndexes.ts';
import { ObjectService } from '../objects/ObjectService.ts';
import { openChangeSource } from '../openGateway.ts';
import { SiteConfig } from '../SiteConfig.ts';
import { ManagementLists } from './ManagementLists.ts';

const env = testLdap();
const tag = randomBytes(3).toString('hex');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
let gateway: LdapGateway;
let S: string;
let sales: string;
let marketing: string;
let north: string;
let manager: string;
let helpdesk: string;
const registry = new Registry(installedPlugins);

let indexes: ListIndexes | undefined;

function lists(config: Record<string, string[]> = {}, options: { indexed?: boolean } = {}): ManagementLists {
  const siteConfig = new SiteConfig(env.baseDN, config);
  const access = new AclPolicy({ gateway, baseDN: env.baseDN });
  const objects = new ObjectService({ gateway, registry, config: siteConfig, access, ...(options.indexed && indexes ? { indexes } : {}) });
  return new ManagementLists({ gateway, registry, objects, access, baseDN: env.baseDN, config: siteConfig });
}

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  S = await testSubtree('listsacl');
  sales = `ou=sales,${S}`;
  marketing = `ou=marketing,${S}`;
  north = `ou=north,${sales}`;
  for (const ou of ['aclroles', 'people', 'groups']) await gateway.add(`ou=${ou},${S}`, { objectClass: 'organizationalUnit', ou });
  for (const dn of [sales, marketing, north]) await gateway.add(dn, { objectClass: ['organizationalUnit', 'gosaDepartment'], ou: dn.slice(3, dn.indexOf(',')), description: 'Department' });
  const role = `cn=usermanager-${tag},ou=aclroles,${S}`;
  await gateway.add(role, { objectClass: ['top', 'gosaRole'], cn: `usermanager-${tag}`, gosaAclTemplate: '0:user/user;rwc' });
  manager = `uid=mgr-${tag},ou=people,${S}`;
  await gateway.add(manager, { objectClass: ['inetOrgPerson'], uid: `mgr-${tag}`, cn: 'Manager', sn: 'Manager' });
  helpdesk = `cn=helpdesk-${tag},ou=groups,${S}`;
  await gateway.add(helpdesk, { objectClass: 'groupOfNames', cn: `helpdesk-${tag}`, member: manager });
  await gateway.modify(sales, [
    { operation: 'add', attribute: 'objectClass', values: ['gosaAcl'] },
    { operation: 'add', attribute: 'gosaAclEntry', values: [`0:subtree:${b64(role)}:${b64(manager)}:${b64('')}:${b64('')}`] },
  ]);
});

afterAll(async () => {
  await indexes?.close();
  await gateway.close();
});

describe('management lists for a department manager', () => {
  it('offer the departments where he has rights on the list’s types, and those above them', async () => {
    const dns = (await lists().departments({ dn: manager }, 'users')).map((d) => d.dn.toLowerCase());
    expect(dns).toEqual(expect.arrayContaining([sales, north, S, env.baseDN].map((d) => d.toLowerCase())));
    expect(dns).not.toContain(marketing.toLowerCase());
    // For a list of other types (groups), he has no department at all but the base the tree starts from.
    const groups = (await lists().departments({ dn: manager }, 'groups')).map((d) => d.dn.toLowerCase());
    expect(groups).not.toContain(sales.toLowerCase());
  });

  it('create users in sales and the departments below it only', async () => {
    const user = registry.type('user')!;
    const bases = (await lists().createBases({ dn: manager }, user))!.map((d) => d.toLowerCase());
    expect(bases.sort()).toEqual([north, sales].map((d) => d.toLowerCase()).sort());
    const definition = await lists().definition({ dn: manager }, 'users', 'en');
    expect(definition.types.find((t) => t.id === 'user')).toMatchObject({ canCreate: true });
    expect(definition.types.find((t) => t.id === 'user')!.createBases!.map((d) => d.toLowerCase()).sort()).toEqual(bases);
    // The administrator may create anywhere: no list of departments.
    expect(await lists().createBases({ dn: env.fdAdminDN }, user)).toBeUndefined();
  });

  it('count and page only the users he may read, from the warm list index', async () => {
    for (const [dept, n] of [[sales, 3], [marketing, 2]] as const) {
      await gateway.add(`ou=people,${dept}`, { objectClass: 'organizationalUnit', ou: 'people' });
      for (let i = 0; i < n; i++) {
        const uid = `u${dept.slice(3, 6)}${i}-${tag}`;
        await gateway.add(`uid=${uid},ou=people,${dept}`, { objectClass: 'inetOrgPerson', uid, cn: `User ${i}`, sn: `User${i}` });
      }
    }
    indexes = new ListIndexes({ gateway, baseDN: env.baseDN, changeSource: () => openChangeSource({ name: 'default', uris: [env.url], base: env.baseDN, bindDN: env.adminDN, bindPassword: new Secret(env.adminPassword), startTLS: false, tlsVerify: true, poolSize: 2, timeoutMs: 30_000, source: 'tests' }) });
    const indexed = lists({}, { indexed: true });
    const rows = () => indexed.rows({ dn: manager }, 'users', { base: S, scope: 'sub', limit: 2 });
    await expect.poll(async () => (await rows()).source, { timeout: 20_000, interval: 200 }).toBe('index');
    const first = await rows();
    expect(first.total).toBe(3);
    expect(first.rows).toHaveLength(2);
    expect(first.rows.every((r) => r.dn.toLowerCase().endsWith(sales.toLowerCase()))).toBe(true);
    const second = await indexed.rows({ dn: manager }, 'users', { base: S, scope: 'sub', limit: 2, offset: 2 });
    expect(second.rows).toHaveLength(1);
    // The administrator sees all five and the manager.
    expect((await indexed.rows({ dn: env.fdAdminDN }, 'users', { base: S, scope: 'sub', limit: 10 })).total).toBe(6);
  });

  it('hide a menu entry blacklisted for one of his groups, and only for its members', async () => {
    const visible = async (config?: Record<string, string[]>, who = manager) => (await lists(config).visible({ dn: who })).map((m) => m.managementClass);
    expect(await visible()).toContain('userManagement');
    const blacklist = { fdPluginsMenuBlacklist: [`${helpdesk}|userManagement`] };
    expect(await visible(blacklist)).not.toContain('userManagement');
    expect(await visible(blacklist, env.fdAdminDN)).toContain('userManagement');
  });
});
