// The kind of gosaAclEntry: assignments, given in JSON as `[{ scope, role, members, userfilter, targetfilter }]`.
import { aclAssignmentFromJson, aclAssignmentProblems, aclAssignmentToJson, formatAclAssignmentEntry, parseAclAssignmentEntry } from '../../acl/index.ts';
import { orderedAclKind } from './orderedAclKind.ts';

export const aclEntryKind = orderedAclKind({
  parse: parseAclAssignmentEntry,
  format: (entry, index) => formatAclAssignmentEntry(entry, index),
  toJson: aclAssignmentToJson,
  fromJson: aclAssignmentFromJson,
  problems: aclAssignmentProblems,
  itemSchema: {
    type: 'object',
    required: ['scope', 'role', 'members'],
    additionalProperties: false,
    properties: {
      scope: { type: 'string', enum: ['subtree', 'base'] },
      role: { type: 'string', description: 'DN of the ACL role' },
      members: { type: 'array', items: { type: 'string' }, description: 'DNs of users, groups or roles; "*" for all users' },
      userfilter: { type: 'string', description: "LDAP filter the signed-in user's entry must match" },
      targetfilter: { type: 'string', description: 'LDAP filter (with %attr% masks) of the entries below the assignment it applies to' },
    },
  },
});
