// How the dashboard reads FusionDirectory's status values and schedules.
import { describe, expect, it } from 'vitest';
import { formatSchedule, statusOf } from './tasksApi.ts';

describe('task dashboard values', () => {
  it('reads 1 as scheduled, 2 as completed, a claim as running and any other text as failed', () => {
    expect(statusOf('1')).toBe('scheduled');
    expect(statusOf('2')).toBe('completed');
    expect(statusOf('claimed worker-a until 1790000000')).toBe('running');
    expect(statusOf('550 5.1.1 Mailbox unavailable')).toBe('failed');
    expect(statusOf('')).toBe('failed');
    expect(statusOf('12')).toBe('failed');
  });

  it('formats YYYYMMDDhhmmss schedules, and shows other text as it is', () => {
    expect(formatSchedule('20240130080000')).toBe('2024-01-30 08:00:00');
    expect(formatSchedule('202401300800')).toBe('2024-01-30 08:00:00');
    expect(formatSchedule('tomorrow')).toBe('tomorrow');
  });
});
