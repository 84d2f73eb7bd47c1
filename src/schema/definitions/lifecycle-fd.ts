// lifecycle-fd: Life-cycle tasks: SupAnn resource state transitions applied by the orchestrator (fdTasksLifeCycle).
import type { SchemaDef } from '../types.ts';
import { Syntax } from '../syntaxes.ts';

export const lifecycleFd: SchemaDef = {
  name: 'lifecycle-fd',
  dependsOn: ['core'],
  attributeTypes: [
    {
      oid: '1.3.6.1.4.1.38414.92.1.1',
      names: ['fdTasksLifeCycleMembers'],
      desc: 'Fusion Directory - List of members or groups in task life cycle',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
    },
    {
      oid: '1.3.6.1.4.1.38414.92.1.2',
      names: ['fdTasksLifeCycleListOfDN'],
      desc: 'Fusion Directory - Emails derived from DN',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
    },
    {
      oid: '1.3.6.1.4.1.38414.92.1.3',
      names: ['fdTasksLifeCyclePreResource'],
      desc: 'Fusion Directory - Tasks for life cycle - previous supann resource',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.92.1.4',
      names: ['fdTasksLifeCyclePreState'],
      desc: 'Fusion Directory - Tasks for life cycle - previous supann state',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.92.1.5',
      names: ['fdTasksLifeCyclePreSubState'],
      desc: 'Fusion Directory - Tasks for life cycle - previous supann sub state',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.92.1.6',
      names: ['fdTasksLifeCyclePostResource'],
      desc: 'Fusion Directory - Tasks for life cycle - new resource',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.92.1.7',
      names: ['fdTasksLifeCyclePostState'],
      desc: 'Fusion Directory - Tasks for life cycle - new state',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.92.1.8',
      names: ['fdTasksLifeCyclePostSubState'],
      desc: 'Fusion Directory - Tasks for life cycle - new sub state',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.92.1.9',
      names: ['fdTasksLifeCyclePostEndDate'],
      desc: 'Fusion Directory - Tasks for life cycle - days to be added to end date',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
      singleValue: true,
    },
  ],
  objectClasses: [
    {
      oid: '1.3.6.1.4.1.38414.92.2.1',
      names: ['fdTasksLifeCycle'],
      desc: 'FusionDirectory - Tasks objects Life Cycle',
      sup: ['top'],
      kind: 'AUXILIARY',
      must: [
        'fdTasksLifeCyclePreResource', 'fdTasksLifeCyclePreState', 'fdTasksLifeCyclePostResource',
        'fdTasksLifeCyclePostState',
      ],
      may: [
        'fdTasksLifeCyclePreSubState', 'fdTasksLifeCyclePostEndDate', 'fdTasksLifeCyclePostSubState',
        'fdTasksLifeCycleMembers', 'fdTasksLifeCycleListOfDN',
      ],
    },
  ],
};
