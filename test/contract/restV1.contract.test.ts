// Contract tests of REST v1 against FusionDirectory's reference OpenAPI document: every operation of the document is
// called through the real routes, sessions and directory, and each answer must have a status the operation declares
// and a body valid against the declared schema — success and error cases alike (fd-core.md §10).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../harness.ts';
import { Registry } from '../../src/model/Registry.ts';
import { hashSalted } from '../../src/passwords/ssha.ts';
import { installedPlugins } from '../../src/plugins/index.ts';
import { ContractClient, objectPath, type ContractRequest, type ContractResponse } from './contractClient.ts';
import { DISCREPANCIES, expectKnownDiscrepancy, type Discrepancy } from './knownDiscrepancies.ts';
import { ReferenceDocument } from './referenceDocument.ts';

const doc = await ReferenceDocument.load();
const env = testLdap();
const registry = new Registry(installedPlugins);

let c: ContractClient;
/** The same server with password recovery switched on (fdPasswordRecoveryActivated). */
let withRecovery: ContractClient;
let admin: string;
let recoveryAdmin: string;
let recoveryToken: { token: string; login: string } | undefined;
/** A user with a password and no rights at all. */
let plain: { dn: string; token: string };
let base: string;
let people: string;
let template: string;
let serial = 0;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const q = encodeURIComponent;

/** Case names by the operation (`GET /types/{type}`) they exercise, collected as the file loads. */
const casesByOperation = new Map<string, string[]>();

/**
 * A contract case for one operation of the document. With `discrepancy`, the case is an expected failure
 * (`it.fails`) pinned to that discrepancy: see knownDiscrepancies.ts.
 */
function contractCase(operation: string, name: string, fn: () => Promise<void>, discrepancy?: Discrepancy): void {
  casesByOperation.set(operation, [...(casesByOperation.get(operation) ?? []), name]);
  if (discrepancy) it.fails(`${operation} — ${name} [known ${discrepancy.side} discrepancy: ${discrepancy.id}]`, fn);
  else it(`${operation} — ${name}`, fn);
}

type CallOptions = Omit<ContractRequest, 'operation' | 'method' | 'path' | 'token'> & { token?: string | null; client?: ContractClient };

/** Call an operation (`'GET /types/{type}'`) at a concrete path; signed in as fd-admin unless `token` says otherwise. */
function call(operation: string, path: string, options: CallOptions = {}): Promise<ContractResponse> {
  const { token, client = c, ...rest } = options;
  const method = operation.split(' ')[0] as ContractRequest['method'];
  return client.call({ operation, method, path, ...rest, ...(token === null ? {} : { token: token ?? admin }) });
}

/** The answer has the expected status and conforms to the document. */
function expectConforms(res: ContractResponse, status: number): void {
  expect({ status: res.status, problems: res.problems }, `${res.status} ${res.body.slice(0, 600)}`).toEqual({ status, problems: [] });
}

/** The first error object of an error answer (its shape is already checked by the client). */
const firstError = (res: ContractResponse) => res.json<Array<{ message: string; class?: string }>>()[0]!;

/** The request body example the document gives for an operation. */
function example(operation: string): unknown {
  const op = doc.operations.find((o) => o.key === operation);
  if (op?.requestBody?.example === undefined) throw new Error(`the document gives no request example for ${operation}`);
  return op.requestBody.example;
}

/** A user written straight into LDAP (FusionDirectory-shaped), optionally with the personal and posix tabs. */
async function addUser(options: { personal?: boolean; posix?: boolean; password?: string } = {}): Promise<string> {
  serial += 1;
  const uid = `jsmith${serial}-${Math.random().toString(36).slice(2, 6)}`;
  const dn = `uid=${uid},${people}`;
  const objectClass = ['inetOrgPerson', 'organizationalPerson', 'person'];
  const attributes: Record<string, string | string[]> = { uid, cn: 'John Smith', sn: 'Smith', givenName: 'John', title: ['Engineer'] };
  if (options.personal) {
    objectClass.push('fdPersonalInfo');
    Object.assign(attributes, { personalTitle: 'Dr', fdPrivateMail: ['jsmith@example.org'], fdPhotoVisible: 'TRUE' });
  }
  if (options.posix) {
    objectClass.push('posixAccount', 'shadowAccount');
    Object.assign(attributes, { uidNumber: String(20_000 + serial), gidNumber: String(20_000 + serial), homeDirectory: `/home/${uid}` });
  }
  if (options.password) attributes.userPassword = hashSalted(options.password, 'SSHA');
  await c.gateway.add(dn, { objectClass, ...attributes });
  return dn;
}

/** The current ETag of an object, then a change behind the client's back: the ETag is stale. */
async function staleEtag(dn: string): Promise<string> {
  const etag = (await call('GET /objects/{type}/{dn}', objectPath('user', dn))).headers.etag as string;
  await c.gateway.modify(dn, [{ operation: 'replace', attribute: 'description', values: [`changed ${Date.now()}`] }]);
  return etag;
}

