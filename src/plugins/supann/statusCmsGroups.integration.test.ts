// The SupAnn status, multi-service card, group and France Connect tabs on FusionDirectory-written entries, through
// the object services and REST v1 on the real directory (fd-plugins.md §3.4–§3.9).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { objectUrl, restTestApp, type RestTestApp } from '../../http/rest-v1/restTestKit.ts';
import { LdapEntry } from '../../ldap/LdapEntry.ts';
import { LdapGateway, type ReadOptions } from '../../ldap/LdapGateway.ts';
import { Registry } from '../../model/Registry.ts';
import { SuperAdministratorPolicy } from '../../services/AccessPolicy.ts';
import { ObjectService } from '../../services/objects/ObjectService.ts';
import { SiteConfig } from '../../services/SiteConfig.ts';
import { corePlugin } from '../core/index.ts';
import { configurationPlugin } from '../configuration/index.ts';
import { posixPlugin } from '../posix/index.ts';
import { isGeneralizedTime } from './dates/supannDay.ts';
import { supannPlugin } from './index.ts';

const env = testLdap();
const admin = { dn: env.fdAdminDN };
const PASSWORD = 'supann-secret';
const SETTINGS = {
  fdSupannCMSAppDomains: ['x-biblio-xlsb;xlsb.biblio.univ-example.fr'],
  fdSupannCMSSources: ['unicampus@univ-example.fr'],
  fdSupannRessourceLabels: ['BIBLIO:Bibliothèque'],
};

/**
 * A gateway showing values the test directory refuses to store (FusionDirectory's flat `supannCMSDateFin: 2026-08-31`),
 * as a directory without syntax checks would hold them, until the entry is written.
 */
class FdDirectoryGateway extends LdapGateway {
  readonly heldAside = new Map<string, Record<string, string[]>>();

  override async read(dn: string, attributes: string[] = [], options: ReadOptions = {}): Promise<LdapEntry | null> {
    const entry = await super.read(dn, attributes, options);
    const extra = this.heldAside.get(dn.toLowerCase());
    if (!entry || !extra) return entry;
    const wanted = (name: string) => attributes.length === 0 || attributes.some((a) => a === '*' || a.toLowerCase() === name.toLowerCase());
    const shown = Object.fromEntries(Object.entries(extra).filter(([name]) => wanted(name)));
    return new LdapEntry(entry.dn, { ...entry.attributes, ...shown });
  }

  override async modify(...args: Parameters<LdapGateway['modify']>): Promise<void> {
    await super.modify(...args);
    this.heldAside.delete(args[0].toLowerCase());
  }
}

let gateway: FdDirectoryGateway;
let service: ObjectService;
let base: string;
let suffix: string;
const dnOf = (name: 'jdupont' | 'legacy') => `uid=sa-${name}-${suffix},ou=people,${base}`;
const teamDn = () => `cn=sa-team-${suffix},ou=groups,${base}`;

/** Load the FusionDirectory-shaped fixture; values the directory refuses are held aside by the gateway. */
async function loadFixture(): Promise<void> {
  const text = readFileSync(path.resolve(import.meta.dirname, '../../../test/fixtures/supann/status-cms-groups.ldif'), 'utf8').replaceAll('BASE', base).replaceAll('SUFFIX', suffix);
  for (const record of text.split(/\n\n+/).map((r) => r.split('\n').filter((l) => l && !l.startsWith('#')))) {
    if (record.length === 0) continue;
    const dn = record[0]!.slice(4);
    const attrs: Record<string, string[]> = {};
    const aside: Record<string, string[]> = {};
    for (const line of record.slice(1)) {
      const name = line.slice(0, line.indexOf(': '));
      const value = line.slice(line.indexOf(': ') + 2);
      if (name === 'supannCMSDateFin' && !isGeneralizedTime(value)) (aside[name] ??= []).push(value);
      else (attrs[name] ??= []).push(value);
    }
    await gateway.add(dn, attrs);
    if (Object.keys(aside).length > 0) gateway.heldAside.set(dn.toLowerCase(), aside);
  }
}

