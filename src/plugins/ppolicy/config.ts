// The ppolicy plugin's settings on the configuration entry (fdPpolicyPluginConf, fd-plugins.md §2.15).
import { escapeDnValue } from '../../ldap/dn.ts';
import type { TabDecl } from '../../model/declarations.ts';

/** `ou=ppolicies`-like RDNs, stored without the trailing comma (fd-plugins.md §0.3). */
const RDN_PATTERN = '[A-Za-z][A-Za-z0-9-]*=[^,=]+(?:,[A-Za-z][A-Za-z0-9-]*=[^,=]+)*';

export const ppolicyConfigTab: TabDecl = {
  id: 'ppolicyConfig',
  label: 'ppolicy.config.tab',
  description: 'ppolicy.config.tab.description',
  objectTypes: ['configuration'],
  objectClasses: ['fdPpolicyPluginConf'],
  alwaysActive: true,
  priority: 65,
  behaviour: {
    // fdPpolicyDefaultCn (FusionDirectory before 1.3) is migrated to a DN on load, as FusionDirectory does.
    afterOpen: (values, context) => {
      const cn = typeof values.fdPpolicyDefaultCn === 'string' ? values.fdPpolicyDefaultCn : '';
      if (cn === '' || (typeof values.fdPpolicyDefaultDn === 'string' && values.fdPpolicyDefaultDn !== '')) return {};
      const rdn = typeof values.fdPpolicyRDN === 'string' && values.fdPpolicyRDN !== '' ? values.fdPpolicyRDN : 'ou=ppolicies';
      return { fdPpolicyDefaultDn: `cn=${escapeDnValue(cn)},${rdn},${context.baseDN}`, fdPpolicyDefaultCn: '' };
    },
  },
  sections: [
    {
      key: 'ppolicy',
      label: 'ppolicy.config.section',
      attributes: [
        { name: 'fdPpolicyRDN', kind: 'string', label: 'ppolicy.config.fdPpolicyRDN', description: 'ppolicy.config.fdPpolicyRDN.description', pattern: RDN_PATTERN, patternMessage: 'ppolicy.config.rdn.invalid', required: true, default: 'ou=ppolicies' },
        { name: 'fdPpolicyDefaultDn', kind: 'string', label: 'ppolicy.config.fdPpolicyDefaultDn', description: 'ppolicy.config.fdPpolicyDefaultDn.description' },
        { name: 'fdPpolicyDefaultCn', kind: 'string', label: 'ppolicy.config.fdPpolicyDefaultCn', hidden: true },
      ],
    },
  ],
};
