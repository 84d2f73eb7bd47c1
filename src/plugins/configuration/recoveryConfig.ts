// The "Password recovery" tab of the configuration (fdPasswordRecoveryConf, fd-core.md §3.9).
import type { TabDecl } from '../../model/declarations.ts';

const RECOVERY_FIELDS = [
  'fdPasswordRecoveryEmail',
  'fdPasswordRecoveryValidity',
  'fdPasswordRecoverySalt',
  'fdPasswordRecoveryUseAlternate',
  'fdPasswordRecoveryLoginAttribute',
  'fdPasswordRecoveryMailSubject',
  'fdPasswordRecoveryMailBody',
  'fdPasswordRecoveryMail2Subject',
  'fdPasswordRecoveryMail2Body',
];

export const recoveryConfigTab: TabDecl = {
  id: 'recoveryConfig',
  label: 'config.recovery.tab',
  objectTypes: ['configuration'],
  objectClasses: ['fdPasswordRecoveryConf'],
  priority: 40,
  sections: [
    {
      key: 'recovery',
      label: 'config.section.recovery',
      attributes: [
        { name: 'fdPasswordRecoveryActivated', kind: 'boolean', label: 'config.fdPasswordRecoveryActivated', default: false, managed: [{ when: ['FALSE'], disable: RECOVERY_FIELDS }] },
        { name: 'fdPasswordRecoveryEmail', kind: 'mail', label: 'config.fdPasswordRecoveryEmail', default: 'to.be@chang.ed' },
        { name: 'fdPasswordRecoveryValidity', kind: 'integer', min: 1, label: 'config.fdPasswordRecoveryValidity', description: 'config.fdPasswordRecoveryValidity.description', default: 10 },
        { name: 'fdPasswordRecoverySalt', kind: 'string', label: 'config.fdPasswordRecoverySalt', default: 'SomethingSecretAndVeryLong' },
        { name: 'fdPasswordRecoveryUseAlternate', kind: 'boolean', label: 'config.fdPasswordRecoveryUseAlternate', default: false },
        { name: 'fdPasswordRecoveryLoginAttribute', kind: 'string', label: 'config.fdPasswordRecoveryLoginAttribute', default: 'uid' },
      ],
    },
    {
      key: 'firstMail',
      label: 'config.section.recoveryFirstMail',
      attributes: [
        { name: 'fdPasswordRecoveryMailSubject', kind: 'string', label: 'config.fdPasswordRecoveryMailSubject', default: 'Password recovery link' },
        {
          name: 'fdPasswordRecoveryMailBody',
          kind: 'text',
          label: 'config.fdPasswordRecoveryMailBody',
          description: 'config.fdPasswordRecoveryMailBody.description',
          default: 'Hello,\n\nHere is your information: \n - Login : %s\n - Link : %s\n\nThis link is only valid for 10 minutes.',
        },
      ],
    },
    {
      key: 'secondMail',
      label: 'config.section.recoverySecondMail',
      attributes: [
        { name: 'fdPasswordRecoveryMail2Subject', kind: 'string', label: 'config.fdPasswordRecoveryMail2Subject', default: 'Your password was changed' },
        { name: 'fdPasswordRecoveryMail2Body', kind: 'text', label: 'config.fdPasswordRecoveryMail2Body', description: 'config.fdPasswordRecoveryMail2Body.description', default: 'Hello,\n\nYour password has been changed.\nYour login is still %s.' },
      ],
    },
  ],
};
