// Date parts of composites: the stored forms shown in <input type=date> and written back in the same form.
import { describe, expect, it } from 'vitest';
import { dateFromInput, dateToInput } from './CompositeWidget.tsx';

describe('date parts of a composite', () => {
  it('shows SupAnn’s YYYYMMDD and GeneralizedTime values as the date input’s YYYY-MM-DD', () => {
    expect(dateToInput('20240901')).toBe('2024-09-01');
    expect(dateToInput('2026083100Z')).toBe('2026-08-31');
    expect(dateToInput('20260831000000Z')).toBe('2026-08-31');
    expect(dateToInput('2026-08-31')).toBe('2026-08-31');
    expect(dateToInput('')).toBe('');
    expect(dateToInput('soon')).toBe('');
  });

  it('writes a picked date in the stored form of the previous value, keeping its time and zone', () => {
    expect(dateFromInput('2024-09-02', '20240901')).toBe('20240902');
    expect(dateFromInput('2026-09-01', '2026083100Z')).toBe('2026090100Z');
    expect(dateFromInput('2026-09-01', '')).toBe('2026-09-01');
    expect(dateFromInput('2026-09-01', '2026-08-31')).toBe('2026-09-01');
    expect(dateFromInput('', '20240901')).toBe('');
  });
});
