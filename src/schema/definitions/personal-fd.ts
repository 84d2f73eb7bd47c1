// personal-fd: The personal tab on users: social accounts, private mail, contract dates, badge, gender, birth date.
import type { SchemaDef } from '../types.ts';
import { Syntax, withLength } from '../syntaxes.ts';

export const personalFd: SchemaDef = {
  name: 'personal-fd',
  dependsOn: ['core', 'cosine'],
  attributeTypes: [
    {
      oid: '1.3.6.1.4.1.38414.48.1.1',
      names: ['fdSocialAccount'],
      desc: 'FusionDirectory - social accounts - syntax is site:id or protocole:id',
      equality: 'caseExactIA5Match',
      substr: 'caseExactIA5SubstringsMatch',
      syntax: Syntax.IA5String,
    },
    {
      oid: '1.3.6.1.4.1.38414.48.1.2',
      names: ['fdNickName'],
      desc: 'FusionDirectory - nickname',
      sup: 'name',
    },
    {
      oid: '1.3.6.1.4.1.38414.48.1.3',
      names: ['fdPrivateMail'],
      desc: 'FusionDirectory - private email used for identification',
      equality: 'caseExactIA5Match',
      substr: 'caseExactIA5SubstringsMatch',
      syntax: Syntax.IA5String,
    },
    {
      oid: '1.3.6.1.4.1.38414.48.1.4',
      names: ['fdContractStartDate'],
      desc: 'FusionDirectory - Contract Starting Date',
      equality: 'generalizedTimeMatch',
      ordering: 'generalizedTimeOrderingMatch',
      syntax: Syntax.GeneralizedTime,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.48.1.5',
      names: ['fdContractEndDate'],
      desc: 'FusionDirectory - Contract End Date',
      equality: 'generalizedTimeMatch',
      ordering: 'generalizedTimeOrderingMatch',
      syntax: Syntax.GeneralizedTime,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.48.1.6',
      names: ['fdBadge'],
      desc: 'FusionDirectory - Badge',
      equality: 'caseExactIA5Match',
      substr: 'caseExactIA5SubstringsMatch',
      syntax: Syntax.IA5String,
    },
    {
      oid: '1.3.6.1.4.1.38414.48.1.7',
      names: ['fdPhotoVisible'],
      desc: 'FusionDirectory - Tell if user Photo should be visible on external tools',
      equality: 'booleanMatch',
      syntax: Syntax.Boolean,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.15305.2.1',
      names: ['gender', 'sex'],
      desc: 'Gender: M for male, F for female',
      equality: 'caseIgnoreIA5Match',
      syntax: withLength(Syntax.IA5String, 1),
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.15305.2.2',
      names: ['dateOfBirth', 'dob'],
      desc: 'Date of birth in ISO 8601 format',
      equality: 'caseIgnoreMatch',
      syntax: withLength(Syntax.DirectoryString, 10),
      singleValue: true,
    },
  ],
  objectClasses: [
    // FD: empty "MUST ( )", not allowed by RFC 4512; left out (docs/compatibility.md).
    {
      oid: '1.3.6.1.4.1.38414.48.2.1',
      names: ['fdPersonalInfo'],
      desc: 'FusionDirectory - User personal tab',
      sup: ['top'],
      kind: 'AUXILIARY',
      may: [
        'fdSocialAccount', 'fdNickName', 'fdPrivateMail', 'fdBadge', 'personalTitle', 'dateOfBirth', 'gender',
        'fdContractStartDate', 'fdContractEndDate', 'fdPhotoVisible', 'co',
      ],
    },
  ],
};
