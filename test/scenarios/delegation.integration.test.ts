// Delegated administration through REST v1 (issue 5): a subtree administrator, a sales manager (users: create, modify,
// move, read; no delete) and a plain user (FusionDirectory's editowninfos + editownpwd), each shown what he may list,
// read, change, create and delete, every refusal with its error object; and the manager's attempts to raise his rights.
import { randomBytes, randomInt } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectUrl, restTestApp, type RestTestApp } from '../../src/http/rest-v1/restTestKit.ts';
import { LdapGateway } from '../../src/ldap/LdapGateway.ts';
import { hashSalted } from '../../src/passwords/ssha.ts';
import { installedPlugins } from '../../src/plugins/index.ts';
import { testLdap, testSubtree } from '../harness.ts';

const env = testLdap();
const tag = randomBytes(3).toString('hex');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
/** gosaAclEntry as FusionDirectory writes it: six fields, empty filters as empty fields. */
const assignment = (priority: number, role: string, members: string[]) => [priority, 'subtree', b64(role), members.map(b64).join(','), '', ''].join(':');

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type ErrorObject = { class: string; message: string; code: string; dn?: string; tab?: string; attribute?: string };

let t: RestTestApp;
let gateway: LdapGateway;
/** The test's department, its two departments, and where their users live. */
let S: string;
let SALES: string;
let MARKETING: string;
const people = (department: string) => `ou=people,${department}`;
const dn: Record<string, string> = {};
const password: Record<string, string> = {};
const token: Record<'admin' | 'manager' | 'plain', string> = { admin: '', manager: '', plain: '' };
/** FusionDirectory's roles as its setup writes them, at the directory's base (created by the test directory's bootstrap). */
const EDITOWNINFOS = `cn=editowninfos,ou=aclroles,${env.baseDN}`;
const EDITOWNPWD = `cn=editownpwd,ou=aclroles,${env.baseDN}`;
const MANAGER_ROLE_TEMPLATE = '0:user/user;cmrw,user/posixAccount;cmrw';
let salesAssignments: string[];

/** A user with a password straight into LDAP; `extra` adds attributes and objectClasses. */
async function seedUser(key: string, department: string, extra: { objectClass?: string[]; [name: string]: string | string[] | undefined } = {}): Promise<string> {
  const uid = `${key}-${tag}`;
  const { objectClass = [], ...attributes } = extra;
  dn[key] = `uid=${uid},${people(department)}`;
  password[key] = `pw-${key}-${randomBytes(6).toString('hex')}`;
  const given = key.charAt(0).toUpperCase() + key.slice(1);
  await gateway.add(dn[key], {
    objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', ...objectClass],
    uid,
    cn: `${given} Delegation${tag}`,
    givenName: given,
    sn: `Delegation${tag}`,
    userPassword: hashSalted(password[key], 'SSHA'),
    ...(Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== undefined)) as Record<string, string | string[]>),
  });
  return dn[key];
}

