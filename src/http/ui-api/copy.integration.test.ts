// Copying an object from the web interface (FusionDirectory's copy & paste, fd-core.md §7.3) against the run's
// slapd: what is copied and what is not, the new user's own ids, rights (read of the source, create in the target),
// group memberships duplicated, and the `copy`/`paste` audit events.
import { randomBytes, randomInt } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { eq } from '../../ldap/filter.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { hashSalted } from '../../passwords/ssha.ts';
import { installedPlugins } from '../../plugins/index.ts';
import { LoginThrottle } from '../../services/auth/LoginThrottle.ts';
import { SiteConfig } from '../../services/SiteConfig.ts';
import { buildApp } from '../buildApp.ts';
import { buildRestV1Setup } from '../rest-v1/buildRestV1Setup.ts';
import { registerRoutes } from '../registerRoutes.ts';
import type { ObjectView, SessionInfo } from './contract.ts';

const UA = 'trousseau-copy-tests/1.0';
const env = testLdap();
const tag = randomBytes(3).toString('hex');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
// uidNumbers 92100–92899 are this file’s (e2e/copy.test.ts uses 92900–92999; the unique overlay covers the whole tree).
const sourceUidNumber = String(92100 + randomInt(0, 800));
let app: FastifyInstance;
let gateway: LdapGateway;
let base: string;
let people: string;
let sales: string;
let sourceDn: string;
let groupDn: string;
const sourceUid = `csrc${tag}`;
const SOURCE_HASH = hashSalted('Source-secret-1', 'SSHA');

interface Session {
  cookie: string;
  csrf: string;
}
let admin: Session;

async function signIn(username: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/ui/api/session', headers: { 'user-agent': UA }, payload: { username, password } });
  expect(res.statusCode, res.body).toBe(200);
  const set = res.headers['set-cookie'];
  return { cookie: ((Array.isArray(set) ? set[0] : set) ?? '').split(';')[0] ?? '', csrf: res.json<SessionInfo>().csrf };
}

function call(session: Session, options: InjectOptions): Promise<LightMyRequestResponse> {
  return app.inject({ ...options, headers: { 'user-agent': UA, cookie: session.cookie, 'x-csrf-token': session.csrf, ...(options.headers ?? {}) } } as InjectOptions);
}

const newCopyUrl = (source: string, extra = '') => `/ui/api/objects/user?new=1&copyOf=${encodeURIComponent(source)}${extra}`;
const tabOf = (view: ObjectView, id: string) => view.tabs.find((t) => t.id === id)!;

/** The audit events recorded about one object (the shared audit branch holds every test's events). */
async function auditOf(object: string): Promise<Array<{ action: string; type: string; author: string }>> {
  const entries = await gateway.searchAll(`ou=audit,${env.baseDN}`, { scope: 'one', filter: eq('fdAuditObject', object), attributes: ['fdAuditAction', 'fdAuditObjectType', 'fdAuditAuthorDN'] });
  return entries.map((e) => ({ action: e.first('fdAuditAction')!, type: e.first('fdAuditObjectType')!, author: e.first('fdAuditAuthorDN')! }));
}

