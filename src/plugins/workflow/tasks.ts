// Main tasks (fd-core.md §8.2, fd-orchestrator-tools.md §1.5.1): `cn=<name>,ou=tasks,<base>`, objectClass fdTasks,
// plus one type tab (mail, life cycle, notifications, reminder, audit retention). Saving with
// `fdSubTasksActivation: TRUE` (not stored) stamps fdTasksLastExec and lets the type tab create the sub-tasks.
import type { ObjectTypeDecl, SaveContext, TabDecl } from '../../model/declarations.ts';
import { formatFdCreationDate, formatFdDateTime } from '../../services/tasks/localTime.ts';

export const tasksType: ObjectTypeDecl = {
  id: 'tasks',
  label: 'workflow.tasks.type',
  description: 'workflow.tasks.type.description',
  filter: '(objectClass=fdTasks)',
  ou: { configKey: 'fdTasksRDN', default: 'ou=tasks' },
  mainAttribute: 'cn',
  mainTab: 'tasks',
  icon: 'tasks',
  menu: { section: 'workflow', priority: 20 },
  snapshots: false,
};

/** The type tabs of tasks: a task has exactly one of them (FusionDirectory's plConflicts). */
export const TASK_TYPE_TABS = ['tasksMail', 'tasksLifeCycle', 'tasksNotifications', 'tasksReminder', 'auditTask'];

/** What a type tab declares to be one of those (switched on alone, conflicting with the others). */
export function taskTypeTab(id: string): Pick<TabDecl, 'objectTypes' | 'conflictsWith'> {
  return { objectTypes: ['tasks'], conflictsWith: TASK_TYPE_TABS.filter((t) => t !== id) };
}

const CYCLES = ['Yearly', 'Monthly', 'Weekly', 'Daily', 'Hourly'];

async function prepareTask(context: SaveContext): Promise<Record<string, unknown>> {
  const timeZone = context.config('fdTimezone') || 'UTC';
  const now = new Date();
  const out: Record<string, unknown> = {};
  if (context.isNew || context.values.fdTasksCreationDate === '' || context.values.fdTasksCreationDate === undefined) out.fdTasksCreationDate = formatFdCreationDate(now, timeZone);
  if (context.values.fdTasksStatus === '' || context.values.fdTasksStatus === undefined) out.fdTasksStatus = '1';
  if (context.values.fdSubTasksActivation === true) {
    // The type tab compares audit events with the run before this one (notifications).
    out.fdTasksPreviousExec = context.stored.fdTasksLastExec ?? '';
    out.fdTasksLastExec = formatFdDateTime(now, timeZone);
  }
  return out;
}

export const tasksTab: TabDecl = {
  id: 'tasks',
  label: 'workflow.tasks.tab',
  objectTypes: ['tasks'],
  objectClasses: ['fdTasks'],
  alwaysActive: true,
  searchAttributes: ['cn'],
  sections: [
    {
      key: 'task',
      label: 'workflow.tasks.section',
      attributes: [
        { name: 'cn', kind: 'string', label: 'workflow.tasks.cn', required: true, forbiddenCharacters: ',+"\\<>;=/' },
        { name: 'fdTasksScheduleDate', kind: 'dateTime', label: 'workflow.tasks.schedule', description: 'workflow.tasks.schedule.description' },
        { name: 'fdTasksRepeatable', kind: 'boolean', label: 'workflow.tasks.repeatable', default: false, managed: [{ when: ['FALSE'], erase: ['fdTasksRepeatableSchedule'] }] },
        { name: 'fdTasksRepeatableSchedule', kind: 'select', label: 'workflow.tasks.cycle', choices: CYCLES.map((c) => ({ value: c, label: `workflow.tasks.cycle.${c}` })), default: 'Daily' },
        { name: 'fdTasksUpdatable', kind: 'boolean', label: 'workflow.tasks.updatable', description: 'workflow.tasks.updatable.description', default: true },
        { name: 'fdSubTasksActivation', kind: 'boolean', label: 'workflow.tasks.activation', description: 'workflow.tasks.activation.description', inLdap: false, default: false },
        { name: 'fdTasksStatus', kind: 'string', label: 'workflow.tasks.status', hidden: true, default: '1' },
        { name: 'fdTasksCreationDate', kind: 'string', label: 'workflow.tasks.creationDate', hidden: true },
        { name: 'fdTasksLastExec', kind: 'string', label: 'workflow.tasks.lastExec', hidden: true },
        { name: 'fdTasksPreviousExec', kind: 'string', label: 'workflow.tasks.lastExec', hidden: true, inLdap: false },
      ],
    },
  ],
  behaviour: { prepareSave: prepareTask },
};

/** Sub-tasks (fd-core.md §8.3): listed on the dashboard and readable through REST; written by tasks and workers. */
export const tasksGranularType: ObjectTypeDecl = {
  id: 'tasksGranular',
  label: 'workflow.tasksGranular.type',
  filter: '(objectClass=fdTasksGranular)',
  ou: { configKey: 'fdTasksRDN', default: 'ou=tasks' },
  mainAttribute: 'cn',
  mainTab: 'tasksGranular',
  aclCategory: 'tasks',
  snapshots: false,
};

export const tasksGranularTab: TabDecl = {
  id: 'tasksGranular',
  label: 'workflow.tasksGranular.tab',
  objectTypes: ['tasksGranular'],
  objectClasses: ['fdTasksGranular'],
  alwaysActive: true,
  sections: [
    {
      key: 'subTask',
      label: 'workflow.tasksGranular.section',
      attributes: [
        { name: 'cn', kind: 'string', label: 'workflow.tasksGranular.cn', required: true },
        { name: 'fdTasksGranularMaster', kind: 'dn', types: ['tasks'], label: 'workflow.tasksGranular.master', required: true },
        { name: 'fdTasksGranularType', kind: 'string', label: 'workflow.tasksGranular.type.label', required: true },
        { name: 'fdTasksGranularStatus', kind: 'string', label: 'workflow.tasksGranular.status', required: true },
        { name: 'fdTasksGranularSchedule', kind: 'dateTime', label: 'workflow.tasksGranular.schedule', required: true },
        { name: 'fdTasksGranularMail', kind: 'set', of: { kind: 'string' }, label: 'workflow.tasksGranular.mail' },
        { name: 'fdTasksGranularMailFrom', kind: 'set', of: { kind: 'string' }, label: 'workflow.tasksGranular.mailFrom' },
        { name: 'fdTasksGranularMailBCC', kind: 'set', of: { kind: 'string' }, label: 'workflow.tasksGranular.mailBcc' },
        { name: 'fdTasksGranularRef', kind: 'orderedList', of: { kind: 'string' }, label: 'workflow.tasksGranular.ref' },
        { name: 'fdTasksGranularDN', kind: 'set', of: { kind: 'string' }, label: 'workflow.tasksGranular.dn' },
        { name: 'fdTasksGranularHelper', kind: 'orderedList', of: { kind: 'string' }, label: 'workflow.tasksGranular.helper' },
      ],
    },
  ],
};
