// The mail plugin's user tab (fd-plugins.md §2.17): gosaMailAccount with its delivery flags packed as `[VLI]`.
import type { PluginManifest, TabDecl } from '../../model/declarations.ts';

const FLAGS = [
  ['flag_vacation', 'V'],
  ['flag_localonly', 'L'],
  ['flag_ownmailbox', 'I'],
] as const;

/** `gosaMailDeliveryMode` from the flag booleans, keeping letters Trousseau does not edit (e.g. `C`). */
export function deliveryModeOf(values: Record<string, unknown>): string {
  const current = typeof values.gosaMailDeliveryMode === 'string' ? values.gosaMailDeliveryMode.replace(/[[\]]/g, '') : '';
  const kept = [...current].filter((c) => !FLAGS.some(([, letter]) => letter === c));
  const letters = [...kept, ...FLAGS.filter(([name]) => values[name] === true).map(([, letter]) => letter)];
  return `[${letters.join('')}]`;
}

export const mailAccountTab: TabDecl = {
  id: 'mailAccount',
  label: 'mail.tab',
  objectTypes: ['user'],
  objectClasses: ['gosaMailAccount'],
  activeFilter: '(mail=*)',
  priority: 4,
  selfModify: true,
  searchAttributes: ['mail', 'gosaMailAlternateAddress'],
  behaviour: {
    afterOpen: (values) => {
      const mode = typeof values.gosaMailDeliveryMode === 'string' ? values.gosaMailDeliveryMode : '';
      return Object.fromEntries(FLAGS.map(([name, letter]) => [name, mode.includes(letter)]));
    },
    prepareSave: async (context) => ({ gosaMailDeliveryMode: deliveryModeOf(context.values) }),
  },
  sections: [
    {
      key: 'mail',
      label: 'mail.section.account',
      attributes: [
        { name: 'mail', kind: 'mail', label: 'mail.mail', required: true, unique: 'whole', resetOnCopy: true },
        { name: 'gosaMailServer', kind: 'string', label: 'mail.gosaMailServer' },
        { name: 'gosaMailQuota', kind: 'integer', label: 'mail.gosaMailQuota', min: 0 },
        { name: 'gosaMailAlternateAddress', kind: 'set', of: { kind: 'mail' }, label: 'mail.gosaMailAlternateAddress', resetOnCopy: true },
        { name: 'gosaMailForwardingAddress', kind: 'set', of: { kind: 'mail' }, label: 'mail.gosaMailForwardingAddress' },
      ],
    },
    {
      key: 'options',
      label: 'mail.section.options',
      attributes: [
        { name: 'flag_vacation', kind: 'boolean', label: 'mail.flag_vacation', inLdap: false, acl: 'gosaMailDeliveryMode' },
        { name: 'gosaVacationStart', kind: 'date', encoding: 'epochSeconds', label: 'mail.gosaVacationStart' },
        { name: 'gosaVacationStop', kind: 'date', encoding: 'epochSeconds', label: 'mail.gosaVacationStop' },
        { name: 'gosaVacationMessage', kind: 'text', label: 'mail.gosaVacationMessage' },
        { name: 'flag_localonly', kind: 'boolean', label: 'mail.flag_localonly', inLdap: false, acl: 'gosaMailDeliveryMode' },
        { name: 'flag_ownmailbox', kind: 'boolean', label: 'mail.flag_ownmailbox', inLdap: false, acl: 'gosaMailDeliveryMode' },
        { name: 'gosaMailDeliveryMode', kind: 'string', label: 'mail.gosaMailDeliveryMode', hidden: true, derived: true },
      ],
    },
  ],
};

export const mailPlugin: PluginManifest = {
  id: 'mail',
  dependsOn: ['core'],
  tabs: [mailAccountTab],
  schemas: ['mail-fd', 'mail-fd-conf'],
  messages: {
    en: {
      'mail.tab': 'Mail',
      'mail.section.account': 'Mail account',
      'mail.section.options': 'Mail options',
      'mail.mail': 'Primary address',
      'mail.gosaMailServer': 'Server',
      'mail.gosaMailQuota': 'Quota size (MiB)',
      'mail.gosaMailAlternateAddress': 'Alternative addresses',
      'mail.gosaMailForwardingAddress': 'Forward messages to',
      'mail.flag_vacation': 'Activate vacation message',
      'mail.gosaVacationStart': 'Vacation from',
      'mail.gosaVacationStop': 'Vacation until',
      'mail.gosaVacationMessage': 'Vacation message',
      'mail.flag_localonly': 'Only local mails',
      'mail.flag_ownmailbox': 'No delivery to own mailbox',
      'mail.gosaMailDeliveryMode': 'Delivery mode',
    },
    fr: {
      'mail.tab': 'Messagerie',
      'mail.section.account': 'Compte de messagerie',
      'mail.section.options': 'Options de messagerie',
      'mail.mail': 'Adresse principale',
      'mail.gosaMailServer': 'Serveur',
      'mail.gosaMailQuota': 'Quota (Mio)',
      'mail.gosaMailAlternateAddress': 'Adresses secondaires',
      'mail.gosaMailForwardingAddress': 'Transférer les messages à',
      'mail.flag_vacation': "Activer le message d'absence",
      'mail.gosaVacationStart': 'Absent à partir du',
      'mail.gosaVacationStop': "Absent jusqu'au",
      'mail.gosaVacationMessage': "Message d'absence",
      'mail.flag_localonly': 'Courriels locaux uniquement',
      'mail.flag_ownmailbox': 'Pas de remise dans la boîte personnelle',
      'mail.gosaMailDeliveryMode': 'Mode de remise',
    },
  },
};
