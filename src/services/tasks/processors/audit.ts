// `Audit` sub-tasks (fd-orchestrator-tools.md §1.6.5): delete the audit events (`fdAuditEvent`) older than the main
// task's `fdAuditTasksRetention` days. Fixes: the sub-task completes even when nothing is old enough; events are found
// by an ordering filter on fdAuditDateTime and deleted page by page instead of all being loaded.
import { eq } from '../../../ldap/filter.ts';
import { auditCutoff, purgeAuditEvents } from '../../audit/auditRetention.ts';
import { TaskStore } from '../TaskStore.ts';
import { GRANULAR_TYPES, type ProcessorRun, type TaskProcessor, type TaskRunContext } from '../types.ts';
import { ldapErrorText } from './mail.ts';

/** Kept here for existing callers: the retention code lives in src/services/audit/auditRetention.ts. */
export { auditCutoff };

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
        const deleted = await purgeAuditEvents(context.gateway, context.baseDN, auditCutoff(context.now(), Number(retention)));
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
