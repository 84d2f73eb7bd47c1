import { describe, expect, it } from 'vitest';
import type { UiAttributeKind } from '../../api/contract.ts';
import { splitComposite } from './CompositeWidget.tsx';

type Composite = Extract<UiAttributeKind, { kind: 'composite' }>;
const part = (name: string) => ({ name, label: name, optional: true, of: { kind: 'string' } as UiAttributeKind });

describe('splitComposite: stored values shown by parts', () => {
  it('splits by the described regular expression', () => {
    const phone: Composite = { kind: 'composite', read: '\\{(.+)\\}(.*)', parts: [part('type'), part('number')] };
    expect(splitComposite(phone, '{MOBPERSO}+33 6 12 34 56 78')).toEqual({ type: 'MOBPERSO', number: '+33 6 12 34 56 78' });
    expect(splitComposite(phone, 'no type')).toBeNull();
  });

  it('splits FusionDirectory’s bracketed values in any order, missing parts empty', () => {
    const role: Composite = { kind: 'composite', bracketed: true, parts: [part('role'), part('type'), part('code')] };
    expect(splitComposite(role, '[type={SUPANN}S230][role={SUPANN}R00]')).toEqual({ role: '{SUPANN}R00', type: '{SUPANN}S230', code: '' });
    expect(splitComposite(role, 'role={SUPANN}R00')).toBeNull();
  });
});