beforeAll(async () => {
  c = await ContractClient.start(doc);
  withRecovery = await ContractClient.start(doc, { fdPasswordRecoveryActivated: 'TRUE' });
  admin = await c.login('fd-admin', env.fdAdminPassword);
  recoveryAdmin = await withRecovery.login('fd-admin', env.fdAdminPassword);
  base = await testSubtree('contract');
  people = `ou=people,${base}`;
  await c.gateway.add(people, { objectClass: 'organizationalUnit', ou: 'people' });
  await c.gateway.add(`ou=templates,${people}`, { objectClass: 'organizationalUnit', ou: 'templates' });
  template = `cn=engineer,ou=templates,${people}`;
  await c.gateway.add(template, {
    objectClass: 'fdTemplate',
    cn: 'engineer',
    fdTemplateField: ['objectClass:inetOrgPerson', 'objectClass:organizationalPerson', 'objectClass:person', 'givenName:%askme%', 'sn:%askme%', 'uid:%l|givenName%-%l|sn%', 'title:Engineer'],
  });
  const plainDn = await addUser({ password: 'Plain-secret-1' });
  plain = { dn: plainDn, token: await c.login(plainDn.slice(4, plainDn.indexOf(',')), 'Plain-secret-1') };
  // An ACL assignment on the subtree (the type has no naming attribute), for a member that does not exist.
  await c.gateway.modify(base, [
    { operation: 'add', attribute: 'objectClass', values: ['gosaAcl'] },
    { operation: 'add', attribute: 'gosaAclEntry', values: [`0:subtree:${b64(`cn=manager,ou=aclroles,${env.baseDN}`)}:${b64(`uid=nobody,${people}`)}`] },
  ]);
});

afterAll(async () => {
  await c?.close();
  await withRecovery?.close();
});

describe('sessions', () => {
  contractCase('POST /login', 'answers a token for good credentials', async () => {
    const res = await call('POST /login', '/login', { token: null, body: { user: 'fd-admin', password: env.fdAdminPassword } });
    expectConforms(res, 200);
  });
  contractCase('POST /login', 'answers 401 for a wrong password', async () => {
    const res = await call('POST /login', '/login', { token: null, body: { user: 'fd-admin', password: 'wrong' } });
    expectConforms(res, 401);
    expect(res.json()).toBe('Invalid credentials');
  });
  contractCase('POST /login', 'answers 401 for an unknown login, and for an unknown directory', async () => {
    expectConforms(await call('POST /login', '/login', { token: null, body: { user: 'nobody-at-all', password: 'x' } }), 401);
    expectConforms(await call('POST /login', '/login', { token: null, body: { directory: 'elsewhere', user: 'fd-admin', password: env.fdAdminPassword } }), 401);
  });
  contractCase('POST /login', 'answers 400 for a body that is not JSON', async () => {
    const res = await call('POST /login', '/login', { token: null, rawBody: '{"user": fd-admin}' });
    expectConforms(res, 400);
    expect(firstError(res).message).toMatch(/^Error while decoding input JSON/);
  });

  contractCase('GET /directories', 'lists the directories without a session', async () => {
    const res = await call('GET /directories', '/directories', { token: null });
    expectConforms(res, 200);
    expect(res.json()).toEqual({ default: 'default' });
  });
  contractCase('GET /directories', 'answers 400 to a request with a body', async () => {
    expectConforms(await call('GET /directories', '/directories', { token: null, body: { x: 1 } }), 400);
  });

  contractCase('GET /token', 'answers the session token', async () => {
    expectConforms(await call('GET /token', '/token'), 200);
  });
  contractCase('GET /token', 'answers a token after HTTP Basic, and 401 for a wrong Basic password or a forged token', async () => {
    const basic = (password: string) => ({ authorization: `Basic ${b64(`fd-admin:${password}`)}` });
    expectConforms(await call('GET /token', '/token', { token: null, headers: basic(env.fdAdminPassword) }), 200);
    expectConforms(await call('GET /token', '/token', { token: null, headers: basic('wrong') }), 401);
    expectConforms(await call('GET /token', '/token', { token: 'eyJ2IjoxfQ.forged' }), 401);
  });

  contractCase('POST /logout', 'ends the session: its token is refused afterwards', async () => {
    const token = await c.login('fd-admin', env.fdAdminPassword);
    expectConforms(await call('POST /logout', '/logout', { token }), 204);
    expectConforms(await call('GET /token', '/token', { token }), 401);
  });
  contractCase('POST /logout', 'answers 400 to a request with a body', async () => {
    const token = await c.login('fd-admin', env.fdAdminPassword);
    expectConforms(await call('POST /logout', '/logout', { token, body: { now: true } }), 400);
  });
});

describe('types', () => {
  contractCase('GET /types', 'lists every type', async () => {
    const res = await call('GET /types', '/types');
    expectConforms(res, 200);
    expect(Object.keys(res.json<object>())).toEqual(registry.allTypes().map((t) => t.id.toUpperCase()));
  });

  for (const type of registry.allTypes()) {
    const discrepancy = type.decl.mainAttribute ? undefined : DISCREPANCIES.typeWithoutMainAttr;
    contractCase(
      'GET /types/{type}',
      `describes type ${type.id}`,
      async () => {
        const res = await call('GET /types/{type}', `/types/${q(type.id)}`);
        if (discrepancy) expectKnownDiscrepancy(res, discrepancy);
        else expectConforms(res, 200);
      },
      discrepancy,
    );
  }
  contractCase('GET /types/{type}', 'answers 400 for an unknown type', async () => {
    const res = await call('GET /types/{type}', '/types/spaceship');
    expectConforms(res, 400);
    expect(firstError(res).class).toBe('NonExistingObjectTypeException');
  });

  contractCase('GET /types/{type}/{tab}', 'describes every tab of every type', async () => {
    for (const type of registry.allTypes()) {
      for (const tab of type.tabs) expectConforms(await call('GET /types/{type}/{tab}', `/types/${q(type.id)}/${q(tab.id)}`), 200);
    }
  });
  contractCase('GET /types/{type}/{tab}', 'answers 404 for a tab of another type, 400 for an unknown type', async () => {
    expectConforms(await call('GET /types/{type}/{tab}', '/types/ogroup/personalInfo'), 404);
    expectConforms(await call('GET /types/{type}/{tab}', '/types/spaceship/user'), 400);
  });
});

