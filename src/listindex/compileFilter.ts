// Evaluates an LDAP filter on the list index's columns, with LDAP's semantics: matching rules per
// attribute (matching.ts), multi-valued attributes, and three-valued logic (an item on an attribute
// without the needed rule, or with an invalid assertion value, is Undefined; (!Undefined) is
// Undefined; only TRUE selects an entry). Whatever cannot be done exactly is refused at compile time.
import type { FilterNode, FilterValue } from '../ldap/filter.ts';
import { dnKey } from './dnKey.ts';
import { prepareCaseExact, prepareCaseIgnore, prepareNumericString, prepareTelephone } from './fold.ts';
import type { EqualityRule, MatchingTable, OrderingRule, SubstringsRule } from './matching.ts';

export const FALSE = 0;
export const TRUE = 1;
export const UNDEFINED = 2;
export type Truth = typeof FALSE | typeof TRUE | typeof UNDEFINED;

/** Values of one attribute for every slot: a string, several, or none. */
export type Column = readonly (string | readonly string[] | undefined)[];

/** A compiled filter: the truth value of the filter for the entry in `slot`. */
export type SlotFilter = (slot: number) => Truth;

export interface FilterEnvironment {
  matching: MatchingTable;
  /** The column of an indexed attribute (canonical lower-case name), or undefined. */
  column(canonicalName: string): Column | undefined;
  /** The same column with every value prepared for caseIgnore matching ({@link prepareCaseIgnore}), if kept. */
  preparedColumn?(canonicalName: string): Column | undefined;
}

/** Why a filter cannot be evaluated in memory. */
export class NotEvaluableError extends Error {
  override name = 'NotEvaluableError';
}

const constant =
  (t: Truth): SlotFilter =>
  () =>
    t;

/**
 * Compiles a filter for in-memory evaluation.
 * @throws NotEvaluableError when some item cannot be evaluated exactly (attribute not indexed, unknown
 *   matching rule, approximate or extensible match, binary assertion value, attribute with subtypes)
 */
export function compileFilter(node: FilterNode, env: FilterEnvironment): SlotFilter {
  switch (node.type) {
    case 'and': {
      const parts = node.filters.map((f) => compileFilter(f, env));
      if (parts.length === 1) return parts[0] as SlotFilter;
      return (slot) => {
        let result: Truth = TRUE;
        for (const p of parts) {
          const t = p(slot);
          if (t === FALSE) return FALSE;
          if (t === UNDEFINED) result = UNDEFINED;
        }
        return result;
      };
    }
    case 'or': {
      const parts = node.filters.map((f) => compileFilter(f, env));
      if (parts.length === 1) return parts[0] as SlotFilter;
      return (slot) => {
        let result: Truth = FALSE;
        for (const p of parts) {
          const t = p(slot);
          if (t === TRUE) return TRUE;
          if (t === UNDEFINED) result = UNDEFINED;
        }
        return result;
      };
    }
    case 'not': {
      const inner = compileFilter(node.filter, env);
      return (slot) => {
        const t = inner(slot);
        return t === TRUE ? FALSE : t === FALSE ? TRUE : UNDEFINED;
      };
    }
    case 'present': {
      const column = columnOf(node.attribute, env);
      return (slot) => (column[slot] === undefined ? FALSE : TRUE);
    }
    case 'equality': {
      const column = columnOf(node.attribute, env);
      const rule = rulesOf(node.attribute, env).equality;
      if (rule === undefined) return constant(UNDEFINED);
      const prepared = rule === 'caseIgnore' || rule === 'oid' ? preparedOf(node.attribute, env) : undefined;
      if (prepared) {
        const value = text(node.value);
        if (rule === 'oid' && /^\s*\d/.test(value)) throw new NotEvaluableError('numeric OIDs are matched by the server');
        return anyEqual(prepared, prepareCaseIgnore(value));
      }
      const test = equalityTest(rule, text(node.value));
      return test === undefined ? constant(UNDEFINED) : anyValue(column, test);
    }
    case 'greaterOrEqual':
    case 'lessOrEqual': {
      const column = columnOf(node.attribute, env);
      const rule = rulesOf(node.attribute, env).ordering;
      if (rule === undefined) return constant(UNDEFINED);
      const prepared = rule === 'caseIgnore' ? preparedOf(node.attribute, env) : undefined;
      if (prepared) {
        const a = prepareCaseIgnore(text(node.value));
        return anyValue(prepared, node.type === 'greaterOrEqual' ? (v) => v >= a : (v) => v <= a);
      }
      const test = orderingTest(rule, text(node.value), node.type === 'greaterOrEqual');
      return test === undefined ? constant(UNDEFINED) : anyValue(column, test);
    }
    case 'substrings': {
      const column = columnOf(node.attribute, env);
      const rule = rulesOf(node.attribute, env).substrings;
      if (rule === undefined) return constant(UNDEFINED);
      const prepared = rule === 'caseIgnore' ? preparedOf(node.attribute, env) : undefined;
      return prepared ? anyValue(prepared, substringsTest(rule, node, true)) : anyValue(column, substringsTest(rule, node, false));
    }
    case 'approx':
      throw new NotEvaluableError(`approximate match on ${node.attribute} depends on the server's algorithm`);
    case 'extensible':
      throw new NotEvaluableError('extensible match filters are evaluated by the server');
  }
}

