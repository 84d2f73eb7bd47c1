// The configuration plugin: FusionDirectory's configuration entry `cn=config,ou=fusiondirectory,<base>` and its tabs (fd-core.md §1.4).
import type { PluginManifest } from '../../model/declarations.ts';
import { configInLdapTab, configurationType } from './configInLdap.ts';
import { hooksConfigTab } from './hooksConfig.ts';
import { mailTemplateConfigTab } from './mailTemplateConfig.ts';
import { en, fr } from './messages.ts';
import { pluginsConfigInLdapTab } from './pluginsConfigInLdap.ts';
import { recoveryConfigTab } from './recoveryConfig.ts';
import { snapshotsConfigTab } from './snapshotsConfig.ts';
import { tasksConfigTab } from './tasksConfig.ts';

export const configurationPlugin: PluginManifest = {
  id: 'configuration',
  types: [configurationType],
  tabs: [configInLdapTab, hooksConfigTab, snapshotsConfigTab, pluginsConfigInLdapTab, recoveryConfigTab, tasksConfigTab, mailTemplateConfigTab],
  schemas: ['core-fd-conf', 'core-fd'],
  messages: { en, fr },
};