/** A user given one ACL role on a subtree (written before the app starts: it reads the assignments then). */
async function addDelegate(name: string, template: string, at: string): Promise<void> {
  const uid = `c${name}${tag}`;
  await gateway.add(`uid=${uid},${people}`, { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'], uid, cn: uid, sn: uid, givenName: uid, userPassword: hashSalted('Delegate-secret-1', 'SSHA') });
  const role = `cn=${name}-${tag},ou=aclroles,${base}`;
  await gateway.add(role, { objectClass: ['top', 'gosaRole'], cn: `${name}-${tag}`, gosaAclTemplate: template });
  const current = (await gateway.read(at, ['gosaAclEntry']))?.get('gosaAclEntry') ?? [];
  await gateway.modify(at, [
    ...(current.length === 0 ? [{ operation: 'add' as const, attribute: 'objectClass', values: ['gosaAcl'] }] : []),
    { operation: 'add', attribute: 'gosaAclEntry', values: [`${current.length}:subtree:${b64(role)}:${b64(`uid=${uid},${people}`)}:${b64('')}:${b64('')}`] },
  ]);
}
const delegate = (name: string) => signIn(`c${name}${tag}`, 'Delegate-secret-1');

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  base = await testSubtree('copy');
  people = `ou=people,${base}`;
  sales = `ou=sales-${tag},${base}`;
  for (const ou of ['people', 'groups', 'aclroles']) await gateway.add(`ou=${ou},${base}`, { objectClass: 'organizationalUnit', ou });
  await gateway.add(sales, { objectClass: ['organizationalUnit', 'gosaDepartment'], ou: `sales-${tag}`, description: 'Sales' });
  await gateway.add(`ou=people,${sales}`, { objectClass: 'organizationalUnit', ou: 'people' });
  sourceDn = `uid=${sourceUid},${people}`;
  await gateway.add(sourceDn, {
    objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', 'posixAccount', 'shadowAccount', 'gosaMailAccount'],
    uid: sourceUid,
    cn: 'Sam Source',
    sn: 'Source',
    givenName: 'Sam',
    description: 'Team template',
    telephoneNumber: '+33 1 23 45 67 89',
    l: 'Lyon',
    userPassword: SOURCE_HASH,
    uidNumber: sourceUidNumber,
    gidNumber: sourceUidNumber,
    homeDirectory: `/home/${sourceUid}`,
    loginShell: '/bin/bash',
    mail: `${sourceUid}@example.org`,
    gosaMailAlternateAddress: `alias-${sourceUid}@example.org`,
    gosaMailQuota: '500',
  });
  // Reads and writes names and the login, creates users; the phone number and description are not his.
  await addDelegate('namemgr', '0:user/user;c#uid;rw#sn;rw#givenName;rw#base;rw#l;rw,user/posixAccount;rwc', base);
  // Reads and writes users everywhere, creates nowhere.
  await addDelegate('seller', '0:user/user;rw,user/posixAccount;rw,user/mailAccount;rw', base);
  // Rights in the sales department only.
  await addDelegate('outsider', '0:user/user;rwc', `ou=people,${sales}`);
  groupDn = `cn=cteam${tag},ou=groups,${base}`;
  await gateway.add(groupDn, { objectClass: ['posixGroup'], cn: `cteam${tag}`, gidNumber: sourceUidNumber, memberUid: [sourceUid] });
  const setup = await buildRestV1Setup({
    directories: [{ name: 'default', base: env.baseDN, gateway }],
    sessionKey: randomBytes(32),
    plugins: installedPlugins,
    throttle: new LoginThrottle({ freeAttempts: 1000 }),
    // `copy` is not among FusionDirectory's default audited actions: this site selects it.
    loadConfig: (g, baseDN) => SiteConfig.load(g, baseDN, { fdLogging: 'TRUE', fdAuditActions: ['security', 'modify', 'create', 'remove', 'copy'], fdShells: ['/bin/bash', '/bin/zsh'] }),
  });
  app = await buildApp({ logLevel: false, register: (a) => registerRoutes(a, { setup, webRoot: '/nonexistent' }) });
  admin = await signIn('fd-admin', env.fdAdminPassword);
});

afterAll(async () => {
  await app?.close();
  await gateway?.close();
});