async function canBind(dn: string): Promise<boolean> {
  const client = new Client({ url: env.url });
  try {
    await client.bind(dn, PASSWORD);
    return true;
  } catch {
    return false;
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

beforeAll(async () => {
  gateway = new FdDirectoryGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword }, poolSize: 4 });
  base = await testSubtree('supann-status');
  suffix = randomBytes(3).toString('hex');
  await loadFixture();
  const config = new SiteConfig(base, SETTINGS);
  service = new ObjectService({ gateway, registry: new Registry([corePlugin, posixPlugin, configurationPlugin, supannPlugin]), config, access: new SuperAdministratorPolicy(gateway, env.baseDN) });
});
afterAll(() => gateway.close());

describe('FusionDirectory’s SupAnn entries through the object services', () => {
  it('reads resource states (hour-precision dates included), cards, the invalid flat end date and France Connect', async () => {
    const user = await service.open(admin, 'user', dnOf('jdupont'));
    expect(await service.readTab(admin, user, 'supannAccountStatus')).toEqual({
      supannRessourceEtatDate: ['{COMPTE}A:SupannActif:20240901:20250930', '{MAIL}A:SupannActif:2024090100Z:'],
      supannRessourceEtat: ['{COMPTE}A:SupannActif', '{MAIL}A:SupannActif'],
    });
    expect(await service.readTab(admin, user, 'supannCMS')).toMatchObject({
      supannCMSAffectation: ['[type=etudiant][format=MIFARE:XLSB][id=04A1B2C3D4E5F6][valide=vrai][source=unicampus@univ-example.fr][datefin=2026083100Z]'],
      supannCMSDateFin: ['2026-08-31'],
      supannCMSIdEtiquette: ['{MIFARE:XLSB}04A1B2C3D4E5F6'],
    });
    expect(await service.readTab(admin, user, 'supannFC')).toEqual({
      supannNomDeNaissance: 'Dupont',
      supannPrenomsEtatCivil: 'Jean Pierre',
      supannOIDCDateDeNaissance: '1999-04-23',
      supannOIDCGenre: 'male',
      supannCodeINSEEPaysDeNaissance: '99100',
      supannCodeINSEEVilleDeNaissance: '06088',
      supannFCSub: [`fc-sub-${suffix}`],
    });
  });

  it('imports an entry holding only supannRessourceEtat, and writes the lines at its next save', async () => {
    const user = await service.open(admin, 'user', dnOf('legacy'));
    expect((await service.readTab(admin, user, 'supannAccountStatus')).supannRessourceEtatDate).toEqual(['{COMPTE}A:SupannActif::', '{MAIL}S:::']);
    await service.save(admin, user);
    const entry = (await gateway.read(dnOf('legacy'), ['supannRessourceEtatDate', 'supannRessourceEtat']))!;
    expect(entry.get('supannRessourceEtatDate').sort()).toEqual(['{COMPTE}A:SupannActif::', '{MAIL}S:::']);
    expect(entry.get('supannRessourceEtat').sort()).toEqual(['{COMPTE}A:SupannActif', '{MAIL}S']);
    // The save's own writes are its starting point: a second save of the same object is no conflict.
    await service.setValues(admin, user, 'user', { description: 'imported' });
    await service.save(admin, user);
  });

  it('saves an entry back: FusionDirectory’s valid values unchanged, hour-precision dates as YYYYMMDD, the invalid end date as GeneralizedTime', async () => {
    const dn = dnOf('jdupont');
    const before = (await gateway.read(dn, ['*']))!;
    await service.save(admin, await service.open(admin, 'user', dn));
    const after = (await gateway.read(dn, ['*']))!;
    expect(after.get('supannRessourceEtatDate').sort()).toEqual(['{COMPTE}A:SupannActif:20240901:20250930', '{MAIL}A:SupannActif:20240901:']);
    expect(after.get('supannCMSDateFin')).toEqual(['2026083100Z']);
    for (const name of ['supannRessourceEtat', 'supannCMSAffectation', 'supannCMSAppAffectation', 'supannCMSType', 'supannCMSSource', 'supannCMSIdEtiquette', 'supannCMSAppIdDomaine', 'supannCMSId;x-mifare-xlsb', 'supannCMSAppId;x-biblio-xlsb', 'supannOIDCDateDeNaissance', 'supannFCSub', 'userPassword']) {
      expect(after.get(name).sort(), name).toEqual(before.get(name).sort());
    }
    expect(await canBind(dn)).toBe(true);
  });

  it('keeps one line per resource and each substate to its state', async () => {
    const user = await service.open(admin, 'user', dnOf('jdupont'));
    await service.setValues(admin, user, 'supannAccountStatus', { supannRessourceEtatDate: ['{COMPTE}A:SupannActif::', '{COMPTE}S:::'] });
    await expect(service.save(admin, user)).rejects.toMatchObject({ code: 'value.invalid', tab: 'supannAccountStatus', attribute: 'supannRessourceEtatDate', details: [expect.objectContaining({ code: 'value.duplicate' })] });
    await service.setValues(admin, user, 'supannAccountStatus', { supannRessourceEtatDate: ['{COMPTE}A:SupannVerrouille::'] });
    await expect(service.save(admin, user)).rejects.toMatchObject({ details: [expect.objectContaining({ code: 'value.choice', attribute: 'supannRessourceEtatDate' })] });
    await service.setValues(admin, user, 'supannAccountStatus', { supannRessourceEtatDate: ['{NOPE}A:::'] });
    await expect(service.save(admin, user)).rejects.toMatchObject({ details: [expect.objectContaining({ code: 'value.choice' })] });
    await service.setValues(admin, user, 'supannAccountStatus', { supannRessourceEtatDate: [] });
    await expect(service.save(admin, user)).rejects.toMatchObject({ details: [expect.objectContaining({ code: 'value.required' })] });
  });

  it('round-trips the group tab: FusionDirectory’s hour-precision end date kept, a new one written the same way', async () => {
    const group = await service.open(admin, 'ogroup', teamDn());
    expect(await service.readTab(admin, group, 'supannGroup')).toEqual({
      supannGroupeDateFin: '2026-08-31',
      supannGroupeAdminDN: [dnOf('jdupont')],
      supannGroupeLecteurDN: [dnOf('legacy')],
      supannRefId: [`{APOGEE}GRP-L3-INFO-${suffix}`],
    });
    await service.save(admin, group);
    expect((await gateway.read(teamDn(), ['supannGroupeDateFin']))!.get('supannGroupeDateFin')).toEqual(['2026083100Z']);
    await service.setValues(admin, group, 'supannGroup', { supannGroupeDateFin: '2027-01-15', supannGroupeLecteurDN: [dnOf('legacy'), dnOf('jdupont')] });
    await service.save(admin, group);
    const entry = (await gateway.read(teamDn(), ['supannGroupeDateFin', 'supannGroupeLecteurDN']))!;
    expect(entry.get('supannGroupeDateFin')).toEqual(['2027011500Z']);
    expect(entry.get('supannGroupeLecteurDN').sort()).toEqual([dnOf('jdupont'), dnOf('legacy')].sort());
    await service.setValues(admin, group, 'supannGroup', { supannRefId: ['GRP-NOPREFIX'] });
    await expect(service.save(admin, group)).rejects.toMatchObject({ attribute: 'supannRefId', details: [expect.objectContaining({ code: 'value.pattern' })] });
  });
});