describe('listing', () => {
  const list = (query: string, options: CallOptions = {}) => call('GET /objects/{type}', `/objects/user?${query}`, options);

  contractCase('GET /objects/{type}', 'maps each DN to its main attribute', async () => {
    const dn = await addUser();
    const res = await list(`base=${q(base)}`);
    expectConforms(res, 200);
    expect(res.json<Record<string, string>>()[dn]).toBe(dn.slice(4, dn.indexOf(',')));
  });
  contractCase('GET /objects/{type}', 'maps each DN to one attribute (attrs=sn), in a scope, under a filter', async () => {
    await addUser();
    expectConforms(await list(`base=${q(base)}&attrs=sn`), 200);
    expectConforms(await list(`base=${q(people)}&scope=one&filter=${q('(sn=Smith)')}`), 200);
    expectConforms(await list(`base=${q(`ou=nowhere,${base}`)}`), 200);
  });
  contractCase('GET /objects/{type}', 'lists templates (templates=1)', async () => {
    const res = await list(`base=${q(base)}&templates=1`);
    expectConforms(res, 200);
    expect(res.json()).toEqual({ [template]: 'engineer' });
  });
  contractCase('GET /objects/{type}', 'keeps the shape with the paging and sorting additions', async () => {
    await addUser();
    expectConforms(await list(`base=${q(base)}&sort=sn&limit=2`), 200);
  });
  contractCase(
    'GET /objects/{type}',
    'returns the asked attributes with an attrs map',
    async () => {
      await addUser();
      expectKnownDiscrepancy(await list(`base=${q(base)}&attrs[sn]=1&attrs[title]=*`), DISCREPANCIES.listingWithAttrsMap);
    },
    DISCREPANCIES.listingWithAttrsMap,
  );
  contractCase(
    'GET /objects/{type}',
    'lists a type without naming attribute (aclAssignment)',
    async () => {
      expectKnownDiscrepancy(await call('GET /objects/{type}', `/objects/aclAssignment?base=${q(base)}`), DISCREPANCIES.listingWithoutMainAttr);
    },
    DISCREPANCIES.listingWithoutMainAttr,
  );
  contractCase('GET /objects/{type}', 'answers 400 for a bad scope, an unknown attribute, a broken filter, an unknown type', async () => {
    expectConforms(await list(`base=${q(base)}&scope=deep`), 400);
    expectConforms(await list(`base=${q(base)}&filter=${q('(shoeSize=42)')}`), 400);
    expectConforms(await list(`base=${q(base)}&attrs[shoeSize]=1`), 400);
    expectConforms(await list(`base=${q(base)}&filter=${q('(sn=Smi')}`), 400);
    expectConforms(await call('GET /objects/{type}', `/objects/spaceship?base=${q(base)}`), 400);
  });
  contractCase('GET /objects/{type}', 'answers 403 to a user without rights on the type', async () => {
    expectConforms(await list(`base=${q(base)}`, { token: plain.token }), 403);
  });
});

