// audit-fd-conf: The audit plugin's settings on the configuration entry (fdAuditPluginConf).
import type { SchemaDef } from '../types.ts';
import { Syntax } from '../syntaxes.ts';

export const auditFdConf: SchemaDef = {
  name: 'audit-fd-conf',
  dependsOn: ['core'],
  attributeTypes: [
    {
      oid: '1.3.6.1.4.1.38414.61.1.1',
      names: ['fdAuditActions'],
      desc: 'FusionDirectory - Actions to be stored by audit plugin',
      equality: 'caseExactIA5Match',
      substr: 'caseExactIA5SubstringsMatch',
      syntax: Syntax.IA5String,
    },
    {
      oid: '1.3.6.1.4.1.38414.61.1.2',
      names: ['fdAuditRDN'],
      desc: 'FusionDirectory - Audit RDN',
      equality: 'caseExactIA5Match',
      substr: 'caseExactIA5SubstringsMatch',
      syntax: Syntax.IA5String,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.61.1.3',
      names: ['fdAuditRotationDelay'],
      desc: 'FusionDirectory - Actions to be stored by audit plugin',
      obsolete: true,
      equality: 'integerMatch',
      syntax: Syntax.Integer,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.61.1.4',
      names: ['fdAuditConfHiddenAttrValues'],
      desc: 'Fusion Directory - Audit attributes set requiring data to be hidden',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
    },
  ],
  objectClasses: [
    {
      oid: '1.3.6.1.4.1.38414.61.2.1',
      names: ['fdAuditPluginConf'],
      desc: 'FusionDirectory audit plugin configuration',
      sup: ['top'],
      kind: 'AUXILIARY',
      must: ['cn'],
      may: ['fdAuditActions', 'fdAuditRDN', 'fdAuditRotationDelay', 'fdAuditConfHiddenAttrValues'],
    },
  ],
};
