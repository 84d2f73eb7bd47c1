// The modifiers of FusionDirectory's mask language (`%<modifiers>|<attribute>%`): how each one reads its
// `[arguments]` and what it does. Lower-case modifiers work on one string (the first value), upper-case and
// digit modifiers on the list of values of a multi-valued attribute.
import { DateExpressionError, parseDateExpression, type DateExpression } from './phpDate.ts';
import { PhpRegexError, compilePhpRegex, parsePhpReplacement, scanPhpRegex, type PhpRegex, type ReplacementPart } from './phpRegex.ts';

/** Every modifier letter §6.2 of the reference defines. */
export const MODIFIER_NAMES = ['a', 'b', 'c', 'd', 'e', 'i', 'l', 'n', 'p', 'r', 's', 't', 'u', 'F', 'L', 'J', 'C', 'M', '4', '6'] as const;
export type ModifierName = (typeof MODIFIER_NAMES)[number];

/** Where a modifier sits in the mask, and its argument text as written (without brackets), if any. */
interface ModifierSource {
  /** Offset of the modifier letter in the mask. */
  position: number;
  /** Offset just after the modifier (after `]` when it has arguments). */
  end: number;
  rawArgs?: string;
}

/** A substring length: a number, or a range `from-to` producing one candidate per length. */
export type SubstringLength = number | { from: number; to: number };

/** A parsed modifier with its arguments checked and defaults filled in. */
export type Modifier = ModifierSource &
  (
    | { name: 'a'; mode: 'ascii' | 'uid' }
    | { name: 'b'; decode: boolean }
    | { name: 'c' | 'i' | 'l' | 'u' | 'F' | 'L' | 'C' | '4' | '6' }
    | { name: 'd'; when: DateExpression; whenText: string; format: string }
    | { name: 'e'; id: string; start: number; step: number }
    | { name: 'n'; always: boolean; start: number; step: number }
    | { name: 'p'; pattern: PhpRegex; replacement: ReplacementPart[] }
    | { name: 'r'; minLength: number; maxLength: number; chars: 'l' | 'd' | 'b' }
    | { name: 's'; start: number; length: SubstringLength }
    | { name: 't'; locales: string[] }
    | { name: 'J'; separator: string }
    | { name: 'M'; pattern: PhpRegex }
  );

/** Modifiers that read one string: applied to the first value, or to each candidate of an earlier modifier. */
export const STRING_MODIFIERS: ReadonlySet<ModifierName> = new Set(['a', 'b', 'c', 'i', 'l', 'p', 's', 't', 'u']);
/** Modifiers that ignore their input and produce values of their own. */
export const GENERATOR_MODIFIERS: ReadonlySet<ModifierName> = new Set(['d', 'e', 'n', 'r']);
/** Modifiers that work on the list of values. */
export const LIST_MODIFIERS: ReadonlySet<ModifierName> = new Set(['F', 'L', 'J', 'C', 'M', '4', '6']);

/** A problem in a modifier; `offset` is absolute in the mask. */
export class ModifierSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ModifierSyntaxError';
  }
}

function isModifierName(c: string): c is ModifierName {
  return (MODIFIER_NAMES as readonly string[]).includes(c);
}

/**
 * Reads the modifier at `text[pos]` (and its `[arguments]`), `base` being the offset of `text` in the mask.
 * Arguments end at the first `]` and are split on commas, as in FusionDirectory, except where noted:
 * the regular expression of `p` and `M` is read up to its closing delimiter (so it may hold `]`, `,` and `|`),
 * `J` takes everything as the separator, and `d` splits only at its first comma.
 */
