// Wall-clock times in the directory's zone and the cycles of repeatable tasks: DST, month ends, leap years.
import { describe, expect, it } from 'vitest';
import {
  cycleScheduleOf,
  formatCompactTime,
  formatFdCreationDate,
  formatFdDateTime,
  isCycleDue,
  nextCycle,
  parseCompactTime,
  parseFdCreationDate,
  parseFdDateTime,
} from './localTime.ts';

const PARIS = 'Europe/Paris';
const iso = (d: Date | undefined) => d?.toISOString();

describe('YYYYMMDDhhmmss in the directory zone', () => {
  it('reads winter and summer times with their offsets', () => {
    expect(iso(parseCompactTime('20240130080000', PARIS))).toBe('2024-01-30T07:00:00.000Z');
    expect(iso(parseCompactTime('20240715080000', PARIS))).toBe('2024-07-15T06:00:00.000Z');
    expect(iso(parseCompactTime('20240715080000', 'UTC'))).toBe('2024-07-15T08:00:00.000Z');
    expect(iso(parseCompactTime('20240715080000', 'America/New_York'))).toBe('2024-07-15T12:00:00.000Z');
  });

  it('pushes a time of the spring gap forward and takes the first of an autumn time that occurs twice', () => {
    expect(iso(parseCompactTime('20240331023000', PARIS))).toBe('2024-03-31T01:30:00.000Z');
    expect(iso(parseCompactTime('20241027023000', PARIS))).toBe('2024-10-27T00:30:00.000Z');
  });

  it('refuses empty and malformed values', () => {
    expect(parseCompactTime('', PARIS)).toBeUndefined();
    expect(parseCompactTime(undefined, PARIS)).toBeUndefined();
    expect(parseCompactTime('2024-01-30', PARIS)).toBeUndefined();
    expect(parseCompactTime('20241330080000', PARIS)).toBeUndefined();
  });

  it('writes an instant back as the same wall clock', () => {
    expect(formatCompactTime(new Date('2024-01-30T07:00:00Z'), PARIS)).toBe('20240130080000');
    expect(formatCompactTime(new Date('2024-10-27T01:30:00Z'), PARIS)).toBe('20241027023000');
    expect(formatCompactTime(new Date('2024-12-31T23:59:59Z'), 'UTC')).toBe('20241231235959');
  });
});

describe("FusionDirectory's date formats", () => {
  it('writes and reads fdTasksLastExec as Y-m-d H:i:s', () => {
    const d = new Date('2024-01-29T14:15:42Z');
    expect(formatFdDateTime(d, PARIS)).toBe('2024-01-29 15:15:42');
    expect(iso(parseFdDateTime('2024-01-29 15:15:42', PARIS))).toBe(d.toISOString());
    expect(parseFdDateTime('29/01/2024', PARIS)).toBeUndefined();
  });

  it('writes and reads fdTasksCreationDate as Y-m-d h:i:sa (12-hour clock)', () => {
    expect(formatFdCreationDate(new Date('2024-01-29T14:15:42Z'), PARIS)).toBe('2024-01-29 03:15:42pm');
    expect(formatFdCreationDate(new Date('2024-01-29T23:05:00Z'), PARIS)).toBe('2024-01-30 12:05:00am');
    expect(formatFdCreationDate(new Date('2024-01-29T11:05:00Z'), PARIS)).toBe('2024-01-29 12:05:00pm');
    expect(iso(parseFdCreationDate('2024-01-29 03:15:42pm', PARIS))).toBe('2024-01-29T14:15:42.000Z');
    expect(iso(parseFdCreationDate('2024-01-30 12:05:00am', PARIS))).toBe('2024-01-29T23:05:00.000Z');
    expect(parseFdCreationDate('2024-01-30 13:05:00pm', PARIS)).toBeUndefined();
  });
});

describe('cycles of repeatable tasks', () => {
  const at = (text: string) => parseFdDateTime(text, PARIS)!;
  const next = (text: string, s: Parameters<typeof nextCycle>[1]) => formatFdDateTime(nextCycle(at(text), s, PARIS), PARIS);

  it('ends a month at the last day of a shorter month', () => {
    expect(next('2024-01-31 10:00:00', 'Monthly')).toBe('2024-02-29 10:00:00');
    expect(next('2023-01-31 10:00:00', 'Monthly')).toBe('2023-02-28 10:00:00');
    expect(next('2024-03-31 10:00:00', 'Monthly')).toBe('2024-04-30 10:00:00');
    expect(next('2024-12-15 10:00:00', 'Monthly')).toBe('2025-01-15 10:00:00');
  });

  it('moves Feb 29 to Feb 28 a year later', () => {
    expect(next('2024-02-29 08:00:00', 'Yearly')).toBe('2025-02-28 08:00:00');
    expect(next('2024-03-01 08:00:00', 'Yearly')).toBe('2025-03-01 08:00:00');
  });

  it('keeps the wall-clock time across DST for days and weeks, and counts an hour as 3600 s', () => {
    const daily = nextCycle(at('2024-03-30 12:00:00'), 'Daily', PARIS);
    expect(formatFdDateTime(daily, PARIS)).toBe('2024-03-31 12:00:00');
    expect(daily.getTime() - at('2024-03-30 12:00:00').getTime()).toBe(23 * 3_600_000);
    expect(next('2024-10-24 09:00:00', 'Weekly')).toBe('2024-10-31 09:00:00');
    expect(nextCycle(at('2024-03-31 01:30:00'), 'Hourly', PARIS).toISOString()).toBe('2024-03-31T01:30:00.000Z');
  });

  it('is due once a full cycle has passed, and a year and a month count as more than a month', () => {
    expect(isCycleDue(at('2024-01-31 10:00:00'), 'Monthly', at('2024-02-29 09:59:59'), PARIS)).toBe(false);
    expect(isCycleDue(at('2024-01-31 10:00:00'), 'Monthly', at('2024-02-29 10:00:00'), PARIS)).toBe(true);
    // FusionDirectory compares the months component only: 1 year 0 months 5 days would not be due there.
    expect(isCycleDue(at('2023-01-15 10:00:00'), 'Monthly', at('2024-01-20 10:00:00'), PARIS)).toBe(true);
    expect(isCycleDue(at('2024-01-15 10:00:00'), 'Daily', at('2024-01-16 09:00:00'), PARIS)).toBe(false);
    expect(isCycleDue(at('2024-01-15 10:00:00'), 'Hourly', at('2024-01-15 11:00:00'), PARIS)).toBe(true);
  });

  it('knows the schedule names whatever their case', () => {
    expect(cycleScheduleOf('weekly')).toBe('Weekly');
    expect(cycleScheduleOf('Yearly')).toBe('Yearly');
    expect(cycleScheduleOf('Fortnightly')).toBeUndefined();
    expect(cycleScheduleOf(undefined)).toBeUndefined();
  });
});
