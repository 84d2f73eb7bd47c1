// The SupAnn user tabs (supannAccount, supannPersonalExt) through REST v1 on the real directory: an entry written by
// FusionDirectory read in its forms and saved back unchanged, derived values computed as FusionDirectory computes
// them, and its rules refused with the attribute named.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSubtree } from '../../../../test/harness.ts';
import { objectUrl, restTestApp, type RestTestApp } from '../../../http/rest-v1/restTestKit.ts';
import { Nomenclatures } from '../../../nomenclatures/Nomenclatures.ts';
import { installedPlugins } from '../../index.ts';

const FIXTURE = fileURLToPath(new URL('../../../../test/fixtures/supann/user.ldif', import.meta.url));
/** FusionDirectory's lists, as a site installs them (the reference copy beside the repository). */
const LISTS = fileURLToPath(new URL('../../../../../shared/reference/supann-nomenclatures/', import.meta.url));
/** Attributes the tabs compute: never sent by clients. */
const DERIVED = new Set([
  'supannEtuAnneeInscription',
  'supannEtuRegimeInscription',
  'supannEtuSecteurDisciplinaire',
  'supannEtuTypeDiplome',
  'supannEtuCursusAnnee',
  'supannEtuDiplome',
  'supannEtuEtape',
  'supannEtuElementPedagogique',
  'supannRoleGenerique',
  'eduPersonUniqueId',
]);

let t: RestTestApp;
let token: string;
let base: string;
/** Keeps codes, logins and unique values of this file apart from other test files' (one directory for all). */
const run = randomBytes(3).toString('hex');
let jdupont: string;
const UFR = `UFR-SCI-${run}`;
const DSI = `DSI-${run}`;

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  t.call({ method, url, token, ...(payload === undefined ? {} : { payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } }) });

/** Add the LDIF records (plain `attr: value` lines) of a fixture. */
async function loadLdif(file: string, replace: Record<string, string>): Promise<void> {
  let text = readFileSync(file, 'utf8');
  for (const [from, to] of Object.entries(replace)) text = text.replaceAll(from, to);
  for (const record of text.split(/\n\n+/).map((r) => r.split('\n').filter((l) => l && !l.startsWith('#')))) {
    if (record.length === 0) continue;
    const attrs: Record<string, string[]> = {};
    for (const line of record.slice(1)) (attrs[line.slice(0, line.indexOf(': '))] ??= []).push(line.slice(line.indexOf(': ') + 2));
    await t.gateway.add(record[0]!.slice(4), attrs);
  }
}

/** Every value of an entry, attribute names lower-cased, values sorted. */
async function rawEntry(dn: string): Promise<Record<string, string[]>> {
  const entry = (await t.gateway.read(dn, ['*', 'entryCSN']))!;
  return Object.fromEntries(entry.names().map((n) => [n.toLowerCase(), [...entry.get(n)].sort()]));
}

/** A new person with the SupAnn tab; returns the response. */
function createPerson(uid: string, supann: Record<string, unknown>, ext?: Record<string, unknown>) {
  return call('POST', '/rest.php/v1/objects/user', {
    attrs: { user: { base, uid, givenName: 'Lou', sn: uid }, supannAccount: { eduPersonPrincipalName: `${uid}@univ-example.fr`, ...supann }, ...(ext ? { supannPersonalExt: ext } : {}) },
  });
}

/** The attributes named by a refused request's errors. */
function refusedAttributes(res: { statusCode: number; json<T>(): T; body: string }): string[] {
  expect(res.statusCode, res.body).toBe(400);
  return res.json<Array<{ attribute?: string; code: string }>>().map((e) => e.attribute ?? '');
}

beforeAll(async () => {
  t = await restTestApp({
    plugins: installedPlugins,
    nomenclatures: new Nomenclatures({ folder: LISTS, warn: () => undefined }),
    // A local population code (supann-ext configuration): `<main code>:<local code>`.
    settings: { fdLocalPopulationCodeConf: ['{SUPANN}RGP:DOCT'] },
  });
  token = await t.adminToken();
  base = await testSubtree('supann-account');
  await loadLdif(FIXTURE, { BASE: base, RUN: run });
  jdupont = `uid=jdupont-${run},ou=people,${base}`;
});
afterAll(() => t.close());

