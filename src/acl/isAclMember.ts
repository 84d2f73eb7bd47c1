// Whether an assignment's members name the signed-in user (fd-core.md §5.3, step 2): `*`, his DN, one of his groups or roles.
import { normalizeDn } from '../ldap/dn.ts';
import { ALL_USERS } from './AclAssignmentEntry.ts';

/** The signed-in user as ACL members see him: his DN and the DNs of the groups and roles he directly belongs to. */
export interface AclMembership {
  userDn: string;
  /** groupOfNames with `member` = his DN, posixGroup with `memberUid` = his uid. */
  groups: readonly string[];
  /** organizationalRole with `roleOccupant` = his DN. */
  roles: readonly string[];
}

const normalize = (dn: string) => {
  try {
    return normalizeDn(dn);
  } catch {
    return dn.toLowerCase();
  }
};

/**
 * The member that names the user, if any: `*`, his DN (case-insensitive), or a group or role of his. Membership is
 * direct, as in FusionDirectory: a group inside a member group does not count.
 */
export function aclMemberMatching(members: readonly string[], membership: AclMembership): string | undefined {
  if (members.includes(ALL_USERS)) return ALL_USERS;
  const own = new Set([membership.userDn, ...membership.groups, ...membership.roles].map(normalize));
  return members.find((m) => own.has(normalize(m)));
}

/**
 * True when the members name the user (aclMemberMatching).
 * @example isAclMember(['cn=admins,ou=groups,dc=x'], { userDn: 'uid=jo,dc=x', groups: ['CN=Admins,ou=groups,dc=x'], roles: [] }) // true
 */
export function isAclMember(members: readonly string[], membership: AclMembership): boolean {
  return aclMemberMatching(members, membership) !== undefined;
}
