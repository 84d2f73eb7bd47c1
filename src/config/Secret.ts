// A string that never shows itself in logs, JSON or util.inspect; `reveal()` is the only way to read it.
import { inspect } from 'node:util';

export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The clear value, for the one place that needs it (a bind, a hash check). */
  reveal(): string {
    return this.#value;
  }
  get isEmpty(): boolean {
    return this.#value === '';
  }
  toString(): string {
    return '[secret]';
  }
  toJSON(): string {
    return '[secret]';
  }
  [inspect.custom](): string {
    return '[secret]';
  }
}
