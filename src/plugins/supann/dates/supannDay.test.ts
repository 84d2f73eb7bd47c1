import { describe, expect, it } from 'vitest';
import { fdGeneralizedDay, isGeneralizedTime, supannDay, todayDay } from './supannDay.ts';

describe('SupAnn days', () => {
  it('reads YYYYMMDD, hour-precision and full GeneralizedTime, and FusionDirectory’s Y-m-d', () => {
    expect(supannDay('20240901')).toBe('20240901');
    expect(supannDay('2024090100')).toBe('20240901');
    expect(supannDay('2026083100Z')).toBe('20260831');
    expect(supannDay('20260831235959Z')).toBe('20260831');
    expect(supannDay('20260831120000.5+0200')).toBe('20260831');
    expect(supannDay('2026-08-31')).toBe('20260831');
  });

  it('refuses what is no day', () => {
    expect(supannDay('20240231')).toBeUndefined();
    expect(supannDay('2024-13-01')).toBeUndefined();
    expect(supannDay('tomorrow')).toBeUndefined();
    expect(supannDay('')).toBeUndefined();
  });

  it('tells valid GeneralizedTime from the forms the directory refuses', () => {
    expect(isGeneralizedTime('2026083100Z')).toBe(true);
    expect(isGeneralizedTime('20260831000000Z')).toBe(true);
    expect(isGeneralizedTime('2026-08-31')).toBe(false);
    expect(isGeneralizedTime('20260831')).toBe(false);
    expect(fdGeneralizedDay('20260831')).toBe('2026083100Z');
    expect(todayDay(new Date('2025-01-02T10:00:00Z'))).toBe('20250102');
  });
});
