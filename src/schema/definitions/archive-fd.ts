// archive-fd: Archived objects: the kept fields of a deleted object, for history and uniqueness checks.
import type { SchemaDef } from '../types.ts';
import { Syntax } from '../syntaxes.ts';

export const archiveFd: SchemaDef = {
  name: 'archive-fd',
  dependsOn: ['core'],
  attributeTypes: [
    // FD: SUBSTR caseIgnoreSubstringsMatch, wrong for OctetString; see docs/compatibility.md.
    {
      oid: '1.3.6.1.4.1.38414.81.1.1',
      names: ['fdArchivedField'],
      desc: 'FusionDirectory - archived field',
      equality: 'octetStringMatch',
      substr: 'octetStringSubstringsMatch',
      syntax: Syntax.OctetString,
    },
    // FD: SUBSTR caseIgnoreSubstringsMatch, wrong for OctetString; see docs/compatibility.md.
    {
      oid: '1.3.6.1.4.1.38414.81.1.2',
      names: ['fdArchivedUniqueField'],
      desc: 'FusionDirectory - archived field for unicity checks',
      equality: 'octetStringMatch',
      substr: 'octetStringSubstringsMatch',
      syntax: Syntax.OctetString,
    },
    {
      oid: '1.3.6.1.4.1.38414.81.1.3',
      names: ['fdArchivedDateTime'],
      desc: 'FusionDirectory - archived object date and time',
      equality: 'generalizedTimeMatch',
      ordering: 'generalizedTimeOrderingMatch',
      syntax: Syntax.GeneralizedTime,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.81.1.4',
      names: ['fdArchivedObjectType'],
      desc: 'FusionDirectory - archived object type',
      equality: 'caseExactIA5Match',
      substr: 'caseExactIA5SubstringsMatch',
      syntax: Syntax.IA5String,
      singleValue: true,
    },
    // FD: SUBSTR caseIgnoreSubstringsMatch on a DN, no RFC rule but slapd uses it; kept (docs/compatibility.md).
    {
      oid: '1.3.6.1.4.1.38414.81.1.5',
      names: ['fdArchivedOriginDn'],
      desc: 'FusionDirectory - archived object DN',
      equality: 'distinguishedNameMatch',
      substr: 'caseIgnoreSubstringsMatch',
      syntax: Syntax.DN,
      singleValue: true,
    },
  ],
  objectClasses: [
    // FD: empty "MUST ( )", not allowed by RFC 4512; left out (docs/compatibility.md).
    {
      oid: '1.3.6.1.4.1.38414.81.2.1',
      names: ['fdArchivedObject'],
      desc: 'FusionDirectory - archived object',
      kind: 'STRUCTURAL',
      may: [
        'fdArchivedField', 'fdArchivedUniqueField', 'fdArchivedDateTime', 'fdArchivedObjectType',
        'fdArchivedOriginDn',
      ],
    },
  ],
};
