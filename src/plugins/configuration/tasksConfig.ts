// The "Tasks" tab of the configuration (fdTasksConf): where tasks live and the orchestrator's mail pace (fd-core.md §8).
import type { TabDecl } from '../../model/declarations.ts';
import { RDN_PATTERN } from './choices.ts';

export const tasksConfigTab: TabDecl = {
  id: 'tasksConfig',
  label: 'config.tasks.tab',
  objectTypes: ['configuration'],
  objectClasses: ['fdTasksConf'],
  priority: 50,
  sections: [
    {
      key: 'tasks',
      label: 'config.section.tasks',
      attributes: [
        { name: 'fdTasksRDN', kind: 'string', pattern: RDN_PATTERN, patternMessage: 'config.rdn.invalid', label: 'config.fdTasksRDN', default: 'ou=tasks' },
        { name: 'fdTasksConfMaxEmails', kind: 'integer', min: 1, label: 'config.fdTasksConfMaxEmails', description: 'config.fdTasksConfMaxEmails.description', default: 50 },
        { name: 'fdTasksConfIntervalEmails', kind: 'integer', min: 1, label: 'config.fdTasksConfIntervalEmails', description: 'config.fdTasksConfIntervalEmails.description', default: 2 },
        // Written by the orchestrator after each mail run: a configuration save never rewrites it.
        { name: 'fdTasksConfLastExecTime', kind: 'readOnly', multi: true, label: 'config.fdTasksConfLastExecTime', hidden: true },
      ],
    },
  ],
};
