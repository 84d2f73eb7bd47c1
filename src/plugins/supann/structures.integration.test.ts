// SupAnn structures against the real directory: FusionDirectory-written entries (test/fixtures/supann/structures.ldif)
// read and written back unchanged, structures created and checked through REST v1, the supann-ext tab, the root
// establishment, the configuration tabs, and the structure graph (cycles, dangling parents, member counts, rights).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { defaultConfigAttributes } from '../../directory/configDefaults.ts';
import { objectUrl, restTestApp, type RestTestApp } from '../../http/rest-v1/restTestKit.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { Registry } from '../../model/Registry.ts';
import type { AccessPolicy } from '../../services/AccessPolicy.ts';
import { ObjectService } from '../../services/objects/ObjectService.ts';
import { SiteConfig } from '../../services/SiteConfig.ts';
import { StructureGraph } from '../../services/supann/StructureGraph.ts';
import { installedPlugins } from '../index.ts';
import { OFFICIAL_SUBSTATES } from './config.ts';

const env = testLdap();
const tag = randomBytes(3).toString('hex').toUpperCase();
const admin = { dn: env.fdAdminDN };
const registry = new Registry(installedPlugins);
/** Everything allowed everywhere: these tests are about SupAnn, not about rights. */
const everything: AccessPolicy = { rights: async () => 'rwcdm', uniformRights: async () => 'rwcdm' };
let gateway: LdapGateway;
let S: string;
let objects: ObjectService;
let rest: RestTestApp;
let token: string;
const structure = (code: string) => `supannCodeEntite=${code}-${tag},ou=structures,${S}`;

/** The fixture's records (a small LDIF reader: `name: value`, `name:: base64`, folded lines, comments). */
function records(file: string, base: string): Array<{ dn: string; attributes: Record<string, string[]> }> {
  const text = readFileSync(path.resolve(import.meta.dirname, '../../../test/fixtures/supann', file), 'utf8').replaceAll('BASE', base).replaceAll('TAG', tag);
  return text
    .replace(/\r?\n /g, '')
    .split(/\n\s*\n/)
    .map((r) => r.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')))
    .filter((lines) => lines.length > 0)
    .map((lines) => {
      const attributes: Record<string, string[]> = {};
      for (const line of lines.slice(1)) {
        const m = /^([^:]+)(::?) ?(.*)$/.exec(line)!;
        (attributes[m[1]!] ??= []).push(m[2] === '::' ? Buffer.from(m[3]!, 'base64').toString('utf8') : m[3]!);
      }
      return { dn: lines[0]!.replace(/^dn: /, ''), attributes };
    });
}

/** An entry's attributes, names lower-cased and values sorted, with its entryCSN (changed by any write). */
async function snapshot(dn: string): Promise<Record<string, string[]>> {
  const entry = (await gateway.read(dn, ['*', 'entryCSN']))!;
  return Object.fromEntries(
    entry
      .names()
      .map((n) => [n.toLowerCase(), [...entry.get(n)].sort()] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  S = await testSubtree('supann-structures');
  for (const { dn, attributes } of records('structures.ldif', S)) await gateway.add(dn, attributes);
  // The subtree is this file's directory: structures in ou=structures,<S> (FusionDirectory's layout), users beside.
  objects = new ObjectService({ gateway, registry, config: new SiteConfig(S, {}), access: everything });
  await gateway.add(`ou=people,${S}`, { objectClass: 'organizationalUnit', ou: 'people' });
  const assigned: Array<[string, string[]]> = [
    ['ana', ['UFR-TAG', 'LAB-TAG']],
    ['bob', ['lab-TAG']],
    ['cyd', ['ORPHAN-TAG']],
  ];
  for (const [name, codes] of assigned) {
    const uid = `sup${name}${tag.toLowerCase()}`;
    await gateway.add(`uid=${uid},ou=people,${S}`, {
      objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', 'eduPerson', 'supannPerson'],
      uid,
      cn: name,
      sn: name,
      supannEntiteAffectation: codes.map((c) => c.replace('TAG', tag)),
    });
  }
  // REST v1 over the whole directory, the structures' branch pointed into the subtree.
  rest = await restTestApp({ plugins: installedPlugins, settings: { fdSupannStructuresRDN: `ou=structures,${S.slice(0, S.length - env.baseDN.length - 1)}` } });
  token = await rest.adminToken();
});

afterAll(async () => {
  await rest?.close();
  await gateway?.close();
});

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => rest.call({ method, url, token, ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}) });