beforeAll(async () => {
  // The ACLs are written before the REST app exists, so that its first evaluation already sees them.
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  S = await testSubtree('delegation');
  SALES = `ou=sales,${S}`;
  MARKETING = `ou=marketing,${S}`;
  for (const ou of ['aclroles', 'people', 'groups']) await gateway.add(`ou=${ou},${S}`, { objectClass: 'organizationalUnit', ou });
  for (const [department, ou] of [
    [SALES, 'sales'],
    [MARKETING, 'marketing'],
  ] as const) {
    await gateway.add(department, { objectClass: ['organizationalUnit', 'gosaDepartment'], ou, description: `The ${ou} department` });
    await gateway.add(people(department), { objectClass: 'organizationalUnit', ou: 'people' });
  }
  await seedUser('admin', S);
  await seedUser('manager', S);
  await seedUser('plain', MARKETING, { objectClass: ['gosaMailAccount'], mail: `plain-${tag}@example.org`, telephoneNumber: '+33 1 00 00 00 01' });
  await seedUser('seller', SALES, { objectClass: ['gosaMailAccount'], mail: `seller-${tag}@example.org`, telephoneNumber: '+33 1 00 00 00 02' });
  await seedUser('closer', SALES);
  await seedUser('mover', SALES);
  const uidNumber = String(randomInt(73100, 74000));
  await seedUser('unixer', SALES, { objectClass: ['posixAccount'], uidNumber, gidNumber: uidNumber, homeDirectory: `/home/unixer-${tag}` });
  await seedUser('marketer', MARKETING, { telephoneNumber: '+33 1 00 00 00 03' });
  await seedUser('designer', MARKETING);

  dn.admins = `cn=admins-${tag},ou=groups,${S}`;
  await gateway.add(dn.admins, { objectClass: 'groupOfNames', cn: `admins-${tag}`, member: dn.admin! });
  dn.adminRole = `cn=subtree-admin-${tag},ou=aclroles,${S}`;
  await gateway.add(dn.adminRole, { objectClass: ['top', 'gosaRole'], cn: `subtree-admin-${tag}`, description: 'Every right on the subtree', gosaAclTemplate: '0:all;cmdrw' });
  // FusionDirectory's "manager" role without `d`: create, move, read and write users and their POSIX accounts.
  dn.managerRole = `cn=sales-manager-${tag},ou=aclroles,${S}`;
  await gateway.add(dn.managerRole, { objectClass: ['top', 'gosaRole'], cn: `sales-manager-${tag}`, description: 'Users of a department, no delete', gosaAclTemplate: MANAGER_ROLE_TEMPLATE });
  // The subtree's administrators (him and the admins group); everyone edits his own information and password.
  await gateway.modify(S, [
    { operation: 'add', attribute: 'objectClass', values: ['gosaAcl'] },
    { operation: 'add', attribute: 'gosaAclEntry', values: [assignment(0, dn.adminRole, [dn.admin!, dn.admins]), assignment(1, EDITOWNINFOS, ['*']), assignment(2, EDITOWNPWD, ['*'])] },
  ]);
  salesAssignments = [assignment(0, dn.managerRole, [dn.manager!])];
  await gateway.modify(SALES, [
    { operation: 'add', attribute: 'objectClass', values: ['gosaAcl'] },
    { operation: 'add', attribute: 'gosaAclEntry', values: salesAssignments },
  ]);

  t = await restTestApp({ plugins: installedPlugins, settings: { fdUidNumberBase: '73100', fdGidNumberBase: '73100', fdPasswordMinLength: '8' } });
  for (const who of ['admin', 'manager', 'plain'] as const) token[who] = await login(who, password[who]!);
});
afterAll(async () => {
  await t?.close();
  await gateway?.close();
});

async function login(who: string, pw: string): Promise<string> {
  const res = await t.call({ method: 'POST', url: '/rest.php/v1/login', payload: { user: `${who}-${tag}`, password: pw } });
  if (res.statusCode !== 200) throw new Error(`${who} cannot sign in: ${res.statusCode} ${res.body}`);
  return res.json<string>();
}

/** A REST call as one of the three users. */
function as(who: keyof typeof token) {
  return (method: Method, url: string, payload?: unknown) =>
    t.call({ method, url, token: token[who], ...(payload === undefined ? {} : { payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } }) });
}
const admin = as('admin');
const manager = as('manager');
const plain = as('plain');

const listUrl = (query: Record<string, string> = {}) => `/rest.php/v1/objects/user${Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : ''}`;
const keysOf = (res: LightMyRequestResponse) => Object.keys(res.json<Record<string, unknown>>()).map((k) => k.toLowerCase()).sort();
const lower = (...dns: string[]) => dns.map((d) => d.toLowerCase()).sort();
const isBelow = (d: string, base: string) => d.toLowerCase().endsWith(`,${base.toLowerCase()}`);

/**
 * A refusal: the status, and REST's error body — an array of one error object with FusionDirectory's class, our stable
 * code and a message that says what was refused.
 */
