// The "Snapshots" tab of the configuration (fd-core.md §7.1): its keys live in fusionDirectoryConf.
import type { TabDecl } from '../../model/declarations.ts';

export const snapshotsConfigTab: TabDecl = {
  id: 'snapshotsConfig',
  label: 'config.snapshots.tab',
  objectTypes: ['configuration'],
  objectClasses: ['fusionDirectoryConf'],
  alwaysActive: true,
  priority: 20,
  sections: [
    {
      key: 'snapshots',
      label: 'config.section.snapshots',
      attributes: [
        {
          name: 'fdEnableSnapshots',
          kind: 'boolean',
          label: 'config.fdEnableSnapshots',
          default: true,
          managed: [{ when: ['FALSE'], disable: ['fdEnableAutomaticSnapshots', 'fdSnapshotBase', 'fdSnapshotMinRetention', 'fdSnapshotRetentionDays', 'fdSnapshotSourceData'] }],
        },
        { name: 'fdEnableAutomaticSnapshots', kind: 'boolean', label: 'config.fdEnableAutomaticSnapshots', default: false },
        // A full DN, `ou=snapshots,<base>` by default (set when the entry is created).
        { name: 'fdSnapshotBase', kind: 'dn', label: 'config.fdSnapshotBase' },
        { name: 'fdSnapshotMinRetention', kind: 'integer', min: 0, label: 'config.fdSnapshotMinRetention' },
        { name: 'fdSnapshotRetentionDays', kind: 'integer', min: 0, label: 'config.fdSnapshotRetentionDays' },
        { name: 'fdSnapshotSourceData', kind: 'set', of: { kind: 'string' }, label: 'config.fdSnapshotSourceData', default: [] },
      ],
    },
  ],
};
