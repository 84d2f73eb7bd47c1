// The configuration entry `cn=config,ou=fusiondirectory,<base>` as an object type, and its main tab (fd-core.md §1.4).
import type { ObjectTypeDecl, SaveContext, TabDecl } from '../../model/declarations.ts';
import { isTimezone, languageChoices, LOGIN_METHODS, loginAttributeChoices, loginMethodChoices, modificationDetectionChoices, passwordHashChoices, primaryAttributeChoices, RDN_PATTERN } from './choices.ts';

export const configurationType: ObjectTypeDecl = {
  id: 'configuration',
  label: 'config.type',
  description: 'config.type.description',
  filter: '(objectClass=fusionDirectoryConf)',
  ou: 'ou=fusiondirectory',
  mainAttribute: false,
  aclCategory: 'configuration',
  mainTab: 'configInLdap',
  templates: false,
  snapshots: false,
  menu: { section: 'configuration', priority: 0 },
};

/** CAS settings, used only with the LoginCAS method. */
const CAS_FIELDS = ['fdCasLibraryBool', 'fdCasHost', 'fdCasPort', 'fdCasContext', 'fdCasServerCaCertPath', 'fdCasVerbose', 'fdCasClientServiceName'];

/**
 * Before FusionDirectory 1.4 the login method was a set of booleans, now obsolete; FusionDirectory picks the
 * method from them while fdLoginMethod is empty, and writes it at the next save.
 */
async function migrateLoginMethod(context: SaveContext): Promise<Record<string, unknown>> {
  if (context.values.fdLoginMethod !== '' || context.isNew) return {};
  const legacy = await context.readEntry(`cn=config,ou=fusiondirectory,${context.base}`, ['fdHttpAuthActivated', 'fdCasActivated', 'fdHttpHeaderAuthActivated']);
  const on = (name: string) => legacy?.get(name)[0] === 'TRUE';
  return { fdLoginMethod: on('fdHttpAuthActivated') ? 'LoginHTTPAuth' : on('fdCasActivated') ? 'LoginCAS' : on('fdHttpHeaderAuthActivated') ? 'LoginHTTPHeader' : 'LoginPost' };
}

/** FusionDirectory's configuration checks that attributes cannot express alone. */
function checkConfig(context: SaveContext): Array<{ attribute: string; code: string; message: string }> {
  const problems: Array<{ attribute: string; code: string; message: string }> = [];
  const v = context.values;
  if (v.fdPasswordDefaultHash === 'sasl' && !v.fdSaslRealm && !v.fdSaslExop) {
    problems.push({ attribute: 'fdSaslRealm', code: 'value.required', message: 'The "sasl" password method needs a SASL realm or a SASL exop attribute.' });
  }
  if (typeof v.fdTimezone === 'string' && v.fdTimezone !== '' && !isTimezone(v.fdTimezone)) {
    problems.push({ attribute: 'fdTimezone', code: 'value.choice', message: `"${v.fdTimezone}" is not a known time zone; use a name such as Europe/Paris or UTC.` });
  }
  return problems;
}

