// The assignments editor's model against the server's reading and writing of gosaAclEntry (src/acl/AclAssignmentEntry.ts).
import { describe, expect, it } from 'vitest';
import { aclAssignmentFromJson, aclAssignmentToJson, formatAclAssignmentEntry, parseAclAssignmentEntry } from '../../../src/acl/AclAssignmentEntry.ts';
import { translator } from '../i18n/index.tsx';
import { InvalidJson } from '../editor/widgets/JsonWidget.tsx';
import { ALL_USERS, assignmentItems, checkAssignments, displayAssignments, moveItem, newAssignment, setForAllUsers, type Assignment } from './assignments.ts';

const t = translator('en');
const ROLE = 'cn=helpdesk,ou=aclroles,dc=example,dc=org';
const ANN = 'uid=ann,ou=people,dc=example,dc=org';
const serverJson = (value: string) => JSON.parse(JSON.stringify(aclAssignmentToJson(parseAclAssignmentEntry(value)))) as unknown;
const serverWrite = (wire: unknown[]) => wire.map((item, i) => (typeof item === 'string' ? item : formatAclAssignmentEntry(aclAssignmentFromJson(item, i), i)));
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('the assignments editor model', () => {
  it('gives FusionDirectory values back byte for byte, old 4-field values written with their six fields', () => {
    const six = `0:subtree:${b64(ROLE)}:${b64(ANN)},${b64('cn=staff,ou=groups,dc=example,dc=org')}:${b64('(title=boss)')}:${b64('(uid=%uid%)')}`;
    const base = `1:base:${b64(ROLE)}:Kg==::`;
    const value = [serverJson(six), serverJson(base)];
    const items = assignmentItems(value)!;
    expect(JSON.stringify(items)).toBe(JSON.stringify(value));
    expect(serverWrite(items)).toEqual([six, base]);
    expect(serverWrite(assignmentItems([serverJson(`0:subtree:${b64(ROLE)}:Kg==`)])!)).toEqual([`0:subtree:${b64(ROLE)}:Kg==::`]);
  });

  it('keeps lines the server could not read as their text', () => {
    const value = ['0:psub:Zm9v:Kg==', serverJson(`1:base:${b64(ROLE)}:Kg==::`)];
    expect(assignmentItems(value)![0]).toBe('0:psub:Zm9v:Kg==');
  });

  it('leaves what is not assignments to the JSON view', () => {
    expect(assignmentItems(undefined)).toEqual([]);
    expect(assignmentItems(new InvalidJson('[', 'bad'))).toBeNull();
    expect(assignmentItems([{ scope: 'one', role: ROLE, members: [] }])).toBeNull();
    expect(assignmentItems([{ scope: 'base', role: ROLE, members: ANN }])).toEqual([{ scope: 'base', role: ROLE, members: [ANN], userfilter: '', targetfilter: '' }]);
  });

  it('switches "all users" on and back off without losing the members chosen', () => {
    const a: Assignment = { ...newAssignment(), role: ROLE, members: [ANN] };
    const all = setForAllUsers(a, true);
    expect(all.members).toEqual([ALL_USERS]);
    expect(setForAllUsers(all, false, a.members).members).toEqual([ANN]);
    expect(setForAllUsers(all, false).members).toEqual([]);
  });

  it('moves an item up and down, and not past the ends', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    const list = ['a', 'b'];
    expect(moveItem(list, 0, -1)).toBe(list);
    expect(moveItem(list, 1, 2)).toBe(list);
  });

  it('refuses an assignment without a role before saving, and says which', () => {
    const value = [{ ...newAssignment(), role: ROLE, members: [ALL_USERS] }, newAssignment()];
    expect(checkAssignments(value, t, 'Assignments')).toEqual([{ code: 'value.invalid', message: t('acl.assign.noRole', { label: 'Assignments', n: 2 }) }]);
    expect(checkAssignments(new InvalidJson('[', 'bad'), t, 'Assignments')[0]?.code).toBe('value.json');
  });

  it('reads as short text in comparisons', () => {
    expect(displayAssignments([{ ...newAssignment(), role: ROLE, members: [ALL_USERS] }, { ...newAssignment(), scope: 'base', role: ROLE, members: [ANN] }], t)).toBe(
      `${t('acl.scope.subtree')} · helpdesk · ${t('acl.assign.allUsers')}\n${t('acl.scope.base')} · helpdesk · ann`,
    );
  });
});
