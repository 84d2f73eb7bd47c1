import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { AppError } from '../../errors/AppError.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { Registry } from '../../model/Registry.ts';
import { corePlugin } from '../../plugins/core/index.ts';
import { SuperAdministratorPolicy } from '../AccessPolicy.ts';
import { SiteConfig } from '../SiteConfig.ts';
import { ContentSyncSource } from '../../ldap/sync/ContentSyncSource.ts';
import { ListIndexes } from './ListIndexes.ts';
import { ObjectService } from './ObjectService.ts';

const env = testLdap();
const admin = { dn: env.fdAdminDN };
let gateway: LdapGateway;
let service: ObjectService;
let base: string;

interface Expected {
  code?: string;
  dn?: string;
  tab?: string;
  attribute?: string;
  message?: string | RegExp;
}

async function expectAppError(promise: Promise<unknown>, expected: Expected): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    const { message, ...rest } = expected;
    expect(err).toMatchObject(rest);
    if (message instanceof RegExp) expect(err.message).toMatch(message);
    else if (message) expect(err.message).toBe(message);
    return err;
  }
  throw new Error('expected an AppError');
}

async function newUser(uid: string, extra: Record<string, unknown> = {}) {
  const user = await service.create(admin, 'user', base);
  await service.setValues(admin, user, 'user', { uid, givenName: 'Léa', sn: "N'Diaye", ...extra });
  return user;
}

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  base = await testSubtree('objects');
  service = new ObjectService({ gateway, registry: new Registry([corePlugin]), config: await SiteConfig.load(gateway, env.baseDN), access: new SuperAdministratorPolicy(gateway, env.baseDN) });
});
afterAll(() => gateway.close());

describe('creating objects', () => {
  it('creates a user in the people branch of its base, with cn from fdCnPattern', async () => {
    const user = await newUser('lndiaye', { title: ['Ingénieure', 'Chercheuse'] });
    const dn = await service.save(admin, user);
    expect(dn).toBe(`uid=lndiaye,ou=people,${base}`);
    const entry = (await gateway.read(dn, ['*']))!;
    expect(entry.get('objectClass').sort()).toEqual(['inetOrgPerson', 'organizationalPerson', 'person']);
    expect(entry.first('cn')).toBe("Léa N'Diaye");
    expect(entry.get('title')).toEqual(['Chercheuse', 'Ingénieure']);
  });

  it('refuses a second user with the same uid anywhere in the directory', async () => {
    const other = await testSubtree('objects-elsewhere');
    const user = await service.create(admin, 'user', other);
    await service.setValues(admin, user, 'user', { uid: 'lndiaye', givenName: 'Luc', sn: 'Noël' });
    const err = await expectAppError(service.save(admin, user), { code: 'value.invalid', tab: 'user', attribute: 'uid', message: `The entry "uid=lndiaye,ou=people,${base}" already uses this "Login" attribute!` });
    expect(await gateway.read(`uid=lndiaye,ou=people,${other}`, ['1.1'])).toBeNull();
    expect(err.details).toHaveLength(1);
  });

  it('reports every problem with its tab and attribute, and writes nothing', async () => {
    const user = await service.create(admin, 'user', base);
    await service.setValues(admin, user, 'user', { uid: 'Bad Login', sn: 'Du(pont)', telephoneNumber: 'call me' });
    const err = await expectAppError(service.save(admin, user), { code: 'value.invalid', tab: 'user' });
    const details = err.details as Array<{ attribute: string; code: string; message: string }>;
    expect(details.map((d) => [d.attribute, d.code])).toEqual([
      ['sn', 'value.forbidden_characters'],
      ['givenName', 'value.required'],
      ['telephoneNumber', 'value.phone'],
      ['uid', 'value.pattern'],
    ]);
    expect(details.find((d) => d.attribute === 'givenName')!.message).toBe('The required field "First name" is empty!');
    expect(details.find((d) => d.attribute === 'uid')!.message).toContain('lower-case letters');
  });

  it('refuses unknown fields, values of the wrong type and unknown tabs by name', async () => {
    const user = await service.create(admin, 'user', base);
    await expectAppError(service.setValues(admin, user, 'user', { shoeSize: 42 }), { code: 'value.invalid', tab: 'user', attribute: 'shoeSize', message: 'Unknown field "shoeSize"' });
    await expectAppError(service.setValues(admin, user, 'user', { sn: { a: 1 } }), { code: 'value.invalid', tab: 'user', attribute: 'sn', message: /expects a string/ });
    await expectAppError(service.setValues(admin, user, 'posixAccount', {}), { code: 'object.not_found', tab: 'posixAccount' });
    await expectAppError(service.create(admin, 'spaceship'), { code: 'object.not_found', message: 'Unknown object type "spaceship"' });
  });

  it('refuses a base outside the directory', async () => {
    const user = await service.create(admin, 'user', 'dc=elsewhere,dc=org');
    await service.setValues(admin, user, 'user', { uid: 'outside', givenName: 'A', sn: 'B' });
    await expectAppError(service.save(admin, user), { code: 'value.invalid', attribute: 'base' });
    // Inside the directory, the base must be a department.
    await gateway.add(`ou=plain,${base}`, { objectClass: 'organizationalUnit', ou: 'plain' });
    const inPlain = await service.create(admin, 'user', `ou=plain,${base}`);
    await service.setValues(admin, inPlain, 'user', { uid: 'inplain', givenName: 'A', sn: 'B' });
    const err = await expectAppError(service.save(admin, inPlain), { code: 'value.invalid', tab: 'user', attribute: 'base' });
    expect(err.message).toBe(`"ou=plain,${base}" is not a department of the directory.`);
  });
});

