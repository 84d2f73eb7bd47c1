// fusiondirectory-orchestrator: The orchestrator's stored refresh tokens (fdJWT).
import type { SchemaDef } from '../types.ts';
import { Syntax } from '../syntaxes.ts';

export const fusiondirectoryOrchestrator: SchemaDef = {
  name: 'fusiondirectory-orchestrator',
  dependsOn: ['core'],
  attributeTypes: [
    {
      oid: '1.3.6.1.4.1.38414.95.1.1',
      names: ['fdRefreshToken'],
      desc: 'Orchestrator Refresh Token',
      equality: 'caseIgnoreMatch',
      substr: 'caseIgnoreSubstringsMatch',
      syntax: Syntax.DirectoryString,
    },
    {
      oid: '1.3.6.1.4.1.38414.95.1.2',
      names: ['fdRefreshTokenExpiry'],
      desc: 'Orchestrator Refresh Token Expiry',
      equality: 'caseIgnoreMatch',
      substr: 'caseIgnoreSubstringsMatch',
      syntax: Syntax.DirectoryString,
    },
  ],
  objectClasses: [
    {
      oid: '1.3.6.1.4.1.38414.95.2.1',
      names: ['fdJWT'],
      desc: 'Orchestrator - Tokens Management',
      kind: 'STRUCTURAL',
      must: ['cn'],
      may: ['fdRefreshTokenExpiry', 'fdRefreshToken'],
    },
  ],
};