describe('an entry FusionDirectory wrote', () => {
  it('reads the SupAnn tab in FusionDirectory’s forms', async () => {
    const res = await call('GET', objectUrl('user', jdupont, 'supannAccount'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      supannCivilite: 'M.',
      supannListeRouge: false,
      eduPersonPrincipalName: `jdupont-${run}@univ-example.fr`,
      eduPersonAffiliation: ['member', 'student'],
      eduPersonPrimaryAffiliation: 'student',
      eduPersonOrcid: ['0000-0002-1825-0098'],
      supannEntiteAffectation: [UFR],
      supannEntiteAffectationPrincipale: UFR,
      supannTypeEntiteAffectation: ['{SUPANN}S201'],
      supannEtablissement: ['{UAI}0751717J'],
      supannEtuInscription: [
        '[etab={UAI}0751717J][anneeinsc=2023][regimeinsc={INCONNU}][sectdisc={INCONNU}][typedip={SISE}XB][cursusann={SUPANN}L3]',
        `[etab={UAI}0751717J][anneeinsc=2024][regimeinsc={SISE}10][sectdisc={SISE}01][typedip={SISE}XB][cursusann={SUPANN}M1][affect=${UFR}]`,
      ],
      supannEtuCursusAnnee: ['{SUPANN}L3', '{SUPANN}M1'],
      supannRoleEntite: [`[role={SUPANN}R00][type={SUPANN}S201][code=${UFR}]`],
      supannRoleGenerique: ['{SUPANN}R00'],
      supannTelephonePrive: ['{MOBPERSO}+33 6 12 34 56 78'],
      supannMailPrive: ['{SECOURS}jean.dupont@example.org'],
      supannAdressePostalePrivee: ['{PERSO}12 rue des Ecoles$75005 Paris$France'],
      supannConsentement: ['{JPEGPHOTO}AUTH'],
    });
    const ext = await call('GET', objectUrl('user', jdupont, 'supannPersonalExt'));
    expect(ext.json()).toEqual({
      unique_ids: true,
      fdEduPersonUniqueIdDns: '@univ-example.fr',
      eduPersonUniqueId: `NjYzNGExYjJjM2Q0ZTUuMTIzNDU2Nzg${run}@univ-example.fr`,
      supannCodePopulation: ['{SUPANN}RGP'],
    });
  });

  it('saves it back unchanged: every value byte for byte, no write at all', async () => {
    const before = await rawEntry(jdupont);
    for (const tab of ['supannAccount', 'supannPersonalExt']) {
      const values = (await call('GET', objectUrl('user', jdupont, tab))).json<Record<string, unknown>>();
      const res = await call('PATCH', objectUrl('user', jdupont, tab), Object.fromEntries(Object.entries(values).filter(([k]) => !DERIVED.has(k))));
      expect(res.statusCode, res.body).toBe(200);
    }
    // The ORCID FusionDirectory accepted with a wrong check character is kept, as every other value.
    expect(await rawEntry(jdupont)).toEqual(before);
  });
});

