// archive-fd-conf: The archive plugin's settings on the configuration entry (fdArchivePluginConf).
import type { SchemaDef } from '../types.ts';
import { Syntax } from '../syntaxes.ts';

export const archiveFdConf: SchemaDef = {
  name: 'archive-fd-conf',
  dependsOn: ['core'],
  attributeTypes: [
    {
      oid: '1.3.6.1.4.1.38414.82.1.1',
      names: ['fdArchivedTypesAndFields'],
      desc: 'FusionDirectory - Which fields of which type to archive, with syntax type|field1,field2|uniquefield1,uniquefield2',
      equality: 'caseExactIA5Match',
      substr: 'caseExactIA5SubstringsMatch',
      syntax: Syntax.IA5String,
    },
    {
      oid: '1.3.6.1.4.1.38414.82.1.2',
      names: ['fdArchiveRDN'],
      desc: 'FusionDirectory - Archive RDN',
      equality: 'caseExactIA5Match',
      substr: 'caseExactIA5SubstringsMatch',
      syntax: Syntax.IA5String,
      singleValue: true,
    },
  ],
  objectClasses: [
    {
      oid: '1.3.6.1.4.1.38414.82.2.1',
      names: ['fdArchivePluginConf'],
      desc: 'FusionDirectory archive plugin configuration',
      sup: ['top'],
      kind: 'AUXILIARY',
      must: ['cn'],
      may: ['fdArchivedTypesAndFields', 'fdArchiveRDN'],
    },
  ],
};
