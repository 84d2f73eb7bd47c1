// notifications-fd: Notification tasks: mail when monitored users change SupAnn resource state (fdTasksNotifications).
import type { SchemaDef } from '../types.ts';
import { Syntax } from '../syntaxes.ts';

export const notificationsFd: SchemaDef = {
  name: 'notifications-fd',
  dependsOn: ['core'],
  attributeTypes: [
    {
      oid: '1.3.6.1.4.1.38414.90.1.1',
      names: ['fdTasksNotificationsListOfNewAuditUsersDN'],
      desc: 'Fusion Directory - Following attribute will contain all the DNs where a new snapshot was taken.',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
    },
    // FD: a stray "\" after the closing parenthesis, ignored by slapd.
    {
      oid: '1.3.6.1.4.1.38414.90.1.2',
      names: ['fdTasksNotificationsListOfRecipientsMails'],
      desc: 'Fusion Directory - Following attribute contain the list of members emails that should receive a notification.',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
    },
    {
      oid: '1.3.6.1.4.1.38414.90.1.3',
      names: ['fdTasksNotificationsRecipientsMembers'],
      desc: 'Fusion Directory - Following attribute contain the list of members and groups DN recipients to notifications.',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
    },
    {
      oid: '1.3.6.1.4.1.38414.90.1.4',
      names: ['fdTasksNotificationsMonitoredMembers'],
      desc: 'Fusion Directory - Following attribute contain the list of members and groups to monitor.',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
    },
    {
      oid: '1.3.6.1.4.1.38414.90.1.5',
      names: ['fdTasksNotificationsAttributes'],
      desc: 'Fusion Directory - Tasks for life cycle - new sub state',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
    },
    {
      oid: '1.3.6.1.4.1.38414.90.1.6',
      names: ['fdTasksNotificationsMailTemplate'],
      desc: 'Fusion Directory - Tasks for mail template objects',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.90.1.7',
      names: ['fdTasksNotificationsEmailSender'],
      desc: 'Fusion Directory - Emails derived from DN',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
    },
    {
      oid: '1.3.6.1.4.1.38414.90.1.8',
      names: ['fdTasksNotificationsResource'],
      desc: 'Fusion Directory - Tasks for life cycle - new state',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.90.1.9',
      names: ['fdTasksNotificationsState'],
      desc: 'Fusion Directory - Tasks for life cycle - new state',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.90.1.10',
      names: ['fdTasksNotificationsSubState'],
      desc: 'Fusion Directory - Tasks for life cycle - new state',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
      singleValue: true,
    },
  ],
  objectClasses: [
    {
      oid: '1.3.6.1.4.1.38414.90.2.1',
      names: ['fdTasksNotifications'],
      desc: 'FusionDirectory - Notifications plugins Object Class',
      sup: ['top'],
      kind: 'AUXILIARY',
      must: [
        'fdTasksNotificationsAttributes', 'fdTasksNotificationsRecipientsMembers',
        'fdTasksNotificationsListOfRecipientsMails', 'fdTasksNotificationsMonitoredMembers',
        'fdTasksNotificationsMailTemplate', 'fdTasksNotificationsEmailSender',
      ],
      may: [
        'fdTasksNotificationsListOfNewAuditUsersDN', 'fdTasksNotificationsResource',
        'fdTasksNotificationsState', 'fdTasksNotificationsSubState',
      ],
    },
  ],
};
