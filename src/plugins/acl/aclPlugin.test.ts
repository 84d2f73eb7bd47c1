import { describe, expect, it } from 'vitest';
import { ValueError } from '../../model/kinds/index.ts';
import { Registry } from '../../model/Registry.ts';
import { corePlugin } from '../core/index.ts';
import { aclPlugin } from './index.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const registry = new Registry([corePlugin, aclPlugin]);
const attribute = (tab: string, name: string) => registry.tab(tab)!.attributeByName.get(name.toLowerCase())!;
const ROLE = 'cn=manager,ou=aclroles,dc=example,dc=org';

describe('the acl plugin declarations', () => {
  it('declares the aclRole and aclAssignment types as FusionDirectory does', () => {
    const role = registry.type('aclrole')!;
    expect(role.decl).toMatchObject({ filter: '(objectClass=gosaRole)', mainAttribute: 'cn', ou: { configKey: 'fdAclRoleRDN', default: 'ou=aclroles' } });
    expect(role.aclCategory).toBe('acl');
    const assignment = registry.type('aclAssignment')!;
    expect(assignment.decl).toMatchObject({ filter: '(objectClass=gosaAcl)', mainAttribute: false, ou: '' });
    expect(assignment.aclCategory).toBe('acl');
    // The assignment tab is also an extra tab of the six department types.
    for (const type of ['department', 'country', 'organization', 'locality', 'dcObject', 'domain']) expect(registry.type(type)!.tabs.map((t) => t.id)).toContain('aclAssignment');
    expect(registry.text('aclRole.type', 'fr')).toBe('Rôle ACL');
  });
});

describe('the gosaAclTemplate kind', () => {
  const a = attribute('aclRole', 'gosaAclTemplate');

  it('reads stored lines in index order and gives their JSON form', () => {
    const value = a.kind.decode(['1:user/user;s#userPassword;rw', '0:all;cmdrw'], a.decl);
    expect(value).toEqual(['0:all;cmdrw', '1:user/user;s#userPassword;rw']);
    expect(a.kind.toJson(value, a.decl)).toEqual([{ all: { '0': 'cmdrw' } }, { 'user/user': { '0': 's', userPassword: 'rw' } }]);
  });

  it('writes lines numbered 0..n-1 from JSON, and takes the LDAP form of a line too', () => {
    const value = a.kind.fromJson([{ 'user/user': { '0': 'cmdrw' }, 'user/posixAccount': { '0': 'cmdrw' } }, '5:ogroup/ogroup;r'], a.decl);
    expect(a.kind.encode(value, a.decl)).toEqual(['0:user/user;cmdrw,user/posixAccount;cmdrw', '1:ogroup/ogroup;r']);
    expect(a.kind.encode(a.kind.decode(['3:all;r', '7:user/user;w'], a.decl), a.decl)).toEqual(['0:all;r', '1:user/user;w']);
    expect(a.kind.fromJson({ all: { '0': 'r' } }, a.decl)).toEqual(['0:all;r']);
    expect(a.kind.fromJson(null, a.decl)).toEqual([]);
  });

  it('refuses JSON it cannot write, naming the value', () => {
    expect(() => a.kind.fromJson([{ all: { '0': 'r' } }, { all: { '0': 'rx' } }], a.decl)).toThrow(ValueError);
    expect(() => a.kind.fromJson([{ all: { '0': 'r' } }, { all: { '0': 'rx' } }], a.decl)).toThrow(/^"gosaAclTemplate", value 2: Unknown permission "x"/);
  });

  it('shows a stored line it cannot read as its LDAP string, and reports it', () => {
    const value = a.kind.decode(['0:all;cmdrw', '1:user;rw'], a.decl);
    expect(a.kind.toJson(value, a.decl)).toEqual([{ all: { '0': 'cmdrw' } }, '1:user;rw']);
    expect(a.kind.check(value, a.decl, {})).toEqual([expect.objectContaining({ code: 'value.acl', message: expect.stringMatching(/^"gosaAclTemplate", value 2: "user" is not an ACL object/) })]);
    expect(a.kind.check(['0:all;cmdrw'], a.decl, {})).toEqual([]);
  });

  it('describes its JSON form', () => {
    expect(a.kind.jsonSchema(a.decl)).toMatchObject({ type: 'array', items: { oneOf: [{ type: 'object' }, { type: 'string' }] } });
  });
});

describe('the gosaAclEntry kind', () => {
  const a = attribute('aclAssignment', 'gosaAclEntry');

  it('gives the JSON form of stored assignments and writes six fields, re-numbered', () => {
    const value = a.kind.decode([`1:base:${b64(ROLE)}:Kg==`, `0:subtree:${b64(ROLE)}:${b64('uid=jdoe,ou=people,dc=example,dc=org')}::${b64('(uid=%uid%)')}`], a.decl);
    expect(a.kind.toJson(value, a.decl)).toEqual([
      { scope: 'subtree', role: ROLE, members: ['uid=jdoe,ou=people,dc=example,dc=org'], userfilter: '', targetfilter: '(uid=%uid%)' },
      { scope: 'base', role: ROLE, members: ['*'], userfilter: '', targetfilter: '' },
    ]);
    const json = a.kind.toJson(value, a.decl) as unknown[];
    expect(a.kind.encode(a.kind.fromJson([json[1], json[0]], a.decl), a.decl)).toEqual([`0:base:${b64(ROLE)}:Kg==::`, `1:subtree:${b64(ROLE)}:${b64('uid=jdoe,ou=people,dc=example,dc=org')}::${b64('(uid=%uid%)')}`]);
  });

  it('reports GOsa scopes, bad DNs and bad filters found in LDAP', () => {
    const value = a.kind.decode([`0:sub:${b64(ROLE)}:Kg==`, `1:base:${b64(ROLE)}:${b64('nobody')}:${b64('(uid=')}`], a.decl);
    expect(a.kind.check(value, a.decl, {}).map((p) => p.message)).toEqual([
      expect.stringMatching(/^"gosaAclEntry", value 1: Invalid ACL scope "sub" \(an old GOsa ACL\)\. You might need to run "fusiondirectory-configuration-manager --migrate-acls"/),
      '"gosaAclEntry", value 2: The member "nobody" is not a DN (nor "*" for all users).',
      expect.stringMatching(/^"gosaAclEntry", value 2: The user filter "\(uid=" is not an LDAP filter/),
    ]);
  });

  it('refuses a GOsa scope on input', () => {
    expect(() => a.kind.fromJson([{ scope: 'one', role: ROLE, members: ['*'] }], a.decl)).toThrow(/--migrate-acls/);
  });
});
