// The "Triggers" tab of the configuration: commands run around tab saves (fd-core.md §2.9).
import type { TabDecl } from '../../model/declarations.ts';

const MODES = ['postcreate', 'postremove', 'postmodify', 'precreate', 'preremove', 'premodify', 'check', 'prelock', 'postlock', 'preunlock', 'postunlock'];

export const hooksConfigTab: TabDecl = {
  id: 'hooksConfig',
  label: 'config.hooks.tab',
  objectTypes: ['configuration'],
  objectClasses: ['fusionDirectoryConf'],
  alwaysActive: true,
  priority: 10,
  sections: [
    {
      key: 'hooks',
      label: 'config.section.hooks',
      attributes: [
        // `<TabClass>|<mode>|<command>`; a command starting with `#` is disabled.
        { name: 'fdTabHook', kind: 'set', of: { kind: 'string', pattern: `[^|]+\\|(?:${MODES.join('|')})\\|.+`, patternMessage: 'config.fdTabHook.invalid' }, label: 'config.fdTabHook', description: 'config.fdTabHook.description', default: [] },
        { name: 'fdDisplayHookOutput', kind: 'boolean', label: 'config.fdDisplayHookOutput', default: false },
      ],
    },
  ],
};
