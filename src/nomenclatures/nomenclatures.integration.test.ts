// Selects of nomenclatures and of another attribute's values, saved through the object services against the run's slapd
// (a test plugin's "gadget" type, not the SupAnn tabs).
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../test/harness.ts';
import { AppError } from '../errors/AppError.ts';
import { LdapGateway } from '../ldap/LdapGateway.ts';
import { Registry } from '../model/Registry.ts';
import { corePlugin } from '../plugins/core/index.ts';
import { SuperAdministratorPolicy } from '../services/AccessPolicy.ts';
import { ObjectService } from '../services/objects/ObjectService.ts';
import { SiteConfig } from '../services/SiteConfig.ts';
import { Nomenclatures } from './Nomenclatures.ts';
import { nomenclatureTestPlugin } from './nomenclatureTestPlugin.ts';

const env = testLdap();
const admin = { dn: env.fdAdminDN };
const REFERENCE = fileURLToPath(new URL('../../../shared/reference/supann-nomenclatures/', import.meta.url));
let gateway: LdapGateway;
let service: ObjectService;
let base: string;

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const e = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

async function newGadget(cn: string, values: Record<string, unknown>) {
  const gadget = await service.create(admin, 'gadget', base);
  await service.setValues(admin, gadget, 'gadget', { cn, ...values });
  return gadget;
}

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  base = await testSubtree('nomenclatures');
  service = new ObjectService({
    gateway,
    registry: new Registry([corePlugin, nomenclatureTestPlugin]),
    config: await SiteConfig.load(gateway, env.baseDN),
    access: new SuperAdministratorPolicy(gateway, env.baseDN),
    nomenclatures: new Nomenclatures({ folder: REFERENCE }),
  });
});
afterAll(() => gateway.close());

describe('selects of nomenclatures, saved', () => {
  it('saves codes of the lists: plain, prefixed, a searched diploma, parts of a composite', async () => {
    const dn = await service.save(
      admin,
      await newGadget('valid', {
        ou: ['student', 'member'],
        l: 'student',
        st: ['{SUPANN}S230'],
        physicalDeliveryOfficeName: '{SISE}1000267',
        description: { typedip: '{SISE}CB', sectdisc: '{SISE}06', diplome: '{SISE}1000267', type: '{SUPANN}S230' },
      }),
    );
    const entry = (await gateway.read(dn, ['*']))!;
    expect(entry.get('ou')).toEqual(['member', 'student']);
    expect(entry.first('l')).toBe('student');
    expect(entry.first('st')).toBe('{SUPANN}S230');
    expect(entry.first('physicalDeliveryOfficeName')).toBe('{SISE}1000267');
    expect(entry.first('description')).toBe('[typedip={SISE}CB][sectdisc={SISE}06][diplome={SISE}1000267][type={SUPANN}S230]');
  });

  it('refuses an unknown code with the shared error object, naming the list, and writes nothing', async () => {
    const e = await refusal(service.save(admin, await newGadget('unknown', { ou: ['studnet'] })));
    expect(e.toJSON()).toEqual({
      code: 'value.invalid',
      message: '"studnet" is not a code of the "affiliation" nomenclature for "ou".',
      tab: 'gadget',
      attribute: 'ou',
      details: [{ code: 'value.choice', message: '"studnet" is not a code of the "affiliation" nomenclature for "ou".', params: { list: 'affiliation' }, tab: 'gadget', attribute: 'ou' }],
    });
    expect(await gateway.read(`cn=unknown,ou=gadgets,${base}`, ['1.1'])).toBeNull();
  });

  it('tells an unknown prefix from an unknown code, in attributes and in parts', async () => {
    const e = await refusal(service.save(admin, await newGadget('prefixes', { st: ['{SUPANN}S999', '{FOO}S230'], physicalDeliveryOfficeName: '1000267', description: { typedip: '{SISE}QQ' } })));
    const messages = (e.details as Array<{ attribute: string; message: string }>).map((d) => [d.attribute, d.message]);
    expect(messages).toEqual([
      ['st', '"{FOO}S230" has the prefix {FOO}, which no "entite" nomenclature has, for "st" (known: {SUPANN}).'],
      ['st', '"S999" is not a code of the "entite_SUPANN" nomenclature for "st".'],
      ['physicalDeliveryOfficeName', '"1000267" has no prefix for "physicalDeliveryOfficeName": write it {PREFIX}code with a prefix of the "diplome" nomenclatures ({SISE}).'],
      ['description', '"QQ" is not a code of the "typediplome_SISE" nomenclature for "description.typedip".'],
    ]);
  });

  it('refuses a primary value that is not among the values of the other attribute, in an attribute or a part', async () => {
    const e = await refusal(service.save(admin, await newGadget('primary', { ou: ['member'], l: 'student', st: ['{SUPANN}S230'], description: { typedip: '{SISE}CB', type: '{SUPANN}S201' } })));
    expect((e.details as Array<{ attribute: string; message: string }>).map((d) => [d.attribute, d.message])).toEqual([
      ['l', '"student" is not in the list of possible choices for "l": the values of "ou" (member).'],
      ['description', '"{SUPANN}S201" is not in the list of possible choices for "description.type": the values of "st" ({SUPANN}S230).'],
    ]);
  });

  it('keeps values an entry already had that the lists no longer have, but refuses new ones', async () => {
    // Written by another tool (or with lists this site has since removed).
    if (!(await gateway.read(`ou=gadgets,${base}`, ['1.1']))) await gateway.add(`ou=gadgets,${base}`, { objectClass: 'organizationalUnit', ou: 'gadgets' });
    const dn = `cn=legacy,ou=gadgets,${base}`;
    await gateway.add(dn, { objectClass: 'organizationalRole', cn: 'legacy', st: '{OLDLIST}X1', description: '[typedip={OLDSISE}Q][type={OLDLIST}X1]' });
    const opened = await service.open(admin, 'gadget', dn);
    await service.setValues(admin, opened, 'gadget', { ou: ['staff'], l: 'staff' });
    expect(await service.save(admin, opened)).toBe(dn);
    expect((await gateway.read(dn, ['ou']))!.get('ou')).toEqual(['staff']);
    const again = await service.open(admin, 'gadget', dn);
    await service.setValues(admin, again, 'gadget', { st: ['{OLDLIST}X1', '{OLDLIST}X2'] });
    const e = await refusal(service.save(admin, again));
    expect(e.attribute).toBe('st');
    expect(e.message).toBe('"{OLDLIST}X2" has the prefix {OLDLIST}, which no "entite" nomenclature has, for "st" (known: {SUPANN}).');
  });
});
