import { describe, expect, it } from 'vitest';
import { formatResourceState, importResourceState, knownResources, normalizeResourceState, parseResourceState, projectResourceState, subStatesOf } from './resourceStates.ts';

describe('SupAnn resource states', () => {
  it('reads and writes lines as FusionDirectory (three colons after the resource, empty parts kept)', () => {
    for (const v of ['{COMPTE}A:SupannActif:20240901:20250831', '{MAIL}I:SupannExpire:20250901:', '{COMPTE}S:SupannVerrouAdministratif::', '{BIBLIO}A:::']) {
      expect(formatResourceState(parseResourceState(v)!)).toBe(v);
    }
    expect(parseResourceState('{COMPTE}A:SupannActif')).toBeUndefined();
  });

  it('projects a line to supannRessourceEtat, dropping the dates', () => {
    expect(projectResourceState(parseResourceState('{COMPTE}A:SupannActif:20240901:20250831')!)).toBe('{COMPTE}A:SupannActif');
    expect(projectResourceState(parseResourceState('{MAIL}S:::')!)).toBe('{MAIL}S');
  });

  it('imports supannRessourceEtat values as lines without dates', () => {
    expect(importResourceState('{COMPTE}A:SupannActif')).toBe('{COMPTE}A:SupannActif::');
    expect(importResourceState('{MAIL}S')).toBe('{MAIL}S:::');
  });

  it('writes dates YYYYMMDD, also those read at hour precision or typed YYYY-MM-DD', () => {
    expect(normalizeResourceState('{COMPTE}A:SupannActif:2024090100Z:2025083123')).toEqual({ value: '{COMPTE}A:SupannActif:20240901:20250831' });
    expect(normalizeResourceState('{COMPTE}A::2024-09-01:')).toEqual({ value: '{COMPTE}A::20240901:' });
    expect(normalizeResourceState('{COMPTE}A:SupannActif:20240901:')).toEqual({ value: '{COMPTE}A:SupannActif:20240901:' });
    expect(normalizeResourceState('{COMPTE}A::soon:')).toEqual({ value: '{COMPTE}A::soon:', badDate: 'soon' });
  });

  it('gives the configured substates of a state in their order, the official ones by default', () => {
    expect(subStatesOf('A', [])).toEqual(['SupannAnticipe', 'SupannActif', 'SupannSursis']);
    expect(subStatesOf('S', [])).toEqual(['SupannVerrouille', 'SupannVerrouAdministratif', 'SupannVerrouTechnique']);
    expect(subStatesOf('I', [])).toHaveLength(6);
    expect(subStatesOf('A', ['1:A:SupannActif', '0:A:MonEtat', '2:I:SupannCree'])).toEqual(['MonEtat', 'SupannActif']);
    expect(knownResources(['BIBLIO:Bibliothèque'])).toEqual(['COMPTE', 'MAIL', 'BIBLIO']);
  });
});
