// The state of the mask modifier `e` (persistent counters), kept as FusionDirectory keeps it: one JSON value
// in the config entry's `fdIncrementalModifierStates`, `{"<id>":{"value":<int>,"date":"Y-m-d"}}`.
// Pure: a service reads the attribute, expands masks with this store, then writes `toJson()` back with an
// assertion on the entryCSN it read (retrying on conflict), where FusionDirectory locked the config entry.
import { AppError } from '../../errors/AppError.ts';
import type { IncrementalCounterStore } from './mask.ts';

/** One counter: its last value and the day it was last used. */
export interface IncrementalState {
  value: number;
  date: string;
}

/** Reads `fdIncrementalModifierStates` ('' or absent = no counters yet). */
export function parseIncrementalModifierStates(json: string | undefined): Record<string, IncrementalState> {
  if (json === undefined || json.trim() === '') return {};
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw invalid(`is not JSON (${(error as Error).message})`);
  }
  // PHP's json_encode() writes an empty array as `[]`.
  if (Array.isArray(data) && data.length === 0) return {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw invalid('is not a JSON object');
  const states: Array<[string, IncrementalState]> = [];
  for (const [id, state] of Object.entries(data as Record<string, unknown>)) {
    const { value, date } = (state ?? {}) as { value?: unknown; date?: unknown };
    const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isSafeInteger(number)) throw invalid(`has no integer value for counter "${id}"`);
    states.push([id, { value: number, date: typeof date === 'string' ? date : '' }]);
  }
  return Object.fromEntries(states);
}

function invalid(what: string): AppError {
  return new AppError({ code: 'config.invalid', message: `fdIncrementalModifierStates ${what}`, attribute: 'fdIncrementalModifierStates' });
}

/**
 * Writes counters as PHP's json_encode() does (slashes and non-ASCII escaped), so a value written by
 * Trousseau is byte-identical to one FusionDirectory would write.
 */
export function serializeIncrementalModifierStates(states: Readonly<Record<string, IncrementalState>>): string {
  const ordered = Object.fromEntries(Object.entries(states).map(([id, { value, date }]) => [id, { value, date }]));
  if (Object.keys(ordered).length === 0) return '[]';
  return JSON.stringify(ordered)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * An in-memory {@link IncrementalCounterStore} over the decoded states: the first use of a counter gives
 * `start`, each later use the previous value plus `step`; the day of use is recorded.
 * @example
 * const counters = IncrementalCounters.fromJson(config.fdIncrementalModifierStates?.[0]);
 * expandMaskValue('%e[badge,100]|%', {}, { counters }); // '100'
 * if (counters.changed) await writeConfig({ fdIncrementalModifierStates: [counters.toJson()] });
 */
export class IncrementalCounters implements IncrementalCounterStore {
  private readonly states: Map<string, IncrementalState>;
  private dirty = false;

  constructor(states: Readonly<Record<string, IncrementalState>> = {}) {
    this.states = new Map(Object.entries(states).map(([id, s]) => [id, { ...s }]));
  }

  static fromJson(json: string | undefined): IncrementalCounters {
    return new IncrementalCounters(parseIncrementalModifierStates(json));
  }

  next(id: string, options: { start: number; step: number; date: string }): number {
    const previous = this.states.get(id);
    const value = previous === undefined ? options.start : previous.value + options.step;
    this.states.set(id, { value, date: options.date });
    this.dirty = true;
    return value;
  }

  /** Whether `next` was called since construction (the config entry must then be written). */
  get changed(): boolean {
    return this.dirty;
  }

  /** A copy of the current states. */
  snapshot(): Record<string, IncrementalState> {
    return Object.fromEntries([...this.states].map(([id, s]) => [id, { ...s }]));
  }

  toJson(): string {
    return serializeIncrementalModifierStates(this.snapshot());
  }
}
