// FusionDirectory's mask language (reference fd-core.md §6.2): `%attr%`, `%<modifiers>|attr%`, `%|%`, a
// leading `%%`. Used by templates, triggers, fdCnPattern, the postal address pattern, ACL target filters and
// foreign-key filters. parseMask() builds a syntax tree; expandMask() evaluates it into candidate strings.
import { randomInt as cryptoRandomInt } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

import { MaskError } from './MaskError.ts';
import { GENERATOR_MODIFIERS, LIST_MODIFIERS, ModifierSyntaxError, readModifier, type Modifier } from './modifiers.ts';
import { daysSinceEpoch, formatPhpDate, resolveDateExpression } from './phpDate.ts';
import { phpMatches, phpReplace } from './phpRegex.ts';
import { removeAccents, transliterate } from './transliterate.ts';

export type { Modifier, ModifierName, SubstringLength } from './modifiers.ts';
export { MODIFIER_NAMES } from './modifiers.ts';

/** Literal text of a mask (a `%|%` becomes a text node holding `%`). */
export interface TextNode {
  type: 'text';
  value: string;
  start: number;
  end: number;
}

/** `%attr%` or `%modifiers|attr%`; `attribute` is '' for `%r|%`-style placeholders that read no attribute. */
export interface PlaceholderNode {
  type: 'placeholder';
  attribute: string;
  modifiers: Modifier[];
  /** Offset of the opening `%`. */
  start: number;
  /** Offset just after the closing `%`. */
  end: number;
}

export type MaskNode = TextNode | PlaceholderNode;

export interface ParsedMask {
  source: string;
  /** The mask started with `%%`: the rest is taken as it is, never parsed (FusionDirectory uses it for binary values). */
  verbatim: boolean;
  nodes: MaskNode[];
}

/** Persistent counters for the `e` modifier; {@link IncrementalCounters} keeps them as `fdIncrementalModifierStates` does. */
export interface IncrementalCounterStore {
  /** Returns the next value of counter `id`: `start` the first time, then the previous value plus `step`. `date` is today, `Y-m-d` (UTC). */
  next(id: string, options: { start: number; step: number; date: string }): number;
}

/** What a mask may need besides attribute values; everything is injectable so tests are deterministic. */
export interface MaskContext {
  /** The current time for `d` and `e` (default: the clock). Read once per expansion. */
  now?: Date | (() => Date);
  /** A uniform random integer in [min, max] for `r` (default: crypto.randomInt). */
  randomInt?: (min: number, max: number) => number;
  /** Counter store for `e`; a mask using `e` without one is an error. */
  counters?: IncrementalCounterStore;
  /** `fdStrictNamingRules` (default true): how `a[uid]` cleans a value. */
  strictNamingRules?: boolean;
  /** Escapes every substituted value (not the mask's literal text), e.g. for an LDAP filter or a shell command. */
  escape?: (value: string) => string;
}

/** Values a mask reads, by attribute name (looked up exactly first, then ignoring case). */
export type MaskValues = Readonly<Record<string, readonly string[]>>;

/**
 * Parses a mask. A `%` opens a placeholder only when another `%` follows with something in between;
 * any other `%` is literal text, as in FusionDirectory (so `100%` stays `100%`). Throws a {@link MaskError}
 * with the offset of the problem for an unknown modifier, a bad argument or an unclosed `[`.
 * @example parseMask('%as[1]|givenName%%a|sn%%n|%')
 */
