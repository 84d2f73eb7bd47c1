// The "Plugins" tab of the configuration (fusionDirectoryPluginsConf): the small settings of core's own plugins.
import type { TabDecl } from '../../model/declarations.ts';
import { RDN_PATTERN } from './choices.ts';

export const pluginsConfigInLdapTab: TabDecl = {
  id: 'pluginsConfigInLdap',
  label: 'config.plugins.tab',
  objectTypes: ['configuration'],
  objectClasses: ['fusionDirectoryPluginsConf'],
  priority: 30,
  sections: [
    {
      key: 'groups',
      label: 'config.section.groups',
      attributes: [{ name: 'fdOGroupRDN', kind: 'string', pattern: RDN_PATTERN, patternMessage: 'config.rdn.invalid', label: 'config.fdOGroupRDN', default: 'ou=groups' }],
    },
    {
      key: 'sasl',
      label: 'config.section.sasl',
      attributes: [{ name: 'fdForceSaslPasswordAsk', kind: 'boolean', label: 'config.fdForceSaslPasswordAsk', default: false }],
    },
  ],
};
