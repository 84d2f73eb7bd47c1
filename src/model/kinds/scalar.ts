// Scalar kinds with a typed JSON form: integer, boolean, select, date, DN, binary, base.
import type { AttributeDecl } from '../declarations.ts';
import { configChoices } from '../configChoices.ts';
import { type AttributeKind, type CheckContext, type Problem, type Value, ValueError } from './AttributeKind.ts';

const first = (values: readonly (string | Buffer)[]): string | undefined => {
  const v = values[0];
  return v === undefined ? undefined : typeof v === 'string' ? v : v.toString('utf8');
};
const describe = (input: unknown) => (input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input);

export const integerKind: AttributeKind = {
  multiValued: false,
  binary: false,
  empty: () => null,
  decode: (values) => {
    const v = first(values);
    if (v === undefined || v.trim() === '') return null;
    const n = Number(v);
    // A non-numeric value written by another tool is kept as text, so it is shown and not lost.
    return Number.isFinite(n) ? n : v;
  },
  encode: (value) => (value === null || value === '' ? [] : [String(value)]),
  fromJson: (input, decl) => {
    if (input === null || input === '') return null;
    if (typeof input === 'number' && Number.isInteger(input)) return input;
    if (typeof input === 'string' && /^-?\d+$/.test(input.trim())) return Number(input.trim());
    throw new ValueError(`"${decl.name}" expects a whole number, got ${typeof input === 'string' ? `"${input}"` : describe(input)}.`);
  },
  toJson: (value) => (value === null ? '' : value),
  check: (value, decl) => {
    if (decl.kind !== 'integer') return [];
    if (typeof value !== 'number') return [{ code: 'value.integer', message: `"${String(value)}" is not a whole number for "${decl.name}".` }];
    const problems: Problem[] = [];
    if (decl.min !== undefined && value < decl.min) problems.push({ code: 'value.range', message: `"${decl.name}" must be at least ${decl.min}.`, params: { min: decl.min } });
    if (decl.max !== undefined && value > decl.max) problems.push({ code: 'value.range', message: `"${decl.name}" must be at most ${decl.max}.`, params: { max: decl.max } });
    return problems;
  },
  isEmpty: (value) => value === null || value === '',
  jsonSchema: (decl) => ({
    oneOf: [{ type: 'integer', ...(decl.kind === 'integer' && decl.min !== undefined ? { minimum: decl.min } : {}), ...(decl.kind === 'integer' && decl.max !== undefined ? { maximum: decl.max } : {}) }, { const: '' }],
  }),
};

function booleanStrings(decl: AttributeDecl): { t: string; f: string } {
  return decl.kind === 'boolean' ? { t: decl.trueValue ?? 'TRUE', f: decl.falseValue ?? 'FALSE' } : { t: 'TRUE', f: 'FALSE' };
}

export const booleanKind: AttributeKind = {
  multiValued: false,
  binary: false,
  empty: () => false,
  decode: (values, decl) => first(values) === booleanStrings(decl).t,
  encode: (value, decl) => {
    const { t, f } = booleanStrings(decl);
    const s = value === true ? t : f;
    return s === '' ? [] : [s];
  },
  fromJson: (input, decl) => {
    const { t, f } = booleanStrings(decl);
    if (typeof input === 'boolean') return input;
    if (input === 1 || input === '1' || input === t || input === 'TRUE' || input === 'true') return true;
    if (input === 0 || input === '0' || input === f || input === 'FALSE' || input === 'false' || input === null) return false;
    throw new ValueError(`"${decl.name}" expects true or false, got ${typeof input === 'string' ? `"${input}"` : describe(input)}.`);
  },
  toJson: (value) => value === true,
  check: () => [],
  // false is a value for a boolean: a required boolean is always set.
  isEmpty: () => false,
  jsonSchema: () => ({ type: 'boolean' }),
};

/** A nomenclature code (docs/nomenclatures.md): for prefixed lists, the message says whether the prefix or the code is unknown. */
function checkNomenclature(value: string, name: string, source: { list: string; prefixed?: boolean; unknown?: string }, context: CheckContext): Problem[] {
  const { nomenclatures, stored } = context;
  const { list } = source;
  const prefixed = source.prefixed === true;
  if (!nomenclatures || nomenclatures.has(list, prefixed, value) || stored?.has(value) || value === source.unknown) return [];
  const problem = (message: string, params: Record<string, string> = {}): Problem[] => [{ code: 'value.choice', message, params: { list, ...params } }];
  if (!prefixed) {
    return nomenclatures.size(list, false) === 0
      ? problem(`"${value}" cannot be a value of "${name}": no "${list}" nomenclature file is installed.`)
      : problem(`"${value}" is not a code of the "${list}" nomenclature for "${name}".`);
  }
  const prefixes = nomenclatures.prefixes(list);
  if (prefixes.length === 0) return problem(`"${value}" cannot be a value of "${name}": no "${list}_*" nomenclature file is installed.`);
  const known = prefixes.map((p) => `{${p}}`).join(', ');
  const m = /^\{([^}]*)\}(.*)$/s.exec(value);
  if (!m) return problem(`"${value}" has no prefix for "${name}": write it {PREFIX}code with a prefix of the "${list}" nomenclatures (${known}).`);
  const prefix = m[1]!;
  if (!prefixes.includes(prefix)) return problem(`"${value}" has the prefix {${prefix}}, which no "${list}" nomenclature has, for "${name}" (known: ${known}).`, { prefix });
  return problem(`"${m[2]!}" is not a code of the "${list}_${prefix}" nomenclature for "${name}".`, { prefix });
}

