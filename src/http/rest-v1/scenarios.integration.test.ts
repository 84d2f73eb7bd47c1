// The scenarios a REST client runs, end to end through REST v1 on the real directory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSubtree } from '../../../test/harness.ts';
import { loadFixture } from '../../../test/ldifFixture.ts';
import { aclPlugin } from '../../plugins/acl/index.ts';
import { corePlugin } from '../../plugins/core/index.ts';
import { posixPlugin } from '../../plugins/posix/index.ts';
import { objectUrl, restTestApp, type RestTestApp } from './restTestKit.ts';

let t: RestTestApp;
let token: string;
let base: string;
const b64 = (s: string) => Buffer.from(s).toString('base64');

beforeAll(async () => {
  // Numbers from 71100 up: the test directory keeps uidNumber unique across every test file.
  t = await restTestApp({ plugins: [corePlugin, posixPlugin, aclPlugin], settings: { fdUidNumberBase: '71100', fdGidNumberBase: '71100', fdShells: ['/bin/bash'] } });
  token = await t.adminToken();
  base = await testSubtree('scenarios');
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.call({ method, url, token, headers, ...(payload === undefined ? {} : { payload: JSON.stringify(payload), headers: { 'content-type': 'application/json', ...headers } }) });

async function createUser(uid: string, extra: Record<string, Record<string, unknown>> = {}): Promise<string> {
  const res = await call('POST', '/rest.php/v1/objects/user', { attrs: { user: { base, uid, givenName: 'Anne', sn: uid, ...(extra.user ?? {}) }, ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'user')) } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<string>();
}

describe('REST scenarios', () => {
  it('creates a user from a template, answering only its %askme% fields', async () => {
    await t.gateway.add(`ou=people,${base}`, { objectClass: 'organizationalUnit', ou: 'people' }).catch(() => undefined);
    await loadFixture(t.gateway, 'user-template.ldif', { BASE: base });
    const template = `cn=staff,ou=templates,ou=people,${base}`;
    expect((await call('GET', objectUrl('user', template, 'templatefields'))).json()).toEqual({ user: ['base', 'givenName', 'sn'] });
    const res = await call('POST', '/rest.php/v1/objects/user', { template, attrs: { user: { givenName: 'Zoë', sn: 'Ørsted' } } });
    expect(res.statusCode, res.body).toBe(201);
    const dn = res.json<string>();
    const user = (await call('GET', objectUrl('user', dn, 'user'))).json<Record<string, unknown>>();
    expect(user).toMatchObject({ givenName: 'Zoë', sn: 'Ørsted', cn: 'Zoë Ørsted', title: ['Staff'] });
    expect((await call('GET', objectUrl('user', dn, 'posixAccount'))).json()).toMatchObject({ loginShell: '/bin/bash', homeDirectory: `/home/${String(user.uid)}` });
  });

  it('sets posixAccount/uidNumber with PUT and reads it back', async () => {
    const dn = await createUser('putuid', { posixAccount: { homeDirectory: '/home/putuid' } });
    const put = await call('PUT', objectUrl('user', dn, 'posixAccount', 'uidNumber'), 77777);
    expect(put.statusCode, put.body).toBe(200);
    expect((await call('GET', objectUrl('user', dn, 'posixAccount', 'uidNumber'))).json()).toBe(77777);
    expect((await t.gateway.read(dn, ['uidNumber']))!.first('uidNumber')).toBe('77777');
  });

  it("renames a user's uid: memberships, occupancy, manager and ACL assignments follow; deleting him removes them", async () => {
    const boss = await createUser('restboss');
    const colleague = await createUser('restcolleague');
    const employee = await createUser('restemployee', { user: { manager: boss } });
    const group = (await call('POST', '/rest.php/v1/objects/ogroup', { attrs: { ogroup: { base, cn: 'restteam', member: [boss, colleague] } } })).json<string>();
    const role = (await call('POST', '/rest.php/v1/objects/role', { attrs: { roleGeneric: { base, cn: 'resthead', roleOccupant: [boss] } } })).json<string>();
    const aclRole = `cn=admin,ou=aclroles,${t.baseDN}`;
    const dept = `ou=restdept,${base}`;
    await t.gateway.add(dept, { objectClass: ['organizationalUnit', 'gosaDepartment'], ou: 'restdept', description: 'Dept' });
    const assign = await call('PATCH', objectUrl('aclAssignment', dept), { aclAssignment: { gosaAclEntry: [{ scope: 'subtree', role: aclRole, members: [boss, colleague], userfilter: '', targetfilter: '' }] } });
    expect(assign.statusCode, assign.body).toBe(200);

    const renamed = await call('PUT', objectUrl('user', boss, 'user', 'uid'), 'restchief');
    expect(renamed.statusCode, renamed.body).toBe(200);
    const chief = renamed.json<string>();
    expect(chief).toBe(`uid=restchief,ou=people,${base}`);
    expect((await call('GET', objectUrl('user', employee, 'user', 'manager'))).json()).toBe(chief);
    expect(((await call('GET', objectUrl('ogroup', group, 'ogroup', 'member'))).json() as string[]).sort()).toEqual([chief, colleague].sort());
    expect((await call('GET', objectUrl('role', role, 'roleGeneric', 'roleOccupant'))).json()).toEqual([chief]);
    expect((await call('GET', objectUrl('aclAssignment', dept, 'aclAssignment', 'gosaAclEntry'))).json()).toEqual([{ scope: 'subtree', role: aclRole, members: [chief, colleague], userfilter: '', targetfilter: '' }]);

    expect((await call('DELETE', objectUrl('user', chief))).statusCode).toBe(204);
    expect((await call('GET', objectUrl('user', employee, 'user', 'manager'))).json()).toBe('');
    expect((await call('GET', objectUrl('ogroup', group, 'ogroup', 'member'))).json()).toEqual([colleague]);
    expect((await t.gateway.read(role, ['roleOccupant']))!.has('roleOccupant')).toBe(false);
    expect((await t.gateway.read(dept, ['gosaAclEntry']))!.get('gosaAclEntry')).toEqual([`0:subtree:${b64(aclRole)}:${b64(colleague)}::`]);
  });

  it('refuses a write based on a stale read (If-Match) and changes nothing', async () => {
    const dn = await createUser('stale');
    const etag = (await call('GET', objectUrl('user', dn, 'user'))).headers.etag as string;
    expect((await call('PATCH', objectUrl('user', dn, 'user'), { description: 'first' }, { 'if-match': etag })).statusCode).toBe(200);
    const stale = await call('PATCH', objectUrl('user', dn, 'user'), { description: 'second' }, { 'if-match': etag });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toEqual([expect.objectContaining({ code: 'entry.conflict' })]);
    expect((await t.gateway.read(dn, ['description']))!.first('description')).toBe('first');
  });

  it('gives 100 users created in parallel 100 distinct uidNumbers', async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) => call('POST', '/rest.php/v1/objects/user', { attrs: { user: { base, uid: `par${i}x`, givenName: 'P', sn: `Par${i}` }, posixAccount: { homeDirectory: `/home/par${i}x` } } })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(100).fill(201));
    const numbers = await Promise.all(responses.map(async (r) => (await t.gateway.read(r.json<string>(), ['uidNumber']))!.first('uidNumber')));
    expect(new Set(numbers).size).toBe(100);
  }, 60_000);
});
