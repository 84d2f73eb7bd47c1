// The "Reminder" processor (fd-orchestrator-tools.md §1.6.4): users whose SupAnn state (or Posix account) ends within
// the sub-task's number of days get the task's mail, with a prolongation link when the task offers prolongation.
// Departures from FusionDirectory are listed in docs/lifecycle.md.
import { SECRET_ATTRIBUTES } from '../../../ldap/attributes.ts';
import { rdnValue } from '../../../ldap/dn.ts';
import { eq } from '../../../ldap/filter.ts';
import type { LdapEntry } from '../../../ldap/LdapEntry.ts';
import { supannDay } from '../../../plugins/supann/dates/supannDay.ts';
import { parseResourceState } from '../../../plugins/supann/status/resourceStates.ts';
import { dayOfShadowExpire, daysBetween, todayIn } from '../accountStates.ts';
import { loadMailTemplate, placeholdersOf, renderMail } from '../mailTemplates.ts';
import { TaskMailer } from '../TaskMailer.ts';
import { ReminderTokens } from '../tokens.ts';
import { GRANULAR_TYPES, type MailTemplate, type ProcessorRun, type SubTask, type TaskProcessor, type TaskRunContext } from '../types.ts';
import { MailBudget, messageOf, stampMailSent, SubTaskRun, withBodyText } from './subTaskRun.ts';

const TYPE = GRANULAR_TYPES.reminder;

/** The result of a sub-task removed because its user's end is not near (FusionDirectory's text). */
export const NO_TRIGGER = { Removed: true, Status: 'No reminder triggers were found, therefore removing the sub-task!' };

/** The main task's reminder settings (`fdTasksReminder*`). */
export interface ReminderTask {
  dn: string;
  /** The main task's cn, as the prolongation link names it. */
  cn: string;
  firstCall: number | undefined;
  secondCall: number | undefined;
  /** `{RES}`, state and substate watched; resource undefined for `NONE`. */
  resource: string | undefined;
  state: string;
  subState: string;
  prolongation: boolean;
  template: string;
  sender: string;
  /** `fdTasksReminderListOfRecipientsMails` ("forward to"). */
  forwardTo: string[];
}

const int = (text: string | undefined): number | undefined => (text !== undefined && /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined);

async function readTask(context: TaskRunContext, dn: string): Promise<ReminderTask | undefined> {
  const entry = await context.gateway.read(
    dn,
    [
      'cn', 'fdTasksReminderFirstCall', 'fdTasksReminderSecondCall', 'fdTasksReminderResource', 'fdTasksReminderState', 'fdTasksReminderSubState',
      'fdTasksReminderAccountProlongation', 'fdTasksReminderMailTemplate', 'fdTasksReminderEmailSender', 'fdTasksReminderListOfRecipientsMails',
    ],
    { filter: eq('objectClass', 'fdTasksReminder') },
  );
  if (!entry) return undefined;
  const text = (name: string) => entry.first(name)?.trim() ?? '';
  const resource = text('fdTasksReminderResource');
  return {
    dn: entry.dn,
    cn: rdnValue(entry.dn, 'cn') ?? text('cn'),
    firstCall: int(entry.first('fdTasksReminderFirstCall')),
    secondCall: int(entry.first('fdTasksReminderSecondCall')),
    resource: resource === '' || resource.toUpperCase() === 'NONE' ? undefined : resource,
    state: text('fdTasksReminderState'),
    subState: text('fdTasksReminderSubState'),
    // Absent means no prolongation (FusionDirectory then leaves the sub-task pending forever).
    prolongation: text('fdTasksReminderAccountProlongation').toUpperCase() === 'TRUE',
    template: text('fdTasksReminderMailTemplate'),
    sender: text('fdTasksReminderEmailSender'),
    forwardTo: entry.get('fdTasksReminderListOfRecipientsMails').map((m) => m.trim()).filter((m) => m !== ''),
  };
}

/** Whether an end day lies between today and `days` days from now, both included (an end already past is not near). */
export function isWithin(end: string | undefined, today: string, days: number): boolean {
  if (end === undefined) return false;
  const left = daysBetween(today, end);
  return left >= 0 && left <= days;
}

