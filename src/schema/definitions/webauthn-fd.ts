// webauthn-fd: Second-factor registrations on users: WebAuthn, TOTP, recovery codes (fdWebauthnAccount).
import type { SchemaDef } from '../types.ts';
import { Syntax } from '../syntaxes.ts';

export const webauthnFd: SchemaDef = {
  name: 'webauthn-fd',
  dependsOn: ['core'],
  attributeTypes: [
    // FD: SUBSTR caseIgnoreSubstringsMatch, wrong for IA5String; see docs/compatibility.md.
    {
      oid: '1.3.6.1.4.1.38414.73.1.1',
      names: ['fdWebauthnRegistrations'],
      desc: 'FusionDirectory - WebAuthn registrations stored as JSON',
      equality: 'caseExactIA5Match',
      substr: 'caseExactIA5SubstringsMatch',
      syntax: Syntax.IA5String,
    },
    // FD: SUBSTR caseIgnoreSubstringsMatch, wrong for IA5String; see docs/compatibility.md.
    {
      oid: '1.3.6.1.4.1.38414.73.1.2',
      names: ['fdTOTPTokens'],
      desc: 'FusionDirectory - TOTP registrations stored as date|uri',
      equality: 'caseExactIA5Match',
      substr: 'caseExactIA5SubstringsMatch',
      syntax: Syntax.IA5String,
    },
    // FD: SUBSTR caseIgnoreSubstringsMatch, wrong for IA5String; see docs/compatibility.md.
    {
      oid: '1.3.6.1.4.1.38414.73.1.3',
      names: ['fdWebauthnRecoveryCode'],
      desc: 'FusionDirectory - Second factor recovery code',
      equality: 'caseExactIA5Match',
      substr: 'caseExactIA5SubstringsMatch',
      syntax: Syntax.IA5String,
    },
  ],
  objectClasses: [
    {
      oid: '1.3.6.1.4.1.38414.73.2.1',
      names: ['fdWebauthnAccount'],
      desc: 'FusionDirectory - User WebAuthn tab',
      sup: ['top'],
      kind: 'AUXILIARY',
      may: ['fdWebauthnRegistrations', 'fdTOTPTokens', 'fdWebauthnRecoveryCode'],
    },
  ],
};
