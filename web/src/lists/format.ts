// Formatting for lists: DN pieces for the breadcrumb, dates of the date column kinds, counts with plurals.
import type { ListColumn } from '../api/contract.ts';
import type { Lang, Translate } from '../i18n/index.tsx';

/** The RDNs of a DN, first one first (escaped commas kept inside their RDN). */
export function splitDn(dn: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i]!;
    if (c === '\\' && i + 1 < dn.length) {
      current += c + dn[i + 1]!;
      i++;
    } else if (c === ',') {
      parts.push(current.trim());
      current = '';
    } else current += c;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** A DN in a form fit for comparing (DNs are case-insensitive here, spaces after commas do not count). */
export function normalizeDn(dn: string): string {
  return splitDn(dn).join(',').toLowerCase();
}

/** The value of a DN's first RDN, unescaped: `ou=Sales\, Paris,dc=x` → `Sales, Paris`. */
export function rdnValue(dn: string): string {
  const first = splitDn(dn)[0] ?? dn;
  const eq = first.indexOf('=');
  return (eq >= 0 ? first.slice(eq + 1) : first).replace(/\\(.)/g, '$1');
}

/** The DNs from `root` down to `dn` (both included), when dn is under root; [dn] otherwise. */
export function dnChain(dn: string, root: string): string[] {
  const parts = splitDn(dn);
  const rootLength = splitDn(root).length;
  if (!normalizeDn(dn).endsWith(normalizeDn(root)) || parts.length < rootLength) return [dn];
  const chain: string[] = [];
  for (let n = rootLength; n <= parts.length; n++) chain.push(parts.slice(parts.length - n).join(','));
  return chain;
}

/** A LDAP GeneralizedTime (`20240131123000Z`) as a Date, or null. */
export function parseGeneralizedTime(value: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?(?:[.,]\d+)?(Z|[+-]\d{2}(\d{2})?)?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  let iso = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  if (!zone || zone === 'Z') iso += 'Z';
  else iso += `${zone.slice(0, 3)}:${zone.slice(3, 5) || '00'}`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A value of a date column kind as a Date (null when it is not one). */
export function columnDate(kind: ListColumn['kind'], value: string): { date: Date; withTime: boolean } | null {
  if (kind === 'LdapGeneralizedTimeColumn') {
    const date = parseGeneralizedTime(value);
    return date ? { date, withTime: !/^\d{8}(0{6})?(Z)?$/.test(value.trim()) } : null;
  }
  const n = Number(value);
  if (!Number.isFinite(n) || value.trim() === '') return null;
  if (kind === 'UnixTimestampColumn') return { date: new Date(n * 1000), withTime: true };
  if (kind === 'EpochDaysColumn') return { date: new Date(n * 86_400_000), withTime: false };
  return null;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
export function formatDate(date: Date, withTime: boolean, lang: Lang): string {
  const key = `${lang}:${withTime}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium', timeZone: 'UTC' });
    dateFormats.set(key, f);
  }
  return f.format(date);
}

// Intl objects are slow to build (tens of ms for the first of a language): one of each per language.
const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

export function formatNumber(n: number, lang: Lang): string {
  let f = numberFormats.get(lang);
  if (!f) numberFormats.set(lang, (f = new Intl.NumberFormat(lang)));
  return f.format(n);
}

/** A message with a count: `<key>.one` or `<key>.other` by the language's plural rule, `{count}` formatted. */
export function plural(t: Translate, lang: Lang, key: string, count: number, params: Record<string, string | number> = {}): string {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  const form = rules.select(count) === 'one' ? 'one' : 'other';
  return t(`${key}.${form}`, { ...params, count: formatNumber(count, lang) });
}
