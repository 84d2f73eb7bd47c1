// Dates for the mask modifier `d[when,format]`: the subset of PHP's date/time strings that templates use
// ("now", "tomorrow", "today+6days", "+1 year", "last day of next month", "2024-09-01"…), evaluated in UTC
// as FusionDirectory does, and PHP's `date()` format letters.

/** A parsed `when` argument, independent of the current time. */
export interface DateExpression {
  /** Absolute starting point; absent = now. */
  absolute?: { epochSeconds: number } | { year: number; month: number; day: number; time?: TimeOfDay };
  /** Time of day set by `today`, `midnight`, `noon`, `tomorrow`, weekday names or `HH:MM[:SS]`. */
  time?: TimeOfDay;
  relative: { years: number; months: number; days: number; hours: number; minutes: number; seconds: number };
  /** `first day of` / `last day of` (applied after the month arithmetic). */
  dayOf?: 'first' | 'last';
  /** A weekday name: `monday` (today or later), `next monday` (after today), `last monday` (before today). */
  weekday?: { day: number; direction: 'this' | 'next' | 'last' };
}

interface TimeOfDay {
  hours: number;
  minutes: number;
  seconds: number;
}

/** Thrown by {@link parseDateExpression}; `offset` is the position of the problem in the expression. */
export class DateExpressionError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'DateExpressionError';
  }
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY_SHORT = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

type Unit = keyof DateExpression['relative'] | 'weeks' | 'fortnights';

const UNITS: Record<string, Unit> = {
  sec: 'seconds', secs: 'seconds', second: 'seconds', seconds: 'seconds',
  min: 'minutes', mins: 'minutes', minute: 'minutes', minutes: 'minutes',
  hour: 'hours', hours: 'hours',
  day: 'days', days: 'days',
  week: 'weeks', weeks: 'weeks',
  fortnight: 'fortnights', fortnights: 'fortnights',
  month: 'months', months: 'months',
  year: 'years', years: 'years',
};

function addUnit(expr: DateExpression, unit: Unit, amount: number): void {
  if (unit === 'weeks') expr.relative.days += 7 * amount;
  else if (unit === 'fortnights') expr.relative.days += 14 * amount;
  else expr.relative[unit] += amount;
}

function weekdayIndex(word: string): number {
  const long = WEEKDAYS.indexOf(word);
  return long >= 0 ? long : WEEKDAY_SHORT.indexOf(word);
}

const MIDNIGHT: TimeOfDay = { hours: 0, minutes: 0, seconds: 0 };

/**
 * Parses PHP's relative/absolute date syntax (the part templates use) into a {@link DateExpression}.
 * Unsupported or unknown words throw a {@link DateExpressionError}, where PHP would throw too.
 * @example parseDateExpression('today+30days')
 */
