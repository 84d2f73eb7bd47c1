// The acl plugin: ACL roles (gosaRole) and ACL assignments (gosaAcl), with structured JSON forms (fd-core.md §5.1, §5.2).
import type { PluginManifest } from '../../model/declarations.ts';
import { aclAssignmentTab, aclAssignmentType } from './aclAssignment.ts';
import { aclEntryKind } from './aclEntryKind.ts';
import { aclRoleTab, aclRoleType } from './aclRole.ts';
import { aclTemplateKind } from './aclTemplateKind.ts';
import { en, fr } from './messages.ts';

export const aclPlugin: PluginManifest = {
  id: 'acl',
  dependsOn: ['core'],
  types: [aclRoleType, aclAssignmentType],
  tabs: [aclRoleTab, aclAssignmentTab],
  schemas: ['core-fd'],
  kinds: { aclTemplate: aclTemplateKind, aclEntry: aclEntryKind },
  messages: { en, fr },
};
