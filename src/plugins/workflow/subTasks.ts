// Sub-task generation when a task is activated (`fdSubTasksActivation`), shared by every task type tab
// (fd-core.md §8.3, fd-orchestrator-tools.md §1.5.2, §1.13): recipients expanded from users, groups, roles and
// dynamic groups; one `fdTasksGranular` entry per target, beside the main task.
import type { SaveContext } from '../../model/declarations.ts';
import { AppError } from '../../errors/AppError.ts';
import { escapeDnValue, parentDn } from '../../ldap/dn.ts';
import { escapeFilterValue } from '../../ldap/filter.ts';
import { formatCompactTime } from '../../services/tasks/localTime.ts';

type Entry = { dn: string; get(attribute: string): string[] };

const lower = (values: string[]) => new Set(values.map((v) => v.toLowerCase()));

/** Classes whose `member` values are the members (object groups, dynamic groups: dynlist fills `member`). */
const MEMBER_GROUPS = ['groupofnames', 'gosagroupofnames', 'groupofurls', 'groupofuniquenames'];

/**
 * The user DNs behind a list of DNs: users as they are; object groups, dynamic groups (their `member`, which the
 * dynlist overlay computes), roles (`roleOccupant`) and POSIX groups (`memberUid`) by their members, nested groups
 * included (each group once). FusionDirectory expands one level of `ou=groups` entries only; this reads the entries'
 * classes instead of their DN, so groups anywhere and roles are expanded too (docs/compatibility.md).
 */
export async function expandMembers(context: SaveContext, dns: readonly string[]): Promise<string[]> {
  const users = new Map<string, string>();
  const seen = new Set<string>();
  const visit = async (dn: string, depth: number): Promise<void> => {
    const key = dn.toLowerCase();
    if (seen.has(key) || depth > 8) return;
    seen.add(key);
    const entry = await context.readEntry(dn, ['objectClass', 'member', 'uniqueMember', 'roleOccupant', 'memberUid']);
    if (!entry) return;
    const classes = lower(entry.get('objectClass'));
    if (MEMBER_GROUPS.some((c) => classes.has(c)) || classes.has('organizationalrole') || classes.has('posixgroup')) {
      for (const m of [...entry.get('member'), ...entry.get('uniqueMember'), ...entry.get('roleOccupant')]) await visit(m, depth + 1);
      const uids = entry.get('memberUid');
      for (let i = 0; i < uids.length; i += 50) {
        const chunk = uids.slice(i, i + 50);
        const found = await context.searchEntries(`(&(objectClass=inetOrgPerson)(|${chunk.map((u) => `(uid=${escapeFilterValue(u)})`).join('')}))`, ['uid']);
        for (const f of found) await visit(f.dn, depth + 1);
      }
      return;
    }
    if (context.typeOf(entry as Entry & { names(): string[] }) === 'user' || classes.has('inetorgperson') || classes.has('person')) users.set(key, entry.dn);
  };
  for (const dn of dns) await visit(dn, 0);
  return [...users.values()];
}

/** The attribute a mail task takes recipients' addresses from (fdTasksMailType), and the class that carries it. */
export const MAIL_TYPES = ['mail', 'gosaMailAlternateAddress', 'gosaMailForwardingAddress', 'supannAutreMail', 'supannMailPerso', 'supannMailPrive'] as const;

/** The first address of each user in `attribute` (a `{LABEL}` prefix removed), without duplicates, in order. */
export async function addressesOf(context: SaveContext, userDns: readonly string[], attribute: string): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const dn of userDns) {
    const entry = await context.readEntry(dn, [attribute]);
    const value = entry?.get(attribute)[0]?.replace(/^\{[^}]*\}/, '').trim();
    if (!value || seen.has(value.toLowerCase())) continue;
    seen.add(value.toLowerCase());
    out.push(value);
  }
  return out;
}

/** One sub-task to create: its target (an address or a DN) and the type's attributes. */
export interface SubTaskTarget {
  /** Identifies the target within this activation (two reminders of one user are two targets). */
  key: string;
  attributes: Record<string, string | string[]>;
}

/** Whether the task is being activated by this save (the pseudo-attribute of the main tab). */
export function activating(context: SaveContext): boolean {
  const v = context.objectValues.fdSubTasksActivation;
  return v === true || v === 'TRUE';
}

/**
 * Create the sub-tasks of an activated task, beside it: `cn=<task>-SubTask-<seconds>_<microseconds>`, status `1`,
 * the task's schedule (now, in the directory's time zone, when the task has none: FusionDirectory's orchestrator
 * would never run an empty schedule). With "only new members" (fdTasksUpdatable), targets whose address or DN
 * (`keyAttribute`) already has a sub-task of this task are skipped. Answers how many were created.
 */
export async function createSubTasks(context: SaveContext & { dn: string }, type: string, targets: readonly SubTaskTarget[], keyAttribute: 'fdTasksGranularMail' | 'fdTasksGranularDN'): Promise<number> {
  const cn = context.objectValues.cn;
  if (typeof cn !== 'string' || cn === '') throw new AppError({ code: 'value.invalid', message: 'The task needs a name before its sub-tasks can be created.', tab: 'tasks', attribute: 'cn' });
  const onlyNew = context.objectValues.fdTasksUpdatable !== false && context.objectValues.fdTasksUpdatable !== 'FALSE';
  const existing = new Set<string>();
  if (onlyNew) {
    const found = await context.searchEntries(`(&(objectClass=fdTasksGranular)(fdTasksGranularMaster=${escapeFilterValue(context.dn)}))`, [keyAttribute]);
    for (const f of found) for (const v of f.get(keyAttribute)) existing.add(v.toLowerCase());
  }
  const timeZone = context.config('fdTimezone') || 'UTC';
  const scheduled = typeof context.objectValues.fdTasksScheduleDate === 'string' && context.objectValues.fdTasksScheduleDate !== '' ? context.objectValues.fdTasksScheduleDate.replace(/[-T:]/g, '') : formatCompactTime(new Date(), timeZone);
  const parent = parentDn(context.dn)!;
  const seconds = Math.floor(Date.now() / 1000);
  let micro = Number(process.hrtime.bigint() % 1_000_000n);
  let created = 0;
  const batch = new Set<string>();
  for (const target of targets) {
    const value = target.attributes[keyAttribute];
    if (existing.has(String(Array.isArray(value) ? value[0] : value).toLowerCase()) || batch.has(target.key.toLowerCase())) continue;
    batch.add(target.key.toLowerCase());
    const name = `${cn}-SubTask-${seconds}_${String(micro++ % 1_000_000).padStart(6, '0')}`;
    await context.addEntry(`cn=${escapeDnValue(name)},${parent}`, {
      objectClass: 'fdTasksGranular',
      cn: name,
      fdTasksGranularMaster: context.dn,
      fdTasksGranularType: type,
      fdTasksGranularStatus: '1',
      fdTasksGranularSchedule: scheduled,
      ...target.attributes,
    });
    created++;
  }
  return created;
}

/** A DN list value of a tab (JSON form). */
export function dnList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}
