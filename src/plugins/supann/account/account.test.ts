import { describe, expect, it } from 'vitest';
import type { SaveContext } from '../../../model/declarations.ts';
import { uniqueIdFor } from '../../supann-ext/account.ts';
import { checkAccount } from './checkAccount.ts';
import { hasValidOrcidChecksum, normaliseOrcid } from './orcid.ts';
import { prepareAccount } from './prepareAccount.ts';
import { flattenRegistrations, withUnknownMarkers } from './registrations.ts';
import { genericRoles } from './roles.ts';

/** A save context over values, with SupAnn structures answered from a small table. */
function context(values: Record<string, unknown>, stored: Record<string, unknown> = {}): SaveContext {
  const structures = [
    { dn: 'supannCodeEntite=UFR-SCI,ou=structures,dc=x', supannCodeEntite: ['UFR-SCI'], supannTypeEntite: ['{SUPANN}S201'] },
    { dn: 'supannCodeEntite=DSI,ou=structures,dc=x', supannCodeEntite: ['DSI'], supannTypeEntite: ['{SUPANN}S230'] },
    { dn: 'supannCodeEntite=UNIV,ou=structures,dc=x', supannCodeEntite: ['UNIV'], supannTypeEntite: ['{SUPANN}S102'], supannEtablissement: ['{UAI}0751717J'] },
  ];
  return {
    values,
    objectValues: values,
    isNew: true,
    activating: true,
    base: 'dc=x',
    config: () => undefined,
    configList: () => [],
    allocateId: () => Promise.reject(new Error('no ids here')),
    addEntry: () => Promise.reject(new Error('no writes here')),
    modifyEntry: () => Promise.reject(new Error('no writes here')),
    memo: {},
    stored,
    raw: () => undefined,
    setRaw: () => undefined,
    readEntry: () => Promise.resolve(null),
    // Enough of a filter reader for `(&(objectClass=supannEntite)(|(attr=v)…))`.
    searchEntries: (filter) => {
      const wanted = [...filter.matchAll(/\((supannCodeEntite|supannEtablissement)=([^)]*)\)/g)].map((m) => [m[1]!, m[2]!.toLowerCase()] as const);
      const found = structures.filter((s) => wanted.some(([a, v]) => ((s as Record<string, unknown>)[a] as string[] | undefined)?.some((x) => x.toLowerCase() === v)));
      return Promise.resolve(found.map((s) => ({ dn: s.dn, get: (a: string) => ((s as Record<string, unknown>)[a] as string[] | undefined) ?? [] })));
    },
    typeOf: () => undefined,
    changed: () => false,
  };
}

describe('ORCID identifiers', () => {
  it('checks the ISO 7064 11,2 character the right way round (FusionDirectory 1.5 inverts it)', () => {
    expect(hasValidOrcidChecksum('0000-0002-1825-0097')).toBe(true);
    expect(hasValidOrcidChecksum('0000-0002-1694-233X')).toBe(true);
    expect(hasValidOrcidChecksum('0000-0002-1825-0098')).toBe(false);
  });

  it('takes the URL form and keeps the bare one', () => {
    expect(normaliseOrcid('https://orcid.org/0000-0002-1694-233x')).toBe('0000-0002-1694-233X');
    expect(normaliseOrcid(' 0000-0002-1825-0097 ')).toBe('0000-0002-1825-0097');
    expect(normaliseOrcid('orcid:0000')).toBe('orcid:0000');
  });
});