function expectRefusal(res: LightMyRequestResponse, status: 400 | 403, message: string | RegExp, fields: Partial<ErrorObject> = {}): ErrorObject {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json<ErrorObject[]>();
  expect(Array.isArray(body), res.body).toBe(true);
  expect(body).toHaveLength(1);
  const error = body[0]!;
  expect(error).toMatchObject({ class: status === 403 ? 'WebServiceError' : 'SimplePluginPermissionError', code: status === 403 ? 'acl.denied' : 'value.invalid', ...fields });
  if (typeof message === 'string') expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
  return error;
}

/** FusionDirectory's answer to someone without any right on a type (fd-core.md §10.2). */
const noAccessToType = (type: string, self = false) => `Unsufficient rights for accessing type "${type}${self ? ':self' : ''}"`;

/** Every attribute of an entry, to show a refused request changed nothing. */
async function entryState(entryDn: string): Promise<Record<string, string[]> | null> {
  const entry = await gateway.read(entryDn, ['*']);
  if (!entry) return null;
  return Object.fromEntries(entry.names().map((n) => [n.toLowerCase(), [...entry.get(n)].sort()] as const).sort(([a], [b]) => a.localeCompare(b)));
}

async function uidExists(uid: string): Promise<boolean> {
  return (await gateway.searchAll(S, { filter: `(uid=${uid})`, attributes: ['1.1'] })).length > 0;
}

