// New bracketed composites of a list (registrations, roles), written from their parts as the server writes them.
import { describe, expect, it } from 'vitest';
import { composeComposite, writeBracketed } from './ListWidget.tsx';

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

describe('composeComposite', () => {
  const part = (name: string) => ({ name, label: name, optional: true, of: { kind: 'string' } as const });
  it('writes template composites (a resource state, a typed phone number) from their parts, bracketed ones as FusionDirectory', () => {
    const state = { kind: 'composite' as const, read: '\\{([^}]+)\\}([^:]+):([^:]*):([^:]*):([^:]*)', write: '{${resource}}${state}:${substate}:${start}:${end}', parts: ['resource', 'state', 'substate', 'start', 'end'].map(part) };
    expect(composeComposite(state, { resource: 'COMPTE', state: 'I', substate: 'SupannExpire', start: '2025-10-01' })).toBe('{COMPTE}I:SupannExpire:2025-10-01:');
    expect(composeComposite(state, {})).toBe('');
    expect(composeComposite({ kind: 'composite', bracketed: true, parts: [part('role'), part('type')] }, { type: 'T', role: 'R' })).toBe('[role=R][type=T]');
  });

  it('cannot write a composite the description gives no way to write', () => {
    expect(composeComposite({ kind: 'composite', read: '(.*)', parts: [part('x')] }, { x: 'a' })).toBeNull();
  });
});
