// The task types the lifecycle, notifications, user-reminder and audit plugins add (fd-orchestrator-tools.md
// §1.6.2–§1.6.5, §1.12.3): their attributes, and the sub-tasks an activation creates (one per target user, or one for
// the audit retention). The worker's processors (src/services/tasks/processors) do the work.
import { AppError } from '../../errors/AppError.ts';
import type { SaveContext, TabDecl } from '../../model/declarations.ts';
import { escapeFilterValue } from '../../ldap/filter.ts';
import { activating, addressesOf, createSubTasks, dnList, expandMembers } from './subTasks.ts';
import { resourceAttribute, stateAttribute, subStateAttribute } from './supannStateChoices.ts';
import { taskTypeTab } from './tasks.ts';
import { RECIPIENT_TYPES } from './tasksMail.ts';

const members = (name: string, label: string, required = true) => ({ name, kind: 'dns' as const, types: RECIPIENT_TYPES, label, ...(required ? { required: true } : {}) });
const derivedList = (name: string, label: string) => ({ name, kind: 'set' as const, of: { kind: 'string' as const }, label, derived: true });
const templateChoice = (name: string) => ({ name, kind: 'select' as const, choicesFromObjects: { types: ['mailTemplate'], storeAttribute: 'cn' }, label: 'workflow.tasksMail.template', required: true });

function nobody(tab: string, attribute: string): AppError {
  return new AppError({ code: 'value.invalid', message: 'None of the chosen members is a user: there is no one to create a sub-task for.', tab, attribute });
}

// --- Life cycle (plugin lifecycle, objectClass fdTasksLifeCycle) -------------------------------------------------

export const tasksLifeCycleTab: TabDecl = {
  id: 'tasksLifeCycle',
  label: 'workflow.lifeCycle.tab',
  ...taskTypeTab('tasksLifeCycle'),
  objectClasses: ['fdTasksLifeCycle'],
  sections: [
    {
      key: 'pre',
      label: 'workflow.lifeCycle.pre',
      attributes: [
        resourceAttribute('fdTasksLifeCyclePreResource', 'workflow.resource', { required: true }),
        stateAttribute('fdTasksLifeCyclePreState', 'workflow.state', true),
        subStateAttribute('fdTasksLifeCyclePreSubState', 'workflow.subState'),
      ],
    },
    {
      key: 'post',
      label: 'workflow.lifeCycle.post',
      attributes: [
        resourceAttribute('fdTasksLifeCyclePostResource', 'workflow.resource', { required: true }),
        stateAttribute('fdTasksLifeCyclePostState', 'workflow.state', true),
        subStateAttribute('fdTasksLifeCyclePostSubState', 'workflow.subState'),
        { name: 'fdTasksLifeCyclePostEndDate', kind: 'integer', min: 0, label: 'workflow.lifeCycle.postEndDate', description: 'workflow.lifeCycle.postEndDate.description', default: 0 },
      ],
    },
    {
      key: 'members',
      label: 'workflow.members',
      attributes: [members('fdTasksLifeCycleMembers', 'workflow.lifeCycle.members'), derivedList('fdTasksLifeCycleListOfDN', 'workflow.listOfDN')],
    },
  ],
  behaviour: {
    async prepareSave(context: SaveContext) {
      const users = await expandMembers(context, dnList(context.values.fdTasksLifeCycleMembers));
      if (activating(context) && users.length === 0) throw nobody('tasksLifeCycle', 'fdTasksLifeCycleMembers');
      return { fdTasksLifeCycleListOfDN: users };
    },
    async afterSave(context) {
      if (!activating(context)) return;
      const users = dnList(context.values.fdTasksLifeCycleListOfDN);
      await createSubTasks(context, 'Life Cycle', users.map((dn) => ({ key: dn, attributes: { fdTasksGranularDN: dn } })), 'fdTasksGranularDN');
    },
  },
};

// --- Notifications (plugin notifications, objectClass fdTasksNotifications) ---------------------------------------

/** `Y-m-d H:i:s` (fdTasksLastExec, local time) as a GeneralizedTime lower bound, good enough for an ordering filter. */
function sinceFilter(lastExec: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(lastExec);
  return m ? `${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}${m[6]}Z` : undefined;
}

