// `Audit` sub-tasks (fd-orchestrator-tools.md §1.6.5): delete the audit events (`fdAuditEvent`) older than the main
// task's `fdAuditTasksRetention` days. Fixes: the sub-task completes even when nothing is old enough; events are found
// by an ordering filter on fdAuditDateTime and deleted page by page instead of all being loaded.
import { and, eq, ge, not } from '../../../ldap/filter.ts';
import { NoSuchObjectError } from '../../../ldap/errors.ts';
import { TaskStore } from '../TaskStore.ts';
import { GRANULAR_TYPES, type ProcessorRun, type TaskProcessor, type TaskRunContext } from '../types.ts';
import { ldapErrorText } from './mail.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The first `fdAuditDateTime` kept: FusionDirectory removes an event when the whole-day difference between its (UTC)
 * date and today is at least the retention, i.e. every event of a day up to today − retention.
 */
export function auditCutoff(now: Date, retentionDays: number): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - retentionDays + 1));
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}000000Z`;
}

/** Delete the events older than the cutoff, page by page; returns how many were deleted. */
async function purge(context: TaskRunContext, cutoff: string): Promise<number> {
  const filter = and(eq('objectClass', 'fdAuditEvent'), not(ge('fdAuditDateTime', cutoff)));
  let deleted = 0;
  for await (const page of context.gateway.searchPages(context.baseDN, { filter, attributes: ['1.1'] })) {
    // A few deletions at a time: fast, without flooding the server.
    for (let i = 0; i < page.length; i += 8) {
      await Promise.all(
        page.slice(i, i + 8).map(async (entry) => {
          try {
            await context.gateway.delete(entry.dn);
            deleted++;
          } catch (e) {
            if (!(e instanceof NoSuchObjectError)) throw e;
          }
        }),
      );
    }
  }
  return deleted;
}

export const auditProcessor: TaskProcessor = {
  endpoint: 'audit',
  async run(context: TaskRunContext): Promise<ProcessorRun> {
    const run: ProcessorRun = { noneOfType: false, result: null, completed: 0, failed: 0, removed: 0 };
    const store = TaskStore.of(context);
    const type = GRANULAR_TYPES.audit;
    const due = await store.due(type, context.now());
    if (due.length === 0) {
      run.noneOfType = !(await store.hasAnyOfType(type));
      if (!run.noneOfType) run.result = ['No audit requiring removal'];
      return run;
    }
    const result: Array<Record<string, Record<string, unknown>>> = [];
    for (const sub of due) {
      if (context.signal?.aborted) break;
      if (!(await store.claimFor(context, sub))) continue;
      try {
        const master = sub.master ? await context.gateway.read(sub.master, ['fdAuditTasksRetention'], { filter: eq('objectClass', 'fdAuditTasks') }) : null;
        const retention = master?.first('fdAuditTasksRetention')?.trim() ?? '';
        if (!/^\d+$/.test(retention)) throw new Error(`The main task ${sub.master} has no audit retention (fdAuditTasksRetention)`);
        const deleted = await purge(context, auditCutoff(context.now(), Number(retention)));
        await store.complete(sub);
        run.completed++;
        context.log('info', `audit retention ${retention} days: ${deleted} event(s) removed`);
        result.push({ [sub.cn]: { result: true, info: deleted > 0 ? 'Audit record removed.' : 'No audit to be removed.', statusUpdate: true } });
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        let statusUpdate: boolean | string = true;
        try {
          await store.fail(sub, message);
        } catch (err) {
          statusUpdate = ldapErrorText(err);
        }
        run.failed++;
        result.push({ [sub.cn]: { result: false, Error: message, statusUpdate } });
      }
    }
    run.result = result.length > 0 ? result : ['No audit requiring removal'];
    return run;
  },
};
