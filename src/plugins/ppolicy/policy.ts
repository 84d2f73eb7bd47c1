// The `ppolicy` object type (fd-plugins.md §2.15): password policies read by slapd's ppolicy overlay,
// `cn=<name>,ou=ppolicies,<base>` with objectClasses device + pwdPolicy + pwdPolicyChecker.
import type { ObjectTypeDecl, TabDecl } from '../../model/declarations.ts';

export const ppolicyType: ObjectTypeDecl = {
  id: 'ppolicy',
  label: 'ppolicy.type',
  description: 'ppolicy.type.description',
  filter: '(objectClass=pwdPolicy)',
  ou: { configKey: 'fdPpolicyRDN', default: 'ou=ppolicies' },
  mainAttribute: 'cn',
  aclCategory: 'ppolicy',
  mainTab: 'ppolicy',
  icon: 'key',
  menu: { section: 'accounts', priority: 60 },
};

/** Durations are stored in seconds; the form offers units (engine's `unit: 'seconds'`). */
const seconds = { kind: 'integer', min: 0, unit: 'seconds' } as const;
const count = { kind: 'integer', min: 0 } as const;

export const ppolicyTab: TabDecl = {
  id: 'ppolicy',
  label: 'ppolicy.tab',
  objectTypes: ['ppolicy'],
  objectClasses: ['device', 'pwdPolicy', 'pwdPolicyChecker'],
  alwaysActive: true,
  priority: 0,
  searchAttributes: ['cn', 'description'],
  behaviour: {
    // The overlay checks the attribute the policy names: FusionDirectory always writes userPassword.
    prepareSave: async () => ({ pwdAttribute: 'userPassword' }),
  },
  sections: [
    {
      key: 'policy',
      label: 'ppolicy.section.policy',
      attributes: [
        { name: 'cn', kind: 'string', label: 'ppolicy.cn', required: true, pattern: '[a-zA-Z0-9][a-zA-Z0-9._ -]*', patternMessage: 'ppolicy.cn.invalid' },
        { name: 'description', kind: 'text', label: 'ppolicy.description' },
        { name: 'base', kind: 'base', label: 'common.base', inLdap: false },
        { name: 'pwdAttribute', kind: 'string', label: 'ppolicy.pwdAttribute', hidden: true, derived: true, default: 'userPassword' },
        { name: 'pwdMinLength', ...count, label: 'ppolicy.pwdMinLength', description: 'ppolicy.pwdMinLength.description' },
        { name: 'pwdInHistory', ...count, label: 'ppolicy.pwdInHistory', description: 'ppolicy.pwdInHistory.description' },
        { name: 'pwdMinAge', ...seconds, label: 'ppolicy.pwdMinAge', description: 'ppolicy.pwdMinAge.description' },
        {
          name: 'pwdMaxAge',
          ...seconds,
          label: 'ppolicy.pwdMaxAge',
          description: 'ppolicy.pwdMaxAge.description',
          // A password that never expires has no expiry warning nor grace logins.
          managed: [{ when: ['', '0'], disable: ['pwdExpireWarning', 'pwdGraceAuthNLimit'] }],
        },
        { name: 'pwdExpireWarning', ...seconds, label: 'ppolicy.pwdExpireWarning', description: 'ppolicy.pwdExpireWarning.description' },
        { name: 'pwdGraceAuthNLimit', ...count, label: 'ppolicy.pwdGraceAuthNLimit', description: 'ppolicy.pwdGraceAuthNLimit.description' },
        {
          name: 'pwdAllowUserChange',
          kind: 'boolean',
          label: 'ppolicy.pwdAllowUserChange',
          description: 'ppolicy.pwdAllowUserChange.description',
          default: true,
          managed: [{ when: ['FALSE'], disable: ['pwdSafeModify'] }],
        },
        { name: 'pwdSafeModify', kind: 'boolean', label: 'ppolicy.pwdSafeModify', description: 'ppolicy.pwdSafeModify.description', default: false },
        {
          name: 'pwdCheckQuality',
          kind: 'select',
          label: 'ppolicy.pwdCheckQuality',
          description: 'ppolicy.pwdCheckQuality.description',
          required: true,
          default: '0',
          choices: [
            { value: '0', label: 'ppolicy.pwdCheckQuality.0' },
            { value: '1', label: 'ppolicy.pwdCheckQuality.1' },
            { value: '2', label: 'ppolicy.pwdCheckQuality.2' },
          ],
          managed: [{ when: ['0'], disable: ['pwdCheckModule'] }],
        },
        { name: 'pwdCheckModule', kind: 'string', label: 'ppolicy.pwdCheckModule', description: 'ppolicy.pwdCheckModule.description' },
        {
          name: 'pwdLockout',
          kind: 'boolean',
          label: 'ppolicy.pwdLockout',
          description: 'ppolicy.pwdLockout.description',
          default: true,
          managed: [{ when: ['FALSE'], disable: ['pwdLockoutDuration', 'pwdMaxFailure', 'pwdFailureCountInterval', 'pwdMaxRecordedFailure'] }],
        },
        { name: 'pwdLockoutDuration', ...seconds, label: 'ppolicy.pwdLockoutDuration', description: 'ppolicy.pwdLockoutDuration.description' },
        { name: 'pwdMaxFailure', ...count, label: 'ppolicy.pwdMaxFailure', description: 'ppolicy.pwdMaxFailure.description' },
        { name: 'pwdFailureCountInterval', ...seconds, label: 'ppolicy.pwdFailureCountInterval', description: 'ppolicy.pwdFailureCountInterval.description' },
        { name: 'pwdMaxRecordedFailure', ...count, label: 'ppolicy.pwdMaxRecordedFailure', description: 'ppolicy.pwdMaxRecordedFailure.description' },
        { name: 'pwdMustChange', kind: 'boolean', label: 'ppolicy.pwdMustChange', description: 'ppolicy.pwdMustChange.description', default: false },
      ],
    },
  ],
};