describe('copy of a user (administrator)', () => {
  it('opens a new object prefilled with the source’s values, without its password, mail or ids', async () => {
    const res = await call(admin, { method: 'GET', url: newCopyUrl(sourceDn) });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json<ObjectView>();
    expect(view.dn).toBeNull();
    expect(view.base).toBe(base);
    const user = tabOf(view, 'user');
    expect(user.values).toMatchObject({ uid: sourceUid, sn: 'Source', givenName: 'Sam', description: 'Team template', telephoneNumber: '+33 1 23 45 67 89', l: 'Lyon' });
    expect(user.values.userPassword ?? '').toBe('');
    const posix = tabOf(view, 'posixAccount');
    expect(posix.active).toBe(true);
    expect(posix.values).toMatchObject({ homeDirectory: `/home/${sourceUid}`, loginShell: '/bin/bash' });
    expect([null, undefined, '']).toContain(posix.values.uidNumber);
    const mail = tabOf(view, 'mailAccount');
    expect(mail.active).toBe(true);
    expect(mail.values.mail ?? '').toBe('');
    expect(mail.values.gosaMailAlternateAddress ?? []).toEqual([]);
    expect(mail.values.gosaMailQuota).toBe(500);
  });

  it('saves the copy with a new login: own uidNumber, no password, values and groups copied, audited once', async () => {
    const uid = `ccopy${tag}`;
    const res = await call(admin, {
      method: 'POST',
      url: '/ui/api/objects/user',
      payload: { copyOf: sourceDn, base, tabs: { user: { active: true, values: { uid, givenName: 'Carla', sn: 'Copy' } }, mailAccount: { active: true, values: { mail: `${uid}@example.org` } } } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const dn = res.json<{ dn: string }>().dn;
    expect(dn).toBe(`uid=${uid},${people}`);
    const entry = (await gateway.read(dn, ['*']))!;
    expect(entry.get('cn')).toEqual(['Carla Copy']);
    expect(entry.get('description')).toEqual(['Team template']);
    expect(entry.get('telephoneNumber')).toEqual(['+33 1 23 45 67 89']);
    expect(entry.get('loginShell')).toEqual(['/bin/bash']);
    // The home directory left as the source's follows the new login (renameOnCopy).
    expect(entry.get('homeDirectory')).toEqual([`/home/${uid}`]);
    expect(entry.get('gosaMailQuota')).toEqual(['500']);
    expect(entry.get('mail')).toEqual([`${uid}@example.org`]);
    expect(entry.get('gosaMailAlternateAddress')).toEqual([]);
    expect(entry.get('userPassword')).toEqual([]);
    const uidNumber = entry.first('uidNumber');
    expect(uidNumber).toMatch(/^\d+$/);
    expect(uidNumber).not.toBe(sourceUidNumber);
    // The source's group now counts the copy too (FusionDirectory's foreign keys in copy mode).
    expect((await gateway.read(groupDn, ['memberUid']))!.get('memberUid').sort()).toEqual([uid, sourceUid].sort());
    // The source is untouched.
    expect((await gateway.read(sourceDn, ['userPassword', 'mail']))!.get('mail')).toEqual([`${sourceUid}@example.org`]);

    const onSource = await auditOf(sourceDn);
    expect(onSource.filter((e) => e.action === 'copy')).toEqual([{ action: 'copy', type: 'copy', author: env.fdAdminDN }]);
    const onCopy = await auditOf(dn);
    expect(onCopy.filter((e) => e.action === 'copy')).toEqual([{ action: 'copy', type: 'paste', author: env.fdAdminDN }]);
    expect(onCopy.filter((e) => e.action === 'create').map((e) => e.type).sort()).toEqual(['plugin/mailAccount', 'plugin/posixAccount', 'plugin/user']);
  });

  it('keeps a home directory the administrator changed in the copy', async () => {
    const uid = `chome${tag}`;
    const res = await call(admin, {
      method: 'POST',
      url: '/ui/api/objects/user',
      payload: { copyOf: sourceDn, base, tabs: { user: { active: true, values: { uid, givenName: 'Hugo', sn: 'Home' } }, posixAccount: { active: true, values: { homeDirectory: '/srv/shared/hugo' } }, mailAccount: { active: false } } },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await gateway.read(res.json<{ dn: string }>().dn, ['homeDirectory']))!.get('homeDirectory')).toEqual(['/srv/shared/hugo']);
  });

  it('refuses a duplicate login with the error object, and writes nothing', async () => {
    const before = await gateway.searchAll(base, { scope: 'sub', filter: eq('objectClass', 'inetOrgPerson'), attributes: ['1.1'] });
    const res = await call(admin, {
      method: 'POST',
      url: '/ui/api/objects/user',
      payload: { copyOf: sourceDn, tabs: { user: { active: true, values: { givenName: 'Twin', sn: 'Source' } }, mailAccount: { active: true, values: { mail: `twin${tag}@example.org` } } } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'value.invalid', tab: 'user', attribute: 'uid' });
    const after = await gateway.searchAll(base, { scope: 'sub', filter: eq('objectClass', 'inetOrgPerson'), attributes: ['1.1'] });
    expect(after.length).toBe(before.length);
    expect(await gateway.searchAll(env.baseDN, { filter: eq('mail', `twin${tag}@example.org`), attributes: ['1.1'] })).toEqual([]);
  });

  it('validates copyOf: a DN, of an object of the type, not with a template', async () => {
    const notDn = await call(admin, { method: 'GET', url: newCopyUrl('not a dn') });
    expect(notDn.statusCode).toBe(400);
    expect(notDn.json()).toMatchObject({ code: 'value.invalid', attribute: 'copyOf' });
    const group = await call(admin, { method: 'GET', url: newCopyUrl(groupDn) });
    expect(group.statusCode).toBe(404);
    expect(group.json()).toMatchObject({ code: 'object.not_found', attribute: 'copyOf', dn: groupDn });
    const missing = await call(admin, { method: 'POST', url: '/ui/api/objects/user', payload: { copyOf: `uid=nobody${tag},${people}`, tabs: { user: { active: true, values: { uid: `cnone${tag}` } } } } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'object.not_found', attribute: 'copyOf' });
    const both = await call(admin, { method: 'GET', url: newCopyUrl(sourceDn, `&template=${encodeURIComponent(`cn=t,ou=templates,${people}`)}`) });
    expect(both.statusCode).toBe(400);
    expect(both.json()).toMatchObject({ code: 'value.invalid', attribute: 'copyOf' });
    const bothPost = await call(admin, { method: 'POST', url: '/ui/api/objects/user', payload: { copyOf: sourceDn, template: `cn=t,ou=templates,${people}`, tabs: {} } });
    expect(bothPost.json()).toMatchObject({ code: 'value.invalid', attribute: 'copyOf' });
    expect(await gateway.searchAll(env.baseDN, { filter: eq('uid', `cnone${tag}`), attributes: ['1.1'] })).toEqual([]);
  });
});

describe('copy of a mail template', () => {
  it('copies its attachments as child entries of the new template', async () => {
    const branch = `ou=mailTemplate,${base}`;
    await gateway.add(branch, { objectClass: 'organizationalUnit', ou: 'mailTemplate' });
    const source = `cn=welcome${tag},${branch}`;
    await gateway.add(source, { objectClass: ['fdMailTemplate'], cn: `welcome${tag}`, fdMailTemplateSubject: 'Welcome', fdMailTemplateBody: 'Hello {{givenName}}' });
    const pdf = Buffer.from('%PDF-1.4 charter');
    await gateway.add(`cn=charter.pdf,${source}`, { objectClass: ['fdMailAttachments'], cn: 'charter.pdf', fdMailAttachmentsContent: [pdf] });
    const res = await call(admin, { method: 'POST', url: '/ui/api/objects/mailTemplate', payload: { copyOf: source, tabs: { mailTemplate: { active: true, values: { cn: `welcome2${tag}` } } } } });
    expect(res.statusCode, res.body).toBe(201);
    const dn = res.json<{ dn: string }>().dn;
    expect(dn).toBe(`cn=welcome2${tag},${branch}`);
    expect((await gateway.read(dn, ['fdMailTemplateBody']))!.get('fdMailTemplateBody')).toEqual(['Hello {{givenName}}']);
    const attachment = await gateway.read(`cn=charter.pdf,${dn}`, ['fdMailAttachmentsContent'], { binaryAttributes: ['fdMailAttachmentsContent'] });
    expect(attachment?.buffers('fdMailAttachmentsContent')[0]?.equals(pdf)).toBe(true);
    // The source keeps its own.
    expect(await gateway.read(`cn=charter.pdf,${source}`, ['cn'])).not.toBeNull();
  });
});

describe('copy by a delegated administrator', () => {
  it('does not copy what he may not read', async () => {
    const manager = await delegate('namemgr');
    const opened = await call(manager, { method: 'GET', url: newCopyUrl(sourceDn) });
    expect(opened.statusCode, opened.body).toBe(200);
    const view = opened.json<ObjectView>();
    expect(tabOf(view, 'user').values).toMatchObject({ uid: sourceUid, sn: 'Source', l: 'Lyon' });
    expect(tabOf(view, 'user').values.telephoneNumber).toBeUndefined();
    const uid = `cdeleg${tag}`;
    const res = await call(manager, { method: 'POST', url: '/ui/api/objects/user', payload: { copyOf: sourceDn, tabs: { user: { active: true, values: { uid } }, mailAccount: { active: false } } } });
    expect(res.statusCode, res.body).toBe(201);
    const entry = (await gateway.read(res.json<{ dn: string }>().dn, ['*']))!;
    expect(entry.get('l')).toEqual(['Lyon']);
    expect(entry.get('homeDirectory')).toEqual([`/home/${uid}`]);
    expect(entry.get('telephoneNumber')).toEqual([]);
    expect(entry.get('description')).toEqual([]);
    // He may not write the group: the copy is not added to it.
    expect((await gateway.read(groupDn, ['memberUid']))!.get('memberUid')).not.toContain(uid);
  });

  it('is refused without the right to create in the target department, and writes nothing', async () => {
    const seller = await delegate('seller');
    // He may read the source: the copy opens, only the creation is refused.
    expect((await call(seller, { method: 'GET', url: newCopyUrl(sourceDn) })).statusCode).toBe(200);
    const uid = `cdenied${tag}`;
    const payload = { copyOf: sourceDn, base, tabs: { user: { active: true, values: { uid } }, mailAccount: { active: true, values: { mail: `${uid}@example.org` } } } };
    const res = await call(seller, { method: 'POST', url: '/ui/api/objects/user', payload });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'acl.denied' });
    expect(await gateway.searchAll(env.baseDN, { filter: eq('uid', uid), attributes: ['1.1'] })).toEqual([]);
    expect(await auditOf(`uid=${uid},${people}`)).toEqual([]);
  });

  it('is refused when he may not read the source at all', async () => {
    const outsider = await delegate('outsider');
    const res = await call(outsider, { method: 'GET', url: newCopyUrl(sourceDn) });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'acl.denied', attribute: 'copyOf' });
  });
});