export function parseDateExpression(text: string): DateExpression {
  const expr: DateExpression = { relative: { years: 0, months: 0, days: 0, hours: 0, minutes: 0, seconds: 0 } };
  const source = text.toLowerCase();
  let pos = 0;
  const rest = (): string => source.slice(pos);
  const take = (re: RegExp): RegExpExecArray | null => {
    const m = re.exec(rest());
    if (m) pos += m[0].length;
    return m;
  };
  while (true) {
    take(/^[\s,]+/);
    if (pos >= source.length) break;
    const at = pos;
    let m: RegExpExecArray | null;
    if (take(/^now\b/)) continue;
    if (take(/^(today|midnight)\b/)) {
      expr.time = MIDNIGHT;
      continue;
    }
    if (take(/^noon\b/)) {
      expr.time = { hours: 12, minutes: 0, seconds: 0 };
      continue;
    }
    if (take(/^tomorrow\b/)) {
      expr.relative.days += 1;
      expr.time = MIDNIGHT;
      continue;
    }
    if (take(/^yesterday\b/)) {
      expr.relative.days -= 1;
      expr.time = MIDNIGHT;
      continue;
    }
    if ((m = take(/^@(-?\d+)/))) {
      setAbsolute(expr, { epochSeconds: Number(m[1]) }, at);
      continue;
    }
    // ISO date, optionally with a time and a UTC offset.
    if ((m = take(/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](\d{1,2}):(\d{2})(?::(\d{2}))?(z|[+-]\d{2}:?\d{2})?)?(?![\d:])/))) {
      const [, y, mo, d, h, mi, s, zone] = m;
      const date = checkedDate(Number(y), Number(mo), Number(d), at);
      if (h === undefined) {
        setAbsolute(expr, date, at);
      } else {
        const time = checkedTime(Number(h), Number(mi), Number(s ?? 0), at);
        if (zone === undefined || zone === 'z') {
          setAbsolute(expr, { ...date, time }, at);
        } else {
          const sign = zone.startsWith('-') ? -1 : 1;
          const digits = zone.slice(1).replace(':', '');
          const offset = sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2)) * 60);
          const utc = Date.UTC(date.year, date.month - 1, date.day, time.hours, time.minutes, time.seconds) / 1000 - offset;
          setAbsolute(expr, { epochSeconds: utc }, at);
        }
      }
      continue;
    }
    // European d.m.Y and American m/d/Y, as PHP reads them.
    if ((m = take(/^(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)/))) {
      setAbsolute(expr, checkedDate(Number(m[3]), Number(m[2]), Number(m[1]), at), at);
      continue;
    }
    if ((m = take(/^(\d{1,2})\/(\d{1,2})\/(\d{4})(?!\d)/))) {
      setAbsolute(expr, checkedDate(Number(m[3]), Number(m[1]), Number(m[2]), at), at);
      continue;
    }
    if ((m = take(/^(\d{1,2}):(\d{2})(?::(\d{2}))?(?!\d)/))) {
      expr.time = checkedTime(Number(m[1]), Number(m[2]), Number(m[3] ?? 0), at);
      continue;
    }
    if ((m = take(/^(first|last) day of\b/))) {
      expr.dayOf = m[1] as 'first' | 'last';
      continue;
    }
    if ((m = take(/^(next|last|previous|this)\s+([a-z]+)\b/))) {
      const word = m[2] as string;
      const direction = m[1] === 'this' ? 'this' : m[1] === 'next' ? 'next' : 'last';
      const day = weekdayIndex(word);
      if (day >= 0) {
        expr.weekday = { day, direction };
        expr.time ??= MIDNIGHT;
        continue;
      }
      const unit = UNITS[word];
      if (unit === undefined) throw new DateExpressionError(`unknown unit "${word}"`, at + m[0].length - word.length);
      addUnit(expr, unit, direction === 'this' ? 0 : direction === 'next' ? 1 : -1);
      continue;
    }
    if ((m = take(/^([+-]?)\s*(\d+)\s*([a-z]+)\b/))) {
      const unit = UNITS[m[3] as string];
      if (unit === undefined) throw new DateExpressionError(`unknown unit "${m[3]}"`, at);
      addUnit(expr, unit, (m[1] === '-' ? -1 : 1) * Number(m[2]));
      continue;
    }
    if (take(/^ago\b/)) {
      // PHP: "ago" negates every relative amount read so far.
      for (const key of Object.keys(expr.relative) as Array<keyof DateExpression['relative']>) {
        if (expr.relative[key] !== 0) expr.relative[key] = -expr.relative[key];
      }
      continue;
    }
    if ((m = take(/^[a-z]+\b/))) {
      const day = weekdayIndex(m[0]);
      if (day >= 0) {
        expr.weekday = { day, direction: 'this' };
        expr.time ??= MIDNIGHT;
        continue;
      }
      throw new DateExpressionError(`unknown word "${m[0]}"`, at);
    }
    throw new DateExpressionError(`cannot read "${text.slice(at)}"`, at);
  }
  return expr;
}