/** One of the current values of another attribute (FusionDirectory's primary affiliation among the affiliations). */
function checkAmongValues(value: string, name: string, attribute: string, context: CheckContext): Problem[] {
  if (!context.valuesOf) return [];
  const values = context.valuesOf(attribute);
  if (values.includes(value)) return [];
  return [
    {
      code: 'value.choice',
      message: `"${value}" is not in the list of possible choices for "${name}": the values of "${attribute}" (${values.length > 0 ? values.join(', ') : 'none'}).`,
      params: { attribute },
    },
  ];
}

export const selectKind: AttributeKind = {
  multiValued: false,
  binary: false,
  empty: () => '',
  decode: (values) => first(values) ?? '',
  encode: (value) => (value === '' || value === null ? [] : [String(value)]),
  fromJson: (input, decl) => {
    if (input === null) return '';
    if (typeof input === 'string') return input;
    if (typeof input === 'number') return String(input);
    throw new ValueError(`"${decl.name}" expects one of its choices as a string, got ${describe(input)}.`);
  },
  toJson: (value) => value,
  check: (value, decl, context) => {
    if (decl.kind === 'select' && 'choicesFromNomenclature' in decl) return checkNomenclature(String(value), decl.name, decl.choicesFromNomenclature, context);
    if (decl.kind === 'select' && 'choicesFromValues' in decl) return checkAmongValues(String(value), decl.name, decl.choicesFromValues.attribute, context);
    let choices = decl.kind === 'select' && 'choices' in decl ? decl.choices : context.choices;
    // Choices from the configuration or from objects change over time: a value the entry already had stays (as
    // FusionDirectory adds the current value to the choices), whole attribute or composite part alike.
    if (decl.kind === 'select' && !('choices' in decl) && context.stored?.has(String(value))) return [];
    if (!choices && decl.kind === 'select' && 'choicesFromConfig' in decl && context.configList) choices = configChoices(decl.choicesFromConfig, context.configList);
    if (!choices) return [];
    return choices.some((c) => c.value === value)
      ? []
      : [{ code: 'value.choice', message: `"${String(value)}" is not one of the choices of "${decl.name}": ${choices.map((c) => c.value).join(', ')}.` }];
  },
  isEmpty: (value) => value === '' || value === null,
  jsonSchema: (decl) => (decl.kind === 'select' && 'choices' in decl ? { type: 'string', enum: ['', ...decl.choices.map((c) => c.value)] } : { type: 'string' }),
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDay = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const DAY = 86_400_000;

/** A calendar day from a GeneralizedTime, tolerating the hour-only and fraction forms some tools write. */
export function parseGeneralizedTime(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?(?:[.,]\d+)?(Z|[+-]\d{2}(?:\d{2})?)?$/.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone = 'Z'] = m;
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(base)) return undefined;
  let offset = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5) || '0')) * 60_000;
  }
  return new Date(base - offset);
}

function parseDay(input: string): Date | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.trim());
  if (iso) {
    const d = new Date(Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])));
    return isoDay(d) === input.trim() ? d : undefined;
  }
  return parseGeneralizedTime(input);
}

/** Dates: JSON `YYYY-MM-DD` (GeneralizedTime accepted on input); the LDAP form depends on `encoding`. */
export const dateKind: AttributeKind = {
  multiValued: false,
  binary: false,
  empty: () => '',
  decode: (values, decl) => {
    const v = first(values)?.trim();
    if (!v || decl.kind !== 'date') return '';
    let d: Date | undefined;
    switch (decl.encoding) {
      case 'generalizedTime':
      case 'generalizedTimeHour':
        d = parseGeneralizedTime(v);
        break;
      case 'epochDays':
        d = /^-?\d+$/.test(v) ? new Date(Number(v) * DAY) : undefined;
        break;
      case 'epochSeconds':
        d = /^-?\d+$/.test(v) ? new Date(Number(v) * 1000) : undefined;
        break;
      case 'ymd':
        d = /^\d{8}$/.test(v) ? parseGeneralizedTime(v) : undefined;
        break;
      case 'isoDate':
        d = parseDay(v);
        break;
    }
    return d ? isoDay(d) : v;
  },
  encode: (value, decl) => {
    if (value === '' || value === null || decl.kind !== 'date') return [];
    const d = parseDay(String(value));
    if (!d) return [String(value)];
    const compact = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
    switch (decl.encoding) {
      case 'generalizedTime':
        return [`${compact}000000Z`];
      case 'generalizedTimeHour':
        return [`${compact}00Z`];
      case 'epochDays':
        return [String(Math.floor(d.getTime() / DAY))];
      case 'epochSeconds':
        return [String(Math.floor(d.getTime() / 1000))];
      case 'ymd':
        return [compact];
      case 'isoDate':
        return [isoDay(d)];
    }
  },
  fromJson: (input, decl) => {
    if (input === null || input === '') return '';
    if (typeof input !== 'string') throw new ValueError(`"${decl.name}" expects a date "YYYY-MM-DD", got ${describe(input)}.`);
    const d = parseDay(input);
    if (!d) throw new ValueError(`"${input}" is not a date for "${decl.name}"; write it YYYY-MM-DD.`);
    return isoDay(d);
  },
  toJson: (value) => value,
  check: (value, decl) => (parseDay(String(value)) ? [] : [{ code: 'value.date', message: `"${String(value)}" is not a valid date for "${decl.name}".` }]),
  isEmpty: (value) => value === '' || value === null,
  jsonSchema: () => ({ type: 'string', format: 'date' }),
};