describe('editing objects', () => {
  it('writes only what changed, and nothing when nothing changed', async () => {
    const dn = await service.save(admin, await newUser('jmartin', { telephoneNumber: '+33 1 23' }));
    const opened = await service.open(admin, 'user', dn);
    const csn = opened.csn;
    await service.save(admin, opened);
    expect((await gateway.read(dn, ['entryCSN']))!.first('entryCSN')).toBe(csn);
    await service.setValues(admin, opened, 'user', { sn: 'Martin' });
    await service.save(admin, opened);
    const entry = (await gateway.read(dn, ['*', 'entryCSN']))!;
    expect(entry.first('sn')).toBe('Martin');
    expect(entry.first('cn')).toBe('Léa Martin');
    expect(entry.first('telephoneNumber')).toBe('+33 1 23');
    expect(entry.first('entryCSN')).not.toBe(csn);
  });

  it('refuses a save from a stale open with a conflict, and changes nothing', async () => {
    const dn = await service.save(admin, await newUser('pdurand'));
    const first = await service.open(admin, 'user', dn);
    const second = await service.open(admin, 'user', dn);
    await service.setValues(admin, first, 'user', { description: 'first edit' });
    await service.save(admin, first);
    await service.setValues(admin, second, 'user', { description: 'second edit', roomNumber: 'B12' });
    await expectAppError(service.save(admin, second), { code: 'entry.conflict', dn, message: /changed by someone else/ });
    const entry = (await gateway.read(dn, ['description', 'roomNumber']))!;
    expect(entry.first('description')).toBe('first edit');
    expect(entry.has('roomNumber')).toBe(false);
  });

  it('renames a user whose login changes, and every reference follows; deleting him removes them', async () => {
    const refBase = await testSubtree('references');
    const make = async (uid: string, extra: Record<string, unknown> = {}) => {
      const u = await service.create(admin, 'user', refBase);
      await service.setValues(admin, u, 'user', { uid, givenName: 'X', sn: uid, ...extra });
      return service.save(admin, u);
    };
    const boss = await make('boss');
    const employee = await make('employee', { manager: boss });
    const colleague = await make('colleague');
    const group = await service.create(admin, 'ogroup', refBase);
    await service.setValues(admin, group, 'ogroup', { cn: 'staff', member: [boss, colleague], owner: boss });
    const groupDn = await service.save(admin, group);
    const role = await service.create(admin, 'role', refBase);
    await service.setValues(admin, role, 'roleGeneric', { cn: 'head', roleOccupant: [boss] });
    const roleDn = await service.save(admin, role);
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const aclRole = `cn=admin,ou=aclroles,${env.baseDN}`;
    await gateway.modify(refBase, [
      { operation: 'add', attribute: 'objectClass', values: ['gosaAcl'] },
      { operation: 'add', attribute: 'gosaAclEntry', values: [`0:subtree:${b64(aclRole)}:${b64(boss)},${b64(colleague)}`, `1:base:${b64(aclRole)}:${b64(boss)}`] },
    ]);

    const opened = await service.open(admin, 'user', boss);
    await service.setValues(admin, opened, 'user', { uid: 'chief' });
    const chief = await service.save(admin, opened);
    expect(chief).toBe(`uid=chief,ou=people,${refBase}`);
    expect(await gateway.read(boss, ['1.1'])).toBeNull();
    expect((await gateway.read(employee, ['manager']))!.get('manager')).toEqual([chief]);
    const groupEntry = (await gateway.read(groupDn, ['member', 'owner']))!;
    expect(groupEntry.get('member').sort()).toEqual([chief, colleague].sort());
    expect(groupEntry.get('owner')).toEqual([chief]);
    expect((await gateway.read(roleDn, ['roleOccupant']))!.get('roleOccupant')).toEqual([chief]);
    expect((await gateway.read(refBase, ['gosaAclEntry']))!.get('gosaAclEntry').sort()).toEqual([`0:subtree:${b64(aclRole)}:${b64(chief)},${b64(colleague)}`, `1:base:${b64(aclRole)}:${b64(chief)}`]);

    const refs = await service.references(admin, 'user', chief);
    expect(refs[employee]).toEqual({ type: 'user', tabs: { user: { fields: { manager: 'Manager' } } } });
    expect(refs[groupDn]).toEqual({ type: 'ogroup', tabs: { ogroup: { fields: { member: 'Members', owner: 'Owner' } } } });
    expect(refs[roleDn]!.tabs).toEqual({ roleGeneric: { fields: { roleOccupant: 'Role occupants' } } });
    expect(Object.keys(refs[refBase]!.tabs)).toEqual(['aclAssignment']);
    await service.delete(admin, 'user', chief);
    expect((await gateway.read(employee, ['manager']))!.has('manager')).toBe(false);
    expect((await gateway.read(groupDn, ['member', 'owner']))!.attributes).toEqual({ member: [colleague] });
    // The role's only occupant is gone: roleOccupant is optional, so the attribute goes.
    expect((await gateway.read(roleDn, ['roleOccupant']))!.has('roleOccupant')).toBe(false);
    // The base-scope line had only him as member: it is dropped and the priorities re-numbered.
    expect((await gateway.read(refBase, ['gosaAclEntry']))!.get('gosaAclEntry')).toEqual([`0:subtree:${b64(aclRole)}:${b64(colleague)}`]);
  });

  it('renames a group when its name changes and moves it when its base changes', async () => {
    const member = await service.save(admin, await newUser('member1'));
    const group = await service.create(admin, 'ogroup', base);
    await service.setValues(admin, group, 'ogroup', { cn: 'team', member: [member] });
    const dn = await service.save(admin, group);
    expect(dn).toBe(`cn=team,ou=groups,${base}`);
    const opened = await service.open(admin, 'ogroup', dn);
    await service.setValues(admin, opened, 'ogroup', { cn: 'team2', description: 'renamed' });
    const renamed = await service.save(admin, opened);
    expect(renamed).toBe(`cn=team2,ou=groups,${base}`);
    expect((await gateway.read(renamed, ['gosaGroupObjects']))!.first('gosaGroupObjects')).toBe('[U]');
    expect(await gateway.read(dn, ['1.1'])).toBeNull();
    expect((await gateway.read(renamed, ['description']))!.first('description')).toBe('renamed');
    const sub = `ou=sub,${base}`;
    await gateway.add(sub, { objectClass: ['organizationalUnit', 'gosaDepartment'], ou: 'sub', description: 'Sub' });
    const again = await service.open(admin, 'ogroup', renamed);
    expect((await service.readTab(admin, again, 'ogroup')).base).toBe(base);
    await service.setValues(admin, again, 'ogroup', { base: sub });
    expect(await service.save(admin, again)).toBe(`cn=team2,ou=groups,${sub}`);
  });

  it('summarises member types in gosaGroupObjects, nested groups included', async () => {
    const user = await service.save(admin, await newUser('nested1'));
    const inner = await service.create(admin, 'ogroup', base);
    await service.setValues(admin, inner, 'ogroup', { cn: 'inner', member: [user] });
    const innerDn = await service.save(admin, inner);
    const outer = await service.create(admin, 'ogroup', base);
    await service.setValues(admin, outer, 'ogroup', { cn: 'outer', member: [innerDn] });
    const outerDn = await service.save(admin, outer);
    // The inner group contributes G, and its own U.
    expect((await gateway.read(outerDn, ['gosaGroupObjects']))!.first('gosaGroupObjects')).toBe('[GU]');
    await expectAppError(service.setValues(admin, outer, 'ogroup', { gosaGroupObjects: '[X]' }), { code: 'value.invalid', attribute: 'gosaGroupObjects', message: /computed/ });
  });

  it('stores a small JPEG picture byte for byte, and reads it back', async () => {
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } }).jpeg().toBuffer();
    const dn = await service.save(admin, await newUser('photo', { jpegPhoto: photo.toString('base64') }));
    const opened = await service.open(admin, 'user', dn);
    expect((await service.readTab(admin, opened, 'user')).jpegPhoto).toBe(photo.toString('base64'));
    expect((await gateway.read(dn, ['jpegPhoto']))!.buffers('jpegPhoto')[0]!.equals(photo)).toBe(true);
  });

  it('resizes a large picture to fdMaxAvatarSize and stores it as JPEG; refuses what is not an image', async () => {
    const png = await sharp({ create: { width: 800, height: 400, channels: 4, background: '#00aa00' } }).png().toBuffer();
    const dn = await service.save(admin, await newUser('bigphoto', { jpegPhoto: png.toString('base64') }));
    const stored = (await gateway.read(dn, ['jpegPhoto']))!.buffers('jpegPhoto')[0]!;
    const meta = await sharp(stored).metadata();
    expect(meta.format).toBe('jpeg');
    expect([meta.width, meta.height]).toEqual([200, 100]);
    const bad = await newUser('badphoto', { jpegPhoto: Buffer.from('not an image at all').toString('base64') });
    await expectAppError(service.save(admin, bad), { code: 'value.invalid', tab: 'user', attribute: 'jpegPhoto' });
  });

  it('refuses to open what is not of the type, or does not exist', async () => {
    await expectAppError(service.open(admin, 'user', `ou=people,${base}`), { code: 'object.not_found', message: /is not an object of type "user"/ });
    await expectAppError(service.open(admin, 'user', `uid=ghost,ou=people,${base}`), { code: 'object.not_found', message: `Non-existing dn "uid=ghost,ou=people,${base}"!` });
  });
});