/** The end day of the watched SupAnn state: the first line of that resource in that state (and substate, when set). */
export function supannEndOf(lines: readonly string[], task: Pick<ReminderTask, 'resource' | 'state' | 'subState'>): string | undefined {
  for (const value of lines) {
    const line = parseResourceState(value);
    if (!line || line.resource !== task.resource || line.state !== task.state) continue;
    if (task.subState !== '' && line.substate !== task.subState) continue;
    return line.end === '' ? undefined : supannDay(line.end);
  }
  return undefined;
}

/** The day a Posix account ends (`shadowExpire`, days since 1970-01-01), if it has one. */
export function posixEndOf(shadowExpire: string | undefined): string | undefined {
  return shadowExpire !== undefined && /^\d+$/.test(shadowExpire.trim()) ? dayOfShadowExpire(Number(shadowExpire.trim())) : undefined;
}

/**
 * Whether a sub-task calls for a reminder, and whether with a link (§1.6.4 step 3): a watched SupAnn state, or with
 * prolongation and no state the Posix expiry, ending within `days`.
 */
export function reminderDecision(task: ReminderTask, user: Pick<LdapEntry, 'get' | 'first'> | null, days: number, today: string): 'plain' | 'link' | 'none' {
  if (!user) return 'none';
  if (task.resource !== undefined) {
    if (!isWithin(supannEndOf(user.get('supannRessourceEtatDate'), task), today, days)) return 'none';
    return task.prolongation ? 'link' : 'plain';
  }
  if (!task.prolongation) return 'none';
  return isWithin(posixEndOf(user.first('shadowExpire')), today, days) ? 'link' : 'none';
}

/** Days a link stays valid: until the second reminder for the first one, then the second reminder's days. */
export function tokenLifetimeDays(task: Pick<ReminderTask, 'firstCall' | 'secondCall'>, helperDays: number): number {
  const first = task.firstCall ?? helperDays;
  const second = task.secondCall ?? 0;
  const days = helperDays === first ? first - second : second;
  return Math.max(1, days);
}

/**
 * The prolongation link of a mail: Trousseau's page `<publicUrl>/prolongation?token=…&task=<main task cn>`.
 * @example prolongationLink('https://idm.example.org/', 'Ab12', 'reminder-2026') // 'https://idm.example.org/prolongation?token=Ab12&task=reminder-2026'
 */
