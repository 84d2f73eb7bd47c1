// ppolicy-fd-conf: The ppolicy plugin's settings on the configuration entry (fdPpolicyPluginConf).
import type { SchemaDef } from '../types.ts';
import { Syntax } from '../syntaxes.ts';

export const ppolicyFdConf: SchemaDef = {
  name: 'ppolicy-fd-conf',
  dependsOn: ['core'],
  attributeTypes: [
    {
      oid: '1.3.6.1.4.1.38414.45.1.1',
      names: ['fdPpolicyRDN'],
      desc: 'FusionDirectory - ppolicy RDN',
      equality: 'caseExactIA5Match',
      substr: 'caseExactIA5SubstringsMatch',
      syntax: Syntax.IA5String,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.45.1.2',
      names: ['fdPpolicyDefaultCn'],
      desc: 'FusionDirectory - cn of the default ppolicy',
      obsolete: true,
      equality: 'caseExactIA5Match',
      substr: 'caseExactIA5SubstringsMatch',
      syntax: Syntax.IA5String,
      singleValue: true,
    },
    // FD: SUBSTR caseIgnoreSubstringsMatch on a DN, no RFC rule but slapd uses it; kept (docs/compatibility.md).
    {
      oid: '1.3.6.1.4.1.38414.45.1.3',
      names: ['fdPpolicyDefaultDn'],
      desc: 'FusionDirectory - dn of the default ppolicy',
      equality: 'distinguishedNameMatch',
      substr: 'caseIgnoreSubstringsMatch',
      syntax: Syntax.DN,
      singleValue: true,
    },
  ],
  objectClasses: [
    {
      oid: '1.3.6.1.4.1.38414.45.2.1',
      names: ['fdPpolicyPluginConf'],
      desc: 'FusionDirectory ppolicy plugin configuration',
      sup: ['top'],
      kind: 'AUXILIARY',
      must: ['cn'],
      may: ['fdPpolicyRDN', 'fdPpolicyDefaultCn', 'fdPpolicyDefaultDn'],
    },
  ],
};
