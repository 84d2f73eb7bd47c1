// supann-ext-fd: the supann-ext plugin: structure validity dates and relations, eduPersonUniqueId domain, population codes.
import type { SchemaDef } from '../types.ts';
import { Syntax, withLength } from '../syntaxes.ts';

export const supannExtFd: SchemaDef = {
  name: 'supann-ext-fd',
  dependsOn: ['core'],
  attributeTypes: [
    {
      oid: '1.3.6.1.4.1.38414.66.1.1',
      names: ['fdSupannStartDate'],
      desc: 'FusionDirectory - Start date of validity',
      equality: 'generalizedTimeMatch',
      ordering: 'generalizedTimeOrderingMatch',
      syntax: Syntax.GeneralizedTime,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.66.1.2',
      names: ['fdSupannEndDate'],
      desc: 'FusionDirectory - End date of validity',
      equality: 'generalizedTimeMatch',
      ordering: 'generalizedTimeOrderingMatch',
      syntax: Syntax.GeneralizedTime,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.66.1.3',
      names: ['fdSupannRelationEntiteType'],
      desc: 'FusionDirectory - Relation type',
      equality: 'caseIgnoreIA5Match',
      substr: 'caseIgnoreIA5SubstringsMatch',
      syntax: withLength(Syntax.IA5String, 128),
    },
    {
      oid: '1.3.6.1.4.1.38414.66.1.4',
      names: ['fdSupannRelationEntiteRole'],
      desc: 'FusionDirectory - Relation role',
      equality: 'caseIgnoreIA5Match',
      substr: 'caseIgnoreIA5SubstringsMatch',
      syntax: withLength(Syntax.IA5String, 128),
    },
    {
      oid: '1.3.6.1.4.1.38414.66.1.5',
      names: ['fdSupannRelationEntiteCode'],
      desc: 'FusionDirectory - Code of the entite we are in relation with',
      equality: 'caseIgnoreIA5Match',
      substr: 'caseIgnoreIA5SubstringsMatch',
      syntax: withLength(Syntax.IA5String, 128),
    },
    {
      oid: '1.3.6.1.4.1.38414.66.1.6',
      names: ['fdSupannRelationEntite'],
      desc: 'FusionDirectory - Relation',
      equality: 'caseIgnoreIA5Match',
      substr: 'caseIgnoreIA5SubstringsMatch',
      syntax: withLength(Syntax.IA5String, 128),
    },
    // FD: quoted SYNTAX OID; written bare (docs/compatibility.md).
    {
      oid: '1.3.6.1.4.1.38414.66.1.7',
      names: ['fdEduPersonUniqueIdDns'],
      desc: 'Helper for eduPersonUniqueId DNS',
      equality: 'caseIgnoreMatch',
      substr: 'caseIgnoreSubstringsMatch',
      syntax: Syntax.DirectoryString,
      singleValue: true,
    },
    // FD: "SINGLE-VALUE)" after the closing parenthesis, ignored by slapd: multi-valued (docs/compatibility.md).
    // FD: SUBSTR caseIgnoreSubstringsMatch, wrong for OctetString; see docs/compatibility.md.
    {
      oid: '1.3.6.1.4.1.38414.66.1.8',
      names: ['fdMainPopulationCodeConf'],
      desc: 'SupannExt Configuration for populationCode',
      equality: 'octetStringMatch',
      substr: 'octetStringSubstringsMatch',
      syntax: Syntax.OctetString,
    },
    // FD: "SINGLE-VALUE)" after the closing parenthesis, ignored by slapd: multi-valued (docs/compatibility.md).
    // FD: SUBSTR caseIgnoreSubstringsMatch, wrong for OctetString; see docs/compatibility.md.
    {
      oid: '1.3.6.1.4.1.38414.66.1.9',
      names: ['fdLocalPopulationCodeConf'],
      desc: 'SupannExt Configuration for populationCode',
      equality: 'octetStringMatch',
      substr: 'octetStringSubstringsMatch',
      syntax: Syntax.OctetString,
    },
  ],
  objectClasses: [
    // FD: empty "MUST ( )", not allowed by RFC 4512; left out (docs/compatibility.md).
    {
      oid: '1.3.6.1.4.1.38414.66.2.1',
      names: ['fdSupannExt'],
      desc: 'FusionDirectory - audit event',
      sup: ['top'],
      kind: 'AUXILIARY',
      may: [
        'fdSupannStartDate', 'fdSupannEndDate', 'fdSupannRelationEntiteType', 'fdSupannRelationEntiteRole',
        'fdSupannRelationEntiteCode', 'fdSupannRelationEntite', 'fdEduPersonUniqueIdDns',
        'fdMainPopulationCodeConf', 'fdLocalPopulationCodeConf',
      ],
    },
  ],
};
