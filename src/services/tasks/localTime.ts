// Wall-clock times of FusionDirectory's task entries in the directory's `fdTimezone` (IANA), converted to and from
// instants with Intl (DST included), and the cycle arithmetic of repeatable tasks (fd-orchestrator-tools.md §1.6.7).

/** A wall-clock time: month 1–12. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export type CycleSchedule = 'Yearly' | 'Monthly' | 'Weekly' | 'Daily' | 'Hourly';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the zone (`Europe/Paris`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock of an instant in a zone. */
export function wallClockOf(date: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatterOf(timeZone).formatToParts(date)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

const asUtc = (w: WallClock): number => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
const sameWall = (a: WallClock, b: WallClock): boolean => asUtc(a) === asUtc(b);

/** Offset of the zone (ms, east positive) at an instant. */
function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return asUtc(wallClockOf(new Date(whole), timeZone)) - whole;
}

/**
 * The instant a wall-clock time designates in a zone. A time that occurs twice (autumn) is its first occurrence; a
 * time that does not exist (spring gap) is pushed forward by the gap, as PHP's DateTime does (02:30 → 03:30).
 */
export function dateOfWallClock(w: WallClock, timeZone: string): Date {
  // Normalise overflowing fields (day 32, month 13) through Date.UTC first.
  const local = asUtc(w);
  const normal = wallClockOf(new Date(local), 'UTC');
  const before = offsetAt(local - 86_400_000, timeZone);
  const after = offsetAt(local + 86_400_000, timeZone);
  const candidates = [...new Set([before, offsetAt(local, timeZone), after])]
    .map((o) => local - o)
    .filter((t) => sameWall(wallClockOf(new Date(t), timeZone), normal))
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? local - before);
}

const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/;

/**
 * `YYYYMMDDhhmmss` (FusionDirectory's `fdTasksScheduleDate` / `fdTasksGranularSchedule`, no zone) read as wall-clock
 * time in `timeZone`; undefined when empty or malformed.
 * @example parseCompactTime('20240130080000', 'Europe/Paris') // 2024-01-30T07:00:00.000Z
 */
export function parseCompactTime(text: string | undefined, timeZone: string): Date | undefined {
  const m = COMPACT.exec((text ?? '').trim());
  if (!m) return undefined;
  const w: WallClock = { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0) };
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.day > 31 || w.hour > 23 || w.minute > 59 || w.second > 59) return undefined;
  return dateOfWallClock(w, timeZone);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** An instant as `YYYYMMDDhhmmss` wall-clock time in `timeZone`. */
export function formatCompactTime(date: Date, timeZone: string): string {
  const w = wallClockOf(date, timeZone);
  return `${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}${pad(w.hour)}${pad(w.minute)}${pad(w.second)}`;
}

/** An instant as FusionDirectory's `Y-m-d H:i:s` (`fdTasksLastExec`) in `timeZone`. */
export function formatFdDateTime(date: Date, timeZone: string): string {
  const w = wallClockOf(date, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** `Y-m-d H:i:s` read in `timeZone` (`fdTasksLastExec`); undefined when malformed. */
export function parseFdDateTime(text: string | undefined, timeZone: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec((text ?? '').trim());
  if (!m) return undefined;
  return dateOfWallClock({ year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]! }, timeZone);
}

/** An instant as FusionDirectory's `Y-m-d h:i:sa` (`fdTasksCreationDate`: 12-hour clock, `am`/`pm`) in `timeZone`. */
export function formatFdCreationDate(date: Date, timeZone: string): string {
  const w = wallClockOf(date, timeZone);
  const h12 = w.hour % 12 === 0 ? 12 : w.hour % 12;
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(h12)}:${pad(w.minute)}:${pad(w.second)}${w.hour < 12 ? 'am' : 'pm'}`;
}

/** `Y-m-d h:i:sa` read in `timeZone`; undefined when malformed. */
export function parseFdCreationDate(text: string | undefined, timeZone: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) ?([ap]m)$/i.exec((text ?? '').trim());
  if (!m) return undefined;
  const h12 = +m[4]!;
  if (h12 < 1 || h12 > 12) return undefined;
  const hour = (h12 % 12) + (m[7]!.toLowerCase() === 'pm' ? 12 : 0);
  return dateOfWallClock({ year: +m[1]!, month: +m[2]!, day: +m[3]!, hour, minute: +m[5]!, second: +m[6]! }, timeZone);
}

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** `fdTasksRepeatableSchedule` (case-insensitive) as a schedule name, or undefined when unknown. */
export function cycleScheduleOf(value: string | undefined): CycleSchedule | undefined {
  const v = (value ?? '').trim().toLowerCase();
  return (['Yearly', 'Monthly', 'Weekly', 'Daily', 'Hourly'] as const).find((s) => s.toLowerCase() === v);
}

/**
 * When the next cycle of a repeatable task starts, given its last activation: calendar arithmetic on the wall clock
 * of `timeZone` (a day is a calendar day across DST; a month ends at the last day of a shorter month: Jan 31 → Feb 28
 * or 29; Feb 29 + 1 year → Feb 28), an hour is 3 600 s.
 */
export function nextCycle(lastExec: Date, schedule: CycleSchedule, timeZone: string): Date {
  if (schedule === 'Hourly') return new Date(lastExec.getTime() + 3_600_000);
  const w = wallClockOf(lastExec, timeZone);
  switch (schedule) {
    case 'Daily':
      return dateOfWallClock({ ...w, day: w.day + 1 }, timeZone);
    case 'Weekly':
      return dateOfWallClock({ ...w, day: w.day + 7 }, timeZone);
    case 'Monthly': {
      const year = w.year + (w.month === 12 ? 1 : 0);
      const month = w.month === 12 ? 1 : w.month + 1;
      return dateOfWallClock({ ...w, year, month, day: Math.min(w.day, daysInMonth(year, month)) }, timeZone);
    }
    case 'Yearly':
      return dateOfWallClock({ ...w, year: w.year + 1, day: Math.min(w.day, daysInMonth(w.year + 1, w.month)) }, timeZone);
  }
}

/** True when a full cycle has passed since `lastExec` (the Monthly case fixes FusionDirectory's months-component quirk). */
export function isCycleDue(lastExec: Date, schedule: CycleSchedule, now: Date, timeZone: string): boolean {
  return now.getTime() >= nextCycle(lastExec, schedule, timeZone).getTime();
}
