import { describe, expect, it } from 'vitest';
import { rewriteAclEntry } from './references.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const role = 'cn=admin,ou=aclroles,dc=x';
const a = 'uid=a,ou=people,dc=x';
const b = 'uid=b,ou=people,dc=x';

describe('ACL assignment values under a DN change', () => {
  it('rewrites a renamed member and keeps the filters', () => {
    const value = `0:subtree:${b64(role)}:${b64(a)},${b64(b)}:${b64('(ou=x)')}:${b64('')}`;
    expect(rewriteAclEntry(value, { oldDn: a, newDn: 'uid=c,ou=people,dc=x' })).toBe(`0:subtree:${b64(role)}:${b64('uid=c,ou=people,dc=x')},${b64(b)}:${b64('(ou=x)')}:${b64('')}`);
  });
  it('rewrites the role, and members below a moved branch', () => {
    expect(rewriteAclEntry(`1:base:${b64(role)}:${b64(a)}`, { oldDn: 'ou=aclroles,dc=x', newDn: 'ou=roles2,dc=x' })).toBe(`1:base:${b64('cn=admin,ou=roles2,dc=x')}:${b64(a)}`);
    expect(rewriteAclEntry(`1:base:${b64(role)}:${b64(a)}`, { oldDn: 'ou=people,dc=x', newDn: 'ou=staff,dc=x' })).toBe(`1:base:${b64(role)}:${b64('uid=a,ou=staff,dc=x')}`);
  });
  it('drops deleted members, and the line when none is left or its role is gone', () => {
    expect(rewriteAclEntry(`0:subtree:${b64(role)}:${b64(a)},${b64(b)}`, { oldDn: a, newDn: null })).toBe(`0:subtree:${b64(role)}:${b64(b)}`);
    expect(rewriteAclEntry(`0:subtree:${b64(role)}:${b64(a)}`, { oldDn: a, newDn: null })).toBeNull();
    expect(rewriteAclEntry(`0:subtree:${b64(role)}:${b64(a)}`, { oldDn: role, newDn: null })).toBeNull();
  });
  it('keeps "all users" and unrelated values untouched', () => {
    const all = `0:subtree:${b64(role)}:${b64('*')}`;
    expect(rewriteAclEntry(all, { oldDn: a, newDn: null })).toBe(all);
    expect(rewriteAclEntry('garbage', { oldDn: a, newDn: null })).toBe('garbage');
  });
});
