// template-fd: Templates: fdTemplate entries keep every attribute of the templated object as fdTemplateField values.
import type { SchemaDef } from '../types.ts';
import { Syntax } from '../syntaxes.ts';

export const templateFd: SchemaDef = {
  name: 'template-fd',
  dependsOn: ['core'],
  attributeTypes: [
    // FD: SUBSTR caseIgnoreSubstringsMatch, wrong for OctetString; see docs/compatibility.md.
    {
      oid: '1.3.6.1.4.1.38414.38.1.1',
      names: ['fdTemplateField'],
      desc: 'FusionDirectory - template field',
      equality: 'octetStringMatch',
      substr: 'octetStringSubstringsMatch',
      syntax: Syntax.OctetString,
    },
  ],
  objectClasses: [
    {
      oid: '1.3.6.1.4.1.38414.38.2.1',
      names: ['fdTemplate'],
      desc: 'FusionDirectory - template object',
      kind: 'STRUCTURAL',
      must: ['cn'],
      may: ['fdTemplateField'],
    },
  ],
};