describe('student registrations', () => {
  const reg1 = '[etab={UAI}0751717J][anneeinsc=2024][regimeinsc={SISE}10][sectdisc={SISE}01][typedip={SISE}XB][cursusann={SUPANN}M1][affect=UFR-SCI][diplome={SISE}2200531]';
  const reg2 = '[etab={UAI}0751717J][anneeinsc=2023][regimeinsc={INCONNU}][sectdisc={INCONNU}][typedip={SISE}XB][cursusann={SUPANN}L3]';

  it('writes {INCONNU} for an empty regime or sector and keeps other values byte for byte', () => {
    expect(withUnknownMarkers('[etab={UAI}0751717J][anneeinsc=2024][typedip={SISE}01][cursusann={SUPANN}L1]')).toBe(
      '[etab={UAI}0751717J][anneeinsc=2024][regimeinsc={INCONNU}][sectdisc={INCONNU}][typedip={SISE}01][cursusann={SUPANN}L1]',
    );
    const reordered = '[anneeinsc=2024][etab={UAI}0751717J][sectdisc={SISE}01][regimeinsc={SISE}10][typedip={SISE}XB][cursusann={SUPANN}M1]';
    expect(withUnknownMarkers(reordered)).toBe(reordered);
  });

  it('flattens the sub-values once each, without {INCONNU}', () => {
    expect(flattenRegistrations([reg1, reg2])).toEqual({
      supannEtuAnneeInscription: ['2024', '2023'],
      supannEtuRegimeInscription: ['{SISE}10'],
      supannEtuSecteurDisciplinaire: ['{SISE}01'],
      supannEtuTypeDiplome: ['{SISE}XB'],
      supannEtuCursusAnnee: ['{SUPANN}M1', '{SUPANN}L3'],
      supannEtuDiplome: ['{SISE}2200531'],
      supannEtuEtape: [],
      supannEtuElementPedagogique: [],
    });
  });

  it('adds establishments, assignments and entity types on save, as FusionDirectory', async () => {
    const out = await prepareAccount(context({ supannEtuInscription: [reg1, reg2], supannEntiteAffectation: ['DSI'], supannRoleEntite: ['[role={SUPANN}R00][type={SUPANN}S230][code=DSI]'] }));
    expect(out).toMatchObject({
      supannEtablissement: ['{UAI}0751717J'],
      supannEntiteAffectation: ['DSI', 'UFR-SCI'],
      supannTypeEntiteAffectation: ['{SUPANN}S201', '{SUPANN}S230'],
      supannRoleGenerique: ['{SUPANN}R00'],
      supannEtuCursusAnnee: ['{SUPANN}M1', '{SUPANN}L3'],
    });
  });

  it('refuses an assignment or an establishment that no structure has, naming the attribute', async () => {
    await expect(prepareAccount(context({ supannEntiteAffectation: ['NOPE'] }))).rejects.toMatchObject({ attribute: 'supannEntiteAffectation' });
    await expect(prepareAccount(context({ supannEtablissement: ['{UAI}0000000X'] }))).rejects.toMatchObject({ attribute: 'supannEtablissement' });
    await expect(prepareAccount(context({ supannEtuInscription: ['[etab={UAI}0751717J][anneeinsc=2024][typedip={SISE}XB][cursusann={SUPANN}L1][affect=NOPE]'] }))).rejects.toMatchObject({
      attribute: 'supannEtuInscription',
    });
    // A code the entry already had is kept, even if its structure is gone.
    await expect(prepareAccount(context({ supannEntiteAffectation: ['GONE'] }, { supannEntiteAffectation: ['GONE'] }))).resolves.toMatchObject({ supannEntiteAffectation: ['GONE'] });
  });
});

describe('roles and rules', () => {
  it('derives the generic roles from the roles only', () => {
    expect(genericRoles(['[role={SUPANN}R00][type={SUPANN}S230][code=DSI]', '[type={SUPANN}S201][role={SUPANN}T31]', '[role={SUPANN}R00][type={SUPANN}S201]'])).toEqual(['{SUPANN}R00', '{SUPANN}T31']);
  });

  it('refuses member with affiliate, a wrong new ORCID, and a registration year out of range', () => {
    const problems = checkAccount(
      context({
        eduPersonAffiliation: ['affiliate', 'member'],
        eduPersonOrcid: ['0000-0002-1825-0097', '0000-0002-1825-0098'],
        supannEtuInscription: ['[etab={UAI}0751717J][anneeinsc=1800][typedip={SISE}XB][cursusann={SUPANN}L1]'],
      }),
    );
    expect(problems.map((p) => [p.attribute, p.code])).toEqual([
      ['eduPersonAffiliation', 'value.affiliation'],
      ['eduPersonOrcid', 'value.orcid'],
      ['supannEtuInscription', 'value.range'],
    ]);
    expect(problems[1]!.message).toContain('should be 7');
  });

  it('keeps an ORCID FusionDirectory stored with a wrong check character', () => {
    expect(checkAccount(context({ eduPersonOrcid: ['0000-0002-1825-0098'] }, { eduPersonOrcid: ['0000-0002-1825-0098'] }))).toEqual([]);
  });
});

describe('eduPersonUniqueId', () => {
  it('is 32 hexadecimal digits and the DNS, and keeps its unique part when the DNS changes', () => {
    const id = uniqueIdFor('', '@univ-example.fr');
    expect(id).toMatch(/^[0-9a-f]{32}@univ-example\.fr$/);
    expect(uniqueIdFor(id, '@univ-other.fr')).toBe(`${id.slice(0, 32)}@univ-other.fr`);
    expect(uniqueIdFor('NjYzNGExYjJjM2Q0ZTUuMTIzNDU2Nzg@univ-example.fr', '@univ-example.fr')).toBe('NjYzNGExYjJjM2Q0ZTUuMTIzNDU2Nzg@univ-example.fr');
    expect(uniqueIdFor('', '@x.fr')).not.toBe(uniqueIdFor('', '@x.fr'));
  });
});
