// Every message exists in English and in French, with the same placeholders: no page can fall back to a key
// or to English in French.
import { describe, expect, it } from 'vitest';
import { catalogues } from './index.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('have the same keys in English and French', () => {
    const en = Object.keys(catalogues.en).sort();
    const fr = Object.keys(catalogues.fr).sort();
    expect(en.filter((k) => !fr.includes(k)), 'keys missing in French').toEqual([]);
    expect(fr.filter((k) => !en.includes(k)), 'keys missing in English').toEqual([]);
  });

  it('use the same placeholders in both languages, and no empty text', () => {
    for (const [key, text] of Object.entries(catalogues.en)) {
      const french = catalogues.fr[key] ?? '';
      expect(placeholders(french), key).toEqual(placeholders(text));
      expect(text.trim(), key).not.toBe('');
      expect(french.trim(), key).not.toBe('');
    }
  });
});