export function parseMask(mask: string): ParsedMask {
  if (mask.startsWith('%%')) {
    return { source: mask, verbatim: true, nodes: mask.length > 2 ? [{ type: 'text', value: mask.slice(2), start: 2, end: mask.length }] : [] };
  }
  const nodes: MaskNode[] = [];
  let text = '';
  let textStart = 0;
  const flushText = (end: number): void => {
    if (text !== '') nodes.push({ type: 'text', value: text, start: textStart, end });
    text = '';
  };
  let pos = 0;
  while (pos < mask.length) {
    const open = mask.indexOf('%', pos);
    const close = open < 0 ? -1 : mask.indexOf('%', open + 1);
    if (open < 0 || close < 0) {
      if (text === '') textStart = pos;
      text += mask.slice(pos);
      break;
    }
    if (close === open + 1) {
      // `%%` inside a mask: the first `%` is text; the second may open a placeholder.
      if (text === '') textStart = pos;
      text += mask.slice(pos, open + 1);
      pos = open + 1;
      continue;
    }
    if (open > pos) {
      if (text === '') textStart = pos;
      text += mask.slice(pos, open);
    }
    const content = mask.slice(open + 1, close);
    if (content === '|') {
      if (text === '') textStart = open;
      text += '%';
    } else {
      flushText(open);
      nodes.push(parsePlaceholder(mask, content, open));
    }
    pos = close + 1;
  }
  flushText(mask.length);
  return { source: mask, verbatim: false, nodes };
}

function parsePlaceholder(mask: string, content: string, open: number): PlaceholderNode {
  const end = open + content.length + 2;
  if (!content.includes('|')) return { type: 'placeholder', attribute: content, modifiers: [], start: open, end };
  if (content.startsWith('|')) throw new MaskError('nothing before "|": write %attr% or %modifiers|attr%', mask, open + 1);
  const modifiers: Modifier[] = [];
  let k = 0;
  try {
    while (content[k] !== '|') {
      if (k >= content.length) throw new ModifierSyntaxError('expected "|" between the modifiers and the attribute name', open + 1 + k);
      const modifier = readModifier(content, k, open + 1);
      modifiers.push(modifier);
      k = modifier.end - open - 1;
    }
  } catch (error) {
    if (error instanceof ModifierSyntaxError) throw new MaskError(error.message, mask, error.offset);
    throw error;
  }
  return { type: 'placeholder', attribute: content.slice(k + 1), modifiers, start: open, end };
}

/** Whether a placeholder's attribute value matters (a `c` modifier throws it away). */
function readsAttribute(node: PlaceholderNode): boolean {
  return node.attribute !== '' && !node.modifiers.some((m) => m.name === 'c');
}

/**
 * The attribute names a mask reads, in order, without repeats: what a template field depends on.
 * Placeholders with a `c` modifier or without an attribute (`%r|%`) read none.
 */
export function maskAttributes(mask: string | ParsedMask): string[] {
  const parsed = typeof mask === 'string' ? parseMask(mask) : mask;
  const names: string[] = [];
  for (const node of parsed.nodes) {
    if (node.type === 'placeholder' && readsAttribute(node) && !names.includes(node.attribute)) names.push(node.attribute);
  }
  return names;
}

/** Whether a mask holds at least one placeholder (a `%%`-prefixed mask holds none). */
export function hasPlaceholders(mask: string | ParsedMask): boolean {
  const parsed = typeof mask === 'string' ? parseMask(mask) : mask;
  return parsed.nodes.some((n) => n.type === 'placeholder');
}

// ---- candidate sequences ------------------------------------------------------------------------

/** Candidate strings of one placeholder: a finite list, or endless (after `n`). Re-iterable. */
class Candidates implements Iterable<string> {
  private constructor(
    private readonly source: () => Iterable<string>,
    /** The candidates when finite. */
    readonly list: readonly string[] | undefined,
  ) {}

  static of(values: Iterable<string>): Candidates {
    const list = [...new Set(values)];
    return new Candidates(() => list, list);
  }

  static endless(source: () => Iterable<string>): Candidates {
    return new Candidates(source, undefined);
  }

  flatMap(f: (value: string) => readonly string[]): Candidates {
    if (this.list !== undefined) return Candidates.of(this.list.flatMap(f));
    const source = this.source;
    return Candidates.endless(function* () {
      const seen = new Set<string>();
      for (const value of source()) {
        for (const out of f(value)) {
          if (!seen.has(out)) {
            seen.add(out);
            yield out;
          }
        }
      }
    });
  }

  first(): string {
    for (const value of this.source()) return value;
    return '';
  }

