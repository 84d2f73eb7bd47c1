// The "Life Cycle" processor (fd-orchestrator-tools.md §1.6.2): users whose watched SupAnn state has ended move to
// the task's post state, and the `{COMPTE}` state then locks or unlocks their password as the SupAnn tab does.
// Departures from FusionDirectory are listed in docs/lifecycle.md.
import { eq } from '../../../ldap/filter.ts';
import { PasswordLockError } from '../../../passwords/locking.ts';
import { supannDay } from '../../../plugins/supann/dates/supannDay.ts';
import { formatResourceState, parseResourceState } from '../../../plugins/supann/status/resourceStates.ts';
import { addDays, followAccountLock, todayIn, writeResourceStates } from '../accountStates.ts';
import { GRANULAR_TYPES, type ProcessorRun, type SubTask, type TaskProcessor, type TaskRunContext } from '../types.ts';
import { messageOf, SubTaskRun } from './subTaskRun.ts';

const TYPE = GRANULAR_TYPES.lifeCycle;

/** The answer when nothing was due (FusionDirectory's text). */
export const NO_LIFE_CYCLE_TASK = 'No tasks of type "Life Cycle" requires processing.';

/** The main task's life-cycle settings (`fdTasksLifeCycle*`). */
export interface LifeCycleRule {
  preResource: string;
  preState: string;
  preSubState: string;
  postResource: string;
  postState: string;
  postSubState: string;
  /** Days added to the old end date (`fdTasksLifeCyclePostEndDate`, default 0). */
  postEndDays: number;
}

const RULE_ATTRIBUTES = [
  'fdTasksLifeCyclePreResource',
  'fdTasksLifeCyclePreState',
  'fdTasksLifeCyclePreSubState',
  'fdTasksLifeCyclePostResource',
  'fdTasksLifeCyclePostState',
  'fdTasksLifeCyclePostSubState',
  'fdTasksLifeCyclePostEndDate',
];

/**
 * Whether a user's states call for the change: a line of the pre resource, in the pre state (and pre substate when
 * the task gives one), whose end date is before `today`. An end date of today is still a day of the state: the
 * account changes the day after (FusionDirectory changes it at 00:00 of the end date).
 */
export function needsChange(lines: readonly string[], rule: LifeCycleRule, today: string): boolean {
  return lines.some((value) => {
    const line = parseResourceState(value);
    if (!line || line.resource !== rule.preResource || line.state !== rule.preState) return false;
    if (rule.preSubState !== '' && line.substate !== rule.preSubState) return false;
    const end = line.end === '' ? undefined : supannDay(line.end);
    return end !== undefined && end < today;
  });
}

/**
 * The user's lines after the change: the first line of the post resource becomes
 * `{Post}PostState:PostSub:<its old end>:<old end + days>`; undefined when the user has no line of that resource.
 * A line without end date starts from `today`.
 * @example changedLines(['{COMPTE}A:SupannActif:20240101:20261126'], rule, '20261127') // ['{COMPTE}I:SupannExpire:20261126:20261226'] with 30 days
 */
export function changedLines(lines: readonly string[], rule: LifeCycleRule, today: string): string[] | undefined {
  const index = lines.findIndex((v) => parseResourceState(v)?.resource === rule.postResource);
  if (index < 0) return undefined;
  const old = parseResourceState(lines[index]!)!;
  const start = (old.end === '' ? undefined : supannDay(old.end)) ?? today;
  const next = formatResourceState({ resource: rule.postResource, state: rule.postState, substate: rule.postSubState, start, end: addDays(start, rule.postEndDays) });
  return lines.map((v, i) => (i === index ? next : v));
}

async function readRule(context: TaskRunContext, masterDn: string): Promise<LifeCycleRule | undefined> {
  const entry = await context.gateway.read(masterDn, RULE_ATTRIBUTES, { filter: eq('objectClass', 'fdTasksLifeCycle') });
  if (!entry) return undefined;
  const text = (name: string) => entry.first(name)?.trim() ?? '';
  const days = text('fdTasksLifeCyclePostEndDate');
  return {
    preResource: text('fdTasksLifeCyclePreResource'),
    preState: text('fdTasksLifeCyclePreState'),
    preSubState: text('fdTasksLifeCyclePreSubState'),
    postResource: text('fdTasksLifeCyclePostResource'),
    postState: text('fdTasksLifeCyclePostState'),
    postSubState: text('fdTasksLifeCyclePostSubState'),
    postEndDays: /^\d+$/.test(days) ? Number(days) : 0,
  };
}

