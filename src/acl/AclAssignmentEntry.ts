// ACL assignments (`gosaAclEntry` values of the gosaAcl class) ⇄ a typed structure ⇄ the REST JSON form (fd-core.md §5.2).
import { parseDn } from '../ldap/dn.ts';
import { parseFilter } from '../ldap/filter.ts';
import { AclFormatError } from './AclFormatError.ts';
import { decodeBase64, encodeBase64 } from './base64.ts';

/** `subtree`: the entry and everything below; `base`: this entry only. FusionDirectory has no other scope. */
export type AclScope = 'subtree' | 'base';

export const ACL_SCOPES: readonly AclScope[] = ['subtree', 'base'];

/** The member that stands for every user. */
export const ALL_USERS = '*';

/** One `gosaAclEntry` value: who gets a role, where. */
export interface AclAssignmentEntry {
  priority: number;
  scope: AclScope;
  /** DN of the gosaRole entry. */
  role: string;
  /** DNs of users, groups or roles, or `*` for all users; may be empty after its members were deleted. */
  members: string[];
  /** An LDAP filter the signed-in user's entry must match ('' for none). */
  userFilter: string;
  /** An LDAP filter (with `%attr%` masks) choosing the entries below the assignment it applies to ('' for none). */
  targetFilter: string;
}

/** The REST form of an assignment (FusionDirectory's field names). */
export interface AclAssignmentJson {
  scope: AclScope;
  role: string;
  members: string[];
  userfilter: string;
  targetfilter: string;
}

/** Scopes of GOsa's ACLs, which FusionDirectory refuses until they are migrated. */
const GOSA_SCOPES = new Set(['one', 'sub', 'psub', 'reset', 'role']);

function checkScope(scope: string, value?: string): asserts scope is AclScope {
  if ((ACL_SCOPES as readonly string[]).includes(scope)) return;
  // FusionDirectory's own advice (userinfo::loadACL): the values predate FusionDirectory 1.1's ACL format.
  const migrate = 'You might need to run "fusiondirectory-configuration-manager --migrate-acls" to migrate your ACLs to the new format.';
  throw new AclFormatError(
    GOSA_SCOPES.has(scope) ? `Invalid ACL scope "${scope}" (an old GOsa ACL). ${migrate}` : `Invalid ACL scope "${scope}": use "subtree" or "base". ${migrate}`,
    value,
  );
}

/**
 * Read one `gosaAclEntry` value: `<priority>:<scope>:<b64 role>:<b64 member>,…[:<b64 user filter>[:<b64 target filter>]]`.
 * The 4- and 5-field forms written by older tools are read; an empty members field (left by deleted members) is no member.
 * @throws AclFormatError for missing fields, invalid base64, an unknown or GOsa scope
 * @example parseAclAssignmentEntry('0:subtree:Y249YWRtaW4=:Kg==') // { priority: 0, scope: 'subtree', role: 'cn=admin', members: ['*'], userFilter: '', targetFilter: '' }
 */
export function parseAclAssignmentEntry(value: string): AclAssignmentEntry {
  const fields = value.split(':');
  if (fields.length < 4) {
    throw new AclFormatError(`The ACL assignment "${value}" has ${fields.length} field${fields.length === 1 ? '' : 's'}; expected <priority>:<scope>:<role>:<members>[:<user filter>[:<target filter>]].`, value);
  }
  if (fields.length > 6) throw new AclFormatError(`The ACL assignment "${value}" has ${fields.length} fields; at most 6 are allowed.`, value);
  const [priority = '', scope = '', role64 = '', members64 = '', userFilter64 = '', targetFilter64 = ''] = fields;
  if (!/^\d+$/.test(priority)) throw new AclFormatError(`The ACL assignment "${value}" starts with "${priority}" where its priority (a number) should be.`, value);
  checkScope(scope, value);
  const decode = (field: string, what: string) => {
    try {
      return decodeBase64(field, what);
    } catch (e) {
      throw new AclFormatError(`In the ACL assignment "${value}": ${(e as Error).message}`, value);
    }
  };
  const role = decode(role64, 'the role');
  if (role === '') throw new AclFormatError(`The ACL assignment "${value}" names no role.`, value);
  const members = members64 === '' ? [] : members64.split(',').map((m, i) => decode(m, `member ${i + 1}`));
  if (members.some((m) => m === '')) throw new AclFormatError(`The ACL assignment "${value}" has an empty member.`, value);
  return { priority: Number(priority), scope, role, members, userFilter: decode(userFilter64, 'the user filter'), targetFilter: decode(targetFilter64, 'the target filter') };
}