export const configInLdapTab: TabDecl = {
  id: 'configInLdap',
  label: 'config.tab',
  objectTypes: ['configuration'],
  objectClasses: ['fusionDirectoryConf'],
  alwaysActive: true,
  priority: 0,
  behaviour: { prepareSave: migrateLoginMethod, check: checkConfig },
  sections: [
    {
      key: 'look',
      label: 'config.section.look',
      attributes: [
        { name: 'fdLanguage', kind: 'select', label: 'config.fdLanguage', description: 'config.fdLanguage.description', choices: languageChoices, default: '' },
        { name: 'fdTheme', kind: 'string', label: 'config.fdTheme', default: 'breezy' },
        { name: 'fdTimezone', kind: 'string', label: 'config.fdTimezone', example: 'Europe/Paris', default: 'America/New_York' },
      ],
    },
    {
      key: 'schema',
      label: 'config.section.schema',
      attributes: [{ name: 'fdSchemaCheck', kind: 'boolean', label: 'config.fdSchemaCheck', default: true }],
    },
    {
      key: 'password',
      label: 'config.section.password',
      attributes: [
        { name: 'fdPasswordAllowedHashes', kind: 'set', of: { kind: 'select', choices: passwordHashChoices }, label: 'config.fdPasswordAllowedHashes', default: passwordHashChoices.map((c) => c.value) },
        { name: 'fdPasswordDefaultHash', kind: 'select', choices: passwordHashChoices, label: 'config.fdPasswordDefaultHash', default: 'ssha' },
        { name: 'fdForcePasswordDefaultHash', kind: 'boolean', label: 'config.fdForcePasswordDefaultHash', default: false },
        { name: 'fdPasswordMinLength', kind: 'integer', min: 0, label: 'config.fdPasswordMinLength' },
        { name: 'fdPasswordMinDiffer', kind: 'integer', min: 0, label: 'config.fdPasswordMinDiffer' },
        { name: 'fdHandleExpiredAccounts', kind: 'boolean', label: 'config.fdHandleExpiredAccounts', default: false },
        { name: 'fdSaslRealm', kind: 'string', label: 'config.fdSaslRealm' },
        { name: 'fdSaslExop', kind: 'string', label: 'config.fdSaslExop' },
      ],
    },
    {
      key: 'core',
      label: 'config.section.core',
      attributes: [
        { name: 'fdListSummary', kind: 'boolean', label: 'config.fdListSummary', default: true },
        { name: 'fdModificationDetectionAttribute', kind: 'select', choices: modificationDetectionChoices, label: 'config.fdModificationDetectionAttribute', default: 'entryCSN' },
        { name: 'fdLogging', kind: 'boolean', label: 'config.fdLogging', default: true },
        { name: 'fdLdapSizeLimit', kind: 'integer', min: 0, label: 'config.fdLdapSizeLimit', default: 200 },
        { name: 'fdWildcardForeignKeys', kind: 'boolean', label: 'config.fdWildcardForeignKeys', default: true },
      ],
    },
    {
      key: 'login',
      label: 'config.section.login',
      attributes: [
        { name: 'fdLoginAttribute', kind: 'select', choices: loginAttributeChoices, label: 'config.fdLoginAttribute', default: 'uid' },
        { name: 'fdForceSSL', kind: 'boolean', label: 'config.fdForceSSL', default: false, managed: [{ when: ['TRUE'], disable: ['fdWarnSSL'] }] },
        { name: 'fdWarnSSL', kind: 'boolean', label: 'config.fdWarnSSL', default: true },
        { name: 'fdSessionLifeTime', kind: 'integer', min: 0, unit: 'seconds', label: 'config.fdSessionLifeTime', default: 1800 },
        {
          name: 'fdLoginMethod',
          kind: 'select',
          choices: loginMethodChoices,
          label: 'config.fdLoginMethod',
          default: 'LoginPost',
          managed: [
            { when: ['', ...LOGIN_METHODS.filter((m) => m !== 'LoginCAS')], disable: CAS_FIELDS },
            { when: ['', ...LOGIN_METHODS.filter((m) => m !== 'LoginHTTPHeader')], disable: ['fdHttpHeaderAuthHeaderName'] },
          ],
        },
        { name: 'fdHttpHeaderAuthHeaderName', kind: 'string', label: 'config.fdHttpHeaderAuthHeaderName', default: 'AUTH_USER' },
      ],
    },
    {
      key: 'ssl',
      label: 'config.section.ssl',
      attributes: [
        { name: 'fdSslKeyPath', kind: 'string', label: 'config.fdSslKeyPath', default: '/etc/ssl/private/fd.key' },
        { name: 'fdSslCertPath', kind: 'string', label: 'config.fdSslCertPath', default: '/etc/ssl/certs/fd.cert' },
        { name: 'fdSslCaCertPath', kind: 'string', label: 'config.fdSslCaCertPath', default: '/etc/ssl/certs/ca.cert' },
      ],
    },
    {
      key: 'cas',
      label: 'config.section.cas',
      attributes: [
        { name: 'fdCasLibraryBool', kind: 'boolean', label: 'config.fdCasLibraryBool', default: false },
        { name: 'fdCasServerCaCertPath', kind: 'string', label: 'config.fdCasServerCaCertPath', default: '/etc/ssl/certs/ca.cert' },
        { name: 'fdCasHost', kind: 'string', label: 'config.fdCasHost', default: 'localhost' },
        { name: 'fdCasPort', kind: 'integer', min: 1, max: 65535, label: 'config.fdCasPort', default: 443 },
        { name: 'fdCasContext', kind: 'string', label: 'config.fdCasContext', default: '/cas' },
        { name: 'fdCasVerbose', kind: 'boolean', label: 'config.fdCasVerbose', default: false },
        { name: 'fdCasClientServiceName', kind: 'string', label: 'config.fdCasClientServiceName' },
      ],
    },
    {
      key: 'people',
      label: 'config.section.people',
      attributes: [
        { name: 'fdAccountPrimaryAttribute', kind: 'select', choices: primaryAttributeChoices, label: 'config.fdAccountPrimaryAttribute', default: 'uid' },
        { name: 'fdCnPattern', kind: 'string', label: 'config.fdCnPattern', description: 'config.fdCnPattern.description', default: '%givenName% %sn%' },
        { name: 'fdGivenNameRequired', kind: 'boolean', label: 'config.fdGivenNameRequired', default: true },
        { name: 'fdStrictNamingRules', kind: 'boolean', label: 'config.fdStrictNamingRules', default: true },
        { name: 'fdUserRDN', kind: 'string', pattern: RDN_PATTERN, patternMessage: 'config.rdn.invalid', label: 'config.fdUserRDN', default: 'ou=people' },
        { name: 'fdAclRoleRDN', kind: 'string', pattern: RDN_PATTERN, patternMessage: 'config.rdn.invalid', label: 'config.fdAclRoleRDN', default: 'ou=aclroles' },
        { name: 'fdRestrictRoleMembers', kind: 'boolean', label: 'config.fdRestrictRoleMembers', default: false },
        { name: 'fdSplitPostalAddress', kind: 'boolean', label: 'config.fdSplitPostalAddress', default: false, managed: [{ when: ['FALSE'], disable: ['fdPostalAddressPattern'] }] },
        { name: 'fdPostalAddressPattern', kind: 'string', label: 'config.fdPostalAddressPattern', description: 'config.fdPostalAddressPattern.description' },
        { name: 'fdMaxAvatarSize', kind: 'integer', min: 1, label: 'config.fdMaxAvatarSize', default: 200 },
      ],
    },
    {
      key: 'debug',
      label: 'config.section.debug',
      attributes: [
        { name: 'fdDisplayErrors', kind: 'boolean', label: 'config.fdDisplayErrors', default: false },
        { name: 'fdLdapMaxQueryTime', kind: 'integer', min: 0, unit: 'seconds', label: 'config.fdLdapMaxQueryTime' },
        { name: 'fdLdapStats', kind: 'boolean', label: 'config.fdLdapStats', default: false },
        // A bit mask: 1 trace, 2 ldap, 4 db, 8 shell, 16 post, 32 session, 64 config, 128 acl, 256 SI, 512 mail.
        { name: 'fdDebugLevel', kind: 'integer', min: 0, max: 1023, label: 'config.fdDebugLevel', description: 'config.fdDebugLevel.description' },
        { name: 'fdDebugLogging', kind: 'boolean', label: 'config.fdDebugLogging', default: false },
      ],
    },
    {
      key: 'misc',
      label: 'config.section.misc',
      attributes: [
        { name: 'fdAclTabOnObjects', kind: 'boolean', label: 'config.fdAclTabOnObjects', default: false },
        { name: 'fdDepartmentCategories', kind: 'set', of: { kind: 'string' }, label: 'config.fdDepartmentCategories', default: [] },
        { name: 'fdAclTargetFilterLimit', kind: 'integer', min: 1, label: 'config.fdAclTargetFilterLimit', description: 'config.fdAclTargetFilterLimit.description', default: 100 },
        { name: 'fdPluginsMenuBlacklist', kind: 'set', of: { kind: 'string', pattern: '[^|]+\\|[^|]+' }, label: 'config.fdPluginsMenuBlacklist', description: 'config.fdPluginsMenuBlacklist.description', default: [] },
        // Persisted list columns (fd-core.md §9.4), written by the list settings dialogs.
        { name: 'fdManagementConfig', kind: 'set', of: { kind: 'string' }, label: 'config.fdManagementConfig', hidden: true },
        { name: 'fdManagementUserConfig', kind: 'set', of: { kind: 'string' }, label: 'config.fdManagementUserConfig', hidden: true },
        // Written by the template modifier `e` and by FusionDirectory at login: never rewritten by a configuration save.
        { name: 'fdIncrementalModifierStates', kind: 'readOnly', label: 'config.fdIncrementalModifierStates', hidden: true },
        { name: 'fusionConfigMd5', kind: 'readOnly', multi: true, label: 'config.fusionConfigMd5', hidden: true },
      ],
    },
  ],
};