function columnOf(attribute: string, env: FilterEnvironment): Column {
  if (attribute.includes(';')) throw new NotEvaluableError(`attribute options are not indexed (${attribute})`);
  if (env.matching.hasSubtypes(attribute)) throw new NotEvaluableError(`${attribute} has subtypes, which a filter on it would match`);
  const column = env.column(env.matching.canonical(attribute));
  if (column === undefined) throw new NotEvaluableError(`${attribute} is not indexed`);
  return column;
}

function rulesOf(attribute: string, env: FilterEnvironment): NonNullable<ReturnType<MatchingTable['rulesOf']>> {
  const rules = env.matching.rulesOf(attribute);
  if (rules === undefined) throw new NotEvaluableError(`the matching rules of ${attribute} are unknown`);
  return rules;
}

function text(value: FilterValue): string {
  if (typeof value !== 'string') throw new NotEvaluableError('binary assertion values are evaluated by the server');
  return value;
}

function preparedOf(attribute: string, env: FilterEnvironment): Column | undefined {
  return env.preparedColumn?.(env.matching.canonical(attribute));
}

function anyEqual(column: Column, a: string): SlotFilter {
  return (slot) => {
    const v = column[slot];
    if (v === undefined) return FALSE;
    if (typeof v === 'string') return v === a ? TRUE : FALSE;
    return v.includes(a) ? TRUE : FALSE;
  };
}

function anyValue(column: Column, test: (value: string) => boolean): SlotFilter {
  return (slot) => {
    const v = column[slot];
    if (v === undefined) return FALSE;
    if (typeof v === 'string') return test(v) ? TRUE : FALSE;
    for (const one of v) if (test(one)) return TRUE;
    return FALSE;
  };
}

// ---- equality -----------------------------------------------------------------------------------

/** A test of stored values against the assertion, or undefined when the assertion value is invalid (Undefined). */
function equalityTest(rule: EqualityRule, assertion: string): ((value: string) => boolean) | undefined {
  switch (rule) {
    case 'caseIgnore': {
      const a = prepareCaseIgnore(assertion);
      return (v) => v === a || prepareCaseIgnore(v) === a;
    }
    case 'caseExact': {
      const a = prepareCaseExact(assertion);
      return (v) => v === a || prepareCaseExact(v) === a;
    }
    case 'telephone': {
      const a = prepareTelephone(assertion);
      return (v) => prepareTelephone(v) === a;
    }
    case 'numericString': {
      const a = prepareNumericString(assertion);
      return (v) => prepareNumericString(v) === a;
    }
    case 'integer': {
      const a = parseInteger(assertion);
      if (a === undefined) return undefined;
      return (v) => parseInteger(v) === a;
    }
    case 'oid': {
      // A numeric OID would have to be resolved against the schema (objectClass=2.5.6.6).
      if (/^\s*\d/.test(assertion)) throw new NotEvaluableError('numeric OIDs are matched by the server');
      const a = assertion.trim().toLowerCase();
      return (v) => v.toLowerCase() === a;
    }
    case 'dn': {
      let a: string;
      try {
        a = dnKey(assertion);
      } catch {
        return undefined;
      }
      return (v) => {
        try {
          return dnKey(v) === a;
        } catch {
          return false;
        }
      };
    }
    case 'boolean':
      if (assertion !== 'TRUE' && assertion !== 'FALSE') return undefined;
      return (v) => v === assertion;
    case 'generalizedTime': {
      const a = parseGeneralizedTime(assertion);
      if (a === undefined) return undefined;
      return (v) => parseGeneralizedTime(v) === a;
    }
    case 'uuid': {
      const a = assertion.toLowerCase();
      return (v) => v.toLowerCase() === a;
    }
    case 'csn':
    case 'octet':
      return (v) => v === assertion;
  }
}