export function readModifier(text: string, pos: number, base: number): Modifier {
  const name = text[pos] as string;
  if (!isModifierName(name)) {
    throw new ModifierSyntaxError(`unknown modifier "${name}" (known: ${MODIFIER_NAMES.join(' ')})`, base + pos);
  }
  const position = base + pos;
  let k = pos + 1;
  let rawArgs: string | undefined;
  let regex: { php: string; offset: number } | undefined;
  let afterRegex: string | undefined;
  if (text[k] === '[') {
    const argsAt = k + 1;
    if ((name === 'p' || name === 'M') && text[argsAt] !== ']') {
      let regexEnd: number;
      try {
        regexEnd = scanPhpRegex(text, argsAt);
      } catch (error) {
        if (error instanceof PhpRegexError) throw new ModifierSyntaxError(`${name}: ${error.message}`, base + argsAt + error.offset);
        throw error;
      }
      regex = { php: text.slice(argsAt, regexEnd), offset: base + argsAt };
      const close = text.indexOf(']', regexEnd);
      if (close < 0) throw new ModifierSyntaxError(`"[" of modifier ${name} is never closed`, base + k);
      afterRegex = text.slice(regexEnd, close);
      rawArgs = text.slice(argsAt, close);
      k = close + 1;
    } else {
      const close = text.indexOf(']', argsAt);
      if (close < 0) throw new ModifierSyntaxError(`"[" of modifier ${name} is never closed`, base + k);
      rawArgs = text.slice(argsAt, close);
      k = close + 1;
    }
  }
  const source: ModifierSource = { position, end: base + k, ...(rawArgs === undefined ? {} : { rawArgs }) };
  const argsOffset = position + 2;
  // `x[]` reads as no arguments, as FusionDirectory does.
  const args = rawArgs === undefined || rawArgs === '' ? [] : rawArgs.split(',');
  const fail = (message: string, at = argsOffset): never => {
    throw new ModifierSyntaxError(`${name}: ${message}`, at);
  };
  const atMost = (count: number): void => {
    if (args.length > count) fail(count === 0 ? 'takes no argument' : `takes at most ${count} argument${count > 1 ? 's' : ''}`);
  };
  const integer = (value: string, what: string, min = -Infinity): number => {
    if (!/^[+-]?\d+$/.test(value.trim())) fail(`${what} must be an integer, not ${JSON.stringify(value)}`);
    const n = Number(value.trim());
    if (n < min) fail(`${what} must be at least ${min}`);
    return n;
  };

  switch (name) {
    case 'a': {
      atMost(1);
      const mode = args[0] ?? 'ascii';
      if (mode !== 'ascii' && mode !== 'uid') fail(`mode must be "ascii" or "uid", not ${JSON.stringify(mode)}`);
      return { ...source, name, mode: mode as 'ascii' | 'uid' };
    }
    case 'b': {
      atMost(1);
      const mode = args[0] ?? 'e';
      if (mode !== 'd' && mode !== 'e') fail(`argument must be "d" (decode) or "e" (encode), not ${JSON.stringify(mode)}`);
      return { ...source, name, decode: mode === 'd' };
    }
    case 'c':
    case 'i':
    case 'l':
    case 'u':
    case 'F':
    case 'L':
    case 'C':
    case '4':
    case '6':
      atMost(0);
      return { ...source, name };
    case 'd': {
      const raw = rawArgs ?? '';
      const comma = raw.indexOf(',');
      const whenText = comma < 0 ? raw : raw.slice(0, comma);
      const format = comma < 0 ? 'Y-m-d' : raw.slice(comma + 1);
      let when: DateExpression;
      try {
        when = parseDateExpression(whenText === '' ? 'now' : whenText);
      } catch (error) {
        if (error instanceof DateExpressionError) return fail(`cannot read the date ${JSON.stringify(whenText)}: ${error.message}`, argsOffset + error.offset);
        throw error;
      }
      return { ...source, name, when, whenText: whenText === '' ? 'now' : whenText, format };
    }
    case 'e': {
      atMost(3);
      const id = args[0] ?? '';
      if (id === '') fail('needs a counter id: e[id,start,step]');
      const step = args[2] === undefined ? 1 : integer(args[2], 'step');
      if (step === 0) fail('step must not be 0');
      return { ...source, name, id, start: args[1] === undefined ? 1 : integer(args[1], 'start'), step };
    }
    case 'n': {
      atMost(3);
      const flag = (args[0] ?? '0').trim().toLowerCase();
      if (!['0', '1', '', 'true', 'false'].includes(flag)) fail(`first argument must be 0 or 1, not ${JSON.stringify(args[0])}`);
      const step = args[2] === undefined ? 1 : integer(args[2], 'step');
      if (step === 0) fail('step must not be 0');
      return { ...source, name, always: flag === '1' || flag === 'true', start: args[1] === undefined ? 1 : integer(args[1], 'start'), step };
    }
    case 'p': {
      if (regex === undefined) return { ...source, name, pattern: compilePhpRegex('/\\s/'), replacement: [] };
      const pattern = compileAt(regex, name);
      const rest = afterRegex ?? '';
      if (rest !== '' && !rest.startsWith(',')) fail('expected "," or "]" after the regular expression', regex.offset + regex.php.length);
      return { ...source, name, pattern, replacement: parsePhpReplacement(rest.slice(1)) };
    }
    case 'M': {
      if (regex === undefined) return fail('needs a regular expression: M[/regex/]');
      if (afterRegex !== '') fail('takes one argument', regex.offset + regex.php.length);
      return { ...source, name, pattern: compileAt(regex, name) };
    }
    case 'r': {
      atMost(3);
      let minLength = 8;
      let maxLength = 8;
      if (args.length >= 1) minLength = maxLength = integer(args[0] as string, 'length', 0);
      if (args.length >= 2) maxLength = integer(args[1] as string, 'maximum length', 0);
      if (minLength > maxLength) fail('minimum length is above the maximum');
      const chars = args[2] ?? 'b';
      if (chars !== 'l' && chars !== 'd' && chars !== 'b') fail(`characters must be l (letters), d (digits) or b (both), not ${JSON.stringify(chars)}`);
      return { ...source, name, minLength, maxLength, chars: chars as 'l' | 'd' | 'b' };
    }
    case 's': {
      if (args.length === 0) fail('needs a length: s[length] or s[start,length]');
      atMost(2);
      const lengthText = (args.length === 1 ? args[0] : args[1]) as string;
      const range = /^\s*(\d+)-(\d+)\s*$/.exec(lengthText);
      let length: SubstringLength;
      if (range) {
        length = { from: Number(range[1]), to: Number(range[2]) };
        if (length.from > length.to) fail(`length range ${lengthText} is empty`);
      } else {
        length = integer(lengthText, 'length');
      }
      return { ...source, name, start: args.length === 1 ? 0 : integer(args[0] as string, 'start'), length };
    }
    case 't': {
      if (args.length === 0) fail('needs at least one locale: t[de_DE]');
      const locales = args.map((l) => l.trim());
      if (locales.some((l) => l === '')) fail('empty locale name');
      return { ...source, name, locales };
    }
    case 'J':
      return { ...source, name, separator: rawArgs ?? '' };
  }
}

function compileAt(regex: { php: string; offset: number }, name: string): PhpRegex {
  try {
    return compilePhpRegex(regex.php);
  } catch (error) {
    if (error instanceof PhpRegexError) throw new ModifierSyntaxError(`${name}: ${error.message}`, regex.offset + error.offset);
    throw error;
  }
}