describe('listing objects', () => {
  let listBase: string;
  beforeAll(async () => {
    listBase = await testSubtree('listing');
    for (const [uid, given, sn] of [['amartin', 'Anne', 'Martin'], ['bdupont', 'Bruno', 'Dupont'], ['cleroy', 'Chloé', 'Leroy'], ['dmoreau', 'David', 'Moreau'], ['eblanc', 'Émile', 'Blanc']]) {
      const u = await service.create(admin, 'user', listBase);
      await service.setValues(admin, u, 'user', { uid, givenName: given, sn });
      await service.save(admin, u);
    }
    // An inetOrgPerson outside a people branch is not a user (fd-core.md §2.2).
    await gateway.add(`uid=stray,${listBase}`, { objectClass: ['inetOrgPerson'], uid: 'stray', cn: 'Stray', sn: 'Stray' });
  });

  it('lists every user of a base with the main attribute by default', async () => {
    const { entries } = await service.list(admin, 'user', { base: listBase });
    expect(entries.map((e) => e.attributes.uid?.[0]).sort()).toEqual(['amartin', 'bdupont', 'cleroy', 'dmoreau', 'eblanc']);
  });

  it('applies a filter and returns the asked attributes', async () => {
    const { entries } = await service.list(admin, 'user', { base: listBase, filter: '(|(sn=Martin)(givenName=Bru*))', attributes: ['sn', 'givenName'] });
    expect(entries.map((e) => e.attributes).sort((a, b) => String(a.sn).localeCompare(String(b.sn)))).toEqual([
      { sn: ['Dupont'], givenName: ['Bruno'] },
      { sn: ['Martin'], givenName: ['Anne'] },
    ]);
  });

  it('pages through the sorted list with a cursor', async () => {
    const first = await service.list(admin, 'user', { base: listBase, limit: 2, sort: [{ attribute: 'sn' }], attributes: ['sn'] });
    expect(first.entries.map((e) => e.attributes.sn![0])).toEqual(['Blanc', 'Dupont']);
    expect(first.total).toBe(5);
    const second = await service.list(admin, 'user', { base: listBase, limit: 2, sort: [{ attribute: 'sn' }], attributes: ['sn'], cursor: first.nextCursor! });
    expect(second.entries.map((e) => e.attributes.sn![0])).toEqual(['Leroy', 'Martin']);
    const third = await service.list(admin, 'user', { base: listBase, limit: 2, sort: [{ attribute: 'sn' }], attributes: ['sn'], cursor: second.nextCursor! });
    expect(third.entries.map((e) => e.attributes.sn![0])).toEqual(['Moreau']);
    expect(third.nextCursor).toBeUndefined();
    const reversed = await service.list(admin, 'user', { base: listBase, limit: 1, sort: [{ attribute: 'sn', reverse: true }], attributes: ['sn'] });
    expect(reversed.entries[0]!.attributes.sn).toEqual(['Moreau']);
  });

  it('refuses attributes the type does not have, in the filter or the list', async () => {
    await expectAppError(service.list(admin, 'user', { filter: '(shoeSize=42)' }), { code: 'value.invalid', message: 'Could not find ACL for attribute "shoeSize" for type "user"' });
    await expectAppError(service.list(admin, 'user', { attributes: ['shoeSize'] }), { code: 'value.invalid', attribute: 'shoeSize' });
    await expectAppError(service.list(admin, 'user', { filter: '(sn=*)(uid=*' }), { code: 'value.invalid', attribute: 'filter' });
    await expectAppError(service.list(admin, 'user', { limit: 2, cursor: 'garbage' }), { code: 'value.invalid', attribute: 'cursor' });
  });

  it('keeps hostile filter values inert', async () => {
    const { entries } = await service.list(admin, 'user', { base: listBase, filter: '(sn=\\2a\\29\\28uid=\\2a)' });
    expect(entries).toEqual([]);
  });

  it('gives nothing for a base outside the directory or missing, and nothing to a user without rights', async () => {
    expect((await service.list(admin, 'user', { base: 'dc=elsewhere' })).entries).toEqual([]);
    expect((await service.list(admin, 'user', { base: `ou=missing,${listBase}` })).entries).toEqual([]);
    expect((await service.list({ dn: `uid=amartin,ou=people,${listBase}` }, 'user', { base: listBase })).entries).toEqual([]);
  });
});

