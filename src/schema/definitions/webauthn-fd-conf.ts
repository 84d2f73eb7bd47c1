// webauthn-fd-conf: The webauthn plugin's settings on the configuration entry (fdWebauthnPluginConf).
import type { SchemaDef } from '../types.ts';
import { Syntax } from '../syntaxes.ts';

export const webauthnFdConf: SchemaDef = {
  name: 'webauthn-fd-conf',
  dependsOn: ['core'],
  attributeTypes: [
    {
      oid: '1.3.6.1.4.1.38414.74.10.1',
      names: ['fdWebauthnFormats'],
      desc: 'FusionDirectory - Allowed webauthn formats',
      equality: 'caseExactMatch',
      substr: 'caseExactSubstringsMatch',
      syntax: Syntax.DirectoryString,
    },
    {
      oid: '1.3.6.1.4.1.38414.74.11.1',
      names: ['fdTotpDigest'],
      desc: 'FusionDirectory - Digest for TOTP tokens (default is sha1)',
      equality: 'caseExactMatch',
      substr: 'caseExactSubstringsMatch',
      syntax: Syntax.DirectoryString,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.74.11.2',
      names: ['fdTotpPeriod'],
      desc: 'FusionDirectory - Period in seconds for TOTP tokens (default is 30)',
      equality: 'integerMatch',
      syntax: Syntax.Integer,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.74.11.3',
      names: ['fdTotpDigits'],
      desc: 'FusionDirectory - Number of digits for TOTP tokens (default is 6)',
      equality: 'integerMatch',
      syntax: Syntax.Integer,
      singleValue: true,
    },
  ],
  objectClasses: [
    {
      oid: '1.3.6.1.4.1.38414.74.2.1',
      names: ['fdWebauthnPluginConf'],
      desc: 'FusionDirectory webauthn plugin configuration',
      sup: ['top'],
      kind: 'AUXILIARY',
      must: ['cn'],
      may: ['fdWebauthnFormats', 'fdTotpDigest', 'fdTotpPeriod', 'fdTotpDigits'],
    },
  ],
};
