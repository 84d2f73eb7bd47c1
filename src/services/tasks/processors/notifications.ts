// The "Notifications" processor (fd-orchestrator-tools.md §1.6.3): for each monitored user, the audit events of the
// sub-task are matched against the task's monitored attributes (and SupAnn state); one mail per main task lists the
// users and attributes that changed. Departures from FusionDirectory are listed in docs/lifecycle.md.
import { eq } from '../../../ldap/filter.ts';
import { loadMailTemplate, renderMail } from '../mailTemplates.ts';
import { TaskMailer } from '../TaskMailer.ts';
import { GRANULAR_TYPES, type MailTemplate, type ProcessorRun, type SubTask, type TaskProcessor, type TaskRunContext } from '../types.ts';
import { MailBudget, messageOf, stampMailSent, SubTaskRun, withBodyText } from './subTaskRun.ts';

const TYPE = GRANULAR_TYPES.notifications;

/** The result of a sub-task removed because nothing it watches changed (FusionDirectory's text). */
export const NOTHING_MATCHED = { Removed: true, Status: 'No matching audited attributes with monitored attributes, safely removed!' };

/** The attribute named in the mail when the watched SupAnn state was set. */
const SUPANN_STATE = 'supannRessourceEtat';

/** The main task's notification settings (`fdTasksNotifications*`). */
interface NotificationTask {
  dn: string;
  attributes: string[];
  /** `{RES}STATE[:SUB]`, or undefined when the task watches no state (resource `NONE`). */
  state: string | undefined;
  recipients: string[];
  template: string;
  sender: string;
}

/**
 * The attribute changes an audit event's `fdAuditAttributes` values describe. A modify event holds a JSON object
 * `{"attr": new value or added values}` (each value decoded on its own); create and remove events hold plain
 * attribute names, which say nothing of values and are ignored.
 * @example decodeAuditAttributes(['{"mail":"new@example.org"}', 'cn']) // { mail: ['new@example.org'] }
 */
export function decodeAuditAttributes(values: readonly string[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const value of values) {
    const text = value.trim();
    if (!text.startsWith('{')) continue;
    let decoded: unknown;
    try {
      decoded = JSON.parse(text);
    } catch {
      continue;
    }
    if (decoded === null || typeof decoded !== 'object' || Array.isArray(decoded)) continue;
    for (const [name, v] of Object.entries(decoded as Record<string, unknown>)) (out[name] ??= []).push(v);
  }
  return out;
}

/** Every scalar value (string, number, boolean) anywhere in a decoded value, as text. */
function scalarsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) scalarsOf(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) scalarsOf(v, out);
  else if (value !== null && value !== undefined) out.push(String(value));
  return out;
}

/**
 * The monitored attributes the changes touch (each once, named as the task names them, compared without regard to
 * case), plus `supannRessourceEtat` when a changed value is exactly the watched state.
 */
export function matchedAttributes(changes: Record<string, unknown[]>, monitored: readonly string[], state: string | undefined): string[] {
  const changed = new Set(Object.keys(changes).map((k) => k.toLowerCase()));
  const matched = [...new Set(monitored.filter((a) => a !== '' && a.toLowerCase() !== 'none' && changed.has(a.toLowerCase())))];
  if (state !== undefined && scalarsOf(Object.values(changes)).includes(state) && !matched.includes(SUPANN_STATE)) matched.push(SUPANN_STATE);
  return matched;
}

async function readTask(context: TaskRunContext, dn: string): Promise<NotificationTask | undefined> {
  const entry = await context.gateway.read(
    dn,
    ['fdTasksNotificationsAttributes', 'fdTasksNotificationsResource', 'fdTasksNotificationsState', 'fdTasksNotificationsSubState', 'fdTasksNotificationsListOfRecipientsMails', 'fdTasksNotificationsMailTemplate', 'fdTasksNotificationsEmailSender'],
    { filter: eq('objectClass', 'fdTasksNotifications') },
  );
  if (!entry) return undefined;
  const text = (name: string) => entry.first(name)?.trim() ?? '';
  const resource = text('fdTasksNotificationsResource');
  const sub = text('fdTasksNotificationsSubState');
  return {
    dn: entry.dn,
    attributes: entry.get('fdTasksNotificationsAttributes'),
    state: resource === '' || resource.toUpperCase() === 'NONE' ? undefined : `{${resource}}${text('fdTasksNotificationsState')}${sub ? `:${sub}` : ''}`,
    recipients: [...new Set(entry.get('fdTasksNotificationsListOfRecipientsMails').map((m) => m.trim()).filter((m) => m !== ''))],
    template: text('fdTasksNotificationsMailTemplate'),
    sender: text('fdTasksNotificationsEmailSender'),
  };
}