/**
 * Write one `gosaAclEntry` value with its six fields, as FusionDirectory writes it (empty filters are empty fields);
 * `priority` overrides the entry's.
 * @example formatAclAssignmentEntry({ priority: 0, scope: 'base', role: 'cn=r', members: ['*'], userFilter: '', targetFilter: '' }) // '0:base:Y249cg==:Kg==::'
 */
export function formatAclAssignmentEntry(entry: AclAssignmentEntry, priority: number = entry.priority): string {
  if (!Number.isInteger(priority) || priority < 0) throw new AclFormatError(`An ACL assignment priority must be a whole number from 0, not ${priority}.`);
  checkScope(entry.scope);
  if (entry.role === '') throw new AclFormatError('An ACL assignment needs a role.');
  if (entry.members.some((m) => m === '')) throw new AclFormatError('An ACL assignment member cannot be empty.');
  return [priority, entry.scope, encodeBase64(entry.role), entry.members.map(encodeBase64).join(','), encodeBase64(entry.userFilter), encodeBase64(entry.targetFilter)].join(':');
}

/**
 * What is wrong with the DNs and filters of an assignment (the format itself is checked when it is read):
 * the role and members must be DNs (or `*`), the filters LDAP filters. Empty when nothing is.
 */
export function aclAssignmentProblems(entry: AclAssignmentEntry): string[] {
  const problems: string[] = [];
  const isDn = (dn: string) => {
    try {
      return parseDn(dn).length > 0;
    } catch {
      return false;
    }
  };
  if (!isDn(entry.role)) problems.push(`The role "${entry.role}" is not a DN.`);
  for (const m of entry.members) if (m !== ALL_USERS && !isDn(m)) problems.push(`The member "${m}" is not a DN (nor "*" for all users).`);
  for (const [name, filter] of [
    ['user filter', entry.userFilter],
    ['target filter', entry.targetFilter],
  ] as const) {
    if (filter === '') continue;
    try {
      parseFilter(filter);
    } catch (e) {
      problems.push(`The ${name} "${filter}" is not an LDAP filter: ${(e as Error).message}`);
    }
  }
  return problems;
}

/** The REST form of an assignment. */
export function aclAssignmentToJson(entry: AclAssignmentEntry): AclAssignmentJson {
  return { scope: entry.scope, role: entry.role, members: [...entry.members], userfilter: entry.userFilter, targetfilter: entry.targetFilter };
}

const describe = (input: unknown) => (input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input);
const JSON_FIELDS = new Set(['scope', 'role', 'members', 'userfilter', 'targetfilter']);

/**
 * An assignment from its REST form; `members` may be one string; missing filters are empty.
 * @throws AclFormatError for the wrong shape, an unknown field or scope
 * @example aclAssignmentFromJson({ scope: 'subtree', role: 'cn=admin,ou=aclroles,dc=example,dc=org', members: ['*'] }, 0)
 */
export function aclAssignmentFromJson(input: unknown, priority: number): AclAssignmentEntry {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new AclFormatError(`An ACL assignment is an object {"scope", "role", "members", "userfilter", "targetfilter"}, not ${describe(input)}.`);
  }
  const o = input as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !JSON_FIELDS.has(k));
  if (unknown.length > 0) throw new AclFormatError(`Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} in an ACL assignment; the fields are scope, role, members, userfilter and targetfilter.`);
  const text = (name: string, optional: boolean): string => {
    const v = o[name];
    if ((v === undefined || v === null) && optional) return '';
    if (typeof v !== 'string') throw new AclFormatError(`The "${name}" of an ACL assignment is a string, not ${v === undefined ? 'missing' : describe(v)}.`);
    return v;
  };
  const scope = text('scope', false);
  checkScope(scope);
  const role = text('role', false).trim();
  if (role === '') throw new AclFormatError('An ACL assignment needs a role (the DN of an ACL role).');
  const rawMembers = o.members === undefined || o.members === null ? [] : Array.isArray(o.members) ? (o.members as unknown[]) : [o.members];
  const members = rawMembers.map((m) => {
    if (typeof m !== 'string' || m.trim() === '') throw new AclFormatError(`An ACL assignment member is a DN or "*", not ${typeof m === 'string' ? 'an empty string' : describe(m)}.`);
    return m.trim();
  });
  return { priority, scope, role, members, userFilter: text('userfilter', true), targetFilter: text('targetfilter', true) };
}
