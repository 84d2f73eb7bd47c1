import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { formatAclAssignmentEntry, formatAclRoleTemplate, parseAclAssignmentEntry, parseAclRoleTemplate } from '../../acl/index.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { AclPolicy } from './AclPolicy.ts';

const env = testLdap();
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const tag = randomBytes(3).toString('hex');
let gateway: LdapGateway;
let S: string;
let SALES: string;
const dn: Record<string, string> = {};
let assignments: string[];
const warnings: string[] = [];
let policy: AclPolicy;

/** gosaAclEntry as FusionDirectory writes it: six fields, empty filters as empty fields. */
const assignment = (priority: number, scope: string, role: string, members: string[], userFilter = '', targetFilter = '') =>
  [priority, scope, b64(role), members.map(b64).join(','), b64(userFilter), b64(targetFilter)].join(':');

async function user(key: string, parent: string, extra: Record<string, string> = {}): Promise<void> {
  const uid = `${key}-${tag}`;
  dn[key] = `uid=${uid},${parent}`;
  await gateway.add(dn[key], { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'], uid, cn: `${key} ${tag}`, sn: key, ...extra });
}

const rights = (who: string, target: string, tab = 'user', attribute?: string, category = 'user') =>
  policy.rights({ dn: dn[who] ?? who }, { dn: dn[target] ?? target, category, tab, ...(attribute ? { attribute } : {}) });

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  S = await testSubtree('aclpolicy');
  SALES = `ou=sales,${S}`;
  for (const ou of ['aclroles', 'people', 'groups', 'roles']) await gateway.add(`ou=${ou},${S}`, { objectClass: 'organizationalUnit', ou });
  // The roles FusionDirectory's setup writes (fd-core.md §5.1), under other names.
  const roles = { admin: '0:all;cmdrw', manager: '0:user/user;cmdrw,user/posixAccount;cmdrw', editowninfos: '0:user/user;srw,user/posixAccount;srw', editownpwd: '0:user/user;s#userPassword;rw' };
  for (const [name, template] of Object.entries(roles)) {
    dn[`role:${name}`] = `cn=${name}-${tag},ou=aclroles,${S}`;
    await gateway.add(dn[`role:${name}`]!, { objectClass: ['top', 'gosaRole'], cn: `${name}-${tag}`, description: `Copy of ${name}`, gosaAclTemplate: template });
  }
  await gateway.add(SALES, { objectClass: ['top', 'organizationalUnit', 'gosaDepartment'], ou: 'sales', description: 'Sales' });
  await gateway.add(`ou=people,${SALES}`, { objectClass: 'organizationalUnit', ou: 'people' });
  await user('manager', `ou=people,${S}`);
  await user('groupie', `ou=people,${SALES}`);
  await user('occupant', `ou=people,${S}`);
  await user('auditor', `ou=people,${S}`, { title: `auditor-${tag}` });
  await user('boss', `ou=people,${S}`);
  await user('outsider', `ou=people,${S}`);
  await user('salesA', `ou=people,${SALES}`, { description: `managed-by-boss-${tag}` });
  await user('salesB', `ou=people,${SALES}`);
  await user('salesC', `ou=people,${SALES}`, { description: `managed-by-boss-${tag}` });
  dn.team = `cn=team-${tag},ou=groups,${S}`;
  await gateway.add(dn.team, { objectClass: 'groupOfNames', cn: `team-${tag}`, member: dn.groupie! });
  dn.chief = `cn=chief-${tag},ou=roles,${S}`;
  await gateway.add(dn.chief, { objectClass: 'organizationalRole', cn: `chief-${tag}`, roleOccupant: dn.occupant! });
  assignments = [
    assignment(0, 'subtree', dn['role:manager']!, [dn.manager!]),
    assignment(1, 'subtree', dn['role:editowninfos']!, [dn.team]),
    assignment(2, 'base', dn['role:admin']!, [dn.chief]),
    assignment(3, 'subtree', dn['role:editownpwd']!, ['*']),
    assignment(4, 'subtree', dn['role:manager']!, ['*'], `(title=auditor-${tag})`),
    // %uid% is the signed-in user's uid: the boss manages the people whose description names him.
    assignment(5, 'subtree', dn['role:manager']!, [dn.boss!], '', '(&(objectClass=inetOrgPerson)(description=managed-by-%uid%))'),
  ];
  await gateway.modify(SALES, [
    { operation: 'add', attribute: 'objectClass', values: ['gosaAcl'] },
    { operation: 'add', attribute: 'gosaAclEntry', values: assignments },
  ]);
  // The boss's uid is `boss-<tag>`, which the target filter turns into `managed-by-boss-<tag>`.
  // The default check interval (2 s), as deployed.
  policy = new AclPolicy({ gateway, baseDN: env.baseDN, warn: (m) => warnings.push(m) });
});
afterAll(() => gateway.close());