/** The changes recorded by a sub-task's audit events (events since deleted are skipped). */
async function changesOf(context: TaskRunContext, sub: SubTask): Promise<Record<string, unknown[]>> {
  const all: Record<string, unknown[]> = {};
  for (const ref of sub.ref) {
    const event = await context.gateway.read(ref, ['fdAuditAttributes'], { filter: eq('objectClass', 'fdAuditEvent') }).catch(() => null);
    if (!event) continue;
    for (const [name, values] of Object.entries(decodeAuditAttributes(event.get('fdAuditAttributes')))) (all[name] ??= []).push(...values);
  }
  return all;
}

interface Matched {
  sub: SubTask;
  line: string;
}

/** The notification processor: one pass over the due "Notifications" sub-tasks. */
export const notificationsProcessor: TaskProcessor = {
  endpoint: 'notifications',
  async run(context: TaskRunContext): Promise<ProcessorRun> {
    const run = new SubTaskRun(context);
    const out: ProcessorRun = { noneOfType: false, result: null, completed: 0, failed: 0, removed: 0 };
    if (!(await run.store.hasAnyOfType(TYPE))) return { ...out, noneOfType: true };
    const removals: Record<string, unknown> = {};
    const groups = new Map<string, { task: NotificationTask; matched: Matched[] }>();
    const failNow = async (sub: SubTask, error: string) => {
      await run.store.fail(sub, error);
      context.log('warn', `notifications: ${sub.dn}: ${error}`);
      removals[sub.dn] = { statusUpdate: true, mailStatus: [error] };
      out.failed++;
    };
    let processed = 0;

    // 1. Each due sub-task, claimed: removed when nothing it watches changed, else grouped by main task.
    for (const sub of await run.due(TYPE)) {
      if (run.stopping) break;
      if (!(await run.claim(sub))) continue;
      processed++;
      try {
        const task = groups.get(sub.master)?.task ?? (await readTask(context, sub.master));
        if (!task) {
          await failNow(sub, `The main task ${sub.master} does not exist or is not a notification task.`);
          continue;
        }
        const matched = matchedAttributes(await changesOf(context, sub), task.attributes, task.state);
        if (matched.length === 0) {
          await run.remove(sub);
          removals[sub.dn] = NOTHING_MATCHED;
          out.removed++;
          continue;
        }
        const group = groups.get(sub.master) ?? { task, matched: [] };
        group.matched.push({ sub, line: `\n${sub.targetDn ?? ''} attrs=[${matched.join(', ')}]` });
        groups.set(sub.master, group);
      } catch (e) {
        await failNow(sub, messageOf(e));
      }
    }

    // 2. One mail per main task to its recipients, within the pass's mail limit.
    const budget = new MailBudget(context.settings.maxEmails);
    const mailer = context.smtp ? new TaskMailer(context.smtp, { attempts: context.mailAttempts, retryDelayMs: context.retryDelayMs, onRetry: (e, n) => context.log('warn', `notification mail refused temporarily (attempt ${n}), retrying: ${e.message}`) }) : undefined;
    const mails: Array<Record<string, unknown>> = [];
    for (const { task, matched } of groups.values()) {
      if (!budget.open || run.stopping) {
        for (const m of matched) await run.release(m.sub);
        continue;
      }
      let error: string | undefined;
      let template: MailTemplate | null = null;
      if (!mailer) error = 'No SMTP server is configured for this directory (smtp: in trousseau.yaml)';
      else if (task.recipients.length === 0) error = `The task ${task.dn} has no recipient address`;
      else if (task.sender === '') error = `The task ${task.dn} has no sender address`;
      else if (!(template = await loadMailTemplate(context.gateway, context.settings.mailTemplateBase, task.template).catch(() => null))) {
        error = `Mail template "${task.template}" not found under ${context.settings.mailTemplateBase}`;
      }
      if (!error && mailer && template) {
        const lines = [...new Set(matched.map((m) => m.line))];
        const { subject, text } = renderMail(withBodyText(template, ` ${lines.join(' ')}`));
        try {
          await mailer.send({ from: task.sender, to: task.recipients, subject, text, attachments: [], readReceipt: template.readReceipt });
        } catch (e) {
          error = messageOf(e);
        }
        budget.spend(task.recipients.length);
      }
      const results: Record<string, unknown> = {};
      let stamped = false;
      for (const { sub } of matched) {
        if (error === undefined) {
          await run.store.complete(sub);
          if (!stamped) {
            stamped = await stampMailSent(context).then(
              () => true,
              () => false,
            );
          }
          results[sub.dn] = { statusUpdate: true, mailStatus: 'Notification was successfully sent', updateLastMailExec: stamped };
          out.completed++;
        } else {
          await run.store.fail(sub, error);
          results[sub.dn] = { statusUpdate: true, mailStatus: [error] };
          out.failed++;
        }
      }
      if (error !== undefined) context.log('warn', `notifications: mail of ${task.dn} failed: ${error}`);
      mails.push(results);
    }
    if (processed > 0) out.result = Object.keys(removals).length === 0 ? [mails] : { ...removals, [String(0)]: mails };
    return out;
  },
};