/** One DN. Syntax is checked here; existence and type by the object services. */
export const dnKind: AttributeKind = {
  multiValued: false,
  binary: false,
  empty: () => '',
  decode: (values) => first(values) ?? '',
  encode: (value) => (value === '' || value === null ? [] : [String(value)]),
  fromJson: (input, decl) => {
    if (input === null) return '';
    if (typeof input !== 'string') throw new ValueError(`"${decl.name}" expects a DN string, got ${describe(input)}.`);
    return input.trim();
  },
  toJson: (value) => value,
  check: (value, decl) => (/^[A-Za-z][\w.;-]*=/.test(String(value)) ? [] : [{ code: 'value.dn', message: `"${String(value)}" is not a DN for "${decl.name}".` }]),
  isEmpty: (value) => value === '' || value === null,
  jsonSchema: () => ({ type: 'string', description: 'A distinguished name' }),
};

/** Bytes, base64 in JSON. */
export const binaryKind: AttributeKind = {
  multiValued: false,
  binary: true,
  empty: () => null,
  decode: (values) => {
    const v = values[0];
    return v === undefined ? null : typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
  },
  encode: (value) => (Buffer.isBuffer(value) && value.length > 0 ? [value] : []),
  fromJson: (input, decl) => {
    if (input === null || input === '') return null;
    if (typeof input !== 'string' || !/^[A-Za-z0-9+/\s]*={0,2}$/.test(input)) throw new ValueError(`"${decl.name}" expects base64 data.`);
    return Buffer.from(input, 'base64');
  },
  toJson: (value) => (Buffer.isBuffer(value) ? value.toString('base64') : ''),
  check: () => [],
  isEmpty: (value) => value === null || (Buffer.isBuffer(value) && value.length === 0),
  jsonSchema: () => ({ type: 'string', contentEncoding: 'base64' }),
};

/** The department an object lives in: computed from its DN, not stored in LDAP. */
export const baseKind: AttributeKind = {
  ...dnKind,
  decode: () => '',
  encode: () => [],
};

export type { Value };

/** `YYYYMMDDhhmmss` (LDAP) ⇄ `YYYY-MM-DDThh:mm:ss` (JSON): a wall-clock date and time, no time zone. */
const LOCAL_DATE_TIME = /^(\d{4})-?(\d{2})-?(\d{2})[T ]?(\d{2}):?(\d{2})(?::?(\d{2}))?$/;

function parseLocalDateTime(text: string): string | undefined {
  const m = LOCAL_DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '00'] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  // Refuse 2026-02-30 or 25:00 rather than rolling them over.
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d) || date.getUTCHours() !== Number(h) || date.getUTCMinutes() !== Number(mi) || date.getUTCSeconds() !== Number(s)) return undefined;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}`;
}

/** FusionDirectory's DateTimeAttribute of tasks (`fdTasksScheduleDate`): stored as typed, no time-zone conversion. */
export const dateTimeKind: AttributeKind = {
  multiValued: false,
  binary: false,
  empty: () => '',
  decode: (values) => {
    const v = first(values)?.trim() ?? '';
    return parseLocalDateTime(v) ?? v;
  },
  encode: (value) => {
    if (value === '' || value === null) return [];
    const v = parseLocalDateTime(String(value));
    return [v ? v.replace(/[-T:]/g, '') : String(value)];
  },
  fromJson: (input, decl) => {
    if (input === null || input === '') return '';
    if (typeof input !== 'string') throw new ValueError(`"${decl.name}" expects a date and time "YYYY-MM-DDThh:mm", got ${describe(input)}.`);
    const v = parseLocalDateTime(input);
    if (!v) throw new ValueError(`"${input}" is not a date and time for "${decl.name}"; write it YYYY-MM-DDThh:mm (or YYYYMMDDhhmmss).`);
    return v;
  },
  toJson: (value) => value,
  check: (value, decl) => (parseLocalDateTime(String(value)) ? [] : [{ code: 'value.date', message: `"${String(value)}" is not a valid date and time for "${decl.name}".` }]),
  isEmpty: (value) => value === '' || value === null,
  jsonSchema: () => ({ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?$', description: 'Wall-clock date and time in the directory\'s time zone (fdTimezone), stored YYYYMMDDhhmmss.' }),
};
