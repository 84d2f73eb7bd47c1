// The FusionDirectory-compatible configuration entry `cn=config,ou=fusiondirectory,<base>` with its default `fd*` keys.

export const CONFIG_OBJECT_CLASSES = ['fusionDirectoryConf', 'fusionDirectoryPluginsConf', 'fdPasswordRecoveryConf', 'fdTasksConf', 'fdMailTemplateConf'];

/**
 * Default values, as FusionDirectory's configuration screen proposes them (fd-core.md §1.4). Booleans are the
 * LDAP strings TRUE/FALSE. Empty defaults are omitted: LDAP cannot store an empty value.
 */
export function defaultConfigAttributes(baseDN: string, recoverySalt: string, timezone: string): Record<string, string | string[]> {
  return {
    cn: 'config',
    fdTheme: 'breezy',
    fdTimezone: timezone,
    fdSchemaCheck: 'TRUE',
    fdLdapSizeLimit: '200',
    fdModificationDetectionAttribute: 'entryCSN',
    fdLogging: 'TRUE',
    fdWildcardForeignKeys: 'TRUE',
    fdPasswordDefaultHash: 'ssha',
    fdForcePasswordDefaultHash: 'FALSE',
    fdHandleExpiredAccounts: 'FALSE',
    fdLoginAttribute: 'uid',
    fdForceSSL: 'FALSE',
    fdWarnSSL: 'TRUE',
    fdSessionLifeTime: '1800',
    fdLoginMethod: 'LoginPost',
    fdAccountPrimaryAttribute: 'uid',
    fdCnPattern: '%givenName% %sn%',
    fdGivenNameRequired: 'TRUE',
    fdStrictNamingRules: 'TRUE',
    fdUserRDN: 'ou=people',
    fdAclRoleRDN: 'ou=aclroles',
    fdRestrictRoleMembers: 'FALSE',
    fdSplitPostalAddress: 'FALSE',
    fdMaxAvatarSize: '200',
    fdDisplayErrors: 'FALSE',
    fdListSummary: 'TRUE',
    fdAclTabOnObjects: 'FALSE',
    fdAclTargetFilterLimit: '100',
    fdEnableSnapshots: 'TRUE',
    fdEnableAutomaticSnapshots: 'FALSE',
    fdSnapshotBase: `ou=snapshots,${baseDN}`,
    fdDisplayHookOutput: 'FALSE',
    // posix plugin keys live directly in fusionDirectoryConf
    fdGroupRDN: 'ou=groups',
    fdMinId: '100',
    fdUidNumberBase: '1100',
    fdGidNumberBase: '1100',
    fdIdAllocationMethod: 'traditional',
    fdUidNumberPoolMin: '10000',
    fdUidNumberPoolMax: '40000',
    fdGidNumberPoolMin: '10000',
    fdGidNumberPoolMax: '40000',
    fdShells: ['/bin/bash', '/bin/sh', '/bin/zsh', '/usr/sbin/nologin', '/bin/false'],
    fdDefaultShell: '/bin/bash',
    // fusionDirectoryPluginsConf
    fdOGroupRDN: 'ou=groups',
    fdForceSaslPasswordAsk: 'FALSE',
    // fdPasswordRecoveryConf — the salt is random per site, not FusionDirectory's well-known default
    fdPasswordRecoveryActivated: 'FALSE',
    fdPasswordRecoveryEmail: 'to.be@chang.ed',
    fdPasswordRecoveryValidity: '10',
    fdPasswordRecoverySalt: recoverySalt,
    fdPasswordRecoveryUseAlternate: 'FALSE',
    fdPasswordRecoveryLoginAttribute: 'uid',
    fdPasswordRecoveryMailSubject: 'Password recovery link',
    fdPasswordRecoveryMailBody:
      'Hello,\n\nHere is your information: \n - Login : %s\n - Link : %s\n\nThis link is only valid for 10 minutes.',
    fdPasswordRecoveryMail2Subject: 'Your password was changed',
    fdPasswordRecoveryMail2Body: 'Hello,\n\nYour password has been changed.\nYour login is still %s.',
    // fdTasksConf, fdMailTemplateConf
    fdTasksRDN: 'ou=tasks',
    fdTasksConfMaxEmails: '50',
    fdTasksConfIntervalEmails: '2',
    fdMailTemplateRDN: 'ou=mailTemplate',
  };
}