// ---- ordering -----------------------------------------------------------------------------------

function orderingTest(rule: OrderingRule, assertion: string, greater: boolean): ((value: string) => boolean) | undefined {
  const cmp = <T extends string | number | bigint>(v: T | undefined, a: T): boolean => v !== undefined && (greater ? v >= a : v <= a);
  switch (rule) {
    case 'integer': {
      const a = parseInteger(assertion);
      if (a === undefined) return undefined;
      return (v) => cmp(parseInteger(v), a);
    }
    case 'generalizedTime': {
      const a = parseGeneralizedTime(assertion);
      if (a === undefined) return undefined;
      return (v) => cmp(parseGeneralizedTime(v), a);
    }
    case 'caseIgnore': {
      const a = prepareCaseIgnore(assertion);
      return (v) => cmp(prepareCaseIgnore(v), a);
    }
    case 'caseExact': {
      const a = prepareCaseExact(assertion);
      return (v) => cmp(prepareCaseExact(v), a);
    }
    case 'numericString': {
      const a = prepareNumericString(assertion);
      return (v) => cmp(prepareNumericString(v), a);
    }
    case 'uuid': {
      const a = assertion.toLowerCase();
      return (v) => cmp(v.toLowerCase(), a);
    }
    case 'octet':
    case 'csn':
      return (v) => cmp(v, assertion);
  }
}

// ---- substrings ---------------------------------------------------------------------------------

function substringsTest(rule: SubstringsRule, node: FilterNode & { type: 'substrings' }, valuesPrepared: boolean): (value: string) => boolean {
  const prepare =
    rule === 'caseIgnore' ? prepareCaseIgnore : rule === 'caseExact' ? prepareCaseExact : rule === 'telephone' ? prepareTelephone : rule === 'numericString' ? prepareNumericString : (s: string) => s;
  const part = (value: FilterValue | undefined): string | undefined => {
    if (value === undefined) return undefined;
    const t = text(value);
    // RFC 4518 §2.6.1 keeps some edge spaces of substring parts significant; leave those to the server.
    if ((rule === 'caseIgnore' || rule === 'caseExact') && /^\s|\s$|\s\s/.test(t)) throw new NotEvaluableError('substring parts with edge or doubled spaces are matched by the server');
    return prepare(t);
  };
  const initial = part(node.initial);
  const any = node.any.map((a) => part(a) as string);
  const final = part(node.final);
  return (raw) => {
    const v = valuesPrepared ? raw : prepare(raw);
    let pos = 0;
    if (initial !== undefined) {
      if (!v.startsWith(initial)) return false;
      pos = initial.length;
    }
    for (const a of any) {
      const at = v.indexOf(a, pos);
      if (at < 0) return false;
      pos = at + a.length;
    }
    if (final !== undefined) return v.length - final.length >= pos && v.endsWith(final);
    return true;
  };
}

// ---- value syntaxes -----------------------------------------------------------------------------

/** An INTEGER value (RFC 4517 §3.3.16), as a number when exact, else as a bigint; undefined when invalid. */
export function parseInteger(text: string): number | bigint | undefined {
  const t = text.trim();
  if (!/^-?(0|[1-9]\d*)$/.test(t)) return undefined;
  if (t.length < 16) return Number(t);
  return BigInt(t);
}

/**
 * A GeneralizedTime (RFC 4517 §3.3.13) as milliseconds since the epoch (fractions kept), or
 * undefined when invalid. `YYYYMMDDHH[MM[SS]][(.|,)fraction](Z|±HH[MM])`.
 */
export function parseGeneralizedTime(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(?:(\d{2})(\d{2})?)?(?:[.,](\d+))?(Z|[+-]\d{2}(?:\d{2})?)$/.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as [string, string, string, string, string, string | undefined, string | undefined, string | undefined, string];
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  let ms = Date.UTC(Number(y), month - 1, day, hour, minute, second);
  if (frac !== undefined) {
    // The fraction applies to the last unit given (hour, minute or second).
    const unit = s !== undefined ? 1_000 : mi !== undefined ? 60_000 : 3_600_000;
    ms += Number(`0.${frac}`) * unit;
  }
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const offset = Number(zone.slice(1, 3)) * 60 + (zone.length > 3 ? Number(zone.slice(3, 5)) : 0);
    ms -= sign * offset * 60_000;
  }
  return ms;
}
