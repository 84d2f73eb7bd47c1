// Calendar days in the forms SupAnn data holds them: `YYYYMMDD` (resource states), GeneralizedTime at hour precision
// `YYYYMMDD00Z` (FusionDirectory's date-only GeneralizedTime), full GeneralizedTime, and `YYYY-MM-DD` (FusionDirectory's
// flat supannCMSDateFin bug, fd-plugins.md §3.12; also what a date field of the interface sends).

const GENERALIZED_TIME = /^(\d{8})\d{2}(?:\d{2}(?:\d{2})?)?(?:[.,]\d+)?(?:Z|[+-]\d{2}(?:\d{2})?)$/;

/** A real day `YYYYMMDD`, or undefined. */
function realDay(y: string, m: string, d: string): string | undefined {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  const ok = date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
  return ok ? `${y}${m}${d}` : undefined;
}

/**
 * The calendar day `YYYYMMDD` of a date in any of the forms SupAnn data holds, or undefined when it is none.
 * The day is the one written, whatever the time zone: these values mean a day, not an instant.
 * @example supannDay('2026083100Z') // '20260831'
 * @example supannDay('2026-08-31') // '20260831'
 */
export function supannDay(text: string): string | undefined {
  const value = text.trim();
  let m = /^(\d{4})(\d{2})(\d{2})(?:\d{2})?$/.exec(value);
  if (m) return realDay(m[1]!, m[2]!, m[3]!);
  m = GENERALIZED_TIME.exec(value);
  if (m) return realDay(m[1]!.slice(0, 4), m[1]!.slice(4, 6), m[1]!.slice(6, 8));
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return realDay(m[1]!, m[2]!, m[3]!);
  return undefined;
}

/** Whether a value is a GeneralizedTime the directory accepts (a time zone, at least the hour). */
export function isGeneralizedTime(text: string): boolean {
  return GENERALIZED_TIME.test(text.trim()) && supannDay(text) !== undefined;
}

/**
 * A day as FusionDirectory writes date-only GeneralizedTime values: at hour precision, `YYYYMMDD00Z`.
 * @example fdGeneralizedDay('20260831') // '2026083100Z'
 */
export function fdGeneralizedDay(day: string): string {
  return `${day}00Z`;
}

/** Today as `YYYYMMDD` (UTC). */
export function todayDay(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10).replaceAll('-', '');
}
