import { describe, expect, it } from 'vitest';

import { AppError } from '../../errors/AppError.ts';
import { IncrementalCounters, parseIncrementalModifierStates, serializeIncrementalModifierStates } from './IncrementalCounters.ts';

const day = (date: string) => ({ start: 1, step: 1, date });

describe('parseIncrementalModifierStates', () => {
  it('reads an empty or absent value as no counters', () => {
    expect(parseIncrementalModifierStates(undefined)).toEqual({});
    expect(parseIncrementalModifierStates('')).toEqual({});
    expect(parseIncrementalModifierStates('[]')).toEqual({});
  });

  it("reads FusionDirectory's JSON", () => {
    expect(parseIncrementalModifierStates('{"uid":{"value":12,"date":"2024-09-01"},"b\\/c":{"value":"3","date":"2024-01-01"}}')).toEqual({
      uid: { value: 12, date: '2024-09-01' },
      'b/c': { value: 3, date: '2024-01-01' },
    });
  });

  it.each([['not json'], ['"a string"'], ['[1]'], ['{"x":{"value":1.5}}'], ['{"x":{}}']])('refuses %j as config.invalid', (json) => {
    expect(() => parseIncrementalModifierStates(json)).toThrow(AppError);
    try {
      parseIncrementalModifierStates(json);
    } catch (error) {
      expect((error as AppError).code).toBe('config.invalid');
      expect((error as AppError).attribute).toBe('fdIncrementalModifierStates');
    }
  });
});

describe('serializeIncrementalModifierStates', () => {
  it("writes what PHP's json_encode writes: escaped slashes and non-ASCII, [] when empty", () => {
    expect(serializeIncrementalModifierStates({})).toBe('[]');
    expect(serializeIncrementalModifierStates({ 'a/é': { value: 2, date: '2024-09-02' } })).toBe('{"a\\/\\u00e9":{"value":2,"date":"2024-09-02"}}');
  });
});

describe('IncrementalCounters', () => {
  it('starts a new counter at start, then adds step; records the day', () => {
    const counters = new IncrementalCounters();
    expect(counters.changed).toBe(false);
    expect(counters.next('badge', { start: 100, step: 5, date: '2024-09-01' })).toBe(100);
    expect(counters.next('badge', { start: 100, step: 5, date: '2024-09-02' })).toBe(105);
    expect(counters.next('other', day('2024-09-02'))).toBe(1);
    expect(counters.changed).toBe(true);
    expect(counters.snapshot()).toEqual({ badge: { value: 105, date: '2024-09-02' }, other: { value: 1, date: '2024-09-02' } });
  });

  it('continues a stored counter and round-trips its JSON', () => {
    const json = '{"uid":{"value":12,"date":"2024-09-01"}}';
    const counters = IncrementalCounters.fromJson(json);
    expect(counters.toJson()).toBe(json);
    expect(counters.next('uid', day('2024-09-02'))).toBe(13);
    expect(counters.toJson()).toBe('{"uid":{"value":13,"date":"2024-09-02"}}');
  });

  it('keeps odd ids as plain keys', () => {
    const counters = new IncrementalCounters();
    expect(counters.next('__proto__', day('2024-09-02'))).toBe(1);
    expect(counters.next('__proto__', day('2024-09-02'))).toBe(2);
    expect(counters.toJson()).toBe('{"__proto__":{"value":2,"date":"2024-09-02"}}');
    expect(Object.getPrototypeOf(counters.snapshot())).toBe(Object.prototype);
  });

  it('does not share state with the object it was built from', () => {
    const states = { x: { value: 1, date: '2024-01-01' } };
    new IncrementalCounters(states).next('x', day('2024-09-02'));
    expect(states.x.value).toBe(1);
  });
});
