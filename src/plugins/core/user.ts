// The user's main tab (inetOrgPerson), as fd-core.md §3.1 describes it.
import type { ObjectTypeDecl, TabDecl } from '../../model/declarations.ts';
import { clearOwnPasswordReset } from '../../passwords/ownPasswordReset.ts';
import { preparePassword } from './userPassword.ts';
import { preparePhoto } from './userPhoto.ts';

/** Characters FusionDirectory forbids in sn, givenName and initials. */
const NAME_FORBIDDEN = ',+"?()=<>;\\';

export const userType: ObjectTypeDecl = {
  id: 'user',
  label: 'user.type',
  description: 'user.type.description',
  filter: '(objectClass=inetOrgPerson)',
  ou: { configKey: 'fdUserRDN', default: 'ou=people' },
  mainAttribute: 'uid',
  nameAttribute: 'cn',
  aclCategory: 'user',
  mainTab: 'user',
  templates: true,
  snapshots: true,
  menu: { section: 'accounts', priority: 10 },
  management: { id: 'users', class: 'userManagement', label: 'management.users' },
};

export const userTab: TabDecl = {
  id: 'user',
  label: 'user.tab',
  objectTypes: ['user'],
  objectClasses: ['inetOrgPerson', 'organizationalPerson', 'person'],
  alwaysActive: true,
  priority: 0,
  selfModify: true,
  searchAttributes: ['uid', 'cn', 'description', 'mail'],
  extraAcls: ['userLock'],
  behaviour: {
    prepareSave: async (context) => {
      await preparePassword(context);
      await preparePhoto(context);
      return {};
    },
    // Users who changed their own password are done with a forced change (slapd's overlay, seeing the service account
    // write, took it for an administrator's reset): docs/ppolicy.md.
    afterSave: async (context) => {
      if (context.savedBy?.self === true && context.changed('userPassword')) await clearOwnPasswordReset(context, context.dn);
    },
  },
  sections: [
    {
      key: 'personal',
      label: 'user.section.personal',
      attributes: [
        { name: 'sn', kind: 'string', label: 'user.sn', required: true, forbiddenCharacters: NAME_FORBIDDEN },
        { name: 'givenName', kind: 'string', label: 'user.givenName', required: true, forbiddenCharacters: NAME_FORBIDDEN },
        { name: 'initials', kind: 'string', label: 'user.initials', forbiddenCharacters: NAME_FORBIDDEN },
        // Computed from fdCnPattern at each save.
        { name: 'cn', kind: 'string', label: 'user.cn', hidden: true, derived: true, computed: { mask: { configKey: 'fdCnPattern', default: '%givenName% %sn%' } } },
        { name: 'description', kind: 'text', label: 'user.description' },
        { name: 'jpegPhoto', kind: 'binary', label: 'user.jpegPhoto', image: { maxSize: { configKey: 'fdMaxAvatarSize' }, format: 'jpeg' } },
      ],
    },
    {
      key: 'contact',
      label: 'user.section.contact',
      attributes: [
        { name: 'l', kind: 'string', label: 'user.l' },
        { name: 'st', kind: 'string', label: 'user.st' },
        { name: 'postalAddress', kind: 'postalAddress', label: 'user.postalAddress' },
        { name: 'roomNumber', kind: 'string', label: 'user.roomNumber' },
        { name: 'telephoneNumber', kind: 'phone', label: 'user.telephoneNumber' },
        { name: 'mobile', kind: 'phone', label: 'user.mobile' },
        { name: 'pager', kind: 'phone', label: 'user.pager' },
        { name: 'facsimileTelephoneNumber', kind: 'phone', label: 'user.facsimileTelephoneNumber' },
        { name: 'labeledURI', kind: 'url', label: 'user.labeledURI' },
      ],
    },
    {
      key: 'account',
      label: 'user.section.account',
      attributes: [
        { name: 'base', kind: 'base', label: 'common.base', inLdap: false },
        { name: 'uid', kind: 'string', label: 'user.uid', required: true, unique: 'whole', pattern: '[a-z0-9_-]+', patternMessage: 'user.uid.invalid' },
        { name: 'userPassword', kind: 'custom', codec: 'userPassword', label: 'user.userPassword' },
        { name: 'preferredLanguage', kind: 'select', label: 'user.preferredLanguage', choices: [{ value: 'en_US', label: 'lang.en_US' }, { value: 'fr_FR', label: 'lang.fr_FR' }] },
      ],
    },
    {
      key: 'personalContact',
      label: 'user.section.personalContact',
      attributes: [
        { name: 'displayName', kind: 'string', label: 'user.displayName' },
        { name: 'homePostalAddress', kind: 'postalAddress', label: 'user.homePostalAddress' },
        { name: 'homePhone', kind: 'phone', label: 'user.homePhone' },
      ],
    },
    {
      key: 'organization',
      label: 'user.section.organization',
      attributes: [
        { name: 'title', kind: 'set', of: { kind: 'string' }, label: 'user.title' },
        { name: 'o', kind: 'string', label: 'user.o' },
        { name: 'ou', kind: 'string', label: 'user.ou' },
        { name: 'departmentNumber', kind: 'string', label: 'user.departmentNumber' },
        { name: 'employeeNumber', kind: 'string', label: 'user.employeeNumber' },
        { name: 'employeeType', kind: 'string', label: 'user.employeeType' },
        { name: 'manager', kind: 'dn', types: ['user'], label: 'user.manager' },
      ],
    },
  ],
};
