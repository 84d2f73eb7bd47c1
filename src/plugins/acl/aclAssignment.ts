// ACL assignments (fd-core.md §5.2): the auxiliary gosaAcl class on the entry they apply to; no entry of their own.
import type { ObjectTypeDecl, TabDecl } from '../../model/declarations.ts';

/** The six department types, on which FusionDirectory shows the assignment tab (on every object when fdAclTabOnObjects is TRUE). */
export const DEPARTMENT_TYPES = ['department', 'country', 'organization', 'locality', 'dcObject', 'domain'];

export const aclAssignmentType: ObjectTypeDecl = {
  id: 'aclAssignment',
  label: 'aclAssignment.type',
  description: 'aclAssignment.type.description',
  filter: '(objectClass=gosaAcl)',
  ou: '',
  mainAttribute: false,
  aclCategory: 'acl',
  mainTab: 'aclAssignment',
  templates: false,
  snapshots: false,
  menu: { section: 'accessControl', priority: 1 },
  management: { id: 'aclAssignments', class: 'aclManagement', label: 'management.aclAssignments' },
};

/**
 * gosaAcl requires gosaAclEntry: an active tab with no assignment left cannot be written. FusionDirectory then
 * removes the class; until the object services can, the user is told to switch the tab off instead.
 */
export const aclAssignmentTab: TabDecl = {
  id: 'aclAssignment',
  label: 'aclAssignment.tab',
  objectTypes: ['aclAssignment', ...DEPARTMENT_TYPES],
  objectClasses: ['gosaAcl'],
  priority: 90,
  // Saving with no assignment left removes the gosaAcl class, as FusionDirectory does.
  removeWhenEmpty: true,
  sections: [
    {
      key: 'assignments',
      label: 'aclAssignment.section.assignments',
      attributes: [{ name: 'gosaAclEntry', kind: 'custom', codec: 'aclEntry', label: 'aclAssignment.gosaAclEntry', description: 'aclAssignment.gosaAclEntry.description' }],
    },
  ],
};
