// `Mail Object` sub-tasks (fd-orchestrator-tools.md §1.6.1): send the template to the sub-task's address, with the
// anti-spam settings of fdTasksConf. Deliberate fixes: attachments do not leak from one sub-task to the next, the
// interval gate is claimed atomically (two workers never both start a run in one interval), placeholders.
import { and, eq, not, or, present } from '../../../ldap/filter.ts';
import { SECRET_ATTRIBUTES } from '../../../ldap/attributes.ts';
import type { LdapEntry } from '../../../ldap/LdapEntry.ts';
import { SiteConfig } from '../../SiteConfig.ts';
import { hasPlaceholders, loadMailTemplate, placeholdersOf, renderMail } from '../mailTemplates.ts';
import { TaskMailer } from '../TaskMailer.ts';
import { TaskStore } from '../TaskStore.ts';
import { GRANULAR_TYPES, type MailTemplate, type ProcessorRun, type SubTask, type TaskProcessor, type TaskRunContext } from '../types.ts';

const LAST_EXEC = 'fdTasksConfLastExecTime';

/** The attributes a sub-task's address is looked up by, to fill placeholders (fdTasksMailType's choices). */
export const RECIPIENT_MAIL_ATTRIBUTES = ['mail', 'gosaMailAlternateAddress', 'gosaMailForwardingAddress', 'supannAutreMail', 'supannMailPerso', 'supannMailPrive'];

/** FusionDirectory's orchestrator reports LDAP failures as this JSON string. */
export const ldapErrorText = (e: unknown): string => JSON.stringify({ 'Ldap Error': e instanceof Error ? e.message : String(e) });

/**
 * Take this run's slot in the interval: swap `fdTasksConfLastExecTime` from the value read to now in one modify (delete
 * old value + add new; add guarded by an assertion when absent). False when the interval has not passed or another
 * worker swapped first.
 */
async function claimRun(context: TaskRunContext, nowSeconds: number): Promise<boolean> {
  const dn = SiteConfig.configDN(context.baseDN);
  const entry = await context.gateway.read(dn, [LAST_EXEC]);
  if (!entry) return false;
  const old = entry.first(LAST_EXEC);
  const last = old !== undefined && /^\d+$/.test(old.trim()) ? Number(old.trim()) : 0;
  if (last + context.settings.intervalMinutes * 60 > nowSeconds) return false;
  try {
    if (old === undefined) {
      await context.gateway.modify(dn, [{ operation: 'add', attribute: LAST_EXEC, values: [String(nowSeconds)] }], { assertion: not(present(LAST_EXEC)) });
    } else {
      await context.gateway.modify(dn, [
        { operation: 'delete', attribute: LAST_EXEC, values: [old] },
        { operation: 'add', attribute: LAST_EXEC, values: [String(nowSeconds)] },
      ]);
    }
    return true;
  } catch (e) {
    context.log('info', `mail run not started: another worker took this interval (${e instanceof Error ? e.name : String(e)})`);
    return false;
  }
}

/** The directory entry whose mail attribute is this address (for placeholders), with only the attributes asked for. */
async function recipientEntry(context: TaskRunContext, address: string, attributes: string[]): Promise<LdapEntry | undefined> {
  const wanted = attributes.filter((a) => !SECRET_ATTRIBUTES.has(a.toLowerCase()));
  if (wanted.length === 0) return undefined;
  const filter = and(or(...RECIPIENT_MAIL_ATTRIBUTES.map((a) => eq(a, address))), not(eq('objectClass', 'fdTasksGranular')));
  for await (const page of context.gateway.searchPages(context.baseDN, { filter, attributes: wanted, pageSize: 2 })) {
    if (page[0]) return page[0];
  }
  return undefined;
}