  [Symbol.iterator](): Iterator<string> {
    return this.source()[Symbol.iterator]();
  }
}

/** The result of a modifier chain: still the attribute's list of values, or candidate strings. */
type Stage = { kind: 'values'; values: readonly string[] } | { kind: 'candidates'; candidates: Candidates };

// ---- evaluation ---------------------------------------------------------------------------------

/**
 * Every string a mask can produce, in the order FusionDirectory tries them: the last placeholder varies
 * slowest, so `%s[1-3]|givenName%%n|%` tries `j`, `jo`, `joh` before `j1`. Iterate it (lazily: `n` makes it
 * endless) or read `value`, the first candidate. Placeholders are evaluated once, when it is built
 * (so `r`, `d` and `e` are drawn once).
 */
export class MaskExpansion implements Iterable<string> {
  /** The first candidate: what a mask gives where uniqueness does not matter. */
  readonly value: string;

  constructor(
    /** The mask text. */
    readonly source: string,
    private readonly nodes: readonly MaskNode[],
    private readonly candidates: readonly Candidates[],
    /** The mask has at least one placeholder (FusionDirectory checks uniqueness only then). */
    readonly hasPlaceholders: boolean,
  ) {
    this.value = this.assemble(candidates.map((c) => c.first()));
  }

  /** Exactly one candidate: nothing to choose. */
  get single(): boolean {
    return this.candidates.every((c) => c.list !== undefined && c.list.length === 1);
  }

  /** The candidates never run out (an `n` modifier). */
  get endless(): boolean {
    return this.candidates.some((c) => c.list === undefined);
  }

  /** The first `limit` distinct candidates. */
  take(limit: number): string[] {
    const out: string[] = [];
    if (limit <= 0) return out;
    for (const value of this) {
      out.push(value);
      if (out.length >= limit) break;
    }
    return out;
  }

  *[Symbol.iterator](): Iterator<string> {
    const seen = new Set<string>();
    for (const choice of this.combinations(this.candidates.length - 1)) {
      const value = this.assemble(choice);
      if (!seen.has(value)) {
        seen.add(value);
        yield value;
      }
    }
  }

  private *combinations(index: number): Generator<string[]> {
    if (index < 0) {
      yield [];
      return;
    }
    for (const value of this.candidates[index] as Candidates) {
      for (const earlier of this.combinations(index - 1)) yield [...earlier, value];
    }
  }

  private assemble(choice: readonly string[]): string {
    let out = '';
    let k = 0;
    for (const node of this.nodes) out += node.type === 'text' ? node.value : (choice[k++] ?? '');
    return out;
  }
}

/**
 * Expands a mask with attribute values. Multi-valued attributes give their first value unless a list
 * modifier (`F L J C M 4 6`) says otherwise. Throws a {@link MaskError} for a malformed mask or an unknown
 * attribute (unless the placeholder has a `c` modifier).
 * @example expandMask('%las[1-2]|givenName%%la|sn%%n|%', { givenName: ['Zoë'], sn: ['Ørsted'] }).take(4)
 *   // ['zorsted', 'zoorsted', 'zorsted1', 'zoorsted1']
 */
export function expandMask(mask: string | ParsedMask, values: MaskValues, context: MaskContext = {}): MaskExpansion {
  const parsed = typeof mask === 'string' ? parseMask(mask) : mask;
  if (parsed.verbatim) return new MaskExpansion(parsed.source, parsed.nodes, [], false);
  const now = typeof context.now === 'function' ? context.now() : (context.now ?? new Date());
  const placeholders = parsed.nodes.filter((n): n is PlaceholderNode => n.type === 'placeholder');
  const candidates = placeholders.map((node) => {
    const result = evaluatePlaceholder(node, parsed.source, values, context, now);
    const escape = context.escape;
    return escape === undefined ? result : result.flatMap((v) => [escape(v)]);
  });
  return new MaskExpansion(parsed.source, parsed.nodes, candidates, placeholders.length > 0);
}

