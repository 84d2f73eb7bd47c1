// fdLockTimestamp values as FusionDirectory writes them: GeneralizedTime in UTC with trailing zero seconds and minutes stripped.

/**
 * Format a date as FusionDirectory's lock timestamp: `YYYYMMDDHHMMSSZ` in UTC, with `00` seconds dropped
 * and then `00` minutes dropped (fd-core.md §7.2).
 * @example formatLockTimestamp(new Date('2025-02-24T15:08:00Z')) // '202502241508Z'
 */
export function formatLockTimestamp(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  let text = `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}`;
  const minutes = pad(date.getUTCMinutes());
  const seconds = pad(date.getUTCSeconds());
  if (seconds !== '00') text += minutes + seconds;
  else if (minutes !== '00') text += minutes;
  return `${text}Z`;
}

/** Parse any GeneralizedTime (`YYYYMMDDHH[MM[SS]][.fff](Z|±HHMM)`); undefined when it is not one. */
export function parseLockTimestamp(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{2}(?:\d{2})?)$/.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi = '00', s = '00', frac, zone = 'Z'] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), frac ? Math.round(Number(`0.${frac}`) * 1000) : 0);
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const offset = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5) || '0');
    ms -= sign * offset * 60_000;
  }
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