describe('passwords', () => {
  it('hashes a clear password with the default method; the user can bind; reads give the hash', async () => {
    const dn = await service.save(admin, await newUser('pwuser', { userPassword: 'Très-secret 1' }));
    const stored = (await gateway.read(dn, ['userPassword']))!.first('userPassword')!;
    expect(stored).toMatch(/^\{SSHA\}/);
    await gateway.bindAs(dn, 'Très-secret 1');
    const opened = await service.open(admin, 'user', dn);
    expect((await service.readTab(admin, opened, 'user')).userPassword).toBe(stored);
  });

  it("takes FusionDirectory's 5-array, keeps the lock of a locked account, and keeps the hash when no password is given", async () => {
    const dn = await service.save(admin, await newUser('pwarray', { userPassword: ['ssha512', 'first-pass', 'first-pass', '', false] }));
    expect((await gateway.read(dn, ['userPassword']))!.first('userPassword')).toMatch(/^\{SSHA512\}/);
    const locked = `{SSHA512}!${(await gateway.read(dn, ['userPassword']))!.first('userPassword')!.slice('{SSHA512}'.length)}`;
    await gateway.modify(dn, [{ operation: 'replace', attribute: 'userPassword', values: [locked] }]);
    const opened = await service.open(admin, 'user', dn);
    await service.setValues(admin, opened, 'user', { userPassword: 'second-pass' });
    await service.save(admin, opened);
    const after = (await gateway.read(dn, ['userPassword']))!.first('userPassword')!;
    expect(after).toMatch(/^\{SSHA512\}!/);
    const again = await service.open(admin, 'user', dn);
    await service.setValues(admin, again, 'user', { userPassword: ['ssha512', '', '', after, true], description: 'kept' });
    await service.save(admin, again);
    expect((await gateway.read(dn, ['userPassword']))!.first('userPassword')).toBe(after);
  });

  it('applies the password rules and reports them on userPassword', async () => {
    const strict = new ObjectService({ gateway, registry: new Registry([corePlugin]), config: new SiteConfig(env.baseDN, { fdPasswordMinLength: ['12'] }), access: new SuperAdministratorPolicy(gateway, env.baseDN) });
    const u = await strict.create(admin, 'user', base);
    await strict.setValues(admin, u, 'user', { uid: 'pwshort', givenName: 'P', sn: 'W', userPassword: 'short' });
    await expectAppError(strict.save(admin, u), { code: 'value.invalid', tab: 'user', attribute: 'userPassword' });
    await expectAppError(service.setValues(admin, u, 'user', { userPassword: 42 }), { code: 'value.invalid', attribute: 'userPassword' });
  });
});

