// New bracketed composites of a list (registrations, roles), written from their parts as the server writes them.
import { describe, expect, it } from 'vitest';
import { writeBracketed } from './ListWidget.tsx';

describe('writeBracketed', () => {
  it('writes the parts in the described order, empty ones left out', () => {
    expect(writeBracketed(['role', 'type', 'code'], { code: 'DSI', role: '{SUPANN}R00', type: '{SUPANN}S230' })).toBe('[role={SUPANN}R00][type={SUPANN}S230][code=DSI]');
    expect(writeBracketed(['etab', 'anneeinsc', 'regimeinsc', 'typedip'], { etab: '{UAI}0751717J', anneeinsc: ' 2026 ', regimeinsc: '', typedip: '{SISE}XB' })).toBe('[etab={UAI}0751717J][anneeinsc=2026][typedip={SISE}XB]');
  });

  it('is empty when every part is', () => {
    expect(writeBracketed(['role', 'type'], { role: ' ', type: '' })).toBe('');
    expect(writeBracketed(['role', 'type'], {})).toBe('');
  });
});