function setAbsolute(expr: DateExpression, absolute: NonNullable<DateExpression['absolute']>, at: number): void {
  if (expr.absolute !== undefined) throw new DateExpressionError('two absolute dates', at);
  expr.absolute = absolute;
}

function checkedDate(year: number, month: number, day: number, at: number): { year: number; month: number; day: number } {
  if (month < 1 || month > 12 || day < 1 || day > 31) throw new DateExpressionError('invalid date', at);
  return { year, month, day };
}

function checkedTime(hours: number, minutes: number, seconds: number, at: number): TimeOfDay {
  if (hours > 24 || minutes > 59 || seconds > 60) throw new DateExpressionError('invalid time', at);
  return { hours, minutes, seconds };
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/** Evaluates a {@link DateExpression} against `now`, in UTC. */
export function resolveDateExpression(expr: DateExpression, now: Date): Date {
  let base = new Date(now.getTime());
  const abs = expr.absolute;
  if (abs !== undefined) {
    if ('epochSeconds' in abs) {
      base = new Date(abs.epochSeconds * 1000);
    } else {
      const t = abs.time ?? MIDNIGHT;
      base = new Date(Date.UTC(abs.year, abs.month - 1, abs.day, t.hours, t.minutes, t.seconds));
      // PHP's "2024-02-30" rolls over to March 1st; keep that. Years below 100 must not be read as 19xx.
      base.setUTCFullYear(abs.year, abs.month - 1, abs.day);
    }
  }
  let year = base.getUTCFullYear();
  let month = base.getUTCMonth();
  let day = base.getUTCDate();
  let { hours, minutes, seconds } = expr.time ?? { hours: base.getUTCHours(), minutes: base.getUTCMinutes(), seconds: base.getUTCSeconds() };
  const ms = expr.time === undefined ? base.getUTCMilliseconds() : 0;
  const rel = expr.relative;
  year += rel.years;
  month += rel.months;
  if (expr.dayOf !== undefined) {
    const first = new Date(Date.UTC(2000, 0, 1));
    first.setUTCFullYear(year, month, 1);
    year = first.getUTCFullYear();
    month = first.getUTCMonth();
    day = expr.dayOf === 'first' ? 1 : daysInMonth(year, month);
  }
  day += rel.days;
  hours += rel.hours;
  minutes += rel.minutes;
  seconds += rel.seconds;
  const result = new Date(Date.UTC(2000, 0, 1));
  result.setUTCFullYear(year, month, day);
  result.setUTCHours(hours, minutes, seconds, ms);
  if (expr.weekday !== undefined) {
    const { day: target, direction } = expr.weekday;
    const current = result.getUTCDay();
    let delta = (target - current + 7) % 7;
    if (direction === 'next' && delta === 0) delta = 7;
    if (direction === 'last') delta = delta === 0 ? -7 : delta - 7;
    result.setUTCDate(result.getUTCDate() + delta);
  }
  return result;
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

function englishSuffix(day: number): string {
  if (day >= 11 && day <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
}

function isoWeek(date: Date): { week: number; year: number } {
  // The ISO week is the week of this week's Thursday; week 1 holds the year's first Thursday.
  const thursday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  thursday.setUTCDate(thursday.getUTCDate() + 4 - (thursday.getUTCDay() || 7));
  const year = thursday.getUTCFullYear();
  const week = Math.ceil(((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return { week, year };
}

function formatYear(year: number): string {
  return (year < 0 ? '-' : '') + pad(year, 4);
}

/**
 * Formats a date with PHP's `date()` letters, in UTC (FusionDirectory builds its DateTime in UTC).
 * `\x` prints `x` literally; letters PHP does not define are printed as they are.
 * @example formatPhpDate(new Date('2017-03-15T14:12:18Z'), 'l jS \\of F Y h:i:s A') // 'Wednesday 15th of March 2017 02:12:18 PM'
 */
export function formatPhpDate(date: Date, format: string): string {
  const Y = date.getUTCFullYear();
  const n = date.getUTCMonth() + 1;
  const j = date.getUTCDate();
  const w = date.getUTCDay();
  const G = date.getUTCHours();
  const i = date.getUTCMinutes();
  const s = date.getUTCSeconds();
  const ms = date.getUTCMilliseconds();
  const g = G % 12 === 0 ? 12 : G % 12;
  const leap = (Y % 4 === 0 && Y % 100 !== 0) || Y % 400 === 0;
  const dayOfYear = Math.round((Date.UTC(Y, n - 1, j) - Date.UTC(Y, 0, 1)) / 86_400_000);
  const epoch = Math.floor(date.getTime() / 1000);
  const weekdayName = (WEEKDAYS[w] as string).replace(/^./, (c) => c.toUpperCase());
  const monthName = MONTHS[n - 1] as string;
  let out = '';
  for (let k = 0; k < format.length; k++) {
    const c = format[k] as string;
    switch (c) {
      case 'd': out += pad(j); break;
      case 'D': out += weekdayName.slice(0, 3); break;
      case 'j': out += String(j); break;
      case 'l': out += weekdayName; break;
      case 'N': out += String(w === 0 ? 7 : w); break;
      case 'S': out += englishSuffix(j); break;
      case 'w': out += String(w); break;
      case 'z': out += String(dayOfYear); break;
      case 'W': out += pad(isoWeek(date).week); break;
      case 'F': out += monthName; break;
      case 'm': out += pad(n); break;
      case 'M': out += monthName.slice(0, 3); break;
      case 'n': out += String(n); break;
      case 't': out += String(daysInMonth(Y, n - 1)); break;
      case 'L': out += leap ? '1' : '0'; break;
      case 'o': out += String(isoWeek(date).year); break;
      case 'X': out += (Y >= 0 ? '+' : '') + formatYear(Y); break;
      case 'x': out += Y >= 10_000 ? `+${Y}` : formatYear(Y); break;
      case 'Y': out += formatYear(Y); break;
      case 'y': out += pad(Y % 100); break;
      case 'a': out += G < 12 ? 'am' : 'pm'; break;
      case 'A': out += G < 12 ? 'AM' : 'PM'; break;
      case 'B': out += pad(Math.floor((((epoch + 3600) % 86_400) + 86_400) % 86_400 / 86.4), 3); break;
      case 'g': out += String(g); break;
      case 'G': out += String(G); break;
      case 'h': out += pad(g); break;
      case 'H': out += pad(G); break;
      case 'i': out += pad(i); break;
      case 's': out += pad(s); break;
      case 'u': out += pad(ms * 1000, 6); break;
      case 'v': out += pad(ms, 3); break;
      case 'e': case 'T': out += 'UTC'; break;
      case 'I': case 'Z': out += '0'; break;
      case 'O': out += '+0000'; break;
      case 'P': out += '+00:00'; break;
      case 'p': out += 'Z'; break;
      case 'c': out += `${formatYear(Y)}-${pad(n)}-${pad(j)}T${pad(G)}:${pad(i)}:${pad(s)}+00:00`; break;
      case 'r': out += `${weekdayName.slice(0, 3)}, ${pad(j)} ${monthName.slice(0, 3)} ${formatYear(Y)} ${pad(G)}:${pad(i)}:${pad(s)} +0000`; break;
      case 'U': out += String(epoch); break;
      case '\\':
        k++;
        if (k < format.length) out += format[k];
        break;
      default: out += c;
    }
  }
  return out;
}

/** Days since 1970-01-01 (what `shadowExpire` stores): PHP's `floor(U / 86400)`. */
export function daysSinceEpoch(date: Date): number {
  return Math.floor(Math.floor(date.getTime() / 1000) / 86_400);
}