describe('the SupAnn tabs through REST v1', () => {
  let t: RestTestApp;
  let token: string;
  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.call({ method, url, token, ...(payload === undefined ? {} : { payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } }) });

  beforeAll(async () => {
    t = await restTestApp({ plugins: [corePlugin, posixPlugin, configurationPlugin, supannPlugin], settings: SETTINGS });
    token = await t.adminToken();
  });
  afterAll(() => t.close());

  it('locks the password when the account becomes inactive or suspended, and unlocks it when active again', async () => {
    const dn = dnOf('jdupont');
    const url = objectUrl('user', dn, 'supannAccountStatus');
    let res = await call('PATCH', url, { supannRessourceEtatDate: ['{COMPTE}I:SupannExpire:20250930:', '{MAIL}A:SupannActif:20240901:'] });
    expect(res.statusCode, res.body).toBe(200);
    expect((await t.gateway.read(dn, ['userPassword']))!.first('userPassword')).toMatch(/^\{SSHA\}!/);
    expect(await canBind(dn)).toBe(false);
    expect((await t.gateway.read(dn, ['supannRessourceEtat']))!.get('supannRessourceEtat').sort()).toEqual(['{COMPTE}I:SupannExpire', '{MAIL}A:SupannActif']);
    // The answer's ETag is the entry's after the lock: a client can go on with it.
    const etag = res.headers.etag as string;
    res = await t.call({ method: 'PATCH', url, token, payload: JSON.stringify({ supannRessourceEtatDate: ['{COMPTE}S:SupannVerrouAdministratif::', '{MAIL}A:SupannActif:20240901:'] }), headers: { 'content-type': 'application/json', 'if-match': etag } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await canBind(dn)).toBe(false);
    res = await call('PATCH', url, { supannRessourceEtatDate: [{ resource: 'COMPTE', state: 'A', substate: 'SupannActif', start: '2025-10-01', end: '' }, '{MAIL}A:SupannActif:20240901:'] });
    expect(res.statusCode, res.body).toBe(200);
    expect((await call('GET', url)).json()).toMatchObject({ supannRessourceEtatDate: ['{COMPTE}A:SupannActif:20251001:', '{MAIL}A:SupannActif:20240901:'] });
    expect(await canBind(dn)).toBe(true);
  });

  it('rewrites the resource states when a user is locked and unlocked from the lists (PUT /userlock), as FusionDirectory', async () => {
    const dn = dnOf('jdupont');
    const url = objectUrl('user', dn, 'supannAccountStatus');
    expect((await call('PATCH', url, { supannRessourceEtatDate: ['{COMPTE}A:SupannActif:20240901:20250930', '{MAIL}I:SupannExpire::'] })).statusCode).toBe(200);
    const today = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    const lock = await call('PUT', `/rest.php/v1/userlock/${encodeURIComponent(dn)}`, true);
    expect(lock.statusCode, lock.body).toBe(204);
    const locked = (await t.gateway.read(dn, ['supannRessourceEtatDate', 'supannRessourceEtat', 'userPassword']))!;
    // Active lines become locked from today; the others stay.
    expect(locked.get('supannRessourceEtatDate').sort()).toEqual([`{COMPTE}S:SupannVerrouille:${today}:`, '{MAIL}I:SupannExpire::']);
    expect(locked.get('supannRessourceEtat').sort()).toEqual(['{COMPTE}S:SupannVerrouille', '{MAIL}I:SupannExpire']);
    expect(locked.first('userPassword')).toMatch(/^\{SSHA\}!/);
    expect((await call('PUT', `/rest.php/v1/userlock/${encodeURIComponent(dn)}`, false)).statusCode).toBe(204);
    const unlocked = (await t.gateway.read(dn, ['supannRessourceEtatDate']))!;
    expect(unlocked.get('supannRessourceEtatDate').sort()).toEqual([`{COMPTE}A:SupannActif:${today}:`, `{MAIL}A:SupannActif:${today}:`]);
    expect(await canBind(dn)).toBe(true);
  });

  it('creates a user whose account starts suspended (locked), the SupAnn tab being needed first', async () => {
    const uid = `sa-new-${randomBytes(3).toString('hex')}`;
    const alone = await call('POST', '/rest.php/v1/objects/user', { attrs: { user: { base, uid, givenName: 'Sans', sn: 'Supann' }, supannAccountStatus: { supannRessourceEtatDate: ['{COMPTE}A:::'] } } });
    expect(alone.statusCode).toBe(400);
    expect(alone.json()).toEqual([expect.objectContaining({ message: expect.stringContaining('needs tab "supannAccount"') })]);
    const res = await call('POST', '/rest.php/v1/objects/user', {
      attrs: { user: { base, uid, givenName: 'Nouveau', sn: 'Suspendu' }, supannAccount: {}, supannAccountStatus: { supannRessourceEtatDate: ['{COMPTE}S:SupannVerrouTechnique:2025-09-01:'] } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const entry = (await t.gateway.read(res.json<string>(), ['objectClass', 'userPassword', 'supannRessourceEtatDate', 'supannRessourceEtat']))!;
    expect(entry.get('objectClass')).toEqual(expect.arrayContaining(['eduPerson', 'supannPerson']));
    expect(entry.get('supannRessourceEtatDate')).toEqual(['{COMPTE}S:SupannVerrouTechnique:20250901:']);
    expect(entry.get('supannRessourceEtat')).toEqual(['{COMPTE}S:SupannVerrouTechnique']);
    // No password yet: locked the way FusionDirectory locks an empty one.
    expect(entry.get('userPassword')).toEqual(['{CRYPT}!']);
  });

  it('refuses two lines for one resource', async () => {
    const res = await call('PATCH', objectUrl('user', dnOf('jdupont'), 'supannAccountStatus'), { supannRessourceEtatDate: ['{MAIL}A:::', '{MAIL}I:::'] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual([expect.objectContaining({ code: 'value.invalid', tab: 'supannAccountStatus', attribute: 'supannRessourceEtatDate' })]);
  });

  it('derives the card values of fd-plugins.md §3.7.2, tagged values included, and drops them with the tab', async () => {
    const uid = `sa-card-${randomBytes(3).toString('hex')}`;
    const created = await call('POST', '/rest.php/v1/objects/user', {
      attrs: {
        user: { base, uid, givenName: 'Carte', sn: 'Multiservice' },
        supannCMS: {
          supannCMSAffectation: [{ type: 'etudiant', format: 'MIFARE:XLSB', id: '04A1B2C3D4E5F6', source: 'unicampus@univ-example.fr', datefin: '2026-08-31' }],
          supannCMSAppAffectation: ['[type=etudiant][source=unicampus@univ-example.fr][domaine=xlsb.biblio.univ-example.fr][id=0012345][valide=vrai]'],
        },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const dn = created.json<string>();
    const entry = (await t.gateway.read(dn, ['*']))!;
    expect(entry.get('supannCMSAffectation')).toEqual(['[type=etudiant][format=MIFARE:XLSB][id=04A1B2C3D4E5F6][valide=vrai][source=unicampus@univ-example.fr][datefin=2026083100Z]']);
    expect(Object.fromEntries(['supannCMSType', 'supannCMSSource', 'supannCMSDateFin', 'supannCMSIdEtiquette', 'supannCMSId;x-mifare-xlsb', 'supannCMSAppIdDomaine', 'supannCMSAppId;x-biblio-xlsb'].map((n) => [n, entry.get(n)]))).toEqual({
      supannCMSType: ['etudiant'],
      supannCMSSource: ['unicampus@univ-example.fr'],
      supannCMSDateFin: ['2026083100Z'],
      supannCMSIdEtiquette: ['{MIFARE:XLSB}04A1B2C3D4E5F6'],
      'supannCMSId;x-mifare-xlsb': ['04A1B2C3D4E5F6'],
      supannCMSAppIdDomaine: ['0012345@xlsb.biblio.univ-example.fr'],
      'supannCMSAppId;x-biblio-xlsb': ['0012345'],
    });

    // A card marked not valid derives nothing; its tagged value goes.
    let res = await call('PATCH', objectUrl('user', dn, 'supannCMS'), { supannCMSAffectation: ['[type=etudiant][format=MIFARE:XLSB][id=04A1B2C3D4E5F6][valide=faux]'] });
    expect(res.statusCode, res.body).toBe(200);
    let after = (await t.gateway.read(dn, ['supannCMSId', 'supannCMSIdEtiquette', 'supannCMSDateFin', 'supannCMSAppId']))!;
    expect(after.names().sort()).toEqual(['supannCMSAppId;x-biblio-xlsb']);

    // An unknown card type is refused; removing the tab removes every tagged value with the objectClass.
    res = await call('PATCH', objectUrl('user', dn, 'supannCMS'), { supannCMSAffectation: ['[type=martien][format=MIFARE:XLSB][id=1][valide=vrai]'] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual([expect.objectContaining({ attribute: 'supannCMSAffectation', message: expect.stringContaining('"martien" is not one of the choices') })]);
    res = await call('DELETE', objectUrl('user', dn, 'supannCMS'));
    expect(res.statusCode, res.body).toBe(204);
    after = (await t.gateway.read(dn, ['*']))!;
    expect(after.names().filter((n) => /^supannCMS/i.test(n))).toEqual([]);
    expect(after.get('objectClass')).not.toContain('supannCMS');
  });

  it('puts the SupAnn group tab on roles and POSIX groups', async () => {
    const role = await call('POST', '/rest.php/v1/objects/role', { attrs: { roleGeneric: { base, cn: `sa-role-${suffix}` }, supannGroup: { supannGroupeDateFin: '2026-08-31', supannGroupeAdminDN: [dnOf('jdupont')], supannRefId: [`{SIHAM}ROLE-${suffix}`] } } });
    expect(role.statusCode, role.body).toBe(201);
    const roleEntry = (await t.gateway.read(role.json<string>(), ['objectClass', 'supannGroupeDateFin', 'supannRefId']))!;
    expect(roleEntry.get('objectClass')).toContain('supannGroupe');
    expect(roleEntry.get('supannGroupeDateFin')).toEqual(['2026083100Z']);
    const posix = await call('POST', '/rest.php/v1/objects/group', { attrs: { posixGroup: { base, cn: `sa-posix-${suffix}`, gidNumber: 79100 + Math.floor(Math.random() * 800) }, supannGroup: { supannGroupeLecteurDN: [teamDn()] } } });
    expect(posix.statusCode, posix.body).toBe(201);
    expect((await call('GET', objectUrl('group', posix.json<string>(), 'supannGroup'))).json()).toMatchObject({ supannGroupeLecteurDN: [teamDn()] });
  });

  it('checks the France Connect identity: no birth in the future, INSEE codes of five digits, a subject nobody else has', async () => {
    const url = objectUrl('user', dnOf('legacy'), 'supannFC');
    const refused = async (values: Record<string, unknown>, attribute: string) => {
      const res = await call('PATCH', url, values);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toEqual([expect.objectContaining({ tab: 'supannFC', attribute })]);
    };
    await refused({ supannOIDCDateDeNaissance: '2999-01-01' }, 'supannOIDCDateDeNaissance');
    await refused({ supannCodeINSEEVilleDeNaissance: '2A004' }, 'supannCodeINSEEVilleDeNaissance');
    await refused({ supannOIDCGenre: 'robot' }, 'supannOIDCGenre');
    await refused({ supannFCSub: [`fc-sub-${suffix}`] }, 'supannFCSub');
    const res = await call('PATCH', url, { supannOIDCDateDeNaissance: '2001-02-03', supannOIDCGenre: 'female', supannCodeINSEEPaysDeNaissance: '99134', supannFCSub: [`fc-other-${suffix}`] });
    expect(res.statusCode, res.body).toBe(200);
    const entry = (await t.gateway.read(dnOf('legacy'), ['objectClass', 'supannOIDCDateDeNaissance']))!;
    expect(entry.get('objectClass')).toContain('fdFranceConnect');
    expect(entry.get('supannOIDCDateDeNaissance')).toEqual(['2001-02-03']);
  });
});