export const tasksNotificationsTab: TabDecl = {
  id: 'tasksNotifications',
  label: 'workflow.notifications.tab',
  ...taskTypeTab('tasksNotifications'),
  objectClasses: ['fdTasksNotifications'],
  sections: [
    {
      key: 'watch',
      label: 'workflow.notifications.watch',
      attributes: [
        { name: 'fdTasksNotificationsAttributes', kind: 'set', of: { kind: 'select', choicesFromConfig: { key: 'fdTasksNotificationsConfAttributes', builtIn: [{ value: 'None', label: 'workflow.notifications.none' }] } }, label: 'workflow.notifications.attributes', required: true },
        resourceAttribute('fdTasksNotificationsResource', 'workflow.resource', { none: true }),
        stateAttribute('fdTasksNotificationsState', 'workflow.state'),
        subStateAttribute('fdTasksNotificationsSubState', 'workflow.subState'),
        members('fdTasksNotificationsMonitoredMembers', 'workflow.notifications.monitored'),
      ],
    },
    {
      key: 'mail',
      label: 'workflow.notifications.mail',
      attributes: [
        templateChoice('fdTasksNotificationsMailTemplate'),
        { name: 'fdTasksNotificationsEmailSender', kind: 'mail', label: 'workflow.tasksMail.sender', required: true },
        members('fdTasksNotificationsRecipientsMembers', 'workflow.notifications.recipients'),
        derivedList('fdTasksNotificationsListOfRecipientsMails', 'workflow.tasksMail.addresses'),
        { name: 'fdTasksNotificationsListOfNewAuditUsersDN', kind: 'set', of: { kind: 'string' }, label: 'workflow.listOfDN', hidden: true },
      ],
    },
  ],
  behaviour: {
    async prepareSave(context: SaveContext) {
      const recipients = await expandMembers(context, dnList(context.values.fdTasksNotificationsRecipientsMembers));
      const mails = await addressesOf(context, recipients, 'mail');
      if (activating(context) && mails.length === 0) throw new AppError({ code: 'value.invalid', message: 'None of the recipients has a mail address.', tab: 'tasksNotifications', attribute: 'fdTasksNotificationsRecipientsMembers' });
      const monitored = await expandMembers(context, dnList(context.values.fdTasksNotificationsMonitoredMembers));
      context.memo.monitored = monitored;
      return { fdTasksNotificationsListOfRecipientsMails: mails };
    },
    async afterSave(context) {
      if (!activating(context)) return;
      // FusionDirectory: the audit events of each monitored user since the previous activation (none the first time).
      const since = sinceFilter(String(context.objectValues.fdTasksPreviousExec ?? ''));
      if (!since) return;
      const targets = [];
      for (const dn of (context.memo.monitored as string[] | undefined) ?? []) {
        const events = await context.searchEntries(`(&(objectClass=fdAuditEvent)(fdAuditObject=${escapeFilterValue(dn)})(fdAuditDateTime>=${since}))`, ['fdAuditDateTime']);
        if (events.length > 0) targets.push({ key: dn, attributes: { fdTasksGranularDN: dn, fdTasksGranularRef: events.map((e) => e.dn) } });
      }
      await createSubTasks(context, 'Notifications', targets, 'fdTasksGranularDN');
    },
  },
};

// --- Reminder (plugin user-reminder, objectClass fdTasksReminder) -------------------------------------------------

