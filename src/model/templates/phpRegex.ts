// PHP (PCRE) regular expressions as FusionDirectory masks write them — `/\s/`, `#[^a-z]#i` — turned into
// JavaScript RegExps, and PHP's preg_replace() replacement syntax (`$1`, `\1`, `${1}`).

/** A malformed pattern; `offset` is relative to the start of the pattern text. */
export class PhpRegexError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'PhpRegexError';
  }
}

/** A PCRE pattern compiled for JavaScript: `source` and `flags` (always with `u`, never with `g`). */
export interface PhpRegex {
  /** The PHP text, delimiters and flags included, e.g. `/\s/i`. */
  php: string;
  source: string;
  flags: string;
}

const PAIRS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '<': '>' };
/** Characters a `u`-mode JavaScript RegExp accepts after a backslash as themselves. */
const SYNTAX = new Set('^$\\.*+?()[]{}|/-'.split(''));

/**
 * Finds the end of a delimited PHP pattern starting at `text[start]` (the delimiter), flags included,
 * the way PCRE does: backslash escapes the next character, bracket delimiters nest. Returns the index
 * just after the last flag letter.
 */
export function scanPhpRegex(text: string, start: number): number {
  const open = text[start];
  if (open === undefined || /[\sA-Za-z0-9\\]/.test(open)) {
    throw new PhpRegexError('a regular expression must start with a delimiter such as "/"', 0);
  }
  const close = PAIRS[open] ?? open;
  let depth = 0;
  let k = start + 1;
  for (; k < text.length; k++) {
    const c = text[k];
    if (c === '\\') {
      k++;
      continue;
    }
    if (close !== open && c === open) depth++;
    else if (c === close) {
      if (depth === 0) break;
      depth--;
    }
  }
  if (k >= text.length) throw new PhpRegexError(`no closing delimiter "${close}"`, 0);
  k++;
  while (k < text.length && /[A-Za-z]/.test(text[k] as string)) k++;
  return k;
}

/**
 * Compiles a complete delimited PHP pattern. PHP adds the `u` flag to FusionDirectory's patterns, which
 * also makes `\d` and `\w` Unicode-aware; that is kept. Flags `i`, `m`, `s`, `A`, `D`, `S`, `u` are
 * supported; `x`, `U`, `J` and others are refused rather than silently ignored.
 * @example compilePhpRegex('/\\s+/') // { source: '\\s+', flags: 'u', … }
 */
export function compilePhpRegex(php: string): PhpRegex {
  const end = scanPhpRegex(php, 0);
  if (end !== php.length) throw new PhpRegexError('unexpected text after the regular expression', end);
  const open = php[0] as string;
  const close = PAIRS[open] ?? open;
  const closeAt = php.lastIndexOf(close);
  const body = php.slice(1, closeAt);
  const phpFlags = php.slice(closeAt + 1);
  let flags = 'u';
  let dollarEndOnly = false;
  for (const [index, f] of [...phpFlags].entries()) {
    if (f === 'i' || f === 'm' || f === 's') {
      if (!flags.includes(f)) flags += f;
    } else if (f === 'A') {
      if (!flags.includes('y')) flags += 'y';
    } else if (f === 'D') {
      dollarEndOnly = true;
    } else if (f !== 'u' && f !== 'S' && f !== 'X') {
      throw new PhpRegexError(`unsupported regular expression flag "${f}"`, closeAt + 1 + index);
    }
  }
  const source = translateBody(body, open, close, !flags.includes('m') && !dollarEndOnly);
  try {
    new RegExp(source, flags);
  } catch (error) {
    throw new PhpRegexError(`invalid regular expression: ${(error as Error).message}`, 0);
  }
  return { php, source, flags };
}

/** Rewrites the PCRE features JavaScript spells differently. */
function translateBody(body: string, open: string, close: string, dollarBeforeFinalNewline: boolean): string {
  let out = '';
  let inClass = false;
  for (let k = 0; k < body.length; k++) {
    const c = body[k] as string;
    if (c === '\\') {
      const next = body[k + 1];
      k++;
      if (next === undefined) return out + '\\\\';
      if ((next === open || next === close) && !SYNTAX.has(next)) out += next; // escaped delimiter
      else if (next === 'd') out += '\\p{Nd}';
      else if (next === 'D') out += '\\P{Nd}';
      else if (next === 'w') out += inClass ? '\\p{L}\\p{N}_' : '[\\p{L}\\p{N}_]';
      else if (next === 'W' && !inClass) out += '[^\\p{L}\\p{N}_]';
      else if (next === 'A' && !inClass) out += '(?<![\\s\\S])';
      else if (next === 'z' && !inClass) out += '(?![\\s\\S])';
      else if (next === 'Z' && !inClass) out += '(?=\\n?(?![\\s\\S]))';
      else out += c + next;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // PCRE reads a `]` right after `[` or `[^` as a literal; JavaScript needs it escaped.
      if (body[k + 1] === '^') {
        out += '^';
        k++;
      }
      if (body[k + 1] === ']') {
        out += '\\]';
        k++;
      }
      continue;
    }
    if (c === '(' && body.startsWith('(?P<', k)) {
      out += '(?<';
      k += 3;
      continue;
    }
    if (c === '$' && dollarBeforeFinalNewline) {
      // PCRE's `$` also matches before a final newline.
      out += '(?=\\n?(?![\\s\\S]))';
      continue;
    }
    out += c;
  }
  return out;
}

/** One part of a preg_replace() replacement: literal text or a group number. */
export type ReplacementPart = string | number;

/**
 * Parses a preg_replace() replacement: `\n`, `$n` and `${n}` (n up to two digits) refer to groups;
 * every other character, backslashes included, is literal — PHP has no other escape here.
 */
export function parsePhpReplacement(replacement: string): ReplacementPart[] {
  const parts: ReplacementPart[] = [];
  let text = '';
  let k = 0;
  while (k < replacement.length) {
    const c = replacement[k] as string;
    if (c === '\\' || c === '$') {
      const m = (c === '$' ? /^\$(?:\{(\d{1,2})\}|(\d{1,2}))/ : /^\\(\d{1,2})/).exec(replacement.slice(k));
      if (m) {
        if (text !== '') parts.push(text);
        text = '';
        parts.push(Number(m[1] ?? m[2]));
        k += m[0].length;
        continue;
      }
    }
    text += c;
    k++;
  }
  if (text !== '') parts.push(text);
  return parts;
}

/** preg_replace(): replaces every match of `regex` in `value`. */
export function phpReplace(value: string, regex: PhpRegex, replacement: readonly ReplacementPart[]): string {
  const re = new RegExp(regex.source, `${regex.flags}g`);
  return value.replace(re, (...args: unknown[]) => {
    // The callback gets (match, ...groups, offset, input) plus a groups object when the regex names groups.
    const hasNamedGroups = typeof args[args.length - 1] === 'object';
    const groups = args.slice(0, hasNamedGroups ? -3 : -2) as Array<string | undefined>;
    return replacement.map((part) => (typeof part === 'string' ? part : (groups[part] ?? ''))).join('');
  });
}

/** preg_match(): whether `regex` matches somewhere in `value`. */
export function phpMatches(value: string, regex: PhpRegex): boolean {
  return new RegExp(regex.source, regex.flags).test(value);
}