describe('a person created through REST', () => {
  it('gets the flattened registration values, establishments, assignments, entity types and generic roles FusionDirectory computes', async () => {
    const uid = `supann-${run}-a`;
    const res = await createPerson(uid, {
      eduPersonAffiliation: ['student', 'member'],
      eduPersonPrimaryAffiliation: 'student',
      supannEntiteAffectation: [DSI],
      supannEntiteAffectationPrincipale: DSI,
      supannEtuInscription: [
        // The object form, with regime and sector left empty: FusionDirectory writes {INCONNU}.
        { etab: '{UAI}0751717J', anneeinsc: 2025, typedip: '{SISE}XB', cursusann: '{SUPANN}M2', affect: UFR, diplome: '{SISE}2200531' },
        `[etab={UAI}0751717J][anneeinsc=2024][regimeinsc={SISE}10][sectdisc={SISE}01][typedip={SISE}XB][cursusann={SUPANN}M1][affect=${UFR}]`,
      ],
      supannRoleEntite: [{ role: '{SUPANN}R00', type: '{SUPANN}S230', code: DSI }, `[role={SUPANN}T31][type={SUPANN}S201]`],
      eduPersonOrcid: ['https://orcid.org/0000-0002-1825-0097'],
      supannAdressePostalePrivee: [{ type: 'PERSO', postal: '12 rue des Ecoles\n75005 Paris' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const entry = await rawEntry(res.json<string>());
    expect(entry).toMatchObject({
      supannetuinscription: [
        `[etab={UAI}0751717J][anneeinsc=2024][regimeinsc={SISE}10][sectdisc={SISE}01][typedip={SISE}XB][cursusann={SUPANN}M1][affect=${UFR}]`,
        `[etab={UAI}0751717J][anneeinsc=2025][regimeinsc={INCONNU}][sectdisc={INCONNU}][typedip={SISE}XB][cursusann={SUPANN}M2][affect=${UFR}][diplome={SISE}2200531]`,
      ],
      supannetuanneeinscription: ['2024', '2025'],
      supanneturegimeinscription: ['{SISE}10'],
      supannetusecteurdisciplinaire: ['{SISE}01'],
      supannetutypediplome: ['{SISE}XB'],
      supannetucursusannee: ['{SUPANN}M1', '{SUPANN}M2'],
      supannetudiplome: ['{SISE}2200531'],
      supannetablissement: ['{UAI}0751717J'],
      supannentiteaffectation: [DSI, UFR].sort(),
      supanntypeentiteaffectation: ['{SUPANN}S201', '{SUPANN}S230'],
      supannroleentite: [`[role={SUPANN}R00][type={SUPANN}S230][code=${DSI}]`, '[role={SUPANN}T31][type={SUPANN}S201]'],
      supannrolegenerique: ['{SUPANN}R00', '{SUPANN}T31'],
      edupersonorcid: ['0000-0002-1825-0097'],
      supannadressepostaleprivee: ['{PERSO}12 rue des Ecoles$75005 Paris'],
      supannlisterouge: ['FALSE'],
      objectclass: expect.arrayContaining(['eduPerson', 'supannPerson']),
    });
    expect(entry).not.toHaveProperty('supannetuetape');
  });

  it('refuses each SupAnn rule with the attribute named', async () => {
    const uid = (n: string) => `supann-${run}-${n}`;
    const cases: Array<[string, Record<string, unknown>]> = [
      ['eduPersonPrimaryAffiliation', { eduPersonAffiliation: ['staff'], eduPersonPrimaryAffiliation: 'student' }],
      ['eduPersonAffiliation', { eduPersonAffiliation: ['member', 'affiliate'] }],
      ['supannEntiteAffectationPrincipale', { supannEntiteAffectation: [DSI], supannEntiteAffectationPrincipale: UFR }],
      ['supannRoleEntite', { supannEntiteAffectation: [DSI], supannRoleEntite: ['[role={SUPANN}R00][type={SUPANN}S201]'] }],
      ['supannRoleEntite', { supannEntiteAffectation: [DSI], supannRoleEntite: [`[role={SUPANN}R00][type={SUPANN}S230][code=${UFR}]`] }],
      ['eduPersonOrcid', { eduPersonOrcid: ['0000-0002-1825-0098'] }],
      ['eduPersonOrcid', { eduPersonOrcid: ['orcid 0000-0002-1825-0097'] }],
      ['supannRefId', { supannRefId: ['21801234'] }],
      ['supannEntiteAffectation', { supannEntiteAffectation: [`NOPE-${run}`] }],
      ['supannEtablissement', { supannEtablissement: ['{UAI}0000000X'] }],
      ['eduPersonPrincipalName', { eduPersonPrincipalName: `jdupont-${run}@univ-example.fr` }],
      ['supannRefId', { supannRefId: [`{APOGEE}21801234${run}`] }],
      ['supannTelephonePrive', { supannTelephonePrive: ['{PIGEON}+33 6 00 00 00 00'] }],
    ];
    for (const [i, [attribute, values]] of cases.entries()) {
      expect(refusedAttributes(await createPerson(uid(`r${i}`), values)), `${attribute} ${JSON.stringify(values)}`).toContain(attribute);
    }
    // A pattern's message is the catalogue's, for the items of a set too.
    expect((await createPerson(uid('msg'), { supannRefId: ['21801234'] })).json()).toEqual([
      expect.objectContaining({ attribute: 'supannRefId', message: 'A reference id is written {PREFIX}value, e.g. {APOGEE}21801234.' }),
    ]);
    // And the good ones pass.
    expect((await createPerson(uid('ok'), { eduPersonOrcid: ['0000-0002-1825-0097'], supannRefId: [`{SIHAM}${run}`], supannAutreMail: [`lou-${run}@univ-example.fr`] })).statusCode).toBe(201);
    expect(refusedAttributes(await createPerson(uid('dupmail'), { supannAutreMail: [`lou-${run}@univ-example.fr`] }))).toContain('supannAutreMail');
  });

  it('checks codes against FusionDirectory’s nomenclatures', async () => {
    const res = await createPerson(`supann-${run}-n`, { supannActivite: ['{REFERENS}E1C23', '{CNU}2700'], supannEmpCorps: '{NCORPS}002', supannTypeEntiteAffectation: ['{SUPANN}S230'] });
    expect(res.statusCode, res.body).toBe(201);
    expect(refusedAttributes(await createPerson(`supann-${run}-n2`, { supannActivite: ['{REFERENS}NOPE'] }))).toContain('supannActivite');
    expect(refusedAttributes(await createPerson(`supann-${run}-n3`, { eduPersonAffiliation: ['wizard'] }))).toContain('eduPersonAffiliation');
  });
});

describe('the SUPANN-Ext tab', () => {
  it('generates eduPersonUniqueId once, keeps it across saves, and follows the establishment DNS', async () => {
    const res = await createPerson(`supann-${run}-u`, {}, { fdEduPersonUniqueIdDns: '@univ-example.fr', supannCodePopulation: ['{SUPANN}RGP'] });
    expect(res.statusCode, res.body).toBe(201);
    const dn = res.json<string>();
    const first = (await t.gateway.read(dn, ['eduPersonUniqueId']))!.first('eduPersonUniqueId')!;
    expect(first).toMatch(/^[0-9a-f]{32}@univ-example\.fr$/);
    expect((await call('GET', objectUrl('user', dn, 'supannPersonalExt'))).json()).toMatchObject({ unique_ids: true, eduPersonUniqueId: first });

    expect((await call('PATCH', objectUrl('user', dn, 'supannAccount'), { eduPersonNickname: 'Lulu' })).statusCode).toBe(200);
    expect((await call('PATCH', objectUrl('user', dn, 'supannPersonalExt'), { supannCodePopulation: ['{SUPANN}RG'] })).statusCode).toBe(200);
    expect((await t.gateway.read(dn, ['eduPersonUniqueId']))!.first('eduPersonUniqueId')).toBe(first);

    expect((await call('PATCH', objectUrl('user', dn, 'supannPersonalExt'), { fdEduPersonUniqueIdDns: '@univ-other.fr' })).statusCode).toBe(200);
    expect((await t.gateway.read(dn, ['eduPersonUniqueId']))!.first('eduPersonUniqueId')).toBe(`${first.slice(0, 32)}@univ-other.fr`);

    // A second person gets another identifier.
    const other = await createPerson(`supann-${run}-v`, {}, { unique_ids: true, fdEduPersonUniqueIdDns: '@univ-example.fr' });
    expect(other.statusCode, other.body).toBe(201);
    const second = (await t.gateway.read(other.json<string>(), ['eduPersonUniqueId']))!.first('eduPersonUniqueId')!;
    expect(second).not.toBe(first);
    expect(second.slice(0, 32)).not.toBe(first.slice(0, 32));
  });

  it('refuses a DNS without @, unique ids without DNS, removing the DNS, and a population code not configured; takes main and local codes', async () => {
    expect(refusedAttributes(await createPerson(`supann-${run}-w`, {}, { fdEduPersonUniqueIdDns: 'univ-example.fr' }))).toContain('fdEduPersonUniqueIdDns');
    expect(refusedAttributes(await createPerson(`supann-${run}-x`, {}, { unique_ids: true }))).toContain('fdEduPersonUniqueIdDns');
    expect(refusedAttributes(await createPerson(`supann-${run}-y`, {}, { supannCodePopulation: ['{SUPANN}ZZZ'] }))).toContain('supannCodePopulation');
    const off = await call('PATCH', objectUrl('user', jdupont, 'supannPersonalExt'), { unique_ids: false, fdEduPersonUniqueIdDns: '' });
    expect(refusedAttributes(off)).toContain('fdEduPersonUniqueIdDns');
    // Without a DNS nor the switch, no identifier: the tab holds population codes only.
    const plain = await createPerson(`supann-${run}-z`, {}, { supannCodePopulation: ['{SUPANN}RGPF', '{SUPANN}RGP:DOCT'] });
    expect(plain.statusCode, plain.body).toBe(201);
    expect((await t.gateway.read(plain.json<string>(), ['supannCodePopulation']))!.get('supannCodePopulation').sort()).toEqual(['{SUPANN}RGP:DOCT', '{SUPANN}RGPF']);
    expect((await t.gateway.read(plain.json<string>(), ['eduPersonUniqueId']))!.has('eduPersonUniqueId')).toBe(false);
  });
});