describe('FusionDirectory’s structures', () => {
  it('are read through REST v1 with FusionDirectory’s values', async () => {
    const univ = await call('GET', objectUrl('etablissement', structure('UNIV'), 'etablissement'));
    expect(univ.statusCode, univ.body).toBe(200);
    expect(univ.json()).toMatchObject({
      set_root: false,
      o: `Université d'Exemple ${tag}`,
      supannEtablissement: ['{UAI}0751717J'],
      supannTypeEntite: '{SUPANN}S102',
      supannCodeEntite: `UNIV-${tag}`,
      supannCodeEntiteParent: [],
      eduOrgLegalName: `Université d'Exemple ${tag}`,
      eduOrgHomePageURI: 'https://www.univ-example.fr',
    });
    expect((await call('GET', objectUrl('entite', structure('LAB'), 'entite'))).json()).toMatchObject({ ou: 'Laboratoire d\'informatique', supannCodeEntiteParent: [`UFR-${tag}`, `UNIV-${tag}`] });
    const ext = await call('GET', objectUrl('entite', structure('UFR'), 'supannStructureExt'));
    expect(ext.json()).toMatchObject({
      fdSupannStartDate: '2019-09-01',
      fdSupannEndDate: '2029-08-31',
      fdSupannRelationEntite: [`[role={CUSTOM}TUTELLE][type={SUPANN}S230][code=LAB-${tag}]`],
    });
    // An entity is not an establishment, and the list of structures has both.
    expect((await call('GET', objectUrl('etablissement', structure('UFR'), 'etablissement'))).statusCode).toBe(404);
    const listed = await call('GET', `/rest.php/v1/objects/entite?base=${encodeURIComponent(S)}&attrs[ou]=1`);
    expect(Object.keys(listed.json<Record<string, unknown>>())).toHaveLength(7);
  });

  it('are written back unchanged when saved with the values they were read with', async () => {
    for (const { dn, attributes } of records('structures.ldif', S)) {
      const type = attributes.objectClass!.includes('organization') ? 'etablissement' : attributes.objectClass!.includes('supannEntite') ? 'entite' : undefined;
      if (!type) continue;
      const before = await snapshot(dn);
      const obj = await objects.open(admin, type, dn);
      for (const state of obj.tabs.values()) {
        if (!state.active) continue;
        const values = await objects.readTab(admin, obj, state.tab.id);
        for (const a of state.tab.attributes) if (a.decl.derived) delete values[a.decl.name];
        await objects.setValues(admin, obj, state.tab.id, values);
      }
      await objects.save(admin, obj);
      expect(await snapshot(dn), dn).toEqual(before);
    }
  });
});

