// Text kinds: string (pattern, trim, forbidden characters), text, postal address, mail, phone, URL, read-only.
import type { AttributeDecl } from '../declarations.ts';
import { type AttributeKind, type Problem, type Value, ValueError } from './AttributeKind.ts';

const str = (values: readonly (string | Buffer)[]): string => {
  const v = values[0];
  return v === undefined ? '' : typeof v === 'string' ? v : v.toString('utf8');
};

function requireString(input: unknown, decl: AttributeDecl): string {
  if (typeof input === 'string') return input;
  if (typeof input === 'number' && Number.isFinite(input)) return String(input);
  throw new ValueError(`"${decl.name}" expects a string, got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}.`);
}

/** The base of single-valued text kinds; `normalise` applies to input, `problems` to non-empty values. */
function textKind(options: {
  normalise?: (s: string, decl: AttributeDecl) => string;
  problems?: (s: string, decl: AttributeDecl) => Problem[];
  schema?: (decl: AttributeDecl) => Record<string, unknown>;
  decode?: (values: readonly (string | Buffer)[]) => string;
  encode?: (s: string) => string;
}): AttributeKind {
  return {
    multiValued: false,
    binary: false,
    empty: () => '',
    decode: (values) => (options.decode ? options.decode(values) : str(values)),
    encode: (value) => (value === '' || value === null ? [] : [options.encode ? options.encode(String(value)) : String(value)]),
    fromJson: (input, decl) => {
      if (input === null) return '';
      const s = requireString(input, decl);
      return options.normalise ? options.normalise(s, decl) : s;
    },
    toJson: (value) => value,
    check: (value, decl) => (options.problems ? options.problems(String(value), decl) : []),
    isEmpty: (value) => value === '' || value === null,
    jsonSchema: (decl) => ({ type: 'string', ...(options.schema ? options.schema(decl) : {}) }),
  };
}

/** Anchored pattern from a declaration's JavaScript regular expression source. */
export function anchored(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

export const stringKind = textKind({
  normalise: (s, decl) => (decl.kind === 'string' && decl.trim !== false ? s.trim() : s),
  problems: (s, decl) => {
    if (decl.kind !== 'string') return [];
    const problems: Problem[] = [];
    if (/[\r\n]/.test(s)) problems.push({ code: 'value.single_line', message: `"${decl.name}" must be on one line.` });
    if (decl.forbiddenCharacters) {
      const bad = [...new Set([...s].filter((c) => decl.forbiddenCharacters!.includes(c)))];
      if (bad.length) problems.push({ code: 'value.forbidden_characters', message: `"${decl.name}" must not contain ${bad.map((c) => `"${c}"`).join(' ')}.`, params: { characters: bad.join('') } });
    }
    if (decl.pattern && !anchored(decl.pattern).test(s)) {
      problems.push({ code: 'value.pattern', message: decl.patternMessage ?? `"${s}" is not a valid value for "${decl.name}".`, params: { pattern: decl.pattern } });
    }
    return problems;
  },
  schema: (decl) => (decl.kind === 'string' && decl.pattern ? { pattern: `^(?:${decl.pattern})$` } : {}),
});

export const textAreaKind = textKind({ normalise: (s) => s.replace(/\r\n?/g, '\n') });

/** RFC 4517 postal address: lines separated by `$`; `$` and `\` inside a line are `\24` and `\5C`. */
export function decodePostalAddress(value: string): string {
  return value
    .split('$')
    .map((line) => line.replace(/\\24/gi, '$').replace(/\\5c/gi, '\\'))
    .join('\n');
}
export function encodePostalAddress(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/\\/g, '\\5C').replace(/\$/g, '\\24'))
    .join('$');
}
export const postalAddressKind = textKind({
  normalise: (s) => s.replace(/\r\n?/g, '\n'),
  decode: (values) => decodePostalAddress(str(values)),
  encode: encodePostalAddress,
});

// An address with a dot-free domain (user@localhost) is accepted, as FusionDirectory does.
const MAIL = /^[^\s@"(),:;<>[\\\]]+(?:\.[^\s@"(),:;<>[\\\]]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
export function isMail(s: string): boolean {
  return MAIL.test(s);
}
export const mailKind = textKind({
  normalise: (s) => s.trim(),
  problems: (s, decl) => (isMail(s) ? [] : [{ code: 'value.mail', message: `"${s}" is not a valid e-mail address for "${decl.name}".` }]),
  schema: () => ({ format: 'email' }),
});

const PHONE = /^[/0-9 ()+*-]+$/;
export const phoneKind = textKind({
  normalise: (s) => s.trim(),
  problems: (s, decl) => (PHONE.test(s) ? [] : [{ code: 'value.phone', message: `"${s}" is not a valid phone number for "${decl.name}".` }]),
});

export const urlKind = textKind({
  normalise: (s) => s.trim(),
  problems: (s, decl) => {
    let ok = false;
    try {
      const u = new URL(s.split(' ')[0] ?? '');
      ok = u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      ok = false;
    }
    return ok ? [] : [{ code: 'value.url', message: `"${s}" is not a valid http(s) URL for "${decl.name}".` }];
  },
  schema: () => ({ format: 'uri' }),
});

/** Shown, never written: a client sending a value gets an error. */
export const readOnlyKind = (multi: boolean): AttributeKind => ({
  multiValued: multi,
  binary: false,
  empty: () => (multi ? [] : ''),
  decode: (values) => (multi ? values.map((v) => (typeof v === 'string' ? v : v.toString('utf8'))) : str(values)),
  encode: () => [],
  fromJson: (_input, decl) => {
    throw new ValueError(`"${decl.name}" is read-only.`);
  },
  toJson: (value: Value) => value,
  check: () => [],
  isEmpty: (value) => (Array.isArray(value) ? value.length === 0 : value === '' || value === null),
  jsonSchema: () => (multi ? { type: 'array', items: { type: 'string' }, readOnly: true } : { type: 'string', readOnly: true }),
});
