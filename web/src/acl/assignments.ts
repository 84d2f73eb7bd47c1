// The assignments editor's model: gosaAclEntry's JSON form (fd-core.md §5.2), an ordered list of who gets which role
// where; lines the server could not read stay as their LDAP text.
import type { Translate } from '../i18n/index.tsx';
import type { ClientProblem } from '../editor/widgets/WidgetProps.ts';
import { InvalidJson, checkJson } from '../editor/widgets/JsonWidget.tsx';
import { nameOf } from '../editor/widgets/dnNames.ts';

export type AclScope = 'subtree' | 'base';

/** One assignment, with FusionDirectory's REST field names. */
export interface Assignment {
  scope: AclScope;
  /** DN of the ACL role ('' while the user has not chosen one). */
  role: string;
  /** DNs of users, groups or roles; `*` for every user. */
  members: string[];
  userfilter: string;
  targetfilter: string;
}

/** An assignment, or the LDAP text of one the server could not read (an old GOsa scope…), kept as it is. */
export type AssignmentItem = Assignment | string;

/** The member that stands for every user. */
export const ALL_USERS = '*';

/** The member types the members picker offers (GET /pick ignores those not installed). */
export const MEMBER_TYPES = ['user', 'ogroup', 'group', 'role'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * The assignments of a gosaAclEntry value, or null when it is not assignments (JSON typed by hand that does not have
 * the shape): the structured view then stays closed. Fields are given in the server's order, so an untouched value
 * compares equal to the loaded one.
 */
export function assignmentItems(value: unknown): AssignmentItem[] | null {
  if (value === undefined || value === null || value === '') return [];
  if (value instanceof InvalidJson || !Array.isArray(value)) return null;
  const items: AssignmentItem[] = [];
  for (const item of value) {
    if (typeof item === 'string') items.push(item);
    else if (isRecord(item) && (item.scope === 'subtree' || item.scope === 'base') && typeof item.role === 'string') {
      const members = Array.isArray(item.members) ? item.members.filter((m): m is string => typeof m === 'string') : typeof item.members === 'string' ? [item.members] : [];
      items.push({ scope: item.scope, role: item.role, members, userfilter: text(item.userfilter), targetfilter: text(item.targetfilter) });
    } else return null;
  }
  return items;
}

/** A new assignment: subtree (FusionDirectory's default on containers, where this tab lives), no role, no member. */
export function newAssignment(): Assignment {
  return { scope: 'subtree', role: '', members: [], userfilter: '', targetfilter: '' };
}

export function isForAllUsers(assignment: Assignment): boolean {
  return assignment.members.includes(ALL_USERS);
}

/**
 * "For all users" switched: on gives `*` alone (as FusionDirectory writes it); off gives back `previous`, the members
 * chosen before, so a click and its undo lose nothing.
 */
export function setForAllUsers(assignment: Assignment, on: boolean, previous: string[] = []): Assignment {
  return { ...assignment, members: on ? [ALL_USERS] : previous.filter((m) => m !== ALL_USERS) };
}

/** `list` with the item at `from` moved to `to`. */
export function moveItem<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

/** Problems to tell before saving: an assignment without a role cannot be written. */
export function checkAssignments(value: unknown, t: Translate, label: string): ClientProblem[] {
  if (value instanceof InvalidJson) return checkJson(value, t, label);
  const items = assignmentItems(value) ?? [];
  return items.flatMap((item, i) =>
    typeof item !== 'string' && item.role.trim() === '' ? [{ code: 'value.invalid', message: t('acl.assign.noRole', { label, n: i + 1 }) }] : [],
  );
}

/** The value as short text, one assignment a line (conflict dialog). */
export function displayAssignments(value: unknown, t: Translate): string {
  const items = assignmentItems(value);
  if (items === null) return value instanceof InvalidJson ? value.text : JSON.stringify(value);
  return items
    .map((item) => {
      if (typeof item === 'string') return item;
      const members = isForAllUsers(item) ? t('acl.assign.allUsers') : item.members.map(nameOf).join(', ') || t('editor.none');
      return `${t(item.scope === 'base' ? 'acl.scope.base' : 'acl.scope.subtree')} · ${item.role ? nameOf(item.role) : '—'} · ${members}`;
    })
    .join('\n');
}