/** The first candidate of {@link expandMask}: what triggers, cn/postal patterns and filters use. */
export function expandMaskValue(mask: string | ParsedMask, values: MaskValues, context: MaskContext = {}): string {
  return expandMask(mask, values, context).value;
}

/**
 * Picks the first candidate not already taken, as FusionDirectory does when a template fills an attribute
 * (`isTaken` typically searches `(attr=value)` under the base, archived values included). A single
 * candidate is returned without asking. When every candidate of a finite list is taken the first one is
 * returned, as FusionDirectory does (the save's own uniqueness check then reports it); an endless list
 * (`n`) gives up after `maxAttempts` lookups with a MaskError.
 */
export async function chooseUniqueValue(
  expansion: MaskExpansion,
  isTaken: (value: string) => boolean | Promise<boolean>,
  options: { maxAttempts?: number; attribute?: string } = {},
): Promise<string> {
  if (!expansion.hasPlaceholders || expansion.single) return expansion.value;
  const maxAttempts = options.maxAttempts ?? 1000;
  let attempts = 0;
  for (const value of expansion) {
    if (attempts >= maxAttempts) {
      throw new MaskError(`no free value found after ${maxAttempts} candidates`, expansion.source, 0, options.attribute);
    }
    attempts++;
    if (!(await isTaken(value))) return value;
  }
  return expansion.value;
}

function lookup(values: MaskValues, name: string): readonly string[] | undefined {
  const exact = values[name];
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const [key, list] of Object.entries(values)) if (key.toLowerCase() === lower) return list;
  return undefined;
}