describe('the subtree administrator', () => {
  it('lists every user of the subtree, and nothing outside it', async () => {
    const all = await admin('GET', listUrl({ base: S }));
    expect(all.statusCode, all.body).toBe(200);
    expect(keysOf(all)).toEqual(lower(dn.admin!, dn.manager!, dn.plain!, dn.seller!, dn.closer!, dn.mover!, dn.unixer!, dn.marketer!, dn.designer!));
    const everywhere = await admin('GET', listUrl());
    expect(everywhere.statusCode, everywhere.body).toBe(200);
    expect(keysOf(everywhere).filter((k) => !isBelow(k, S))).toEqual([]);
    expect(keysOf(everywhere)).toEqual(expect.arrayContaining(lower(dn.admin!, dn.marketer!, dn.seller!)));
  });

  it('reads and changes a user of either department', async () => {
    const read = await admin('GET', objectUrl('user', dn.marketer!, 'user', 'telephoneNumber'));
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toBe('+33 1 00 00 00 03');
    const changed = await admin('PATCH', objectUrl('user', dn.seller!), { user: { title: ['Key accounts'] } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await gateway.read(dn.seller!, ['title']))!.get('title')).toEqual(['Key accounts']);
  });

  it('creates a user in marketing and deletes it', async () => {
    const uid = `newcomer-${tag}`;
    const created = await admin('POST', '/rest.php/v1/objects/user', { attrs: { user: { base: MARKETING, uid, givenName: 'New', sn: 'Comer' } } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json<string>().toLowerCase()).toBe(`uid=${uid},${people(MARKETING)}`.toLowerCase());
    const deleted = await admin('DELETE', objectUrl('user', created.json<string>()));
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect(await uidExists(uid)).toBe(false);
  });

  it('cannot open a user outside the subtree', async () => {
    const res = await admin('GET', objectUrl('user', env.fdAdminDN, 'user'));
    expectRefusal(res, 403, `You have no permission to read the object "${env.fdAdminDN}"`, { dn: env.fdAdminDN });
  });
});

describe('the sales manager', () => {
  it('lists the users of sales and himself, and nothing of marketing', async () => {
    const res = await manager('GET', listUrl({ base: S, 'attrs[uid]': '1', 'attrs[telephoneNumber]': '1' }));
    expect(res.statusCode, res.body).toBe(200);
    const keys = keysOf(res);
    expect(keys).toEqual(expect.arrayContaining(lower(dn.seller!, dn.closer!, dn.mover!, dn.unixer!)));
    // Outside sales he reads only his own entry (editowninfos, a self rule).
    expect(keys.filter((k) => !isBelow(k, people(SALES)))).toEqual(lower(dn.manager!));
    expect(res.json<Record<string, Record<string, string>>>()[dn.seller!]).toEqual({ uid: `seller-${tag}`, telephoneNumber: '+33 1 00 00 00 02' });
    // Marketing, asked for by name: an empty answer, as for a base holding nothing.
    const marketing = await manager('GET', listUrl({ base: MARKETING }));
    expect(marketing.statusCode, marketing.body).toBe(200);
    expect(marketing.json()).toEqual({});
  });

  // Pages and X-Total-Count leave out the users he may not read (no short pages, no leak of how many exist elsewhere).
  it('gets a first page of his own users, and a total that counts only them', async () => {
    const uidOf = (d: string) => /^uid=([^,]+)/i.exec(d)![1]!;
    const readable = keysOf(await manager('GET', listUrl({ base: S }))).sort((a, b) => uidOf(a).localeCompare(uidOf(b)));
    const res = await manager('GET', listUrl({ base: S, limit: '2', sort: 'uid' }));
    expect(res.statusCode, res.body).toBe(200);
    // By uid: admin- (not his) comes first, then closer- and manager- (his own entry).
    expect(keysOf(res)).toEqual(readable.slice(0, 2).sort());
    expect(res.headers['x-total-count']).toBe(String(readable.length));
  });

  it('reads a sales user and one of his attributes', async () => {
    const tabs = await manager('GET', objectUrl('user', dn.seller!));
    expect(tabs.statusCode, tabs.body).toBe(200);
    const tab = await manager('GET', objectUrl('user', dn.seller!, 'user'));
    expect(tab.statusCode, tab.body).toBe(200);
    expect(tab.json()).toMatchObject({ uid: `seller-${tag}`, telephoneNumber: '+33 1 00 00 00 02', base: SALES });
    const sn = await manager('GET', objectUrl('user', dn.seller!, 'user', 'sn'));
    expect(sn.json()).toBe(`Delegation${tag}`);
  });

  it('cannot read a marketing user', async () => {
    expectRefusal(await manager('GET', objectUrl('user', dn.marketer!)), 403, `You have no permission to read the object "${dn.marketer}"`, { dn: dn.marketer! });
    expectRefusal(await manager('GET', objectUrl('user', dn.marketer!, 'user', 'telephoneNumber')), 403, `You have no permission to read the object "${dn.marketer}"`);
  });

  it('cannot read the mail account of a sales user: the tab is not his', async () => {
    expectRefusal(await manager('GET', objectUrl('user', dn.seller!, 'mailAccount', 'mail')), 403, 'Not enough rights to read "mail"', { tab: 'mailAccount', attribute: 'mail' });
    const tab = await manager('GET', objectUrl('user', dn.seller!, 'mailAccount'));
    expect(tab.statusCode, tab.body).toBe(200);
    expect(tab.json()).not.toHaveProperty('mail');
  });

  it('changes a sales user (PATCH, PUT)', async () => {
    const patched = await manager('PATCH', objectUrl('user', dn.closer!), { user: { telephoneNumber: '+33 1 23 45 67 89', description: 'Changed by his manager' } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toBe(dn.closer);
    const put = await manager('PUT', objectUrl('user', dn.closer!, 'user', 'roomNumber'), 'S-12');
    expect(put.statusCode, put.body).toBe(200);
    const entry = (await gateway.read(dn.closer!, ['telephoneNumber', 'description', 'roomNumber']))!;
    expect([entry.get('telephoneNumber'), entry.get('description'), entry.get('roomNumber')]).toEqual([['+33 1 23 45 67 89'], ['Changed by his manager'], ['S-12']]);
  });

  it('creates a user in sales', async () => {
    const uid = `recruit-${tag}`;
    const res = await manager('POST', '/rest.php/v1/objects/user', { attrs: { user: { base: SALES, uid, givenName: 'Re', sn: 'Cruit', telephoneNumber: '+33 1 11 11 11 11' } } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<string>().toLowerCase()).toBe(`uid=${uid},${people(SALES)}`.toLowerCase());
    expect((await gateway.read(res.json<string>(), ['telephoneNumber']))!.get('telephoneNumber')).toEqual(['+33 1 11 11 11 11']);
  });

  it('cannot create a user in marketing, and nothing is written', async () => {
    const uid = `intruder-${tag}`;
    const res = await manager('POST', '/rest.php/v1/objects/user', { attrs: { user: { base: MARKETING, uid, givenName: 'In', sn: 'Truder' } } });
    // FusionDirectory refuses either the first field written in a department without rights (400) or the creation itself (403).
    expect([400, 403], res.body).toContain(res.statusCode);
    expectRefusal(res, res.statusCode as 400 | 403, /^You have no permission to (modify the field "\w+" of object "new"|create an object under "[^"]*ou=marketing)/);
    expect(await uidExists(uid)).toBe(false);
  });

  it('cannot delete a sales user, nor switch off his POSIX account', async () => {
    const before = await entryState(dn.unixer!);
    expectRefusal(await manager('DELETE', objectUrl('user', dn.unixer!)), 403, `You have no permission to delete the object: ${dn.unixer}`, { dn: dn.unixer! });
    expectRefusal(await manager('DELETE', objectUrl('user', dn.unixer!, 'posixAccount')), 403, `You don't have sufficient rights to disable tab "posixAccount"`, { tab: 'posixAccount' });
    expect(await entryState(dn.unixer!)).toEqual(before);
  });

  it('cannot delete a marketing user', async () => {
    const before = await entryState(dn.designer!);
    expectRefusal(await manager('DELETE', objectUrl('user', dn.designer!)), 403, `You have no permission to read the object "${dn.designer}"`);
    expect(await entryState(dn.designer!)).toEqual(before);
  });
});

describe('the sales manager trying to raise his own rights', () => {
  it('cannot change the ACL assignments of sales, through the assignment or through the department', async () => {
    const widened = [
      { scope: 'subtree', role: dn.managerRole, members: [dn.manager], userfilter: '', targetfilter: '' },
      { scope: 'subtree', role: dn.adminRole, members: [dn.manager], userfilter: '', targetfilter: '' },
    ];
    expectRefusal(await manager('PATCH', objectUrl('aclAssignment', SALES), { aclAssignment: { gosaAclEntry: widened } }), 403, noAccessToType('aclAssignment'));
    expectRefusal(await manager('PATCH', objectUrl('aclAssignment', SALES, 'aclAssignment', 'gosaAclEntry', 'values'), widened[1]), 403, noAccessToType('aclAssignment'));
    expectRefusal(await manager('PATCH', objectUrl('department', SALES, 'aclAssignment'), { gosaAclEntry: widened }), 403, noAccessToType('department'));
    // Nor put a new assignment on marketing.
    expectRefusal(await manager('PATCH', objectUrl('aclAssignment', MARKETING), { aclAssignment: { gosaAclEntry: widened.slice(1) } }), 403, noAccessToType('aclAssignment'));
    expect([...(await gateway.read(SALES, ['gosaAclEntry']))!.get('gosaAclEntry')].sort()).toEqual([...salesAssignments].sort());
    expect((await gateway.read(MARKETING, ['objectClass']))!.get('objectClass').map((c) => c.toLowerCase())).not.toContain('gosaacl');
  });

  it('cannot change his ACL role, nor create one', async () => {
    expectRefusal(await manager('PATCH', objectUrl('aclRole', dn.managerRole!), { aclRole: { gosaAclTemplate: [{ all: { '0': 'cmdrw' } }] } }), 403, noAccessToType('aclRole'));
    expectRefusal(await manager('PUT', objectUrl('aclRole', dn.managerRole!, 'aclRole', 'gosaAclTemplate'), [{ all: { '0': 'cmdrw' } }]), 403, noAccessToType('aclRole'));
    expectRefusal(await manager('POST', '/rest.php/v1/objects/aclRole', { attrs: { aclRole: { base: SALES, cn: `mine-${tag}`, gosaAclTemplate: [{ all: { '0': 'cmdrw' } }] } } }), 403, noAccessToType('aclRole'));
    expect((await gateway.read(dn.managerRole!, ['gosaAclTemplate']))!.get('gosaAclTemplate')).toEqual([MANAGER_ROLE_TEMPLATE]);
    expect(await gateway.read(`cn=mine-${tag},ou=aclroles,${SALES}`)).toBeNull();
  });

  it('cannot add himself to the admins group', async () => {
    expectRefusal(await manager('PATCH', objectUrl('ogroup', dn.admins!, 'ogroup', 'member', 'values'), [dn.manager]), 403, noAccessToType('ogroup'));
    expectRefusal(await manager('PATCH', objectUrl('ogroup', dn.admins!), { ogroup: { member: [dn.admin, dn.manager] } }), 403, noAccessToType('ogroup'));
    expect((await gateway.read(dn.admins!, ['member']))!.get('member')).toEqual([dn.admin]);
  });

  it('cannot write a tab his role does not grant: activate Personal, change a mail address', async () => {
    const before = await entryState(dn.seller!);
    expectRefusal(await manager('PATCH', objectUrl('user', dn.seller!, 'personalInfo'), { personalTitle: 'Dr' }), 403, `You don't have sufficient rights to enable tab "personalInfo"`, { tab: 'personalInfo' });
    expectRefusal(await manager('PATCH', objectUrl('user', dn.seller!), { mailAccount: { mail: `hijacked-${tag}@example.org` } }), 400, `You have no permission to modify the field "mail" of object "${dn.seller}"`, {
      tab: 'mailAccount',
      attribute: 'mail',
    });
    expect(await entryState(dn.seller!)).toEqual(before);
  });

  // `m` is asked at the destination too (FusionDirectory's BaseSelectorAttribute::check → acl_is_moveable(<new base>)),
  // so a manager of sales cannot push users into marketing, where he would then lose them.
  it('cannot move a sales user to marketing', async () => {
    const moved = `uid=mover-${tag},${people(MARKETING)}`;
    const before = await entryState(dn.mover!);
    const res = await manager('PATCH', objectUrl('user', dn.mover!), { user: { base: MARKETING } });
    expectRefusal(res, res.statusCode === 400 ? 400 : 403, /^You have no permission to (move the object|modify the field "base")/);
    expect(await entryState(dn.mover!)).toEqual(before);
    expect(await gateway.read(moved)).toBeNull();
  });
});

describe('a plain user (editowninfos and editownpwd)', () => {
  it('lists no user: he has no right on users, only on himself', async () => {
    expectRefusal(await plain('GET', listUrl()), 403, noAccessToType('user'));
    expectRefusal(await plain('GET', listUrl({ base: MARKETING })), 403, noAccessToType('user'));
  });

  it('reads his own entry', async () => {
    const tabs = await plain('GET', objectUrl('user', dn.plain!));
    expect(tabs.statusCode, tabs.body).toBe(200);
    const tab = await plain('GET', objectUrl('user', dn.plain!, 'user'));
    expect(tab.statusCode, tab.body).toBe(200);
    expect(tab.json()).toMatchObject({ uid: `plain-${tag}`, telephoneNumber: '+33 1 00 00 00 01' });
  });

  it('changes his own phone number', async () => {
    const res = await plain('PUT', objectUrl('user', dn.plain!, 'user', 'telephoneNumber'), '+33 6 12 34 56 78');
    expect(res.statusCode, res.body).toBe(200);
    expect((await gateway.read(dn.plain!, ['telephoneNumber']))!.get('telephoneNumber')).toEqual(['+33 6 12 34 56 78']);
  });

  it('changes his own password within the password rules, and signs in with it', async () => {
    const short = await plain('PUT', objectUrl('user', dn.plain!, 'user', 'userPassword'), 'short');
    expect(short.statusCode, short.body).toBe(400);
    expect(short.json<ErrorObject[]>()[0]).toMatchObject({ code: 'value.invalid', attribute: 'userPassword', message: expect.stringMatching(/at least 8 characters/) });
    const fresh = `fresh-${randomBytes(6).toString('hex')}`;
    const res = await plain('PUT', objectUrl('user', dn.plain!, 'user', 'userPassword'), fresh);
    expect(res.statusCode, res.body).toBe(200);
    expect((await gateway.read(dn.plain!, ['userPassword']))!.first('userPassword')).toMatch(/^\{SSHA\}/);
    await expect(login('plain', password.plain!)).rejects.toThrow(/401/);
    token.plain = await login('plain', fresh);
    password.plain = fresh;
  });

  it('cannot write what editowninfos does not grant: the Personal tab, his mail address', async () => {
    const before = await entryState(dn.plain!);
    expectRefusal(await plain('PATCH', objectUrl('user', dn.plain!, 'personalInfo'), { personalTitle: 'Dr' }), 403, `You don't have sufficient rights to enable tab "personalInfo"`, { tab: 'personalInfo' });
    expectRefusal(await plain('PUT', objectUrl('user', dn.plain!, 'mailAccount', 'mail'), `boss-${tag}@example.org`), 400, `You have no permission to modify the field "mail" of object "${dn.plain}"`, {
      tab: 'mailAccount',
      attribute: 'mail',
    });
    expect(await entryState(dn.plain!)).toEqual(before);
  });

  it('reads nothing of another user, not even his phone number', async () => {
    expectRefusal(await plain('GET', objectUrl('user', dn.marketer!)), 403, noAccessToType('user'));
    expectRefusal(await plain('GET', objectUrl('user', dn.marketer!, 'user', 'telephoneNumber')), 403, noAccessToType('user'));
    expectRefusal(await plain('GET', objectUrl('user', dn.seller!, 'user')), 403, noAccessToType('user'));
  });

  it('changes, creates and deletes no one else, and cannot delete himself', async () => {
    const other = await entryState(dn.marketer!);
    expectRefusal(await plain('PATCH', objectUrl('user', dn.marketer!), { user: { telephoneNumber: '+33 1 99 99 99 99' } }), 403, noAccessToType('user'));
    expectRefusal(await plain('DELETE', objectUrl('user', dn.marketer!)), 403, noAccessToType('user'));
    expectRefusal(await plain('POST', '/rest.php/v1/objects/user', { attrs: { user: { base: MARKETING, uid: `friend-${tag}`, givenName: 'A', sn: 'Friend' } } }), 403, noAccessToType('user'));
    expectRefusal(await plain('DELETE', objectUrl('user', dn.plain!)), 403, `You have no permission to delete the object: ${dn.plain}`, { dn: dn.plain! });
    expect(await entryState(dn.marketer!)).toEqual(other);
    expect(await uidExists(`friend-${tag}`)).toBe(false);
    expect(await gateway.read(dn.plain!)).not.toBeNull();
  });

  it('cannot touch ACLs nor groups', async () => {
    expectRefusal(await plain('PATCH', objectUrl('aclAssignment', S), { aclAssignment: { gosaAclEntry: [{ scope: 'subtree', role: dn.adminRole, members: [dn.plain], userfilter: '', targetfilter: '' }] } }), 403, noAccessToType('aclAssignment'));
    expectRefusal(await plain('PATCH', objectUrl('ogroup', dn.admins!, 'ogroup', 'member', 'values'), [dn.plain]), 403, noAccessToType('ogroup'));
    expect((await gateway.read(dn.admins!, ['member']))!.get('member')).toEqual([dn.admin]);
  });

  // FusionDirectory makes uid read-only once the user exists; Trousseau lets those with `m` on the user rename a login
  // (docs/compatibility.md), never editowninfos (`user/user;srw`) alone. Last of the file: a rename would change his
  // DN under later tests.
  it('cannot rename his own login', async () => {
    const before = await entryState(dn.plain!);
    const res = await plain('PUT', objectUrl('user', dn.plain!, 'user', 'uid'), `root-${tag}`);
    expect([400, 403], res.body).toContain(res.statusCode);
    expect(res.json<ErrorObject[]>()[0]).toMatchObject({ attribute: 'uid', message: expect.stringMatching(/uid|login/i) });
    expect(await entryState(dn.plain!)).toEqual(before);
    expect(await uidExists(`root-${tag}`)).toBe(false);
  });
});
