import { describe, expect, it } from 'vitest';
import { isGeneralizedTime, isPrefixed, isPrintableString, isStructureCode, readBracketed, readStatusLine } from './rules.ts';

describe('the SupAnn checker’s syntax rules', () => {
  it('knows a GeneralizedTime from FusionDirectory’s invalid flat card end date', () => {
    expect(isGeneralizedTime('2026083100Z')).toBe(true);
    expect(isGeneralizedTime('20260831120000Z')).toBe(true);
    expect(isGeneralizedTime('20260831000000+0200')).toBe(true);
    expect(isGeneralizedTime('2026-08-31')).toBe(false);
    expect(isGeneralizedTime('20261331000000Z')).toBe(false);
  });

  it('knows what a PrintableString civility may hold', () => {
    expect(isPrintableString('M.')).toBe(true);
    expect(isPrintableString('Mme')).toBe(true);
    expect(isPrintableString('Mlle é')).toBe(false);
  });

  it('reads codes, prefixes, bracketed values and status lines as FusionDirectory writes them', () => {
    expect(isStructureCode('UFR-SCI/2')).toBe(true);
    expect(isStructureCode('UFR SCI')).toBe(false);
    expect(isPrefixed('{SIHAM}123')).toBe(true);
    expect(isPrefixed('{UAI}', true)).toBe(true);
    expect(isPrefixed('{UAI}')).toBe(false);
    expect(readBracketed('[type=T][role=R]', ['role', 'type', 'code'])).toEqual({ role: 'R', type: 'T', code: '' });
    expect(readBracketed('role=R', ['role'])).toBeUndefined();
    expect(readStatusLine('{COMPTE}A:SupannActif:20240901:')).toEqual({ resource: 'COMPTE', state: 'A', substate: 'SupannActif', start: '20240901', end: '' });
    expect(readStatusLine('{COMPTE}A:SupannActif')).toBeUndefined();
  });
});