function evaluatePlaceholder(node: PlaceholderNode, mask: string, values: MaskValues, context: MaskContext, now: Date): Candidates {
  let stage: Stage;
  if (node.attribute === '') {
    stage = { kind: 'values', values: [] };
  } else {
    const found = lookup(values, node.attribute);
    if (found === undefined && !node.modifiers.some((m) => m.name === 'c')) {
      throw new MaskError(`unknown attribute "${node.attribute}"`, mask, node.start);
    }
    stage = { kind: 'values', values: found ?? [] };
  }
  for (const modifier of node.modifiers) stage = applyModifier(modifier, stage, mask, context, now);
  return stage.kind === 'values' ? Candidates.of([stage.values[0] ?? '']) : stage.candidates;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

function applyModifier(modifier: Modifier, stage: Stage, mask: string, context: MaskContext, now: Date): Stage {
  if (GENERATOR_MODIFIERS.has(modifier.name)) {
    return { kind: 'candidates', candidates: generate(modifier, mask, context, now) };
  }
  if (LIST_MODIFIERS.has(modifier.name)) {
    let list: readonly string[];
    if (stage.kind === 'values') list = stage.values;
    else if (stage.candidates.list !== undefined) list = stage.candidates.list;
    else throw new MaskError(`modifier ${modifier.name} cannot follow n: its list of candidates is endless`, mask, modifier.position);
    return { kind: 'values', values: applyListModifier(modifier, list) };
  }
  // A string modifier reads the first value; after another string modifier it applies to every
  // candidate (FusionDirectory kept only the first: see docs/compatibility.md, "Template masks").
  const input = stage.kind === 'values' ? Candidates.of([stage.values[0] ?? '']) : stage.candidates;
  return { kind: 'candidates', candidates: input.flatMap((value) => applyStringModifier(modifier, value, mask, context)) };
}

function generate(modifier: Modifier, mask: string, context: MaskContext, now: Date): Candidates {
  switch (modifier.name) {
    case 'd': {
      const date = resolveDateExpression(modifier.when, now);
      if (Number.isNaN(date.getTime())) throw new MaskError(`date "${modifier.whenText}" is out of range`, mask, modifier.position);
      return Candidates.of([modifier.format === 'epoch' ? String(daysSinceEpoch(date)) : formatPhpDate(date, modifier.format)]);
    }
    case 'e': {
      if (context.counters === undefined) throw new MaskError('modifier e needs a counter store (fdIncrementalModifierStates)', mask, modifier.position);
      const value = context.counters.next(modifier.id, { start: modifier.start, step: modifier.step, date: formatPhpDate(now, 'Y-m-d') });
      return Candidates.of([String(value)]);
    }
    case 'n': {
      const { always, start, step } = modifier;
      return Candidates.endless(function* () {
        if (!always) yield '';
        for (let i = start; ; i += step) yield String(i);
      });
    }
    case 'r': {
      const random = context.randomInt ?? ((min: number, max: number) => cryptoRandomInt(min, max + 1));
      const length = modifier.minLength === modifier.maxLength ? modifier.minLength : random(modifier.minLength, modifier.maxLength);
      const alphabet = modifier.chars === 'l' ? LETTERS : modifier.chars === 'd' ? DIGITS : LETTERS + DIGITS;
      let out = '';
      for (let k = 0; k < length; k++) out += alphabet[random(0, alphabet.length - 1)] ?? '';
      return Candidates.of([out]);
    }
    default:
      throw new Error(`not a generator modifier: ${modifier.name}`);
  }
}

function applyListModifier(modifier: Modifier, values: readonly string[]): readonly string[] {
  switch (modifier.name) {
    case 'F':
      return [values[0] ?? ''];
    case 'L':
      return [values[values.length - 1] ?? ''];
    case 'J':
      return [values.join(modifier.separator)];
    case 'C':
      return [String(values.length)];
    case 'M': {
      const pattern = modifier.pattern;
      return values.filter((v) => phpMatches(v, pattern));
    }
    case '4':
      return values.filter((v) => isIPv4(v));
    case '6':
      return values.filter((v) => !v.includes('%') && isIPv6(v));
    default:
      throw new Error(`not a list modifier: ${modifier.name}`);
  }
}

function applyStringModifier(modifier: Modifier, value: string, mask: string, context: MaskContext): string[] {
  switch (modifier.name) {
    case 'a':
      return [removeAccents(value, modifier.mode, context.strictNamingRules ?? true)];
    case 'b':
      return [modifier.decode ? decodeBase64(value, mask, modifier.position) : Buffer.from(value, 'utf8').toString('base64')];
    case 'c':
      return [''];
    case 'i':
      return [titleCase(value)];
    case 'l':
      return [value.toLowerCase()];
    case 'u':
      return [value.toUpperCase()];
    case 'p':
      return [phpReplace(value, modifier.pattern, modifier.replacement)];
    case 's': {
      const { start, length } = modifier;
      if (typeof length === 'number') return [substring(value, start, length)];
      const out: string[] = [];
      for (let len = length.from; len <= length.to; len++) out.push(substring(value, start, len));
      return out;
    }
    case 't':
      return modifier.locales.map((locale) => transliterate(value, locale));
    default:
      throw new Error(`not a string modifier: ${modifier.name}`);
  }
}

/** PHP's mb_substr(): by code point; a negative start counts from the end, a negative length stops before the end. */
function substring(value: string, start: number, length: number): string {
  const chars = Array.from(value);
  const n = chars.length;
  const from = start < 0 ? Math.max(n + start, 0) : Math.min(start, n);
  const to = length < 0 ? Math.max(n + length, from) : Math.min(from + length, n);
  return chars.slice(from, to).join('');
}

/** Title case as PHP's mb_convert_case(MB_CASE_TITLE) does it since PHP 7.3 (Unicode Cased / Case_Ignorable). */
function titleCase(value: string): string {
  let out = '';
  let inWord = false;
  for (const char of value) {
    if (/\p{Cased}/u.test(char)) {
      out += inWord ? char.toLowerCase() : char === 'ß' ? 'Ss' : char.toUpperCase();
      inWord = true;
    } else {
      out += char;
      if (!/\p{Case_Ignorable}/u.test(char)) inWord = false;
    }
  }
  return out;
}

function decodeBase64(value: string, mask: string, at: number): string {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new MaskError('b[d]: the value is not base64', mask, at);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(compact, 'base64'));
  } catch {
    throw new MaskError('b[d]: the decoded value is not UTF-8 text', mask, at);
  }
}