export function prolongationLink(publicUrl: string, token: string, taskCn: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/prolongation?token=${encodeURIComponent(token)}&task=${encodeURIComponent(taskCn)}`;
}

interface Queued {
  sub: SubTask;
  task: ReminderTask;
  user: LdapEntry;
  link: boolean;
}

const USER_ATTRIBUTES = ['uid', 'mail', 'supannRessourceEtatDate', 'shadowExpire'];

/** The reminder processor: one pass over the due "Reminder" sub-tasks. */
export const reminderProcessor: TaskProcessor = {
  endpoint: 'reminder',
  async run(context: TaskRunContext): Promise<ProcessorRun> {
    const run = new SubTaskRun(context);
    const out: ProcessorRun = { noneOfType: false, result: null, completed: 0, failed: 0, removed: 0 };
    if (!(await run.store.hasAnyOfType(TYPE))) return { ...out, noneOfType: true };
    const today = todayIn(context.now(), context.settings.timezone);
    const removals: Record<string, unknown> = {};
    const mails: Array<Record<string, unknown>> = [];
    const fail = async (sub: SubTask, error: string, into: Record<string, unknown>) => {
      await run.store.fail(sub, error);
      context.log('warn', `reminder: ${sub.dn}: ${error}`);
      into[sub.dn] = { statusUpdate: true, mailStatus: [error] };
      out.failed++;
    };
    const tasks = new Map<string, ReminderTask | undefined>();
    const queued: Queued[] = [];
    let processed = 0;

    // 1. Decide for each due sub-task, claimed: remove it, or queue a reminder (plain or with a link).
    for (const sub of await run.due(TYPE)) {
      if (run.stopping) break;
      if (!(await run.claim(sub))) continue;
      processed++;
      try {
        if (!tasks.has(sub.master)) tasks.set(sub.master, await readTask(context, sub.master));
        const task = tasks.get(sub.master);
        if (!task) {
          await fail(sub, `The main task ${sub.master} does not exist or is not a reminder task.`, removals);
          continue;
        }
        const days = int(sub.helper[0]);
        if (days === undefined) {
          await fail(sub, 'The sub-task has no number of days before the end (fdTasksGranularHelper).', removals);
          continue;
        }
        const user = sub.targetDn ? await context.gateway.read(sub.targetDn, USER_ATTRIBUTES).catch(() => null) : null;
        const decision = reminderDecision(task, user, days, today);
        if (decision === 'none' || !user) {
          await run.remove(sub);
          removals[sub.dn] = NO_TRIGGER;
          out.removed++;
          continue;
        }
        queued.push({ sub, task, user, link: decision === 'link' });
      } catch (e) {
        await fail(sub, messageOf(e), removals);
      }
    }

    // 2. One mail per queued sub-task, its own status; within the pass's mail limit.
    const budget = new MailBudget(context.settings.maxEmails);
    const mailer = context.smtp ? new TaskMailer(context.smtp, { attempts: context.mailAttempts, retryDelayMs: context.retryDelayMs, onRetry: (e, n) => context.log('warn', `reminder mail refused temporarily (attempt ${n}), retrying: ${e.message}`) }) : undefined;
    const tokens = new ReminderTokens({ gateway: context.gateway, baseDN: context.baseDN, now: () => context.now() });
    const templates = new Map<string, MailTemplate | null>();
    for (const { sub, task, user, link } of queued) {
      if (!budget.open || run.stopping) {
        await run.release(sub);
        continue;
      }
      const result: Record<string, unknown> = {};
      mails.push(result);
      const userMail = user.first('mail')?.trim();
      const uid = user.first('uid');
      const problem = !mailer
        ? 'No SMTP server is configured for this directory (smtp: in trousseau.yaml)'
        : !userMail
          ? `The user ${user.dn} has no mail address; no reminder was sent.`
          : task.sender === ''
            ? `The task ${task.dn} has no sender address`
            : link && !context.publicUrl
              ? 'No public address of the web interface is configured (http.publicUrl in trousseau.yaml): the prolongation link cannot be written; no reminder was sent.'
              : link && !uid
                ? `The user ${user.dn} has no uid: no prolongation token can be stored; no reminder was sent.`
                : undefined;
      if (problem) {
        await fail(sub, problem, result);
        continue;
      }
      if (!templates.has(task.template)) templates.set(task.template, task.template === '' ? null : await loadMailTemplate(context.gateway, context.settings.mailTemplateBase, task.template).catch(() => null));
      const template = templates.get(task.template);
      if (!template) {
        await fail(sub, `Mail template "${task.template}" not found under ${context.settings.mailTemplateBase}`, result);
        continue;
      }
      const recipients = [...new Set([...task.forwardTo, userMail!])];
      let issued = false;
      try {
        let extra = '';
        if (link) {
          const { token } = await tokens.issue(uid!, user.dn, tokenLifetimeDays(task, int(sub.helper[0])!));
          issued = true;
          // Appended as FusionDirectory appends it: right after the body, before the signature.
          extra = prolongationLink(context.publicUrl!, token, task.cn);
        }
        const wanted = placeholdersOf(`${template.subject}\n${template.body}\n${template.signature ?? ''}`).filter((a) => !SECRET_ATTRIBUTES.has(a.toLowerCase()));
        const source = wanted.length > 0 ? ((await context.gateway.read(user.dn, wanted).catch(() => null)) ?? undefined) : undefined;
        const { subject, text } = renderMail(withBodyText(template, extra), source);
        await mailer!.send({ from: task.sender, to: recipients, subject, text, attachments: [], readReceipt: template.readReceipt });
      } catch (e) {
        // A link nobody received must not stay valid.
        if (issued) await tokens.remove(uid!).catch(() => undefined);
        budget.spend(recipients.length);
        await fail(sub, messageOf(e), result);
        continue;
      }
      budget.spend(recipients.length);
      await run.store.complete(sub);
      const stamped = await stampMailSent(context).then(
        () => true,
        () => false,
      );
      result[sub.dn] = { statusUpdate: true, mailStatus: 'reminder was successfully sent', updateLastMailExec: stamped };
      out.completed++;
    }
    if (processed > 0) out.result = Object.keys(removals).length === 0 ? [mails] : { ...removals, [String(0)]: mails };
    return out;
  },
};
