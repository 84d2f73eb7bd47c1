import { describe, expect, it } from 'vitest';

import { DateExpressionError, daysSinceEpoch, formatPhpDate, parseDateExpression, resolveDateExpression } from './phpDate.ts';

const NOW = new Date('2017-03-15T14:12:18.345Z'); // a Wednesday
const at = (when: string, now = NOW): string => resolveDateExpression(parseDateExpression(when), now).toISOString();

describe('parseDateExpression and resolveDateExpression', () => {
  it.each([
    ['now', '2017-03-15T14:12:18.345Z'],
    ['', '2017-03-15T14:12:18.345Z'],
    ['today', '2017-03-15T00:00:00.000Z'],
    ['midnight', '2017-03-15T00:00:00.000Z'],
    ['noon', '2017-03-15T12:00:00.000Z'],
    ['tomorrow', '2017-03-16T00:00:00.000Z'],
    ['yesterday', '2017-03-14T00:00:00.000Z'],
    ['today+6days', '2017-03-21T00:00:00.000Z'],
    ['today +30 days', '2017-04-14T00:00:00.000Z'],
    ['+1 week', '2017-03-22T14:12:18.345Z'],
    ['+1 fortnight', '2017-03-29T14:12:18.345Z'],
    ['-2 hours 30 minutes', '2017-03-15T12:42:18.345Z'],
    ['+1 year -1 month', '2018-02-15T14:12:18.345Z'],
    ['3 days ago', '2017-03-12T14:12:18.345Z'],
    ['next month', '2017-04-15T14:12:18.345Z'],
    ['last year', '2016-03-15T14:12:18.345Z'],
    ['first day of next month', '2017-04-01T14:12:18.345Z'],
    ['last day of next month', '2017-04-30T14:12:18.345Z'],
    ['last day of february', undefined],
    ['midnight last day of this month', '2017-03-31T00:00:00.000Z'],
    ['monday', '2017-03-20T00:00:00.000Z'],
    ['wednesday', '2017-03-15T00:00:00.000Z'],
    ['next wednesday', '2017-03-22T00:00:00.000Z'],
    ['last monday', '2017-03-13T00:00:00.000Z'],
    ['next fri', '2017-03-17T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2024-02-29 13:45', '2024-02-29T13:45:00.000Z'],
    ['2024-02-29T13:45:10+02:00', '2024-02-29T11:45:10.000Z'],
    ['2024-02-29 +1 year', '2025-03-01T00:00:00.000Z'],
    ['31.12.2024', '2024-12-31T00:00:00.000Z'],
    ['12/31/2024', '2024-12-31T00:00:00.000Z'],
    ['@86400', '1970-01-02T00:00:00.000Z'],
    ['tomorrow 08:30', '2017-03-16T08:30:00.000Z'],
    ['NOW', '2017-03-15T14:12:18.345Z'],
  ])('reads %j like PHP (UTC)', (when, expected) => {
    if (expected === undefined) {
      expect(() => parseDateExpression(when)).toThrow(DateExpressionError);
    } else {
      expect(at(when)).toBe(expected);
    }
  });

  it('overflows months as PHP does (Jan 31 + 1 month = March 3)', () => {
    expect(at('+1 month', new Date('2017-01-31T00:00:00Z'))).toBe('2017-03-03T00:00:00.000Z');
    expect(at('last day of next month', new Date('2017-01-31T00:00:00Z'))).toBe('2017-02-28T00:00:00.000Z');
  });

  it.each([
    ['blursday', 0, 'unknown word "blursday"'],
    ['+1 blursday', 0, 'unknown unit "blursday"'],
    ['today 2024-13-01', 6, 'invalid date'],
    ['2024-01-01 2024-01-02', 11, 'two absolute dates'],
    ['today ???', 6, 'cannot read "???"'],
  ])('rejects %j at offset %i', (when, offset, message) => {
    try {
      parseDateExpression(when);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DateExpressionError);
      expect((error as DateExpressionError).offset).toBe(offset);
      expect((error as Error).message).toBe(message);
    }
  });
});

describe('formatPhpDate', () => {
  it.each([
    ['Y-m-d', '2017-03-15'],
    ['d.m.Y', '15.03.2017'],
    ['l jS \\of F Y h:i:s A', 'Wednesday 15th of March 2017 02:12:18 PM'],
    ['D, d M y', 'Wed, 15 Mar 17'],
    ['j n G g a', '15 3 14 2 pm'],
    ['N w z t L', '3 3 73 31 0'],
    ['W o', '11 2017'],
    ['H:i:s.v u', '14:12:18.345 345000'],
    ['e T O P p Z I', 'UTC UTC +0000 +00:00 Z 0 0'],
    ['U', '1489587138'],
    ['B', '633'],
    ['c', '2017-03-15T14:12:18+00:00'],
    ['r', 'Wed, 15 Mar 2017 14:12:18 +0000'],
    ['\\Y\\-\\m', 'Y-m'],
    ['Ymd-His_', '20170315-141218_'],
  ])('formats %j', (format, expected) => {
    expect(formatPhpDate(NOW, format)).toBe(expected);
  });

  it('gives English ordinal suffixes', () => {
    const suffix = (day: number): string => formatPhpDate(new Date(Date.UTC(2017, 0, day)), 'jS');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31].map(suffix)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '31st']);
  });

  it('numbers ISO weeks across year ends', () => {
    expect(formatPhpDate(new Date('2021-01-03T00:00:00Z'), 'o-\\WW')).toBe('2020-W53');
    expect(formatPhpDate(new Date('2024-12-30T00:00:00Z'), 'o-\\WW')).toBe('2025-W01');
  });

  it('gives 12 for noon and midnight in 12-hour formats', () => {
    expect(formatPhpDate(new Date('2017-03-15T00:05:00Z'), 'g:i a')).toBe('12:05 am');
    expect(formatPhpDate(new Date('2017-03-15T12:05:00Z'), 'h:i A')).toBe('12:05 PM');
  });
});

describe('daysSinceEpoch', () => {
  it('counts whole days since 1970-01-01, as shadowExpire stores them', () => {
    expect(daysSinceEpoch(new Date('1970-01-01T23:59:59Z'))).toBe(0);
    expect(daysSinceEpoch(new Date('2017-04-14T00:00:00Z'))).toBe(17270);
    expect(daysSinceEpoch(new Date('1969-12-31T12:00:00Z'))).toBe(-1);
  });
});
