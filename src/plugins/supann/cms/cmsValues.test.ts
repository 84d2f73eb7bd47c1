import { describe, expect, it } from 'vitest';
import { appOption, cardOption, deriveCms, normalizeCmsRow, taggedChanges } from './cmsValues.ts';

const card = '[type=etudiant][format=MIFARE:XLSB][id=04A1B2C3D4E5F6][valide=vrai][source=unicampus@univ-example.fr][datefin=2026083100Z]';
const app = '[type=etudiant][source=unicampus@univ-example.fr][domaine=xlsb.biblio.univ-example.fr][id=0012345][valide=vrai]';
const domains = ['x-biblio-xlsb;xlsb.biblio.univ-example.fr'];

describe('the multi-service card’s derived values', () => {
  it('derives fd-plugins.md §3.7.2’s example exactly', () => {
    const derived = deriveCms([card], [app], domains);
    expect(derived).toEqual({
      supannCMSType: ['etudiant'],
      supannCMSSource: ['unicampus@univ-example.fr'],
      supannCMSDateFin: ['2026083100Z'],
      supannCMSIdEtiquette: ['{MIFARE:XLSB}04A1B2C3D4E5F6'],
      supannCMSAppIdDomaine: ['0012345@xlsb.biblio.univ-example.fr'],
      tagged: new Map([
        ['supannCMSId;x-mifare-xlsb', ['04A1B2C3D4E5F6']],
        ['supannCMSAppId;x-biblio-xlsb', ['0012345']],
      ]),
    });
  });

  it('derives nothing from rows that are not valid', () => {
    const derived = deriveCms([card.replace('valide=vrai', 'valide=faux')], [app.replace('valide=vrai', 'valide=faux')], domains);
    expect(derived.supannCMSType).toEqual([]);
    expect(derived.supannCMSIdEtiquette).toEqual([]);
    expect(derived.tagged.size).toBe(0);
  });

  it('writes end dates as GeneralizedTime in the flat attribute, whatever the row holds', () => {
    expect(deriveCms(['[type=etudiant][format=MIFARE:XLSB][id=1][valide=vrai][datefin=2026-08-31]'], [], []).supannCMSDateFin).toEqual(['2026083100Z']);
  });

  it('names tagged values by format and by configured domain', () => {
    expect(cardOption('MIFARE:XLSB')).toBe('x-mifare-xlsb');
    expect(appOption('xlsb.biblio.univ-example.fr', domains)).toBe('x-biblio-xlsb');
    expect(appOption('other.example.fr', domains)).toBeUndefined();
  });

  it('keeps a row as written unless valide or the end date need FusionDirectory’s form', () => {
    expect(normalizeCmsRow(card, 'card')).toEqual({ value: card });
    expect(normalizeCmsRow('[format=MIFARE:XLSB][type=etudiant][id=1][valide=faux]', 'card')).toEqual({ value: '[format=MIFARE:XLSB][type=etudiant][id=1][valide=faux]' });
    expect(normalizeCmsRow('[type=etudiant][format=MIFARE:XLSB][id=1][datefin=2026-08-31]', 'card')).toEqual({ value: '[type=etudiant][format=MIFARE:XLSB][id=1][valide=vrai][datefin=2026083100Z]' });
    expect(normalizeCmsRow('[type=etudiant][format=MIFARE:XLSB][id=1][datefin=someday]', 'card').badDate).toBe('someday');
  });

  it('changes only the tagged values that differ', () => {
    const current = new Map([
      ['supannCMSId;x-mifare-xlsb', ['04A1']],
      ['supannCMSId;x-old', ['9']],
      ['supannCMSId', ['untagged']],
    ]);
    const wanted = new Map([
      ['supannCMSId;x-mifare-xlsb', ['04A1']],
      ['supannCMSAppId;x-biblio-xlsb', ['0012345']],
    ]);
    expect(taggedChanges(current, wanted)).toEqual([
      { operation: 'delete', attribute: 'supannCMSId;x-old' },
      { operation: 'replace', attribute: 'supannCMSAppId;x-biblio-xlsb', values: ['0012345'] },
    ]);
    expect(taggedChanges(new Map([['supannCMSId;X-MIFARE-XLSB', ['1']]]), new Map([['supannCMSId;x-mifare-xlsb', ['1']]]))).toEqual([]);
  });
});