describe('AclPolicy against slapd', () => {
  it('reads the assignments and roles back byte for byte through src/acl', async () => {
    const stored = (await gateway.read(SALES, ['gosaAclEntry']))!.get('gosaAclEntry');
    expect(stored.sort()).toEqual([...assignments].sort());
    for (const value of stored) expect(formatAclAssignmentEntry(parseAclAssignmentEntry(value))).toBe(value);
    for (const name of ['admin', 'manager', 'editowninfos', 'editownpwd']) {
      for (const value of (await gateway.read(dn[`role:${name}`]!, ['gosaAclTemplate']))!.get('gosaAclTemplate')) expect(formatAclRoleTemplate(parseAclRoleTemplate(value))).toBe(value);
    }
  });

  it('gives the department manager users and POSIX accounts in sales, nothing elsewhere', async () => {
    expect(await rights('manager', 'salesA')).toBe('rwcdm');
    expect(await rights('manager', `ou=people,${SALES}`)).toBe('rwcdm');
    expect(await rights('manager', 'salesB', 'posixAccount', 'homeDirectory')).toBe('rwcdm');
    expect(await rights('manager', 'outsider')).toBe('');
    expect(await rights('manager', `ou=people,${S}`)).toBe('');
    expect(await rights('manager', 'salesA', 'ogroup', undefined, 'ogroup')).toBe('');
    expect(await policy.uniformRights({ dn: dn.manager! })).toBeUndefined();
    expect(await policy.hasAnyRight({ dn: dn.manager! }, 'user')).toBe(true);
    expect(await policy.hasAnyRight({ dn: dn.manager! }, 'ogroup')).toBe(false);
  });

  it('gives a group member his own information only (self rules)', async () => {
    expect(await rights('groupie', 'groupie', 'user', 'cn')).toBe('rw');
    expect(await rights('groupie', 'groupie', 'posixAccount')).toBe('rw');
    expect(await rights('groupie', 'salesA')).toBe('');
    expect(await rights('groupie', 'groupie', 'user', 'userPassword')).toBe('rw');
    expect(await policy.hasAnyRight({ dn: dn.groupie! }, 'user')).toBe(false);
    expect(await policy.hasAnyRight({ dn: dn.groupie! }, 'user', { self: true })).toBe(true);
  });

  it('gives a role occupant the base-scope rule on the department entry only', async () => {
    expect(await rights('occupant', SALES, 'department', undefined, 'department')).toBe('rwcdm');
    expect(await rights('occupant', `ou=people,${SALES}`, 'department', undefined, 'department')).toBe('');
    expect(await rights('occupant', 'salesA')).toBe('');
  });

  it('gives every user of sales his own password (*), not his other attributes nor other passwords', async () => {
    expect(await rights('salesB', 'salesB', 'user', 'userPassword')).toBe('rw');
    expect(await rights('salesB', 'salesB', 'user', 'cn')).toBe('');
    expect(await rights('salesB', 'salesA', 'user', 'userPassword')).toBe('');
  });

  it('applies a user filter to the signed-in user’s entry', async () => {
    expect(await rights('auditor', 'salesB')).toBe('rwcdm');
    expect(await rights('outsider', 'salesB')).toBe('');
  });

  it('expands a target filter with the signed-in user’s values', async () => {
    expect(await rights('boss', 'salesA')).toBe('rwcdm');
    expect(await rights('boss', 'salesC')).toBe('rwcdm');
    expect(await rights('boss', 'salesB')).toBe('');
    expect(await rights('boss', SALES)).toBe('');
  });

  it('applies a target filter to the entries found within fdAclTargetFilterLimit, with a warning', async () => {
    const seen: string[] = [];
    const limited = new AclPolicy({ gateway, baseDN: env.baseDN, targetFilterLimit: 1, warn: (m) => seen.push(m) });
    const granted = [await limited.rights({ dn: dn.boss! }, { dn: dn.salesA!, category: 'user', tab: 'user' }), await limited.rights({ dn: dn.boss! }, { dn: dn.salesC!, category: 'user', tab: 'user' })];
    expect(granted.sort()).toEqual(['', 'rwcdm']);
    expect(seen.some((m) => m.includes('fdAclTargetFilterLimit'))).toBe(true);
  });

  it('asks creation rights at FusionDirectory’s new,<department>: subtree rules of the department, not its base rules', async () => {
    expect(await rights('manager', `new,ou=people,${SALES}`)).toBe('rwcdm');
    expect(await rights('manager', `new,ou=people,${S}`)).toBe('');
    // The role occupant's all-rights rule is base-scoped on sales: it does not reach an object created there.
    expect(await rights('occupant', `new,${SALES}`, 'department', undefined, 'department')).toBe('');
    expect(await rights('salesB', `new,${SALES}`, 'user', 'userPassword')).toBe('');
  });

  it('explains, rule by rule, what a user may do at a DN and why the other rules do not count', async () => {
    const explain = async (who: string, target: string) =>
      Object.fromEntries((await policy.explain({ dn: dn[who]! }, dn[target] ?? target, ['user'])).rules.map((r) => [r.entry.priority, { status: r.status, matchedBy: r.matchedBy, grants: r.grants }]));
    const manager = await explain('manager', 'salesA');
    expect(manager[0]).toEqual({ status: 'applies', matchedBy: dn.manager, grants: { 'user/user': { '0': 'rwcdm' }, 'user/posixAccount': { '0': 'rwcdm' } } });
    expect(manager[1]!.status).toBe('notMember');
    expect(manager[3]).toMatchObject({ status: 'selfOnly', matchedBy: '*' });
    expect(manager[4]!.status).toBe('userFilter');
    expect(manager[5]!.status).toBe('notMember');
    // On his own entry, the self-only rule applies (the other rules are on sales, not above him).
    const own = await policy.explain({ dn: dn.salesB! }, dn.salesB!, ['user']);
    expect(own.rules.find((r) => r.entry.priority === 3)).toMatchObject({ status: 'applies', grants: { 'user/user': { '0': '', userPassword: 'rw' } } });
    expect((await explain('groupie', 'groupie'))[1]).toMatchObject({ status: 'applies', matchedBy: dn.team });
    expect((await explain('occupant', `ou=people,${SALES}`))[2]).toMatchObject({ status: 'baseElsewhere', matchedBy: dn.chief });
    expect((await explain('boss', 'salesB'))[5]!.status).toBe('targetFilter');
    expect((await explain('boss', 'salesA'))[5]!.status).toBe('applies');
    // Outside sales, only the base's administrators assignment is on the way, and it does not name him.
    const outside = (await policy.explain({ dn: dn.manager! }, dn.outsider!, ['user'])).rules;
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.every((r) => r.status === 'notMember' && r.assignment.toLowerCase() === env.baseDN.toLowerCase())).toBe(true);
  });

  it('reports nothing unreadable in these entries', () => {
    expect(warnings).toEqual([]);
  });

  it('leaves users without assignments without rights, and keeps the administrator’s', async () => {
    expect(await policy.uniformRights({ dn: dn.outsider! })).toBe('');
    expect(await rights('outsider', 'outsider')).toBe('');
    expect(await policy.uniformRights({ dn: env.fdAdminDN })).toBe('rwcdm');
    expect(await rights(env.fdAdminDN, 'salesA', 'user', 'userPassword')).toBe('rwcdm');
    const ignoring = new AclPolicy({ gateway, baseDN: env.baseDN, ignoreAclDN: dn.outsider! });
    expect(await ignoring.rights({ dn: dn.outsider! }, { dn: dn.salesA!, category: 'user', tab: 'user' })).toBe('rwcdm');
  });

  it('sees an assignment changed directly in LDAP (another instance) within a few seconds', async () => {
    expect(await rights('outsider', 'salesB')).toBe('');
    const added = assignment(6, 'subtree', dn['role:manager']!, [dn.outsider!]);
    await gateway.modify(SALES, [{ operation: 'add', attribute: 'gosaAclEntry', values: [added] }]);
    await expect.poll(() => rights('outsider', 'salesB'), { timeout: 5000, interval: 200 }).toBe('rwcdm');
    await gateway.modify(SALES, [{ operation: 'delete', attribute: 'gosaAclEntry', values: [added] }]);
    await expect.poll(() => rights('outsider', 'salesB'), { timeout: 5000, interval: 200 }).toBe('');
  });

  it('sees an assignment removed directly in LDAP (the entry loses gosaAcl)', async () => {
    const north = `ou=north,${S}`;
    await gateway.add(north, { objectClass: ['organizationalUnit', 'gosaAcl'], ou: 'north', gosaAclEntry: assignment(0, 'subtree', dn['role:admin']!, [dn.outsider!]) });
    await expect.poll(() => rights('outsider', north), { timeout: 5000, interval: 200 }).toBe('rwcdm');
    await gateway.modify(north, [
      { operation: 'delete', attribute: 'gosaAclEntry' },
      { operation: 'delete', attribute: 'objectClass', values: ['gosaAcl'] },
    ]);
    await expect.poll(() => rights('outsider', north), { timeout: 5000, interval: 200 }).toBe('');
  });

  it('sees a group membership changed directly in LDAP', async () => {
    await gateway.modify(dn.team!, [{ operation: 'add', attribute: 'member', values: [dn.salesB!] }]);
    await expect.poll(() => rights('salesB', 'salesB', 'user', 'cn'), { timeout: 5000, interval: 200 }).toBe('rw');
  });

  it('forgets its rules at once when told of a write to an ACL entry', async () => {
    const slow = new AclPolicy({ gateway, baseDN: env.baseDN, checkIntervalMs: 3_600_000 });
    expect(await slow.rights({ dn: dn.outsider! }, { dn: dn.salesA!, category: 'user', tab: 'user' })).toBe('');
    const added = assignment(7, 'subtree', dn['role:manager']!, [dn.outsider!]);
    await gateway.modify(SALES, [{ operation: 'add', attribute: 'gosaAclEntry', values: [added] }]);
    expect(await slow.rights({ dn: dn.outsider! }, { dn: dn.salesA!, category: 'user', tab: 'user' })).toBe('');
    slow.noticeWrite({ dn: SALES, objectClasses: ['organizationalUnit', 'gosaDepartment', 'gosaAcl'], deleted: false });
    expect(await slow.rights({ dn: dn.outsider! }, { dn: dn.salesA!, category: 'user', tab: 'user' })).toBe('rwcdm');
    await gateway.modify(SALES, [{ operation: 'delete', attribute: 'gosaAclEntry', values: [added] }]);
  });
});