/** One sub-task processed: its result entry (§1.6.2 shapes) and what happened to it. */
async function processOne(context: TaskRunContext, run: SubTaskRun, sub: SubTask, today: string): Promise<{ entry: Record<string, unknown>; outcome: 'completed' | 'failed' | 'removed' }> {
  const userDn = sub.targetDn ?? '';
  const fail = async (error: string) => {
    await run.store.fail(sub, error);
    context.log('warn', `life cycle: ${sub.dn}: ${error}`);
    return { entry: { results: JSON.stringify(`Error updating ${userDn}-${error}`), statusUpdate: true }, outcome: 'failed' as const };
  };
  const rule = await readRule(context, sub.master);
  if (!rule) return fail(`The main task ${sub.master} does not exist or is not a life-cycle task.`);
  const user = userDn === '' ? null : await context.gateway.read(userDn, ['supannRessourceEtatDate'], { filter: eq('objectClass', 'supannPerson') }).catch(() => null);
  const lines = user?.get('supannRessourceEtatDate') ?? [];
  if (!needsChange(lines, rule, today)) {
    await run.remove(sub);
    return { entry: { results: `Sub-task removed for : ${userDn} with result : 1`, statusUpdate: 'No updates required, sub-task will be removed.' }, outcome: 'removed' };
  }
  const next = changedLines(lines, rule, today);
  if (!next) return fail(`The user has no "{${rule.postResource}}" state to change into "${rule.postState}"; nothing was written.`);
  try {
    await writeResourceStates(context.gateway, userDn, next);
  } catch (e) {
    return fail(messageOf(e));
  }
  await run.store.complete(sub);
  // The lock follows {COMPTE} at once, whatever becomes of the re-save below.
  try {
    const lock = await followAccountLock(context.gateway, userDn);
    if (lock !== 'unchanged') context.log('info', `life cycle: ${userDn} ${lock}`);
  } catch (e) {
    if (!(e instanceof PasswordLockError)) throw e;
    context.log('warn', `life cycle: ${userDn}: the state changed but the password could not be locked: ${e.message}`);
  }
  let refreshUser: string;
  if (context.hooks) {
    try {
      await context.hooks.refreshUser(userDn);
      refreshUser = `User: ${userDn} has been correctly refreshed.`;
    } catch (e) {
      refreshUser = messageOf(e);
      context.log('warn', `life cycle: ${userDn} changed state but could not be re-saved: ${refreshUser}`);
    }
  } else {
    refreshUser = `User: ${userDn} was not re-saved (no object layer); its states and password lock were written directly.`;
  }
  return { entry: { results: JSON.stringify(`Account states have been successfully modified for ${userDn}`), statusUpdate: 'Success', refreshUser }, outcome: 'completed' };
}

/** The life-cycle processor: one pass over the due "Life Cycle" sub-tasks. */
export const lifeCycleProcessor: TaskProcessor = {
  endpoint: 'lifeCycle',
  async run(context: TaskRunContext): Promise<ProcessorRun> {
    const run = new SubTaskRun(context);
    const out: ProcessorRun = { noneOfType: false, result: null, completed: 0, failed: 0, removed: 0 };
    if (!(await run.store.hasAnyOfType(TYPE))) return { ...out, noneOfType: true };
    const today = todayIn(context.now(), context.settings.timezone);
    const results: Record<string, unknown> = {};
    for (const sub of await run.due(TYPE)) {
      if (run.stopping) break;
      if (!(await run.claim(sub))) continue;
      let done;
      try {
        done = await processOne(context, run, sub, today);
      } catch (e) {
        const error = messageOf(e);
        await run.store.fail(sub, error);
        context.log('error', `life cycle: ${sub.dn}: ${error}`);
        done = { entry: { results: JSON.stringify(`Error updating ${sub.targetDn ?? ''}-${error}`), statusUpdate: true }, outcome: 'failed' as const };
      }
      results[sub.dn] = done.entry;
      out[done.outcome]++;
    }
    out.result = Object.keys(results).length > 0 ? [results] : [NO_LIFE_CYCLE_TASK];
    return out;
  },
};
