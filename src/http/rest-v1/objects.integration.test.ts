// REST v1 objects, tabs and attributes (fd-core.md §10.3, §10.6, §10.7), with edit locks and If-Match, against the real directory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSubtree } from '../../../test/harness.ts';
import { addUserWithPassword, objectUrl, restTestApp, uniqueUid, type RestTestApp } from './restTestKit.ts';

let t: RestTestApp;
let token: string;
let base: string;

type ErrorObject = { class: string; message: string; code: string; dn?: string; tab?: string; attribute?: string; author?: string; reason?: string };

beforeAll(async () => {
  t = await restTestApp();
  token = await t.adminToken();
  base = await testSubtree('rest-objects');
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.call({ method, url, token, headers, ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}) });

async function createUser(values: Record<string, unknown> = {}, extraTabs: Record<string, Record<string, unknown>> = {}): Promise<string> {
  const uid = (values.uid as string | undefined) ?? uniqueUid('u');
  const res = await call('POST', '/rest.php/v1/objects/user', { attrs: { user: { base, uid, givenName: 'Ada', sn: 'Lovelace', ...values }, ...extraTabs } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<string>();
}

const errors = (body: string) => JSON.parse(body) as ErrorObject[];

describe('creating and reading', () => {
  it('creates a user and reads its tabs, a tab and an attribute, with ETags', async () => {
    const uid = uniqueUid('ada');
    const res = await call('POST', '/rest.php/v1/objects/user', { attrs: { user: { base, uid, givenName: 'Ada', sn: 'Lovelace', title: ['Countess'] } } });
    expect(res.statusCode).toBe(201);
    const dn = res.json<string>();
    expect(dn).toBe(`uid=${uid},ou=people,${base}`);
    const tabs = await call('GET', objectUrl('user', dn));
    expect(tabs.statusCode).toBe(200);
    expect(tabs.json()).toEqual([
      { class: 'user', name: 'User', active: true },
      { class: 'personalInfo', name: 'Personal', active: false },
      { class: 'reference', name: 'References', active: true },
    ]);
    // The References tab lists who refers to the object (nobody yet).
    expect((await call('GET', objectUrl('user', dn, 'reference'))).json()).toEqual({});
    const csn = (await t.gateway.read(dn, ['entryCSN']))!.first('entryCSN');
    expect(tabs.headers.etag).toBe(`"${csn}"`);
    const tab = await call('GET', objectUrl('user', dn, 'user'));
    expect(tab.json()).toMatchObject({ uid, givenName: 'Ada', sn: 'Lovelace', cn: 'Ada Lovelace', title: ['Countess'], base });
    expect(tab.headers.etag).toBe(`"${csn}"`);
    const sn = await call('GET', objectUrl('user', dn, 'user', 'sn'));
    expect(sn.body).toBe('"Lovelace"\n');
    expect(sn.headers.etag).toBe(`"${csn}"`);
  });

  it('activates a tab given at creation', async () => {
    const dn = await createUser({}, { personalInfo: { personalTitle: 'Dr', fdNickName: ['Ada'] } });
    expect((await call('GET', objectUrl('user', dn))).json()).toContainEqual({ class: 'personalInfo', name: 'Personal', active: true });
    expect((await call('GET', objectUrl('user', dn, 'personalInfo'))).json()).toMatchObject({ personalTitle: 'Dr', fdNickName: ['Ada'] });
    expect((await t.gateway.read(dn, ['objectClass']))!.get('objectClass')).toContain('fdPersonalInfo');
  });

  it('answers 404 for a missing DN, one outside the base, or text that is no DN', async () => {
    for (const dn of [`uid=ghost,ou=people,${base}`, 'uid=ghost,dc=elsewhere,dc=org', 'not a dn']) {
      const res = await call('GET', objectUrl('user', dn));
      expect(res.statusCode, dn).toBe(404);
      expect(errors(res.body)[0]).toEqual({ class: 'fdRestService', message: `Non-existing dn "${dn}"!`, code: 'object.not_found', dn });
    }
  });

  it('answers 400 for an unknown type and 404 for an unknown tab or attribute', async () => {
    const dn = await createUser();
    const type = await call('GET', objectUrl('spaceship', dn));
    expect(type.statusCode).toBe(400);
    expect(errors(type.body)[0]).toEqual({ class: 'NonExistingObjectTypeException', message: 'Non-existing type "spaceship"', code: 'value.invalid', type: 'spaceship' });
    const tab = await call('GET', objectUrl('user', dn, 'posixAccount'));
    expect(tab.statusCode).toBe(404);
    expect(errors(tab.body)[0]).toMatchObject({ message: 'Tab "posixAccount" of type "user" does not exists', tab: 'posixAccount', code: 'object.not_found' });
    const attribute = await call('GET', objectUrl('user', dn, 'user', 'shoeSize'));
    expect(attribute.statusCode).toBe(404);
    expect(errors(attribute.body)[0]).toMatchObject({ message: 'Unknown attribute', tab: 'user', attribute: 'shoeSize' });
  });

  it('refuses to read an inactive tab or its attributes', async () => {
    const dn = await createUser();
    const tab = await call('GET', objectUrl('user', dn, 'personalInfo'));
    expect(tab.statusCode).toBe(400);
    expect(errors(tab.body)[0]!.message).toBe('Tab "personalInfo" is inactive');
    expect((await call('GET', objectUrl('user', dn, 'personalInfo', 'personalTitle'))).statusCode).toBe(400);
  });
});

describe('refusing bad input', () => {
  it('names the tab and attribute of an unknown field and of a value of the wrong type', async () => {
    const unknown = await call('POST', '/rest.php/v1/objects/user', { attrs: { user: { base, uid: uniqueUid('x'), givenName: 'A', sn: 'B', shoeSize: 42 } } });
    expect(unknown.statusCode).toBe(400);
    expect(errors(unknown.body)).toEqual([{ class: 'SimplePluginError', message: 'Unknown field "shoeSize"', code: 'value.invalid', dn: 'new', tab: 'user', attribute: 'shoeSize' }]);
    const wrongType = await call('POST', '/rest.php/v1/objects/user', { attrs: { user: { base, uid: uniqueUid('x'), givenName: 'A', sn: { first: 'B' } } } });
    expect(wrongType.statusCode).toBe(400);
    expect(errors(wrongType.body)[0]).toMatchObject({ tab: 'user', attribute: 'sn', code: 'value.invalid' });
    const tab = await call('POST', '/rest.php/v1/objects/user', { attrs: { user: { base, uid: uniqueUid('x'), givenName: 'A', sn: 'B' }, posixAccount: { uidNumber: 1 } } });
    expect(tab.statusCode).toBe(404);
  });

  it('answers every check problem of the failing tab, and writes nothing', async () => {
    const res = await call('POST', '/rest.php/v1/objects/user', { attrs: { user: { base, uid: 'Bad Login', sn: 'Du(pont)', telephoneNumber: 'call me' } } });
    expect(res.statusCode).toBe(400);
    const body = errors(res.body);
    expect(body.every((e) => e.class === 'SimplePluginCheckError' && e.dn === 'new' && e.tab === 'user' && e.code === 'value.invalid')).toBe(true);
    expect(body.map((e) => [e.attribute, e.reason])).toEqual([
      ['sn', 'value.forbidden_characters'],
      ['givenName', 'value.required'],
      ['telephoneNumber', 'value.phone'],
      ['uid', 'value.pattern'],
    ]);
    expect(body.find((e) => e.attribute === 'givenName')!.message).toBe('The required field "First name" is empty!');
  });

  it('refuses a login already used, a base outside the directory, and a disabled attribute', async () => {
    const uid = uniqueUid('twice');
    const first = await createUser({ uid });
    const again = await call('POST', '/rest.php/v1/objects/user', { attrs: { user: { base, uid, givenName: 'B', sn: 'C' } } });
    expect(again.statusCode).toBe(400);
    expect(errors(again.body)[0]).toMatchObject({ message: `The entry "${first}" already uses this "Login" attribute!`, attribute: 'uid' });
    const outside = await call('POST', '/rest.php/v1/objects/user', { attrs: { user: { base: 'dc=elsewhere,dc=org', uid: uniqueUid('out'), givenName: 'B', sn: 'C' } } });
    expect(outside.statusCode).toBe(400);
    expect(errors(outside.body)[0]).toMatchObject({ attribute: 'base', code: 'value.invalid' });
    const disabled = await call('PATCH', objectUrl('user', first, 'personalInfo'), { fdPhotoVisible: false, fdBadge: 'B-12' });
    expect(disabled.statusCode).toBe(400);
    expect(errors(disabled.body)[0]).toMatchObject({ class: 'SimplePluginError', message: 'Attribute fdBadge is disabled, its value could not be set', tab: 'personalInfo', attribute: 'fdBadge' });
  });

  it('refuses a body that is not the expected shape', async () => {
    expect(errors((await call('POST', '/rest.php/v1/objects/user', { user: {} })).body)[0]!.message).toBe('Invalid request: "attrs" is missing');
    expect((await call('POST', '/rest.php/v1/objects/user', ['x'])).statusCode).toBe(400);
    expect((await call('POST', '/rest.php/v1/objects/user')).statusCode).toBe(400);
    const dn = await createUser();
    expect((await call('PATCH', objectUrl('user', dn), { user: 'Lovelace' })).statusCode).toBe(400);
  });
});

describe('modifying', () => {
  it('modifies through PATCH of the object, of a tab and PUT of an attribute, answering the DN', async () => {
    const dn = await createUser();
    const patch = await call('PATCH', objectUrl('user', dn), { user: { description: 'Mathematician' }, personalInfo: { personalTitle: 'Countess' } });
    expect(patch.statusCode).toBe(200);
    expect(patch.json()).toBe(dn);
    expect(patch.headers.etag).toBe(`"${(await t.gateway.read(dn, ['entryCSN']))!.first('entryCSN')}"`);
    expect((await call('PATCH', objectUrl('user', dn, 'user'), { telephoneNumber: '+44 20 7946 0000' })).json()).toBe(dn);
    expect((await call('PUT', objectUrl('user', dn, 'user', 'sn'), 'Byron')).json()).toBe(dn);
    const entry = (await t.gateway.read(dn, ['*']))!;
    expect(entry.first('description')).toBe('Mathematician');
    expect(entry.first('personalTitle')).toBe('Countess');
    expect(entry.first('telephoneNumber')).toBe('+44 20 7946 0000');
    expect(entry.first('cn')).toBe('Ada Byron');
    // An empty PATCH re-saves the object (the orchestrator's "refresh").
    for (const body of [{}, []]) expect((await call('PATCH', objectUrl('user', dn), body)).json()).toBe(dn);
  });

  it('answers the new DN when a PATCH renames', async () => {
    const member = await createUser();
    const created = await call('POST', '/rest.php/v1/objects/ogroup', { attrs: { ogroup: { base, cn: 'analysts', member: [member] } } });
    expect(created.statusCode).toBe(201);
    const dn = created.json<string>();
    const renamed = await call('PATCH', objectUrl('ogroup', dn), { ogroup: { cn: 'engineers' } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toBe(`cn=engineers,ou=groups,${base}`);
    expect((await call('GET', objectUrl('ogroup', dn))).statusCode).toBe(404);
    expect((await call('GET', objectUrl('ogroup', renamed.json<string>(), 'ogroup', 'member'))).json()).toEqual([member]);
  });

  it('resets an attribute with DELETE and answers its new value', async () => {
    const dn = await createUser({ description: 'temporary' });
    const res = await call('DELETE', objectUrl('user', dn, 'user', 'description'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toBe('');
    expect((await t.gateway.read(dn, ['description']))!.has('description')).toBe(false);
    expect((await call('DELETE', objectUrl('user', dn, 'personalInfo', 'personalTitle'))).json<ErrorObject[]>()[0]!.message).toBe('Inactive tab');
  });

  it('adds and removes values of a multi-valued attribute', async () => {
    const dn = await createUser();
    expect((await call('PATCH', objectUrl('user', dn, 'user', 'title', 'values'), ['Countess', 'Analyst'])).json()).toBe(dn);
    expect((await call('PATCH', objectUrl('user', dn, 'user', 'title', 'values'), 'Writer')).json()).toBe(dn);
    expect((await call('GET', objectUrl('user', dn, 'user', 'title'))).json()).toEqual(['Analyst', 'Countess', 'Writer']);
    expect((await call('DELETE', objectUrl('user', dn, 'user', 'title', 'values'), ['Countess'])).statusCode).toBe(204);
    expect((await call('GET', objectUrl('user', dn, 'user', 'title'))).json()).toEqual(['Analyst', 'Writer']);
    const single = await call('PATCH', objectUrl('user', dn, 'user', 'sn', 'values'), ['X']);
    expect(single.statusCode).toBe(400);
    expect(errors(single.body)[0]!.message).toBe('Field "sn" is not multi-valuated');
    expect((await call('PATCH', objectUrl('user', dn, 'user', 'shoeSize', 'values'), ['X'])).statusCode).toBe(404);
  });

  it('deactivates a tab with DELETE, and refuses to deactivate the main tab or an inactive one', async () => {
    const dn = await createUser({}, { personalInfo: { personalTitle: 'Dr' } });
    expect((await call('DELETE', objectUrl('user', dn, 'personalInfo'))).statusCode).toBe(204);
    const entry = (await t.gateway.read(dn, ['objectClass', 'personalTitle']))!;
    expect(entry.get('objectClass')).not.toContain('fdPersonalInfo');
    expect(entry.has('personalTitle')).toBe(false);
    expect((await call('DELETE', objectUrl('user', dn, 'personalInfo'))).statusCode).toBe(400);
    const main = await call('DELETE', objectUrl('user', dn, 'user'));
    expect(main.statusCode).toBe(400);
    expect(errors(main.body)[0]!.message).toBe('Tab "user" cannot be deactivated');
  });

  it('deletes an object', async () => {
    const dn = await createUser();
    expect((await call('DELETE', objectUrl('user', dn))).statusCode).toBe(204);
    expect(await t.gateway.read(dn, ['1.1'])).toBeNull();
    expect((await call('DELETE', objectUrl('user', dn))).statusCode).toBe(404);
  });
});

describe('concurrency', () => {
  it('refuses a write with a stale If-Match with 412 and changes nothing; a current one goes through', async () => {
    const dn = await createUser();
    const etag = (await call('GET', objectUrl('user', dn, 'user'))).headers.etag as string;
    expect((await call('PUT', objectUrl('user', dn, 'user', 'description'), 'first', { 'if-match': etag })).statusCode).toBe(200);
    const stale = await call('PUT', objectUrl('user', dn, 'user', 'description'), 'second', { 'if-match': etag });
    expect(stale.statusCode).toBe(412);
    expect(errors(stale.body)[0]).toMatchObject({ code: 'entry.conflict', dn });
    expect((await t.gateway.read(dn, ['description']))!.first('description')).toBe('first');
    expect((await call('DELETE', objectUrl('user', dn), undefined, { 'if-match': etag })).statusCode).toBe(412);
    expect((await call('PATCH', objectUrl('user', dn), { user: { description: 'x' } }, { 'if-match': '"20000101000000.000000Z#000000#000#000000"' })).statusCode).toBe(412);
    const current = (await call('GET', objectUrl('user', dn))).headers.etag as string;
    // Unquoted entryCSN works too.
    expect((await call('PATCH', objectUrl('user', dn), { user: { description: 'third' } }, { 'if-match': current.replace(/"/g, '') })).statusCode).toBe(200);
    expect((await call('DELETE', objectUrl('user', dn), undefined, { 'if-match': '*' })).statusCode).toBe(204);
  });

  it('refuses a write while someone holds the edit lock, and leaves no lock behind', async () => {
    const dn = await createUser();
    const locks = t.setup.directories[0]!.locks;
    const owner = `uid=someone-else,ou=people,${base}`;
    const lock = await locks.acquire(dn, owner);
    const res = await call('PATCH', objectUrl('user', dn), { user: { description: 'blocked' } });
    expect(res.statusCode).toBe(400);
    expect(errors(res.body)).toEqual([{ class: 'WebServiceLockError', message: `Cannot get a lock on ${dn}. It has been locked by ${owner}.`, code: 'lock.taken', dn, author: owner }]);
    expect((await call('DELETE', objectUrl('user', dn))).statusCode).toBe(400);
    expect((await t.gateway.read(dn, ['description']))!.has('description')).toBe(false);
    await locks.release(lock);
    expect((await call('PATCH', objectUrl('user', dn), { user: { description: 'free' } })).statusCode).toBe(200);
    // A failed write gives its lock back as well.
    expect((await call('PATCH', objectUrl('user', dn), { user: { telephoneNumber: 'call me' } })).statusCode).toBe(400);
    expect(await locks.locksOn(dn)).toEqual([]);
  });
});

describe('templates', () => {
  it('lists the fields a template asks for and creates a user from it', async () => {
    const templates = `ou=templates,ou=people,${base}`;
    await t.gateway.add(`ou=people,${base}`, { objectClass: 'organizationalUnit', ou: 'people' }).catch(() => undefined);
    await t.gateway.add(templates, { objectClass: 'organizationalUnit', ou: 'templates' });
    const tpl = `cn=engineer,${templates}`;
    await t.gateway.add(tpl, {
      objectClass: 'fdTemplate',
      cn: 'engineer',
      fdTemplateField: [
        'objectClass:inetOrgPerson',
        'objectClass:organizationalPerson',
        'objectClass:person',
        'objectClass:fdPersonalInfo',
        'givenName:%askme%',
        'sn:%askme%',
        'uid:%l|givenName%-%l|sn%',
        'title:Engineer',
        'description:Created by %callerUID%',
        'personalTitle:Eng.',
      ],
    });
    const fields = await call('GET', objectUrl('user', tpl, 'templatefields'));
    expect(fields.statusCode).toBe(200);
    expect(fields.json()).toEqual({ user: ['base', 'givenName', 'sn'] });
    const suffix = uniqueUid('');
    const res = await call('POST', '/rest.php/v1/objects/user', { template: tpl, attrs: { user: { base, givenName: 'Grace', sn: `Hopper${suffix}`, telephoneNumber: '+1 555 0100' } } });
    expect(res.statusCode, res.body).toBe(201);
    const dn = res.json<string>();
    expect(dn).toBe(`uid=grace-hopper${suffix},ou=people,${base}`);
    const entry = (await t.gateway.read(dn, ['*']))!;
    expect(entry.first('title')).toBe('Engineer');
    expect(entry.first('description')).toBe('Created by fd-admin');
    expect(entry.first('telephoneNumber')).toBe('+1 555 0100');
    expect(entry.first('personalTitle')).toBe('Eng.');
    expect(entry.first('cn')).toBe(`Grace Hopper${suffix}`);
    expect((await call('GET', objectUrl('user', `cn=nothing,${templates}`, 'templatefields'))).statusCode).toBe(404);
  });
});

describe('user lock', () => {
  it('reads and changes the lock state of a user', async () => {
    const dn = await addUserWithPassword(t.gateway, base, uniqueUid('lockme'), 'Secret-123');
    const url = `/rest.php/v1/userlock/${encodeURIComponent(dn)}`;
    expect((await call('GET', url)).json()).toBe(false);
    expect((await call('PUT', url, true)).statusCode).toBe(204);
    expect((await call('GET', url)).json()).toBe(true);
    expect((await t.gateway.read(dn, ['userPassword']))!.first('userPassword')).toMatch(/^\{SSHA\}!/);
    expect((await call('PUT', url, false)).statusCode).toBe(204);
    expect((await call('GET', url)).json()).toBe(false);
    expect((await call('PUT', url, 'yes')).statusCode).toBe(400);
  });

  it('cannot lock a user without a password, nor a missing one', async () => {
    const dn = await createUser();
    const res = await call('PUT', `/rest.php/v1/userlock/${encodeURIComponent(dn)}`, true);
    expect(res.statusCode).toBe(400);
    expect(errors(res.body)[0]).toMatchObject({ message: 'Failed to get password method', attribute: 'userPassword' });
    expect((await call('GET', `/rest.php/v1/userlock/${encodeURIComponent(`uid=ghost,${base}`)}`)).statusCode).toBe(404);
  });
});

describe('features not offered', () => {
  it('answers archive with 501 and recovery with FusionDirectory\'s "not activated"', async () => {
    const dn = await createUser();
    const archive = await call('POST', `/rest.php/v1/archive/user/${encodeURIComponent(dn)}`);
    expect(archive.statusCode).toBe(501);
    expect(errors(archive.body)[0]).toMatchObject({ message: 'Archive action is not available: archive plugin is not installed', code: 'feature.unavailable' });
    const recovery = await call('GET', '/rest.php/v1/recovery?email=a@example.org');
    expect(recovery.statusCode).toBe(400);
    expect(errors(recovery.body)[0]!.message).toBe('Password recovery is not activated');
  });
});

describe('OpenAPI document', () => {
  it('serves the generated document as JSON and YAML without authentication, pointing at the prefix it was read from', async () => {
    const json = await t.call({ method: 'GET', url: '/fusiondirectory/rest.php/v1/openapi.json' });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toBe('application/json');
    const doc = json.json<{ openapi: string; servers: Array<{ url: string }>; paths: Record<string, unknown> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0]!.url).toBe('/fusiondirectory/rest.php/v1');
    expect(Object.keys(doc.paths)).toContain('/objects/{type}/{dn}/{tab}/{attribute}');
    const yaml = await t.call({ method: 'GET', url: '/rest.php/v1/openapi.yaml' });
    expect(yaml.statusCode).toBe(200);
    expect(yaml.headers['content-type']).toBe('application/yaml');
    expect(yaml.body).toContain('url: /rest.php/v1');
    const html = await t.call({ method: 'GET', url: '/rest.php/v1/openapi.html' });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-security-policy']).toMatch(/^default-src 'none'/);
  });
});
