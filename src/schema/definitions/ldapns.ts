// ldapns: PADL LDAP name service additions that FusionDirectory ships: hostObject and authorizedServiceObject.
import type { SchemaDef } from '../types.ts';
import { Syntax, withLength } from '../syntaxes.ts';

export const ldapns: SchemaDef = {
  name: 'ldapns',
  dependsOn: ['core', 'cosine'],
  attributeTypes: [
    {
      oid: '1.3.6.1.4.1.5322.17.2.1',
      names: ['authorizedService'],
      desc: 'IANA GSS-API authorized service name',
      equality: 'caseIgnoreMatch',
      syntax: withLength(Syntax.DirectoryString, 256),
    },
  ],
  objectClasses: [
    {
      oid: '1.3.6.1.4.1.5322.17.1.1',
      names: ['authorizedServiceObject'],
      desc: 'Auxiliary object class for adding authorizedService attribute',
      sup: ['top'],
      kind: 'AUXILIARY',
      may: ['authorizedService'],
    },
    {
      oid: '1.3.6.1.4.1.5322.17.1.2',
      names: ['hostObject'],
      desc: 'Auxiliary object class for adding host attribute',
      sup: ['top'],
      kind: 'AUXILIARY',
      may: ['host'],
    },
  ],
};