/** Send one sub-task's mails; returns the error text of the first failure, or undefined. */
async function sendSubTask(context: TaskRunContext, sub: SubTask, template: MailTemplate, mailer: TaskMailer): Promise<string | undefined> {
  if (!sub.mailFrom) return 'The sub-task has no sender (fdTasksGranularMailFrom)';
  if (sub.mail.length === 0) return 'The sub-task has no recipient (fdTasksGranularMail)';
  const needed = hasPlaceholders(template) ? placeholdersOf(`${template.subject}\n${template.body}\n${template.signature ?? ''}`) : [];
  try {
    for (const address of sub.mail) {
      const recipient = needed.length > 0 ? await recipientEntry(context, address, needed) : undefined;
      const { subject, text } = renderMail(template, recipient);
      await mailer.send({
        from: sub.mailFrom,
        to: [address],
        ...(sub.bcc ? { bcc: sub.bcc } : {}),
        subject,
        text,
        attachments: template.attachments,
        readReceipt: template.readReceipt,
      });
    }
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Process due sub-tasks in the order given until the maximum of the run; fills `run`. */
async function processDue(context: TaskRunContext, store: TaskStore, due: SubTask[], mailer: TaskMailer | undefined, run: ProcessorRun): Promise<void> {
  const templates = new Map<string, MailTemplate | null>();
  const result: Record<string, Record<string, unknown>> = {};
  const nowSeconds = () => Math.floor(context.now().getTime() / 1000);
  const max = context.settings.maxEmails;
  const sent: string[] = [];
  let count = 0;
  for (const sub of due) {
    if ((max > 0 && count >= max) || context.signal?.aborted) break;
    if (!(await store.claimFor(context, sub))) continue;
    count++;
    const ref = sub.ref[0] ?? '';
    if (!templates.has(ref)) templates.set(ref, ref === '' ? null : await loadMailTemplate(context.gateway, context.settings.mailTemplateBase, ref));
    const template = templates.get(ref)!;
    const error = !mailer
      ? 'No SMTP server is configured for this directory (smtp: in trousseau.yaml)'
      : !template
        ? `Mail template "${ref}" not found under ${context.settings.mailTemplateBase}`
        : await sendSubTask(context, sub, template, mailer);
    if (error === undefined) {
      let statusUpdate: boolean | string = true;
      try {
        await store.complete(sub);
      } catch (e) {
        statusUpdate = ldapErrorText(e);
      }
      run.completed++;
      sent.push(sub.dn);
      result[sub.dn] = { statusUpdate, mailStatus: `mail : ${sub.dn} was successfully sent`, updateLastMailExec: true };
    } else {
      let statusUpdate: boolean | string = true;
      try {
        await store.fail(sub, error);
      } catch (e) {
        statusUpdate = ldapErrorText(e);
      }
      run.failed++;
      context.log('warn', `mail sub-task ${sub.dn} failed: ${error}`);
      result[sub.dn] = { statusUpdate, Error: [error] };
    }
  }
  // The time of the last mail, written once at the end of the run rather than after each mail (one LDAP write less
  // per mail); the result of each mail says whether it was written.
  if (sent.length > 0) {
    try {
      await context.gateway.modify(SiteConfig.configDN(context.baseDN), [{ operation: 'replace', attribute: LAST_EXEC, values: [String(nowSeconds())] }]);
    } catch (e) {
      context.log('warn', `could not write fdTasksConfLastExecTime: ${e instanceof Error ? e.message : String(e)}`);
      for (const dn of sent) result[dn]!.updateLastMailExec = false;
    }
  }
  if (Object.keys(result).length > 0) run.result = result;
}

export const mailProcessor: TaskProcessor = {
  endpoint: 'mail',
  async run(context: TaskRunContext): Promise<ProcessorRun> {
    const run: ProcessorRun = { noneOfType: false, result: null, completed: 0, failed: 0, removed: 0 };
    const store = TaskStore.of(context);
    const type = GRANULAR_TYPES.mail;
    const due = await store.due(type, context.now());
    if (due.length === 0) {
      run.noneOfType = !(await store.hasAnyOfType(type));
      return run;
    }
    if (context.settings.intervalMinutes > 0 && !(await claimRun(context, Math.floor(context.now().getTime() / 1000)))) return run;
    const mailer = context.smtp
      ? new TaskMailer(context.smtp, {
          attempts: context.mailAttempts,
          retryDelayMs: context.retryDelayMs,
          onRetry: (error, attempt) => context.log('warn', `mail refused temporarily (attempt ${attempt}), retrying: ${error.message}`),
        })
      : undefined;
    // Workers sharing a directory each start at a random place in the list, so that they rarely race for one claim.
    const start = Math.floor(Math.random() * due.length);
    try {
      await processDue(context, store, [...due.slice(start), ...due.slice(0, start)], mailer, run);
    } finally {
      mailer?.close();
    }
    return run;
  },
};