describe('triggers', () => {
  it('runs FusionDirectory triggers with shell-escaped values, and a failing pre-trigger stops the creation', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'trousseau-hooks-'));
    const out = path.join(dir, 'created.txt');
    const config = new SiteConfig(env.baseDN, {
      fdTabHook: [
        // A literal % is written %|% in the mask syntax.
        `user|postcreate|printf '%|%s:%|%s' %uid% %description% > ${out}`,
        'user|precreate|test %uid% != blocked',
        "user|check|test %sn% != Refused || echo 'The last name Refused is not allowed here'",
        'user|postmodify|#disabled',
      ],
    });
    const hooked = new ObjectService({ gateway, registry: new Registry([corePlugin]), config, access: new SuperAdministratorPolicy(gateway, env.baseDN) });
    const make = async (uid: string, extra: Record<string, unknown> = {}) => {
      const u = await hooked.create(admin, 'user', base);
      await hooked.setValues(admin, u, 'user', { uid, givenName: 'H', sn: 'Hook', ...extra });
      return u;
    };
    const hostile = `$(touch ${dir}/pwned) 'x' ; touch ${dir}/pwned2`;
    await hooked.save(admin, await make('hooked', { description: hostile }));
    expect(readFileSync(out, 'utf8')).toBe(`hooked:${hostile}`);
    expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
    expect(existsSync(path.join(dir, 'pwned2'))).toBe(false);
    const err = await expectAppError(hooked.save(admin, await make('blocked')), { code: 'value.invalid', tab: 'user', message: /PRECREATE trigger of tab "user" exited with 1/ });
    expect(err.details).toEqual({ hookType: 'PRECREATE', hookCode: 1 });
    expect(await gateway.read(`uid=blocked,ou=people,${base}`, ['1.1'])).toBeNull();
    await expectAppError(hooked.save(admin, await make('checked', { sn: 'Refused' })), { code: 'value.invalid', message: 'The last name Refused is not allowed here' });
  });
});