describe('objects', () => {
  contractCase('POST /objects/{type}', 'creates a user with two tabs', async () => {
    const res = await call('POST /objects/{type}', '/objects/user', { body: { attrs: { user: { base, uid: `created${++serial}`, givenName: 'John', sn: 'Smith' }, personalInfo: { personalTitle: 'Dr' } } } });
    expectConforms(res, 201);
    expect(res.json()).toBe(`uid=created${serial},${people}`);
  });
  contractCase('POST /objects/{type}', "creates the user of FusionDirectory's own contract test (with userPassword)", async () => {
    // The body of contrib/test/hooks.php "before create object" (fd-core.md §10.9), placed in the test subtree.
    const uid = `jsmith-dredd${++serial}`;
    const res = await call('POST /objects/{type}', '/objects/user', { body: { attrs: { user: { base, givenName: 'John', sn: 'Smith', uid, userPassword: 'jsmith' }, personalInfo: { personalTitle: 'Dr' } } } });
    expectConforms(res, 201);
    const password = await call('GET /objects/{type}/{dn}/{tab}/{attribute}', objectPath('user', res.json<string>(), 'user', 'userPassword'));
    expectConforms(password, 200);
    expect(password.json()).toMatch(/^\{SSHA/);
  });
  contractCase('POST /objects/{type}', 'creates a user from a template', async () => {
    const res = await call('POST /objects/{type}', '/objects/user', { body: { template, attrs: { user: { base, givenName: 'Grace', sn: `Hopper${++serial}` } } } });
    expectConforms(res, 201);
  });
  contractCase('POST /objects/{type}', 'answers 400 with every check problem, and for a body without attrs, empty or not JSON', async () => {
    const invalid = await call('POST /objects/{type}', '/objects/user', { body: { attrs: { user: { base, uid: 'Bad Login', sn: 'Du(pont)' } } } });
    expectConforms(invalid, 400);
    expect(invalid.json<unknown[]>().length).toBeGreaterThan(1);
    expectConforms(await call('POST /objects/{type}', '/objects/user', { body: { user: { sn: 'Smith' } } }), 400);
    expectConforms(await call('POST /objects/{type}', '/objects/user'), 400);
    expectConforms(await call('POST /objects/{type}', '/objects/user', { rawBody: 'attrs=1' }), 400);
  });
  contractCase('POST /objects/{type}', 'answers 400 for an unknown field or type, 404 for an unknown tab', async () => {
    expectConforms(await call('POST /objects/{type}', '/objects/user', { body: { attrs: { user: { base, uid: `x${++serial}`, givenName: 'A', sn: 'B', shoeSize: 42 } } } }), 400);
    expectConforms(await call('POST /objects/{type}', '/objects/spaceship', { body: { attrs: {} } }), 400);
    expectConforms(await call('POST /objects/{type}', '/objects/user', { body: { attrs: { user: { base, uid: `x${++serial}`, givenName: 'A', sn: 'B' }, warpDrive: { speed: 9 } } } }), 404);
  });
  contractCase('POST /objects/{type}', 'answers 403 to a user without rights', async () => {
    expectConforms(await call('POST /objects/{type}', '/objects/user', { token: plain.token, body: { attrs: { user: { base, uid: `x${++serial}`, givenName: 'A', sn: 'B' } } } }), 403);
  });

  contractCase('GET /objects/{type}/{dn}', 'lists the tabs of an object with their state', async () => {
    const res = await call('GET /objects/{type}/{dn}', objectPath('user', await addUser({ personal: true })));
    expectConforms(res, 200);
    expect(res.json()).toContainEqual({ class: 'personalInfo', name: 'Personal', active: true });
  });
  contractCase('GET /objects/{type}/{dn}', 'answers 404 for a missing DN and for text that is no DN, 400 for an unknown type', async () => {
    const missing = await call('GET /objects/{type}/{dn}', objectPath('user', `uid=ghost,${people}`));
    expectConforms(missing, 404);
    expect(firstError(missing).class).toBe('fdRestService');
    expectConforms(await call('GET /objects/{type}/{dn}', objectPath('user', 'not a dn')), 404);
    expectConforms(await call('GET /objects/{type}/{dn}', objectPath('spaceship', `uid=ghost,${people}`)), 400);
  });
  contractCase('GET /objects/{type}/{dn}', 'answers 403 to a user without rights on the type', async () => {
    expectConforms(await call('GET /objects/{type}/{dn}', objectPath('user', await addUser()), { token: plain.token }), 403);
  });

  contractCase('PATCH /objects/{type}/{dn}', "modifies with the document's example body (activating posixAccount)", async () => {
    const dn = await addUser();
    const res = await call('PATCH /objects/{type}/{dn}', objectPath('user', dn), { body: example('PATCH /objects/{type}/{dn}') });
    expectConforms(res, 200);
    expect(res.json()).toBe(dn);
  });
  contractCase('PATCH /objects/{type}/{dn}', 're-saves with an empty body, and answers the new DN of a renamed group', async () => {
    expectConforms(await call('PATCH /objects/{type}/{dn}', objectPath('user', await addUser()), { body: {} }), 200);
    const group = await call('POST /objects/{type}', '/objects/ogroup', { body: { attrs: { ogroup: { base, cn: `analysts${++serial}`, member: [await addUser()] } } } });
    expectConforms(group, 201);
    const renamed = await call('PATCH /objects/{type}/{dn}', objectPath('ogroup', group.json<string>()), { body: { ogroup: { cn: `engineers${serial}` } } });
    expectConforms(renamed, 200);
    expect(renamed.json()).toBe(`cn=engineers${serial},ou=groups,${base}`);
  });
  contractCase('PATCH /objects/{type}/{dn}', 'answers 400 for a malformed body or a check problem, 404 for an unknown tab or DN', async () => {
    const dn = await addUser();
    expectConforms(await call('PATCH /objects/{type}/{dn}', objectPath('user', dn), { body: { user: 'Smith' } }), 400);
    expectConforms(await call('PATCH /objects/{type}/{dn}', objectPath('user', dn), { body: { user: { telephoneNumber: 'call me' } } }), 400);
    expectConforms(await call('PATCH /objects/{type}/{dn}', objectPath('user', dn), { body: { warpDrive: {} } }), 404);
    expectConforms(await call('PATCH /objects/{type}/{dn}', objectPath('user', `uid=ghost,${people}`), { body: { user: { sn: 'X' } } }), 404);
  });
  contractCase('PATCH /objects/{type}/{dn}', 'answers 400 while another user holds the edit lock, 412 for a stale If-Match', async () => {
    const dn = await addUser();
    const locks = c.setup.directories[0]!.locks;
    const lock = await locks.acquire(dn, `uid=someone-else,${people}`);
    try {
      const locked = await call('PATCH /objects/{type}/{dn}', objectPath('user', dn), { body: { user: { description: 'x' } } });
      expectConforms(locked, 400);
      expect(firstError(locked).class).toBe('WebServiceLockError');
    } finally {
      await locks.release(lock);
    }
    const etag = await staleEtag(dn);
    expectConforms(await call('PATCH /objects/{type}/{dn}', objectPath('user', dn), { body: { user: { description: 'y' } }, headers: { 'if-match': etag } }), 412);
  });

  contractCase('DELETE /objects/{type}/{dn}', 'deletes an object, then answers 404', async () => {
    const dn = await addUser();
    expectConforms(await call('DELETE /objects/{type}/{dn}', objectPath('user', dn)), 204);
    expectConforms(await call('DELETE /objects/{type}/{dn}', objectPath('user', dn)), 404);
  });
  contractCase('DELETE /objects/{type}/{dn}', 'answers 412 for a stale If-Match, 403 to a user without rights', async () => {
    const dn = await addUser();
    expectConforms(await call('DELETE /objects/{type}/{dn}', objectPath('user', dn), { headers: { 'if-match': await staleEtag(dn) } }), 412);
    expectConforms(await call('DELETE /objects/{type}/{dn}', objectPath('user', dn), { token: plain.token }), 403);
  });

  contractCase('GET /objects/{type}/{dn}/templatefields', 'lists the fields a template asks for', async () => {
    const res = await call('GET /objects/{type}/{dn}/templatefields', objectPath('user', template, 'templatefields'));
    expectConforms(res, 200);
    expect(res.json()).toEqual({ user: ['base', 'givenName', 'sn'] });
  });
  contractCase('GET /objects/{type}/{dn}/templatefields', 'answers 404 for a missing template, 400 for an entry that is no template', async () => {
    expectConforms(await call('GET /objects/{type}/{dn}/templatefields', objectPath('user', `cn=nothing,ou=templates,${people}`, 'templatefields')), 404);
    expectConforms(await call('GET /objects/{type}/{dn}/templatefields', objectPath('user', await addUser(), 'templatefields')), 400);
  });
});

describe('tabs', () => {
  contractCase('GET /objects/{type}/{dn}/{tab}', 'reads the values of the main tab and of another active tab', async () => {
    const dn = await addUser({ personal: true, posix: true });
    for (const tab of ['user', 'personalInfo', 'posixAccount']) expectConforms(await call('GET /objects/{type}/{dn}/{tab}', objectPath('user', dn, tab)), 200);
  });
  contractCase('GET /objects/{type}/{dn}/{tab}', 'reads the configuration entry and an ACL assignment', async () => {
    expectConforms(await call('GET /objects/{type}/{dn}/{tab}', objectPath('configuration', `cn=config,ou=fusiondirectory,${env.baseDN}`, 'configInLdap')), 200);
    expectConforms(await call('GET /objects/{type}/{dn}/{tab}', objectPath('aclAssignment', base, 'aclAssignment')), 200);
    expectConforms(await call('GET /objects/{type}/{dn}/{tab}/{attribute}', objectPath('aclAssignment', base, 'aclAssignment', 'gosaAclEntry')), 200);
  });
  contractCase('GET /objects/{type}/{dn}/{tab}', 'answers 400 for an inactive tab, 404 for an unknown tab or DN', async () => {
    const dn = await addUser();
    expectConforms(await call('GET /objects/{type}/{dn}/{tab}', objectPath('user', dn, 'personalInfo')), 400);
    expectConforms(await call('GET /objects/{type}/{dn}/{tab}', objectPath('user', dn, 'warpDrive')), 404);
    expectConforms(await call('GET /objects/{type}/{dn}/{tab}', objectPath('user', `uid=ghost,${people}`, 'user')), 404);
  });

  contractCase('PATCH /objects/{type}/{dn}/{tab}', "modifies a tab with the document's example body (activating it)", async () => {
    const dn = await addUser();
    const res = await call('PATCH /objects/{type}/{dn}/{tab}', objectPath('user', dn, 'personalInfo'), { body: example('PATCH /objects/{type}/{dn}/{tab}') });
    expectConforms(res, 200);
    expect(res.json()).toBe(dn);
  });
  contractCase('PATCH /objects/{type}/{dn}/{tab}', 'answers 400 for an unknown field or a value of the wrong type, 404 for an unknown tab', async () => {
    const dn = await addUser();
    expectConforms(await call('PATCH /objects/{type}/{dn}/{tab}', objectPath('user', dn, 'user'), { body: { shoeSize: 42 } }), 400);
    expectConforms(await call('PATCH /objects/{type}/{dn}/{tab}', objectPath('user', dn, 'user'), { body: { sn: { first: 'Smith' } } }), 400);
    expectConforms(await call('PATCH /objects/{type}/{dn}/{tab}', objectPath('user', dn, 'warpDrive'), { body: { speed: 9 } }), 404);
  });

  contractCase('DELETE /objects/{type}/{dn}/{tab}', 'deactivates a tab', async () => {
    expectConforms(await call('DELETE /objects/{type}/{dn}/{tab}', objectPath('user', await addUser({ personal: true }), 'personalInfo')), 204);
  });
  contractCase('DELETE /objects/{type}/{dn}/{tab}', 'answers 400 for the main tab or an inactive one, 404 for an unknown tab', async () => {
    const dn = await addUser();
    expectConforms(await call('DELETE /objects/{type}/{dn}/{tab}', objectPath('user', dn, 'user')), 400);
    expectConforms(await call('DELETE /objects/{type}/{dn}/{tab}', objectPath('user', dn, 'personalInfo')), 400);
    expectConforms(await call('DELETE /objects/{type}/{dn}/{tab}', objectPath('user', dn, 'warpDrive')), 404);
  });
});

describe('attributes', () => {
  const attribute = (dn: string, tab: string, name: string, ...rest: string[]) => objectPath('user', dn, tab, name, ...rest);

  contractCase('GET /objects/{type}/{dn}/{tab}/{attribute}', 'reads a single-valued and a multi-valued attribute, set or empty', async () => {
    const dn = await addUser({ personal: true });
    for (const [tab, name] of [['user', 'sn'], ['user', 'description'], ['user', 'title'], ['personalInfo', 'fdPrivateMail'], ['personalInfo', 'fdNickName'], ['user', 'base']]) {
      expectConforms(await call('GET /objects/{type}/{dn}/{tab}/{attribute}', attribute(dn, tab!, name!)), 200);
    }
  });
  contractCase(
    'GET /objects/{type}/{dn}/{tab}/{attribute}',
    'reads a boolean attribute',
    async () => {
      expectKnownDiscrepancy(await call('GET /objects/{type}/{dn}/{tab}/{attribute}', attribute(await addUser({ personal: true }), 'personalInfo', 'fdPhotoVisible')), DISCREPANCIES.booleanValue);
    },
    DISCREPANCIES.booleanValue,
  );
  contractCase(
    'GET /objects/{type}/{dn}/{tab}/{attribute}',
    'reads an integer attribute',
    async () => {
      expectKnownDiscrepancy(await call('GET /objects/{type}/{dn}/{tab}/{attribute}', attribute(await addUser({ posix: true }), 'posixAccount', 'uidNumber')), DISCREPANCIES.integerValue);
    },
    DISCREPANCIES.integerValue,
  );
  contractCase('GET /objects/{type}/{dn}/{tab}/{attribute}', 'answers 404 for an unknown attribute, 400 for an attribute of an inactive tab', async () => {
    const dn = await addUser();
    expectConforms(await call('GET /objects/{type}/{dn}/{tab}/{attribute}', attribute(dn, 'user', 'shoeSize')), 404);
    expectConforms(await call('GET /objects/{type}/{dn}/{tab}/{attribute}', attribute(dn, 'personalInfo', 'personalTitle')), 400);
  });

  contractCase('PUT /objects/{type}/{dn}/{tab}/{attribute}', "sets an attribute with the document's example value", async () => {
    const dn = await addUser({ personal: true });
    const res = await call('PUT /objects/{type}/{dn}/{tab}/{attribute}', attribute(dn, 'personalInfo', 'fdPrivateMail'), { body: example('PUT /objects/{type}/{dn}/{tab}/{attribute}') });
    expectConforms(res, 200);
    expect(res.json()).toBe(dn);
  });
  contractCase('PUT /objects/{type}/{dn}/{tab}/{attribute}', 'answers 400 for an invalid value, 404 for an unknown attribute, 412 for a stale If-Match', async () => {
    const dn = await addUser();
    expectConforms(await call('PUT /objects/{type}/{dn}/{tab}/{attribute}', attribute(dn, 'user', 'telephoneNumber'), { body: 'call me' }), 400);
    expectConforms(await call('PUT /objects/{type}/{dn}/{tab}/{attribute}', attribute(dn, 'user', 'shoeSize'), { body: '42' }), 404);
    expectConforms(await call('PUT /objects/{type}/{dn}/{tab}/{attribute}', attribute(dn, 'user', 'description'), { body: 'x', headers: { 'if-match': await staleEtag(dn) } }), 412);
  });

  contractCase('DELETE /objects/{type}/{dn}/{tab}/{attribute}', 'resets a single-valued and a multi-valued attribute and answers the new value', async () => {
    const dn = await addUser({ personal: true });
    await c.gateway.modify(dn, [{ operation: 'add', attribute: 'description', values: ['temporary'] }]);
    const single = await call('DELETE /objects/{type}/{dn}/{tab}/{attribute}', attribute(dn, 'user', 'description'));
    expectConforms(single, 200);
    expect(single.json()).toBe('');
    const multi = await call('DELETE /objects/{type}/{dn}/{tab}/{attribute}', attribute(dn, 'personalInfo', 'fdPrivateMail'));
    expectConforms(multi, 200);
    expect(multi.json()).toEqual([]);
  });
  contractCase(
    'DELETE /objects/{type}/{dn}/{tab}/{attribute}',
    'resets a boolean attribute',
    async () => {
      expectKnownDiscrepancy(await call('DELETE /objects/{type}/{dn}/{tab}/{attribute}', attribute(await addUser({ personal: true }), 'personalInfo', 'fdPhotoVisible')), DISCREPANCIES.booleanValue);
    },
    DISCREPANCIES.booleanValue,
  );
  contractCase('DELETE /objects/{type}/{dn}/{tab}/{attribute}', 'answers 400 for an inactive tab or a required attribute, 404 for an unknown attribute', async () => {
    const dn = await addUser();
    expectConforms(await call('DELETE /objects/{type}/{dn}/{tab}/{attribute}', attribute(dn, 'personalInfo', 'personalTitle')), 400);
    expectConforms(await call('DELETE /objects/{type}/{dn}/{tab}/{attribute}', attribute(dn, 'user', 'sn')), 400);
    expectConforms(await call('DELETE /objects/{type}/{dn}/{tab}/{attribute}', attribute(dn, 'user', 'shoeSize')), 404);
  });

  contractCase('PATCH /objects/{type}/{dn}/{tab}/{attribute}/values', "adds the document's example values", async () => {
    const dn = await addUser({ personal: true });
    const res = await call('PATCH /objects/{type}/{dn}/{tab}/{attribute}/values', attribute(dn, 'personalInfo', 'fdPrivateMail', 'values'), { body: example('PATCH /objects/{type}/{dn}/{tab}/{attribute}/values') });
    expectConforms(res, 200);
    expect(res.json()).toBe(dn);
  });
  contractCase('PATCH /objects/{type}/{dn}/{tab}/{attribute}/values', 'answers 400 for a single-valued attribute, 404 for an unknown one', async () => {
    const dn = await addUser();
    expectConforms(await call('PATCH /objects/{type}/{dn}/{tab}/{attribute}/values', attribute(dn, 'user', 'sn', 'values'), { body: ['X'] }), 400);
    expectConforms(await call('PATCH /objects/{type}/{dn}/{tab}/{attribute}/values', attribute(dn, 'user', 'shoeSize', 'values'), { body: ['X'] }), 404);
  });

  contractCase('DELETE /objects/{type}/{dn}/{tab}/{attribute}/values', "removes the document's example values", async () => {
    const dn = await addUser({ personal: true });
    await c.gateway.modify(dn, [{ operation: 'add', attribute: 'fdPrivateMail', values: (example('DELETE /objects/{type}/{dn}/{tab}/{attribute}/values') as string[]) }]);
    expectConforms(await call('DELETE /objects/{type}/{dn}/{tab}/{attribute}/values', attribute(dn, 'personalInfo', 'fdPrivateMail', 'values'), { body: example('DELETE /objects/{type}/{dn}/{tab}/{attribute}/values') }), 204);
  });
  contractCase('DELETE /objects/{type}/{dn}/{tab}/{attribute}/values', 'answers 400 for a single-valued attribute or a missing body', async () => {
    const dn = await addUser();
    expectConforms(await call('DELETE /objects/{type}/{dn}/{tab}/{attribute}/values', attribute(dn, 'user', 'sn', 'values'), { body: ['Smith'] }), 400);
    expectConforms(await call('DELETE /objects/{type}/{dn}/{tab}/{attribute}/values', attribute(dn, 'user', 'title', 'values')), 400);
  });
});

describe('user lock', () => {
  const lockPath = (dn: string) => `/userlock/${q(dn)}`;

  contractCase('GET /userlock/{dn}', 'says whether a user is locked', async () => {
    const res = await call('GET /userlock/{dn}', lockPath(await addUser({ password: 'Secret-123' })));
    expectConforms(res, 200);
    expect(res.json()).toBe(false);
  });
  contractCase('GET /userlock/{dn}', 'answers 404 for a missing user, 403 to a user without rights', async () => {
    expectConforms(await call('GET /userlock/{dn}', lockPath(`uid=ghost,${people}`)), 404);
    expectConforms(await call('GET /userlock/{dn}', lockPath(await addUser({ password: 'Secret-123' })), { token: plain.token }), 403);
  });

  contractCase('PUT /userlock/{dn}', "locks with the document's example value, then unlocks", async () => {
    const dn = await addUser({ password: 'Secret-123' });
    expectConforms(await call('PUT /userlock/{dn}', lockPath(dn), { body: example('PUT /userlock/{dn}') }), 204);
    expect((await call('GET /userlock/{dn}', lockPath(dn))).json()).toBe(true);
    expectConforms(await call('PUT /userlock/{dn}', lockPath(dn), { body: false }), 204);
  });
  contractCase('PUT /userlock/{dn}', 'answers 400 for a value that is no boolean and for a user without password', async () => {
    expectConforms(await call('PUT /userlock/{dn}', lockPath(await addUser({ password: 'Secret-123' })), { body: 'yes' }), 400);
    expectConforms(await call('PUT /userlock/{dn}', lockPath(await addUser()), { body: true }), 400);
  });
});

describe('features Trousseau does not offer (docs/compatibility.md)', () => {
  contractCase('POST /archive/{type}/{dn}', "answers FusionDirectory's 501 without the archive plugin", async () => {
    const res = await call('POST /archive/{type}/{dn}', `/archive/user/${q(await addUser())}`);
    expectConforms(res, 501);
    expect(firstError(res).message).toBe('Archive action is not available: archive plugin is not installed');
  });
  contractCase('POST /archive/{type}/{dn}', 'answers 400 for an unknown type, 404 for text that is no DN', async () => {
    expectConforms(await call('POST /archive/{type}/{dn}', `/archive/spaceship/${q(`uid=ghost,${people}`)}`), 400);
    expectConforms(await call('POST /archive/{type}/{dn}', `/archive/user/${q('not a dn')}`), 404);
  });

  contractCase('GET /recovery', 'answers 400 while recovery is off', async () => {
    const res = await call('GET /recovery', `/recovery?email=${q('jsmith@example.org')}`);
    expectConforms(res, 400);
    expect(firstError(res).message).toBe('Password recovery is not activated');
  });
  contractCase('GET /recovery', 'gives a token for the user of an address when recovery is on, and refuses unknown addresses', async () => {
    const uid = `recov${Date.now() % 100000}`;
    await c.gateway.add(`uid=${uid},${people}`, { objectClass: ['inetOrgPerson', 'gosaMailAccount'], uid, cn: uid, sn: uid, mail: `${uid}@example.org`, userPassword: '{SSHA}aGVsbG8gd29ybGQgc2FsdHk=' });
    const res = await call('GET /recovery', `/recovery?email=${q(`${uid}@example.org`)}`, { client: withRecovery, token: recoveryAdmin });
    expectConforms(res, 200);
    const issued = res.json<{ token: string; login: string }>();
    expect(issued.login).toBe(uid);
    expect(issued.token).toMatch(/^[A-HK-TW-Za-hjkmnpqrstwxyz1-9]{57}$/);
    recoveryToken = issued;
    // Stored as FusionDirectory stores it: an organizationalUnit with the salted SHA of the token and its expiry.
    const stored = (await c.gateway.read(`ou=${uid},ou=recovery,ou=fusiondirectory,${env.baseDN}`, ['objectClass', 'userPassword', 'description']))!;
    expect(stored.get('objectClass')).toContain('organizationalUnit');
    expect(stored.first('userPassword')).toMatch(/^\{SHA\}/);
    expect(Number(stored.first('description'))).toBeGreaterThan(Date.now() / 1000);
    expectConforms(await call('GET /recovery', `/recovery?email=${q('nobody@example.org')}`, { client: withRecovery, token: recoveryAdmin }), 400);
  });

  contractCase('PUT /recovery', 'answers 400 while recovery is off', async () => {
    expectConforms(await call('PUT /recovery', '/recovery', { body: { login: 'jsmith', token: 'x', password1: 'a', password2: 'a' } }), 400);
  });
  contractCase('PUT /recovery', 'answers 400 for a missing parameter or a wrong token, and 204 with the right one', async () => {
    const missing = await call('PUT /recovery', '/recovery', { client: withRecovery, token: recoveryAdmin, body: { login: 'jsmith', token: 'x', password1: 'a' } });
    expectConforms(missing, 400);
    expect(firstError(missing).message).toBe('Missing parameter "password2" in POST data');
    const wrong = await call('PUT /recovery', '/recovery', { client: withRecovery, token: recoveryAdmin, body: { login: 'jsmith', token: 'x', password1: 'a', password2: 'a' } });
    expectConforms(wrong, 400);
    expect(firstError(wrong).message).toBe('This token is invalid');
    expect(recoveryToken, 'the GET /recovery case issues the token this case uses').toBeDefined();
    if (!recoveryToken) return;
    const done = await call('PUT /recovery', '/recovery', { client: withRecovery, token: recoveryAdmin, body: { login: recoveryToken.login, token: recoveryToken.token, password1: 'New-pass 2026', password2: 'New-pass 2026' } });
    expectConforms(done, 204);
    await c.gateway.bindAs(`uid=${recoveryToken.login},${people}`, 'New-pass 2026');
  });
});

describe('a session is required where the document says so', () => {
  /** Path parameters from the document's own examples (`uid=jsmith,ou=people,dc=example,dc=com`, `personalInfo`…). */
  const examples: Record<string, string> = { type: 'user', dn: 'uid=jsmith,ou=people,dc=example,dc=com', tab: 'personalInfo', attribute: 'fdPrivateMail' };
  for (const op of doc.operations.filter((o) => o.secured)) {
    contractCase(op.key, 'answers 401 without a session', async () => {
      const path = `/${op.segments.map((s) => (/^\{.+\}$/.test(s) ? q(examples[s.slice(1, -1)] ?? 'x') : s)).join('/')}${op.path === '/recovery' && op.method === 'get' ? '?email=jsmith%40example.org' : ''}`;
      const res = await call(op.key, path, { token: null, ...(op.requestBody ? { body: op.requestBody.example ?? {} } : {}) });
      expectConforms(res, 401);
      expect(res.headers['www-authenticate']).toBe('Basic realm="FusionDirectory"');
    });
  }
});

describe('answers outside the operations of the document keep its error shape', () => {
  it('answers 405 for a method or an element count no endpoint has', async () => {
    for (const [method, path, body] of [['PUT', '/types', undefined], ['GET', '/logout', undefined], ['PATCH', '/objects/user/x/user/sn/others', ['x']]] as const) {
      const res = await c.call({ operation: null, method, path, token: admin, body });
      expect({ status: res.status, problems: res.problems }, res.body).toEqual({ status: 405, problems: [] });
    }
  });
});

describe('coverage of the reference document', () => {
  it('has at least one case for every operation', () => {
    const missing = doc.operations.filter((op) => !casesByOperation.has(op.key)).map((op) => `${op.key} (${op.operationId})`);
    expect(missing, 'operations of the reference document without a contract case').toEqual([]);
  });
  it('has no case for an operation the document does not have', () => {
    expect([...casesByOperation.keys()].filter((key) => !doc.operations.some((op) => op.key === key))).toEqual([]);
  });
  it('called every operation (runs last)', () => {
    expect(doc.operations.filter((op) => !c.exercised.has(op.key)).map((op) => op.key)).toEqual([]);
  });
});
