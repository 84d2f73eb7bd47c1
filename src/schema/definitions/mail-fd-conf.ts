// mail-fd-conf: The mail plugin's settings on the configuration entry (fdMailPluginConf).
import type { SchemaDef } from '../types.ts';
import { Syntax } from '../syntaxes.ts';

export const mailFdConf: SchemaDef = {
  name: 'mail-fd-conf',
  dependsOn: ['core'],
  attributeTypes: [
    {
      oid: '1.3.6.1.4.1.38414.10.10.2',
      names: ['fdMailAttribute'],
      desc: 'FusionDirectory - Mail attribute',
      equality: 'caseExactIA5Match',
      substr: 'caseExactIA5SubstringsMatch',
      syntax: Syntax.IA5String,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.10.10.3',
      names: ['fdMailUserCreation'],
      desc: 'FusionDirectory - Mail user creation',
      equality: 'caseExactIA5Match',
      substr: 'caseExactIA5SubstringsMatch',
      syntax: Syntax.IA5String,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.10.10.4',
      names: ['fdMailFolderCreation'],
      desc: 'FusionDirectory - Mail folder creation',
      equality: 'caseExactIA5Match',
      substr: 'caseExactIA5SubstringsMatch',
      syntax: Syntax.IA5String,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.10.10.5',
      names: ['fdCyrusUseSlashes'],
      desc: 'FusionDirectory - Mail cyrus use slashes',
      equality: 'booleanMatch',
      syntax: Syntax.Boolean,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.10.10.6',
      names: ['fdCyrusDeleteMailbox'],
      desc: 'FusionDirectory - Mail cyrus delete mail box',
      equality: 'booleanMatch',
      syntax: Syntax.Boolean,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.10.10.7',
      names: ['fdCyrusAutocreateFolders'],
      desc: 'FusionDirectory - Mail cyrus autocreate folders',
      equality: 'caseExactIA5Match',
      substr: 'caseExactIA5SubstringsMatch',
      syntax: Syntax.IA5String,
    },
    {
      oid: '1.3.6.1.4.1.38414.10.10.8',
      names: ['fdImapTimeout'],
      desc: 'FusionDirectory - IMAP timeout',
      equality: 'integerMatch',
      syntax: Syntax.Integer,
      singleValue: true,
    },
    {
      oid: '1.3.6.1.4.1.38414.10.10.9',
      names: ['fdMailSharedPrefix'],
      desc: 'FusionDirectory - Prefix for mail shared folders',
      equality: 'caseExactIA5Match',
      substr: 'caseExactIA5SubstringsMatch',
      syntax: Syntax.IA5String,
    },
  ],
  objectClasses: [
    // FD: empty "MUST ( )", not allowed by RFC 4512; left out (docs/compatibility.md).
    {
      oid: '1.3.6.1.4.1.38414.10.2.1',
      names: ['fdMailPluginConf'],
      desc: 'FusionDirectory mail plugin configuration',
      sup: ['top'],
      kind: 'AUXILIARY',
      may: [
        'fdMailAttribute', 'fdMailUserCreation', 'fdMailFolderCreation', 'fdCyrusUseSlashes',
        'fdCyrusDeleteMailbox', 'fdCyrusAutocreateFolders', 'fdImapTimeout', 'fdMailSharedPrefix',
      ],
    },
  ],
};
