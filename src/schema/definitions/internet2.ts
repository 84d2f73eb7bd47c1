// internet2: eduOrg (Internet2/EDUCAUSE), shipped with the SupAnn plugin.
import type { SchemaDef } from '../types.ts';
import { Syntax } from '../syntaxes.ts';

export const internet2: SchemaDef = {
  name: 'internet2',
  dependsOn: ['core'],
  attributeTypes: [
    // FD: quoted SYNTAX OID; written bare (docs/compatibility.md).
    {
      oid: '1.3.6.1.4.1.5923.1.2.1.2',
      names: ['eduOrgHomePageURI'],
      desc: 'eduOrg per Internet2 and EDUCAUSE',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
    },
    // FD: quoted SYNTAX OID; written bare (docs/compatibility.md).
    {
      oid: '1.3.6.1.4.1.5923.1.2.1.3',
      names: ['eduOrgIdentityAuthNPolicyURI'],
      desc: 'eduOrg per Internet2 and EDUCAUSE',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
    },
    // FD: quoted SYNTAX OID; written bare (docs/compatibility.md).
    {
      oid: '1.3.6.1.4.1.5923.1.2.1.4',
      names: ['eduOrgLegalName'],
      desc: 'eduOrg per Internet2 and EDUCAUSE',
      equality: 'caseIgnoreMatch',
      syntax: Syntax.DirectoryString,
    },
    // FD: quoted SYNTAX OID; written bare (docs/compatibility.md).
    {
      oid: '1.3.6.1.4.1.5923.1.2.1.5',
      names: ['eduOrgSuperiorURI'],
      desc: 'eduOrg per Internet2 and EDUCAUSE',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
    },
    // FD: quoted SYNTAX OID; written bare (docs/compatibility.md).
    {
      oid: '1.3.6.1.4.1.5923.1.2.1.6',
      names: ['eduOrgWhitePagesURI'],
      desc: 'eduOrg per Internet2 and EDUCAUSE',
      equality: 'caseExactMatch',
      syntax: Syntax.DirectoryString,
    },
  ],
  objectClasses: [
    {
      oid: '1.3.6.1.4.1.5923.1.2.2',
      names: ['eduOrg'],
      kind: 'AUXILIARY',
      may: [
        'cn', 'eduOrgHomePageURI', 'eduOrgIdentityAuthNPolicyURI', 'eduOrgLegalName', 'eduOrgSuperiorURI',
        'eduOrgWhitePagesURI',
      ],
    },
  ],
};