describe('listing through the in-memory index', () => {
  it('answers like LDAP once warm, shows its own writes at once, and pages with its cursors', async () => {
    const listBase = await testSubtree('indexed');
    for (const [uid, sn] of [['ia', 'Zola'], ['ib', 'Abel'], ['ic', 'Morin']]) {
      const u = await service.create(admin, 'user', listBase);
      await service.setValues(admin, u, 'user', { uid, givenName: 'I', sn });
      await service.save(admin, u);
    }
    const indexes = new ListIndexes({
      gateway,
      baseDN: env.baseDN,
      changeSource: () => new ContentSyncSource({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } }),
    });
    const indexed = new ObjectService({ gateway, registry: new Registry([corePlugin]), config: await SiteConfig.load(gateway, env.baseDN), access: new SuperAdministratorPolicy(gateway, env.baseDN), indexes });
    try {
      const viaLdap = await indexed.list(admin, 'user', { base: listBase, attributes: ['uid', 'sn'] });
      const user = indexed.registry.type('user')!;
      await vi.waitFor(() => expect(indexes.warm(user, indexed.typeFilter(user))).toBeDefined(), { timeout: 10_000, interval: 50 });
      const viaIndex = await indexed.list(admin, 'user', { base: listBase, attributes: ['uid', 'sn'] });
      expect(viaIndex.entries.map((e) => e.dn).sort()).toEqual(viaLdap.entries.map((e) => e.dn).sort());
      const u = await indexed.create(admin, 'user', listBase);
      await indexed.setValues(admin, u, 'user', { uid: 'id', givenName: 'I', sn: 'Bertin' });
      await indexed.save(admin, u);
      const first = await indexed.list(admin, 'user', { base: listBase, limit: 2, sort: [{ attribute: 'sn' }], attributes: ['sn'] });
      expect(first.nextCursor).toMatch(/^i\./);
      expect(first.entries.map((e) => e.attributes.sn![0])).toEqual(['Abel', 'Bertin']);
      const second = await indexed.list(admin, 'user', { base: listBase, limit: 2, sort: [{ attribute: 'sn' }], attributes: ['sn'], cursor: first.nextCursor! });
      expect(second.entries.map((e) => e.attributes.sn![0])).toEqual(['Morin', 'Zola']);
      expect(second.total).toBe(4);
      const filtered = await indexed.list(admin, 'user', { base: listBase, filter: '(sn=m*)', attributes: ['uid'] });
      expect(filtered.entries.map((e) => e.attributes.uid)).toEqual([['ic']]);
      await indexed.delete(admin, 'user', `uid=ia,ou=people,${listBase}`);
      expect((await indexed.list(admin, 'user', { base: listBase, attributes: ['uid'] })).entries).toHaveLength(3);
    } finally {
      await indexes.close();
    }
  });
});

