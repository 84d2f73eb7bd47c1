// ACL roles (fd-core.md §5.1): gosaRole entries `cn=<name>,<fdAclRoleRDN>,<department>` holding role lines.
import type { ObjectTypeDecl, TabDecl } from '../../model/declarations.ts';

export const aclRoleType: ObjectTypeDecl = {
  id: 'aclRole',
  label: 'aclRole.type',
  description: 'aclRole.type.description',
  filter: '(objectClass=gosaRole)',
  ou: { configKey: 'fdAclRoleRDN', default: 'ou=aclroles' },
  mainAttribute: 'cn',
  aclCategory: 'acl',
  mainTab: 'aclRole',
  templates: false,
  snapshots: true,
  menu: { section: 'accessControl', priority: 0 },
  management: { id: 'aclRoles', class: 'aclRoleManagement', label: 'management.aclRoles' },
};

export const aclRoleTab: TabDecl = {
  id: 'aclRole',
  label: 'aclRole.tab',
  objectTypes: ['aclRole'],
  objectClasses: ['gosaRole'],
  alwaysActive: true,
  priority: 0,
  searchAttributes: ['cn', 'description'],
  sections: [
    {
      key: 'properties',
      label: 'aclRole.section.properties',
      attributes: [
        { name: 'base', kind: 'base', label: 'common.base', inLdap: false },
        // FusionDirectory's HostNameAttribute, case-insensitive.
        { name: 'cn', kind: 'string', label: 'aclRole.cn', required: true, pattern: '[A-Za-z0-9.-]+', patternMessage: 'aclRole.cn.invalid' },
        { name: 'description', kind: 'string', label: 'common.description' },
      ],
    },
    {
      key: 'acls',
      label: 'aclRole.section.acls',
      attributes: [{ name: 'gosaAclTemplate', kind: 'custom', codec: 'aclTemplate', label: 'aclRole.gosaAclTemplate', description: 'aclRole.gosaAclTemplate.description', required: true }],
    },
  ],
};
