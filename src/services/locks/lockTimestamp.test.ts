import { describe, expect, it } from 'vitest';
import { formatLockTimestamp, parseLockTimestamp } from './lockTimestamp.ts';

describe('lock timestamps', () => {
  it('strips trailing zero seconds, then zero minutes, as FusionDirectory writes them', () => {
    expect(formatLockTimestamp(new Date('2025-02-24T15:08:00Z'))).toBe('202502241508Z');
    expect(formatLockTimestamp(new Date('2025-02-24T15:00:00Z'))).toBe('2025022415Z');
    expect(formatLockTimestamp(new Date('2025-02-24T15:00:07Z'))).toBe('20250224150007Z');
    expect(formatLockTimestamp(new Date('2025-02-24T00:00:00Z'))).toBe('2025022400Z');
  });

  it('reads every GeneralizedTime form back', () => {
    expect(parseLockTimestamp('202502241508Z')?.toISOString()).toBe('2025-02-24T15:08:00.000Z');
    expect(parseLockTimestamp('2025022415Z')?.toISOString()).toBe('2025-02-24T15:00:00.000Z');
    expect(parseLockTimestamp('20250224150007.5Z')?.toISOString()).toBe('2025-02-24T15:00:07.500Z');
    expect(parseLockTimestamp('20250224170007+0200')?.toISOString()).toBe('2025-02-24T15:00:07.000Z');
    expect(parseLockTimestamp('yesterday')).toBeUndefined();
  });
});
