// webservice-fd-conf: The webservice (REST) plugin's settings on the configuration entry (fdWebservicePluginConf).
import type { SchemaDef } from '../types.ts';
import { Syntax } from '../syntaxes.ts';

export const webserviceFdConf: SchemaDef = {
  name: 'webservice-fd-conf',
  dependsOn: ['core'],
  attributeTypes: [
    {
      oid: '1.3.6.1.4.1.38414.44.1.1',
      names: ['fdWebserviceForceSSL'],
      desc: 'FusionDirectory - Force SSL for JSON-RPC calls',
      equality: 'booleanMatch',
      syntax: Syntax.Boolean,
      singleValue: true,
    },
  ],
  objectClasses: [
    {
      oid: '1.3.6.1.4.1.38414.44.2.1',
      names: ['fdWebservicePluginConf'],
      desc: 'FusionDirectory webservice plugin configuration',
      sup: ['top'],
      kind: 'AUXILIARY',
      must: ['cn', 'fdWebserviceForceSSL'],
    },
  ],
};
