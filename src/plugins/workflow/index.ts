// The workflow plugins: mail templates and tasks (core), and the task types of the lifecycle, notifications,
// user-reminder and audit plugins (fd-core.md §8, fd-orchestrator-tools.md §1.5, §1.12). The worker
// (src/worker, src/services/tasks) runs the sub-tasks these create.
import type { PluginManifest } from '../../model/declarations.ts';
import { mailTemplateTab, mailTemplateType } from './mailTemplate.ts';
import { en, fr } from './messages.ts';
import { tasksGranularTab, tasksGranularType, tasksTab, tasksType } from './tasks.ts';
import { tasksMailTab } from './tasksMail.ts';
import { tasksLifeCycleTab, tasksNotificationsTab, tasksReminderTab } from './typeTabs.ts';

export const workflowPlugin: PluginManifest = {
  id: 'workflow',
  dependsOn: ['core', 'configuration'],
  schemas: ['core-fd', 'core-fd-conf'],
  types: [mailTemplateType, tasksType, tasksGranularType],
  tabs: [mailTemplateTab, tasksTab, tasksMailTab, tasksGranularTab],
  messages: { en, fr },
};

export const lifecyclePlugin: PluginManifest = { id: 'lifecycle', dependsOn: ['workflow', 'supann'], schemas: ['lifecycle-fd'], tabs: [tasksLifeCycleTab] };
export const notificationsPlugin: PluginManifest = { id: 'notifications', dependsOn: ['workflow'], schemas: ['notifications-fd', 'notifications-fd-conf'], tabs: [tasksNotificationsTab] };
export const userReminderPlugin: PluginManifest = { id: 'user-reminder', dependsOn: ['workflow'], schemas: ['user-reminder-fd-conf'], tabs: [tasksReminderTab] };
// The audit plugin (with its task tab auditTask) lives in ../audit/index.ts.
