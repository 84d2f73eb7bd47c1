// FusionDirectory's own ACL entries (test/fixtures/fd-acl.ldif: its setup's roles and four-field assignment, roles
// and six-field assignments as its UI saves them) are read, evaluated, and written back unchanged by Trousseau.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { fixtureRecords } from '../../../test/ldifFixture.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { Registry } from '../../model/Registry.ts';
import { installedPlugins } from '../../plugins/index.ts';
import { ObjectService } from '../objects/ObjectService.ts';
import { SiteConfig } from '../SiteConfig.ts';
import { AclPolicy } from './AclPolicy.ts';

const env = testLdap();
const tag = randomBytes(3).toString('hex');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
let gateway: LdapGateway;
let policy: AclPolicy;
let objects: ObjectService;
let S: string;
const admin = { dn: env.fdAdminDN };
/** Every stored ACL value of the fixture, by DN: what must come back byte for byte. */
const stored = new Map<string, { attribute: string; values: string[] }>();
/** FusionDirectory's setup writes its assignments with four fields (no filters). */
let setupAssignment: string;

/** The fixture's records, placeholders filled; `{b64:…}` once BASE is. */
const records = (base: string) => fixtureRecords('fd-acl.ldif', { BASE: base, TAG: tag }, (text) => text.replace(/\{b64:([^}]*)\}/g, (_, inner: string) => b64(inner)));

const rights = (who: string, target: string, tab: string, attribute?: string) =>
  policy.rights({ dn: `uid=${who}-${tag},ou=people,${S}` }, { dn: target, category: 'user', tab, ...(attribute ? { attribute } : {}) });

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  S = await testSubtree('fdacl');
  for (const { dn, attributes } of records(S)) {
    await gateway.add(dn, attributes);
    for (const attribute of ['gosaAclTemplate', 'gosaAclEntry']) if (attributes[attribute]) stored.set(dn, { attribute, values: attributes[attribute]! });
  }
  // The setup's assignment on the base: editownpwd for everyone, four fields.
  setupAssignment = `0:subtree:${b64(`cn=editownpwd,ou=aclroles,${S}`)}:${b64('*')}`;
  await gateway.modify(S, [
    { operation: 'add', attribute: 'objectClass', values: ['gosaAcl'] },
    { operation: 'add', attribute: 'gosaAclEntry', values: [setupAssignment] },
  ]);
  policy = new AclPolicy({ gateway, baseDN: env.baseDN });
  objects = new ObjectService({ gateway, registry: new Registry(installedPlugins), config: await SiteConfig.load(gateway, env.baseDN), access: policy });
});

afterAll(() => gateway.close());

describe('FusionDirectory’s ACL entries', () => {
  it('are evaluated as FusionDirectory evaluates them', async () => {
    const seller = `uid=seller-${tag},ou=people,ou=sales,${S}`;
    const chief = `uid=chief-${tag},ou=people,${S}`;
    // The manager role on sales, given to the chief himself.
    expect(await rights('chief', seller, 'user')).toBe('rwcdm');
    expect(await rights('chief', seller, 'posixAccount', 'homeDirectory')).toBe('rwcdm');
    expect(await rights('chief', `uid=helper-${tag},ou=people,${S}`, 'user')).toBe('');
    // The helpdesk role, through the helpdesk group: read users, write passwords and locks, mail addresses.
    expect(await rights('helper', seller, 'user', 'cn')).toBe('r');
    expect(await rights('helper', seller, 'user', 'userPassword')).toBe('rw');
    expect(await rights('helper', seller, 'user', 'userLock')).toBe('rw');
    expect(await rights('helper', seller, 'mailAccount', 'mail')).toBe('rw');
    expect(await rights('helper', seller, 'template', 'template_cn')).toBe('r');
    expect(await rights('helper', chief, 'user')).toBe('');
    // The setup's four-field assignment: everyone his own password, nobody else's.
    expect(await rights('chief', chief, 'user', 'userPassword')).toBe('rw');
    expect(await rights('chief', chief, 'user', 'cn')).toBe('');
    expect(await rights('helper', chief, 'user', 'userPassword')).toBe('');
  });

  it('come back byte for byte when their objects are saved with another description', async () => {
    for (const [dn, { attribute, values }] of stored) {
      const type = attribute === 'gosaAclTemplate' ? 'aclRole' : 'department';
      const obj = await objects.open(admin, type, dn);
      await objects.setValues(admin, obj, type === 'aclRole' ? 'aclRole' : 'department', { description: `Saved by Trousseau ${tag}` });
      await objects.save(admin, obj);
      const after = (await gateway.read(dn, [attribute, 'description']))!;
      expect(after.first('description')).toBe(`Saved by Trousseau ${tag}`);
      expect(after.get(attribute).slice().sort()).toEqual(values.slice().sort());
    }
  });

  it('come back byte for byte when their JSON form (REST, UI) is written back as read', async () => {
    for (const [dn, { attribute, values }] of stored) {
      const [type, tab] = attribute === 'gosaAclTemplate' ? ['aclRole', 'aclRole'] : ['aclAssignment', 'aclAssignment'];
      const obj = await objects.open(admin, type, dn);
      const json = (await objects.readTab(admin, obj, tab))[attribute];
      expect(Array.isArray(json) && json.length === values.length).toBe(true);
      await objects.setValues(admin, obj, tab, { [attribute]: JSON.parse(JSON.stringify(json)) });
      await objects.save(admin, obj);
      expect((await gateway.read(dn, [attribute]))!.get(attribute).slice().sort()).toEqual(values.slice().sort());
    }
  });

  it('read the setup’s four-field assignment, and write it back in the six-field form FusionDirectory’s UI writes', async () => {
    const obj = await objects.open(admin, 'aclAssignment', S);
    const json = (await objects.readTab(admin, obj, 'aclAssignment')).gosaAclEntry;
    expect(json).toEqual([{ scope: 'subtree', role: `cn=editownpwd,ou=aclroles,${S}`, members: ['*'], userfilter: '', targetfilter: '' }]);
    expect((await gateway.read(S, ['gosaAclEntry']))!.get('gosaAclEntry')).toEqual([setupAssignment]);
    await objects.setValues(admin, obj, 'aclAssignment', { gosaAclEntry: json });
    await objects.save(admin, obj);
    expect((await gateway.read(S, ['gosaAclEntry']))!.get('gosaAclEntry')).toEqual([`${setupAssignment}::`]);
  });
});
