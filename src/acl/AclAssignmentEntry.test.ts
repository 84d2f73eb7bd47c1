import { describe, expect, it } from 'vitest';
import { aclAssignmentFromJson, aclAssignmentProblems, aclAssignmentToJson, formatAclAssignmentEntry, parseAclAssignmentEntry } from './AclAssignmentEntry.ts';
import { AclFormatError } from './AclFormatError.ts';
import { decodeBase64, encodeBase64 } from './base64.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const ROLE = 'cn=admin,ou=aclroles,dc=example,dc=org';
const ADMIN = 'uid=fd-admin,ou=people,dc=example,dc=org';
const GROUP = 'cn=helpdesk,ou=groups,dc=example,dc=org';
const LEA = 'uid=léa,ou=people,ou=Zürich,dc=example,dc=org';

describe('ACL assignments (gosaAclEntry)', () => {
  it("reads the four-field form FusionDirectory's tools write, and writes the six fields FusionDirectory writes", () => {
    const value = `0:subtree:${b64(ROLE)}:${b64(ADMIN)}`;
    const entry = parseAclAssignmentEntry(value);
    expect(entry).toEqual({ priority: 0, scope: 'subtree', role: ROLE, members: [ADMIN], userFilter: '', targetFilter: '' });
    expect(formatAclAssignmentEntry(entry)).toBe(`${value}::`);
  });

  it('reads the five-field form', () => {
    const entry = parseAclAssignmentEntry(`1:base:${b64(ROLE)}:Kg==:${b64('(title=Manager)')}`);
    expect(entry).toMatchObject({ priority: 1, scope: 'base', members: ['*'], userFilter: '(title=Manager)', targetFilter: '' });
  });

  it('round-trips a FusionDirectory value with several members, "*", filters and non-ASCII DNs byte for byte', () => {
    const targetFilter = '(&(objectClass=inetOrgPerson)(departmentNumber=%departmentNumber%))';
    const value = `2:subtree:${b64(ROLE)}:${b64(LEA)},${b64(GROUP)},Kg==:${b64('(title=Manager)')}:${b64(targetFilter)}`;
    const entry = parseAclAssignmentEntry(value);
    expect(entry.members).toEqual([LEA, GROUP, '*']);
    expect(entry.targetFilter).toBe(targetFilter);
    expect(formatAclAssignmentEntry(entry)).toBe(value);
    const json = JSON.parse(JSON.stringify(aclAssignmentToJson(entry))) as unknown;
    expect(json).toEqual({ scope: 'subtree', role: ROLE, members: [LEA, GROUP, '*'], userfilter: '(title=Manager)', targetfilter: targetFilter });
    expect(formatAclAssignmentEntry(aclAssignmentFromJson(json, 2))).toBe(value);
    expect(aclAssignmentProblems(entry)).toEqual([]);
  });

  it('writes "*" (all users) as Kg== and empty filters as empty fields', () => {
    const entry = aclAssignmentFromJson({ scope: 'base', role: ROLE, members: '*' }, 0);
    expect(formatAclAssignmentEntry(entry)).toBe(`0:base:${b64(ROLE)}:Kg==::`);
    expect(formatAclAssignmentEntry(entry, 4)).toMatch(/^4:base:/);
  });

  it('reads an empty members field (left when every member was deleted) as no member, and writes it back the same', () => {
    const value = `0:subtree:${b64(ROLE)}:::`;
    expect(parseAclAssignmentEntry(value).members).toEqual([]);
    expect(formatAclAssignmentEntry(parseAclAssignmentEntry(value))).toBe(value);
  });

  it.each(['one', 'sub', 'psub', 'reset', 'role'])('refuses the GOsa scope "%s", asking to migrate the ACLs', (scope) => {
    const read = () => parseAclAssignmentEntry(`0:${scope}:${b64(ROLE)}:Kg==`);
    expect(read).toThrow(AclFormatError);
    expect(read).toThrow(`Invalid ACL scope "${scope}" (an old GOsa ACL). You might need to run "fusiondirectory-configuration-manager --migrate-acls" to migrate your ACLs to the new format.`);
  });

  it.each([
    ['0:subtree:Kg==', /has 3 fields; expected <priority>:<scope>:<role>:<members>/],
    ['', /has 1 field;/],
    [`0:subtree:${b64(ROLE)}:Kg==:::`, /has 7 fields; at most 6/],
    [`x:subtree:${b64(ROLE)}:Kg==`, /priority \(a number\)/],
    [`0:Subtree:${b64(ROLE)}:Kg==`, /Invalid ACL scope "Subtree": use "subtree" or "base"/],
    ['0:base:not base64!:Kg==', /the role is not valid base64/],
    ['0:base:Y249YQ:Kg==', /the role is not valid base64 \("Y249YQ"\)/],
    ['0:base:Kh==:Kg==', /the role is not valid base64/],
    [`0:base:${Buffer.from([0xff, 0xfe]).toString('base64')}:Kg==`, /the role is not UTF-8/],
    ['0:base::Kg==', /names no role/],
    [`0:base:${b64(ROLE)}:Kg==,,Kg==`, /has an empty member/],
    [`0:base:${b64(ROLE)}:Kg==,%%%`, /member 2 is not valid base64/],
    [`0:base:${b64(ROLE)}:Kg==:(uid=*)`, /the user filter is not valid base64/],
  ])('refuses %j with a clear message', (value, message) => {
    const read = () => parseAclAssignmentEntry(value);
    expect(read).toThrow(AclFormatError);
    expect(read).toThrow(message);
  });

  it('finds members and roles that are not DNs, and filters that are not filters', () => {
    const entry = parseAclAssignmentEntry(`0:base:${b64('admin')}:${b64('jdoe')},Kg==:${b64('(uid=jdoe')}:${b64('(uid=%uid%)')}`);
    expect(aclAssignmentProblems(entry)).toEqual([
      'The role "admin" is not a DN.',
      'The member "jdoe" is not a DN (nor "*" for all users).',
      expect.stringMatching(/^The user filter "\(uid=jdoe" is not an LDAP filter: /),
    ]);
  });

  it.each([
    [[], /not an array/],
    ['0:subtree:Kg==:Kg==', /not string/],
    [{ role: ROLE, members: ['*'] }, /"scope" of an ACL assignment is a string, not missing/],
    [{ scope: 'sub', role: ROLE, members: ['*'] }, /--migrate-acls/],
    [{ scope: 'base', members: ['*'] }, /"role" of an ACL assignment is a string/],
    [{ scope: 'base', role: '  ', members: ['*'] }, /needs a role/],
    [{ scope: 'base', role: ROLE, members: [42] }, /member is a DN or "\*", not number/],
    [{ scope: 'base', role: ROLE, members: [''] }, /not an empty string/],
    [{ scope: 'base', role: ROLE, member: ['*'] }, /Unknown field "member"/],
    [{ scope: 'base', role: ROLE, members: ['*'], userfilter: 3 }, /"userfilter" of an ACL assignment is a string/],
  ])('refuses the JSON %j', (json, message) => {
    expect(() => aclAssignmentFromJson(json, 0)).toThrow(message);
  });

  it('refuses to write an assignment it could not read back', () => {
    const entry = { priority: 0, scope: 'base' as const, role: ROLE, members: ['*'], userFilter: '', targetFilter: '' };
    expect(() => formatAclAssignmentEntry({ ...entry, scope: 'one' as never })).toThrow(/--migrate-acls/);
    expect(() => formatAclAssignmentEntry({ ...entry, role: '' })).toThrow(/needs a role/);
    expect(() => formatAclAssignmentEntry({ ...entry, members: [''] })).toThrow(/cannot be empty/);
    expect(() => formatAclAssignmentEntry(entry, 1.5)).toThrow(/whole number/);
  });
});

describe('base64 fields', () => {
  it('encodes UTF-8 with padding, as PHP does', () => {
    expect(encodeBase64('*')).toBe('Kg==');
    expect(encodeBase64('')).toBe('');
    expect(decodeBase64(encodeBase64(LEA), 'x')).toBe(LEA);
    expect(decodeBase64('', 'x')).toBe('');
  });
});
