// Who must have a second factor, against the run's slapd: members of a configured role, of a group (member,
// uniqueMember, posixGroup memberUid), users below a department; nobody for a configured entry that does not exist.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { SecondFactorPolicy } from './SecondFactorPolicy.ts';

const env = testLdap();
const tag = randomBytes(3).toString('hex');
let gateway: LdapGateway;
let S: string;
let nextUidNumber = 90100 + Math.floor(Math.random() * 300);

async function user(name: string, parent = `ou=people,${S}`): Promise<{ dn: string; uid: string }> {
  const uid = `sfp-${name}-${tag}`;
  const dn = `uid=${uid},${parent}`;
  await gateway.add(dn, { objectClass: ['inetOrgPerson', 'posixAccount'], uid, cn: uid, sn: name, uidNumber: String(nextUidNumber++), gidNumber: '90100', homeDirectory: `/home/${uid}` });
  return { dn, uid };
}

let role: string, names: string, unique: string, posix: string, dsi: string;
let admin: { dn: string; uid: string }, grouped: { dn: string; uid: string }, uniq: { dn: string; uid: string }, posixUser: { dn: string; uid: string };
let inDsi: { dn: string; uid: string }, nobody: { dn: string; uid: string };

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  S = await testSubtree('second-factor-policy');
  for (const ou of ['people', 'roles', 'groups', 'dsi']) await gateway.add(`ou=${ou},${S}`, { objectClass: 'organizationalUnit', ou });
  await gateway.add(`ou=people,ou=dsi,${S}`, { objectClass: 'organizationalUnit', ou: 'people' });
  admin = await user('admin');
  grouped = await user('grouped');
  uniq = await user('uniq');
  posixUser = await user('posix');
  inDsi = await user('dsi', `ou=people,ou=dsi,${S}`);
  nobody = await user('nobody');
  role = `cn=admins,ou=roles,${S}`;
  // The occupant's DN written with other case and spaces: compared normalised, as slapd does.
  await gateway.add(role, { objectClass: 'organizationalRole', cn: 'admins', roleOccupant: admin.dn.toUpperCase().replace(/,/g, ', ') });
  names = `cn=helpdesk,ou=groups,${S}`;
  await gateway.add(names, { objectClass: 'groupOfNames', cn: 'helpdesk', member: grouped.dn });
  unique = `cn=auditors,ou=groups,${S}`;
  await gateway.add(unique, { objectClass: 'groupOfUniqueNames', cn: 'auditors', uniqueMember: uniq.dn });
  posix = `cn=unix-admins,ou=groups,${S}`;
  await gateway.add(posix, { objectClass: 'posixGroup', cn: 'unix-admins', gidNumber: '90100', memberUid: posixUser.uid });
  dsi = `ou=dsi,${S}`;
});

afterAll(async () => {
  await gateway.close();
});

describe('SecondFactorPolicy.requirementOf', () => {
  it('names the role, group or department that requires a factor of each user, and nothing for others', async () => {
    const policy = new SecondFactorPolicy({ gateway, requiredFor: [role, names, unique, posix, dsi] });
    expect(await policy.requirementOf(admin.dn)).toEqual([role]);
    expect(await policy.requirementOf(grouped.dn)).toEqual([names]);
    expect(await policy.requirementOf(uniq.dn)).toEqual([unique]);
    expect(await policy.requirementOf(posixUser.dn)).toEqual([posix]);
    expect(await policy.requirementOf(inDsi.dn)).toEqual([dsi]);
    expect(await policy.requirementOf(nobody.dn)).toEqual([]);
    // The user's DN as another spelling (case) names the same user.
    expect(await policy.requirementOf(grouped.dn.toUpperCase())).toEqual([names]);
  });

  it('gives every requirement that applies, and none when nothing is configured', async () => {
    await gateway.modify(names, [{ operation: 'add', attribute: 'member', values: [inDsi.dn] }]);
    try {
      const policy = new SecondFactorPolicy({ gateway, requiredFor: [names, dsi] });
      expect(await policy.requirementOf(inDsi.dn)).toEqual([names, dsi]);
    } finally {
      await gateway.modify(names, [{ operation: 'delete', attribute: 'member', values: [inDsi.dn] }]);
    }
    expect(await new SecondFactorPolicy({ gateway, requiredFor: [] }).requirementOf(admin.dn)).toEqual([]);
  });

  it('a configured entry that does not exist requires nobody, and is told once', async () => {
    const warnings: string[] = [];
    const missing = `cn=ghosts,ou=groups,${S}`;
    let clock = 0;
    const policy = new SecondFactorPolicy({ gateway, requiredFor: [missing, role], warn: (m) => warnings.push(m), now: () => clock });
    expect(await policy.requirementOf(admin.dn)).toEqual([role]);
    clock += 60_000;
    expect(await policy.requirementOf(nobody.dn)).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(missing);
  });

  it('reads a configured entry again once the cache has expired, not before', async () => {
    let clock = 0;
    const policy = new SecondFactorPolicy({ gateway, requiredFor: [role], now: () => clock, cacheMs: 10_000 });
    expect(await policy.requirementOf(nobody.dn)).toEqual([]);
    await gateway.modify(role, [{ operation: 'add', attribute: 'roleOccupant', values: [nobody.dn] }]);
    try {
      clock += 5_000;
      expect(await policy.requirementOf(nobody.dn)).toEqual([]);
      clock += 6_000;
      expect(await policy.requirementOf(nobody.dn)).toEqual([role]);
    } finally {
      await gateway.modify(role, [{ operation: 'delete', attribute: 'roleOccupant', values: [nobody.dn] }]);
    }
  });
});