describe('creating and changing structures through REST v1', () => {
  it('names a new entity by its code in the structures’ branch', async () => {
    const res = await call('POST', '/rest.php/v1/objects/entite', {
      attrs: { entite: { ou: 'Service informatique', supannCodeEntite: `DSI-${tag}`, supannCodeEntiteParent: [`UNIV-${tag}`], supannRefId: [`{SIHAM}DSI-${tag}`] } },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toBe(structure('DSI'));
    const entry = (await gateway.read(structure('DSI'), ['*']))!;
    expect(entry.get('objectClass')).toEqual(expect.arrayContaining(['supannEntite', 'organizationalUnit']));
    expect(entry.get('supannCodeEntiteParent')).toEqual([`UNIV-${tag}`]);
  });

  it('refuses a code, or a reference id, another structure already has — an establishment’s too', async () => {
    const again = await call('POST', '/rest.php/v1/objects/entite', { attrs: { entite: { ou: 'Twin', supannCodeEntite: `univ-${tag}` } } });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toContainEqual(expect.objectContaining({ attribute: 'supannCodeEntite' }));
    const refId = await call('POST', '/rest.php/v1/objects/entite', { attrs: { entite: { ou: 'Twin', supannCodeEntite: `TWIN-${tag}`, supannRefId: [`{RNSR}UNIV-${tag}`] } } });
    expect(refId.json()).toContainEqual(expect.objectContaining({ attribute: 'supannRefId' }));
    const code = await call('POST', '/rest.php/v1/objects/entite', { attrs: { entite: { ou: 'Bad', supannCodeEntite: `bad code ${tag}` } } });
    expect(code.json()).toContainEqual(expect.objectContaining({ attribute: 'supannCodeEntite' }));
    expect((await gateway.read(structure('TWIN'), ['1.1']))).toBeNull();
  });

  it('checks an establishment’s codes: prefixed, required, legal name required', async () => {
    const missing = await call('POST', '/rest.php/v1/objects/etablissement', { attrs: { etablissement: { o: `School ${tag}`, supannCodeEntite: `SCH-${tag}` } } });
    expect(missing.json<Array<{ attribute: string }>>().map((e) => e.attribute)).toEqual(expect.arrayContaining(['supannEtablissement', 'eduOrgLegalName']));
    const unprefixed = await call('POST', '/rest.php/v1/objects/etablissement', { attrs: { etablissement: { o: `School ${tag}`, supannCodeEntite: `SCH-${tag}`, supannEtablissement: ['0751718K'], eduOrgLegalName: 'School' } } });
    expect(unprefixed.json()).toContainEqual(expect.objectContaining({ attribute: 'supannEtablissement' }));
    const created = await call('POST', '/rest.php/v1/objects/etablissement', {
      attrs: { etablissement: { o: `School ${tag}`, supannCodeEntite: `SCH-${tag}`, supannEtablissement: ['{UAI}0751718K'], eduOrgLegalName: 'School', eduOrgHomePageURI: 'https://school.example.org' } },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect((await gateway.read(structure('SCH'), ['objectClass']))!.get('objectClass')).toEqual(expect.arrayContaining(['supannEntite', 'organization', 'supannOrg', 'eduOrg']));
  });

  it('refuses a new parent that is the structure itself or below it; existing cycles stay writable', async () => {
    const self = await call('PATCH', objectUrl('entite', structure('DEPT'), 'entite'), { supannCodeEntiteParent: [`UFR-${tag}`, `DEPT-${tag}`] });
    expect(self.json()).toMatchObject([{ attribute: 'supannCodeEntiteParent' }]);
    const below = await call('PATCH', objectUrl('entite', structure('UFR'), 'entite'), { supannCodeEntiteParent: [`UNIV-${tag}`, `lab-${tag}`] });
    expect(below.json()).toMatchObject([{ attribute: 'supannCodeEntiteParent', message: expect.stringMatching(/cycle/) }]);
    const inCycle = await call('PATCH', objectUrl('entite', structure('CYA'), 'entite'), { description: 'Still in its cycle' });
    expect(inCycle.statusCode, inCycle.body).toBe(200);
  });

  it('follows a renamed code in its children’s parents', async () => {
    const res = await call('PATCH', objectUrl('entite', structure('DSI'), 'entite'), { supannCodeEntite: `DSI2-${tag}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toBe(structure('DSI2'));
    const child = await call('POST', '/rest.php/v1/objects/entite', { attrs: { entite: { ou: 'Réseaux', supannCodeEntite: `NET-${tag}`, supannCodeEntiteParent: [`DSI2-${tag}`] } } });
    expect(child.statusCode, child.body).toBe(201);
    await call('PATCH', objectUrl('entite', structure('DSI2'), 'entite'), { supannCodeEntite: `DSI3-${tag}` });
    expect((await gateway.read(structure('NET'), ['supannCodeEntiteParent']))!.get('supannCodeEntiteParent')).toEqual([`DSI3-${tag}`]);
  });
});

describe('the supann-ext tab of structures', () => {
  it('writes dates as FusionDirectory does and refuses an end before the start', async () => {
    const wrong = await call('PATCH', objectUrl('entite', structure('DEPT'), 'supannStructureExt'), { fdSupannStartDate: '2025-09-01', fdSupannEndDate: '2025-08-31' });
    expect(wrong.json()).toMatchObject([{ tab: 'supannStructureExt', attribute: 'fdSupannEndDate' }]);
    const ok = await call('PATCH', objectUrl('entite', structure('DEPT'), 'supannStructureExt'), { fdSupannStartDate: '2025-09-01', fdSupannEndDate: '2030-08-31' });
    expect(ok.statusCode, ok.body).toBe(200);
    const entry = (await gateway.read(structure('DEPT'), ['objectClass', 'fdSupannStartDate', 'fdSupannEndDate']))!;
    expect(entry.get('objectClass')).toContain('fdSupannExt');
    expect([entry.first('fdSupannStartDate'), entry.first('fdSupannEndDate')]).toEqual(['2025090100Z', '2030083100Z']);
  });

  it('recomputes the roles, types and codes of the relations at each save', async () => {
    const relations = [`[role={CUSTOM}TUTELLE][type={SUPANN}S230][code=LAB-${tag}]`, `[role={CUSTOM}HEBERGE][type={SUPANN}S260][code=DEPT-${tag}]`];
    const obj = await objects.open(admin, 'entite', structure('UFR'));
    // A relation role list is a site's own (no relationrole_* file is shipped): values are not checked against it here.
    await objects.setValues(admin, obj, 'supannStructureExt', { fdSupannRelationEntite: [...relations, { role: '{CUSTOM}TUTELLE', type: '{SUPANN}S230' }] });
    await objects.save(admin, obj);
    const entry = (await gateway.read(structure('UFR'), ['fdSupannRelationEntite', 'fdSupannRelationEntiteRole', 'fdSupannRelationEntiteType', 'fdSupannRelationEntiteCode']))!;
    expect(entry.get('fdSupannRelationEntite').sort()).toEqual([...relations, '[role={CUSTOM}TUTELLE][type={SUPANN}S230]'].sort());
    expect(entry.get('fdSupannRelationEntiteRole').sort()).toEqual(['{CUSTOM}HEBERGE', '{CUSTOM}TUTELLE']);
    expect(entry.get('fdSupannRelationEntiteType').sort()).toEqual(['{SUPANN}S230', '{SUPANN}S260']);
    expect(entry.get('fdSupannRelationEntiteCode').sort()).toEqual([`DEPT-${tag}`, `LAB-${tag}`]);
  });
});

describe('the root establishment', () => {
  it('copies the establishment onto the base entry while ticked, and takes it back when unticked', async () => {
    // A base of its own, as FusionDirectory's: dc=… with dcObject and organization, a department.
    const dc = `sroot${tag.toLowerCase()}`;
    const base = `dc=${dc},${S}`;
    await gateway.add(base, { objectClass: ['dcObject', 'organization', 'gosaDepartment'], dc, o: dc, ou: dc, description: 'Root establishment tests' });
    const rooted = new ObjectService({ gateway, registry, config: new SiteConfig(base, {}), access: everything });
    const obj = await rooted.create(admin, 'etablissement');
    await rooted.setValues(admin, obj, 'etablissement', { set_root: true, o: 'Université Racine', supannCodeEntite: `ROOT-${tag}`, supannEtablissement: ['{UAI}0999999Z'], eduOrgLegalName: 'Université Racine', l: 'Lyon', eduOrgHomePageURI: 'https://racine.example.org' });
    const dn = await rooted.save(admin, obj);
    expect(dn).toBe(`supannCodeEntite=ROOT-${tag},ou=structures,${base}`);
    let entry = (await gateway.read(base, ['*']))!;
    expect(entry.get('objectClass')).toEqual(expect.arrayContaining(['dcObject', 'organization', 'supannOrg', 'eduOrg', 'gosaDepartment']));
    expect(entry.get('o')).toEqual(['Université Racine']);
    expect(entry.get('supannEtablissement')).toEqual(['{UAI}0999999Z']);
    expect(entry.get('l')).toEqual(['Lyon']);
    expect(entry.get('eduOrgLegalName')).toEqual(['Université Racine']);
    expect(entry.get('supannCodeEntite')).toEqual([]);

    const opened = await rooted.open(admin, 'etablissement', dn);
    expect((await rooted.readTab(admin, opened, 'etablissement')).set_root).toBe(true);
    await rooted.setValues(admin, opened, 'etablissement', { l: 'Villeurbanne' });
    await rooted.save(admin, opened);
    expect((await gateway.read(base, ['l']))!.get('l')).toEqual(['Villeurbanne']);

    await rooted.setValues(admin, opened, 'etablissement', { set_root: false });
    await rooted.save(admin, opened);
    entry = (await gateway.read(base, ['*']))!;
    expect(entry.get('objectClass')).not.toContain('supannOrg');
    expect(entry.get('objectClass')).not.toContain('eduOrg');
    expect(entry.get('o')).toEqual([dc]);
    expect([...entry.get('supannEtablissement'), ...entry.get('l'), ...entry.get('eduOrgLegalName')]).toEqual([]);
    expect(entry.get('description')).toEqual(['Root establishment tests']);
    expect((await rooted.readTab(admin, await rooted.open(admin, 'etablissement', dn), 'etablissement')).set_root).toBe(false);
  });
});

describe('the SupAnn configuration tabs', () => {
  it('start from FusionDirectory’s defaults on a configuration written without them, which the next save writes', async () => {
    const base = `ou=cfg-${tag.toLowerCase()},${S}`;
    await gateway.add(base, { objectClass: ['organizationalUnit', 'gosaDepartment'], ou: `cfg-${tag.toLowerCase()}`, description: 'configuration tests' });
    await gateway.add(`ou=fusiondirectory,${base}`, { objectClass: 'organizationalUnit', ou: 'fusiondirectory' });
    const { cn, ...settings } = defaultConfigAttributes(base, 'salt', 'Europe/Paris');
    const dn = SiteConfig.configDN(base);
    await gateway.add(dn, { objectClass: ['fusionDirectoryConf', 'fusionDirectoryPluginsConf', 'fdPasswordRecoveryConf', 'fdTasksConf', 'fdMailTemplateConf'], cn: cn as string, ...settings });
    const service = new ObjectService({ gateway, registry, config: new SiteConfig(base, {}), access: everything });
    const obj = await service.open(admin, 'configuration', dn);
    expect(await service.readTab(admin, obj, 'supannConfig')).toMatchObject({
      fdSupannStructuresRDN: 'ou=structures',
      fdSupannPasswordRecovery: true,
      fdSupannShowMailForwardingAddress: false,
      fdSupannCiviliteValues: ['M.', 'Mme'],
      fdSupannRessourceSubStates: OFFICIAL_SUBSTATES,
      fdSupannCMSFormats: ['MIFARE:XLSB;Mifare XLSB'],
      fdSupannShowAccountStatus: true,
    });
    await service.setValues(admin, obj, 'supannExtConfig', { fdMainPopulationCodeConf: ['{SUPANN}RGP', '{SUPANN}X'], fdLocalPopulationCodeConf: ['{SUPANN}X:LOCAL', '{SUPANN}RGP:DOCT'] });
    await service.save(admin, obj);
    const entry = (await gateway.read(dn, ['*']))!;
    expect(entry.get('objectClass')).toEqual(expect.arrayContaining(['fdSupannPluginConf', 'fdSupannExt']));
    expect(entry.get('fdSupannStructuresRDN')).toEqual(['ou=structures']);
    expect(entry.get('fdSupannShowCMS')).toEqual(['TRUE']);
    expect(entry.get('fdSupannRessourceSubStates')).toEqual(OFFICIAL_SUBSTATES.map((s, i) => `${i}:${s}`));
    expect(entry.get('fdSupannConsentementTypes')).toHaveLength(8);
    expect(entry.get('fdMainPopulationCodeConf').sort()).toEqual(['{SUPANN}R', '{SUPANN}RG', '{SUPANN}RGP', '{SUPANN}RGPF', '{SUPANN}RGPFT', '{SUPANN}X']);

    // A main code removed takes its local codes with it; the official ones come back.
    const again = await service.open(admin, 'configuration', dn);
    await service.setValues(admin, again, 'supannExtConfig', { fdMainPopulationCodeConf: ['{SUPANN}RGP'] });
    await service.save(admin, again);
    const after = (await gateway.read(dn, ['fdMainPopulationCodeConf', 'fdLocalPopulationCodeConf']))!;
    expect(after.get('fdMainPopulationCodeConf')).toHaveLength(5);
    expect(after.get('fdLocalPopulationCodeConf')).toEqual(['{SUPANN}RGP:DOCT']);
  });
});

describe('the structure graph', () => {
  const codes = (list: string[]) => list.map((c) => c.replace(`-${tag}`, ''));

  it('finds the hierarchy, the cycle and the dangling parent, and counts the assigned users', async () => {
    const graph = new StructureGraph({ gateway, registry, access: everything, baseDN: S });
    const h = await graph.build(admin);
    const byCode = new Map(h.nodes.map((n) => [n.code.replace(`-${tag}`, ''), n]));
    expect(byCode.get('UNIV')).toMatchObject({ type: 'etablissement', name: `Université d'Exemple ${tag}`, typeEntite: '{SUPANN}S102' });
    expect(byCode.get('LAB')).toMatchObject({ type: 'entite', members: 2, parents: [`UFR-${tag}`, `UNIV-${tag}`] });
    expect(byCode.get('UFR')?.members).toBe(1);
    expect(byCode.get('ORPHAN')?.members).toBe(1);
    expect(byCode.get('DEPT')?.members).toBe(0);
    expect(h.edges).toContainEqual({ parent: `UFR-${tag}`, child: `LAB-${tag}` });
    expect(codes(h.problems.cycles.flat()).sort()).toEqual(['CYA', 'CYB', 'CYC']);
    expect(h.problems.cycles).toHaveLength(1);
    expect(h.problems.dangling).toEqual([{ code: `ORPHAN-${tag}`, dn: structure('ORPHAN'), parent: `GONE-${tag}` }]);
    expect(codes(h.roots)).toEqual(expect.arrayContaining(['UNIV', 'ORPHAN', 'SCH']));
    expect(codes(h.roots)).not.toContain('CYA');
  });

  it('shows only the structures and counts only the users the actor may read', async () => {
    const hidden = new Set([structure('UFR'), `uid=supana${tag.toLowerCase()},ou=people,${S}`].map((d) => d.toLowerCase()));
    const partial: AccessPolicy = { rights: async (_actor, target) => (hidden.has(target.dn.toLowerCase()) ? '' : 'r') };
    const h = await new StructureGraph({ gateway, registry, access: partial, baseDN: S }).build({ dn: 'uid=someone' });
    const shown = codes(h.nodes.map((n) => n.code));
    expect(shown).not.toContain('UFR');
    expect(shown).toContain('LAB');
    // LAB's parent UFR is hidden, not missing: no dangling parent, and only the visible link to UNIV.
    expect(h.problems.dangling.map((d) => d.parent)).toEqual([`GONE-${tag}`]);
    expect(h.edges.filter((e) => e.child === `LAB-${tag}`)).toEqual([{ parent: `UNIV-${tag}`, child: `LAB-${tag}` }]);
    expect(h.nodes.find((n) => n.code === `LAB-${tag}`)?.members).toBe(1);
  });
});