describe('departments', () => {
  it('creates a department, and refuses one named like an object branch', async () => {
    const dept = await service.create(admin, 'department', base);
    await service.setValues(admin, dept, 'department', { ou: 'research', description: 'Research' });
    const dn = await service.save(admin, dept);
    expect(dn).toBe(`ou=research,${base}`);
    expect((await gateway.read(dn, ['objectClass']))!.get('objectClass')).toEqual(expect.arrayContaining(['organizationalUnit', 'gosaDepartment']));
    const bad = await service.create(admin, 'department', base);
    await service.setValues(admin, bad, 'department', { ou: 'People', description: 'x' });
    await expectAppError(service.save(admin, bad), { code: 'value.invalid', tab: 'department', attribute: 'ou', message: /reserved name/ });
  });
});

describe('rights and deletion', () => {
  it('refuses everything to a user without rights', async () => {
    const dn = await service.save(admin, await newUser('nobody'));
    await expectAppError(service.open({ dn }, 'user', dn), { code: 'acl.denied' });
    const obj = await service.create({ dn }, 'user', base);
    await service.setValues(admin, obj, 'user', { uid: 'sneaky', givenName: 'S', sn: 'N' });
    await expectAppError(service.save({ dn }, obj), { code: 'acl.denied' });
  });

  it('deletes an object with its whole subtree', async () => {
    const dn = await service.save(admin, await newUser('withchildren'));
    await gateway.add(`cn=child,${dn}`, { objectClass: ['organizationalRole'], cn: 'child' });
    await service.delete(admin, 'user', dn);
    expect(await gateway.read(dn, ['1.1'])).toBeNull();
  });
});
