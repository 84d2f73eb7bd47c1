// Public API of the ACL module: FusionDirectory's ACL role lines and assignments, read and written byte-compatibly.
export { AclFormatError } from './AclFormatError.ts';
export {
  ACL_PERMISSION_LETTERS,
  ALL_OBJECTS,
  aclRoleTemplateFromJson,
  aclRoleTemplateToJson,
  checkPermissions,
  formatAclRoleTemplate,
  parseAclRoleTemplate,
  type AclAttributePermissions,
  type AclObjectPermissions,
  type AclRoleTemplate,
  type AclRoleTemplateJson,
} from './AclRoleTemplate.ts';
export {
  ACL_SCOPES,
  ALL_USERS,
  aclAssignmentFromJson,
  aclAssignmentProblems,
  aclAssignmentToJson,
  formatAclAssignmentEntry,
  parseAclAssignmentEntry,
  type AclAssignmentEntry,
  type AclAssignmentJson,
  type AclScope,
} from './AclAssignmentEntry.ts';
export { decodeBase64, encodeBase64 } from './base64.ts';
export { sortByIndex, withIndex } from './orderedValues.ts';
export { AclEvaluator, type AclRule, type AclRuleExplanation, type AclRuleSource, type AclRuleUse } from './AclEvaluator.ts';
export { aclMemberMatching, isAclMember, type AclMembership } from './isAclMember.ts';
