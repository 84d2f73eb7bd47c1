// What the life cycle, the reminder and the prolongation page do to a user's SupAnn resource states: calendar days in
// the directory's timezone, the rewrite of supannRessourceEtatDate (with its projection), and the password lock the
// `{COMPTE}` state commands, applied with the SupAnn tab's own functions (src/plugins/supann/status/).
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import { planUserLock } from '../../passwords/locking.ts';
import { parseResourceState, projectResourceState } from '../../plugins/supann/status/resourceStates.ts';
import { accountLockAction } from '../../plugins/supann/status/supannLock.ts';
import { formatCompactTime } from './localTime.ts';

/** Today (`YYYYMMDD`) on the directory's wall clock. */
export function todayIn(now: Date, timeZone: string): string {
  return formatCompactTime(now, timeZone).slice(0, 8);
}

/** Whether a text is a calendar day `YYYYMMDD`. */
export function isDay(text: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

const utcOf = (day: string): number => Date.UTC(+day.slice(0, 4), +day.slice(4, 6) - 1, +day.slice(6, 8));
const dayOfUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');

/**
 * A day plus a number of calendar days.
 * @example addDays('20261126', 30) // '20261226'
 */
export function addDays(day: string, days: number): string {
  return dayOfUtc(utcOf(day) + days * 86_400_000);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcOf(to) - utcOf(from)) / 86_400_000);
}

/** The day `shadowExpire` (days since 1970-01-01) designates. */
export function dayOfShadowExpire(value: number): string {
  return dayOfUtc(value * 86_400_000);
}

/** `YYYYMMDD` → `YYYY-MM-DD`, for answers and pages. */
export function isoDay(day: string): string {
  return `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;
}

/**
 * Replace a user's resource states, and their projection supannRessourceEtat, in one modify (FusionDirectory's
 * orchestrator writes only the former and has FusionDirectory recompute the latter; both are written here so that the
 * entry is right even before the user is re-saved).
 */
export async function writeResourceStates(gateway: LdapGateway, userDn: string, lines: string[]): Promise<void> {
  const projected = [...new Set(lines.map(parseResourceState).filter((l) => l !== undefined).map(projectResourceState))];
  await gateway.modify(userDn, [
    { operation: 'replace', attribute: 'supannRessourceEtatDate', values: lines },
    { operation: 'replace', attribute: 'supannRessourceEtat', values: projected },
  ]);
}

/**
 * Lock or unlock the user's password as the `{COMPTE}` state says (`A` unlocked, `I`/`S` locked), exactly as a save
 * of the SupAnn tab does (supannLock.ts `applyAccountLock`): nothing when there is no `{COMPTE}` line or the password
 * is already in that state. Returns what was done.
 * @throws PasswordLockError when the password is stored in clear text
 */
export async function followAccountLock(gateway: LdapGateway, userDn: string): Promise<'locked' | 'unlocked' | 'unchanged'> {
  const entry = await gateway.read(userDn, ['supannRessourceEtatDate', 'userPassword']);
  if (!entry) return 'unchanged';
  const action = accountLockAction(entry.get('supannRessourceEtatDate'));
  if (!action) return 'unchanged';
  const plan = planUserLock(action, entry.first('userPassword'));
  if (!plan.changed) return 'unchanged';
  await gateway.modify(userDn, plan.changes);
  return action === 'lock' ? 'locked' : 'unlocked';
}
