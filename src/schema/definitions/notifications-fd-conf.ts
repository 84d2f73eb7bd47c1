// notifications-fd-conf: The notifications plugin's settings on the configuration entry (fdTasksNotificationsConf).
import type { SchemaDef } from '../types.ts';
import { Syntax } from '../syntaxes.ts';

export const notificationsFdConf: SchemaDef = {
  name: 'notifications-fd-conf',
  dependsOn: ['core'],
  attributeTypes: [
    {
      oid: '1.3.6.1.4.1.38414.91.1.1',
      names: ['fdTasksNotificationsConfAttributes'],
      desc: 'Fusion Directory - Tasks for life cycle - new sub state',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
    },
  ],
  objectClasses: [
    // FD: empty "MUST ( )", not allowed by RFC 4512; left out (docs/compatibility.md).
    {
      oid: '1.3.6.1.4.1.38414.91.2.1',
      names: ['fdTasksNotificationsConf'],
      desc: 'FusionDirectory - Notifications backend plugins Object Class',
      sup: ['top'],
      kind: 'AUXILIARY',
      may: ['fdTasksNotificationsConfAttributes'],
    },
  ],
};
