// personal-fd-conf: The personal plugin's settings on the configuration entry (fdPersonalPluginConf).
import type { SchemaDef } from '../types.ts';
import { Syntax } from '../syntaxes.ts';

export const personalFdConf: SchemaDef = {
  name: 'personal-fd-conf',
  dependsOn: ['core'],
  attributeTypes: [
    {
      oid: '1.3.6.1.4.1.38414.50.1.1',
      names: ['fdPrivateEmailPasswordRecovery'],
      desc: 'FusionDirectory - Allow use of private email address for password recovery',
      equality: 'booleanMatch',
      syntax: Syntax.Boolean,
      singleValue: true,
    },
  ],
  objectClasses: [
    {
      oid: '1.3.6.1.4.1.38414.50.2.1',
      names: ['fdPersonalPluginConf'],
      desc: 'FusionDirectory personal plugin configuration',
      sup: ['top'],
      kind: 'AUXILIARY',
      must: ['cn'],
      may: ['fdPrivateEmailPasswordRecovery'],
    },
  ],
};