export const tasksReminderTab: TabDecl = {
  id: 'tasksReminder',
  label: 'workflow.reminder.tab',
  ...taskTypeTab('tasksReminder'),
  objectClasses: ['fdTasksReminder'],
  sections: [
    {
      key: 'when',
      label: 'workflow.reminder.when',
      attributes: [
        { name: 'fdTasksReminderFirstCall', kind: 'integer', min: 0, label: 'workflow.reminder.firstCall', description: 'workflow.reminder.firstCall.description', required: true, default: 30 },
        { name: 'fdTasksReminderSecondCall', kind: 'integer', min: 0, label: 'workflow.reminder.secondCall', default: 15 },
        resourceAttribute('fdTasksReminderResource', 'workflow.resource', { none: true, required: true }),
        stateAttribute('fdTasksReminderState', 'workflow.state'),
        subStateAttribute('fdTasksReminderSubState', 'workflow.subState'),
        { name: 'fdTasksReminderPosix', kind: 'boolean', label: 'workflow.reminder.posix', description: 'workflow.reminder.posix.description', default: false },
        members('fdTasksReminderMembers', 'workflow.reminder.members'),
      ],
    },
    {
      key: 'prolongation',
      label: 'workflow.reminder.prolongation',
      attributes: [
        { name: 'fdTasksReminderAccountProlongation', kind: 'boolean', label: 'workflow.reminder.accountProlongation', default: false },
        resourceAttribute('fdTasksReminderNextResource', 'workflow.resource'),
        stateAttribute('fdTasksReminderNextState', 'workflow.state'),
        subStateAttribute('fdTasksReminderNextSubState', 'workflow.subState'),
        { name: 'fdTasksReminderSupannNewEndDate', kind: 'integer', min: 0, label: 'workflow.reminder.newEndDate', description: 'workflow.reminder.newEndDate.description' },
      ],
    },
    {
      key: 'mail',
      label: 'workflow.reminder.mail',
      attributes: [
        templateChoice('fdTasksReminderMailTemplate'),
        { name: 'fdTasksReminderEmailSender', kind: 'mail', label: 'workflow.tasksMail.sender', required: true },
        members('fdTasksReminderRecipientsMembers', 'workflow.reminder.forwardTo', false),
        derivedList('fdTasksReminderListOfRecipientsMails', 'workflow.tasksMail.addresses'),
      ],
    },
  ],
  behaviour: {
    check(context: SaveContext) {
      const problems: Array<{ attribute: string; code: string; message: string }> = [];
      const first = Number(context.values.fdTasksReminderFirstCall);
      const second = context.values.fdTasksReminderSecondCall === null || context.values.fdTasksReminderSecondCall === '' ? undefined : Number(context.values.fdTasksReminderSecondCall);
      if (context.values.fdTasksReminderAccountProlongation === true && second !== undefined && second >= first) {
        problems.push({ attribute: 'fdTasksReminderSecondCall', code: 'value.range', message: 'The second reminder must come closer to the end date than the first (fewer days before it).' });
      }
      if (context.values.fdTasksReminderAccountProlongation === true && context.values.fdTasksReminderResource !== 'NONE' && !context.values.fdTasksReminderNextResource) {
        problems.push({ attribute: 'fdTasksReminderNextResource', code: 'value.required', message: 'Account prolongation of a SupAnn resource needs the resource, state and number of days it is prolonged with.' });
      }
      return problems;
    },
    async prepareSave(context: SaveContext) {
      const users = await expandMembers(context, dnList(context.values.fdTasksReminderMembers));
      if (activating(context) && users.length === 0) throw nobody('tasksReminder', 'fdTasksReminderMembers');
      context.memo.users = users;
      const forward = await expandMembers(context, dnList(context.values.fdTasksReminderRecipientsMembers));
      return { fdTasksReminderListOfRecipientsMails: await addressesOf(context, forward, 'mail') };
    },
    async afterSave(context) {
      if (!activating(context)) return;
      const users = (context.memo.users as string[] | undefined) ?? [];
      const calls = [context.values.fdTasksReminderFirstCall];
      if (context.values.fdTasksReminderAccountProlongation === true && context.values.fdTasksReminderSecondCall !== null && context.values.fdTasksReminderSecondCall !== '') calls.push(context.values.fdTasksReminderSecondCall);
      const targets = users.flatMap((dn) => calls.map((days) => ({ key: `${dn}#${String(days)}`, attributes: { fdTasksGranularDN: dn, fdTasksGranularHelper: String(days) } })));
      // "Only new members" compares DNs, as FusionDirectory does: a user reminded before gets no new sub-task.
      await createSubTasks(context, 'Reminder', targets, 'fdTasksGranularDN');
    },
  },
};

// --- Audit retention (plugin audit, objectClass fdAuditTasks) -----------------------------------------------------

export const auditTaskTab: TabDecl = {
  id: 'auditTask',
  label: 'workflow.audit.tab',
  ...taskTypeTab('auditTask'),
  objectClasses: ['fdAuditTasks'],
  sections: [
    {
      key: 'retention',
      label: 'workflow.audit.section',
      attributes: [{ name: 'fdAuditTasksRetention', kind: 'integer', min: 1, label: 'workflow.audit.retention', description: 'workflow.audit.retention.description', required: true, default: 90 }],
    },
  ],
  behaviour: {
    async afterSave(context) {
      if (!activating(context)) return;
      await createSubTasks(context, 'Audit', [{ key: 'auditRetentionTask', attributes: { fdTasksGranularDN: 'auditRetentionTask' } }], 'fdTasksGranularDN');
    },
  },
};
