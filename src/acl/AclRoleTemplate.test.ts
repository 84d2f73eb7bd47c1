import { describe, expect, it } from 'vitest';
import { AclFormatError } from './AclFormatError.ts';
import { aclRoleTemplateFromJson, aclRoleTemplateToJson, formatAclRoleTemplate, parseAclRoleTemplate } from './AclRoleTemplate.ts';
import { sortByIndex, withIndex } from './orderedValues.ts';

/** The roles FusionDirectory's setup creates (fd-core.md §5.1). */
const SETUP_ROLES = ['0:all;cmdrw', '0:user/user;cmdrw,user/posixAccount;cmdrw', '0:user/user;srw,user/posixAccount;srw', '0:user/user;s#userPassword;rw'];

describe('ACL role lines (gosaAclTemplate)', () => {
  it.each(SETUP_ROLES)('reads and writes back %s byte for byte, through the typed and the JSON forms', (value) => {
    const template = parseAclRoleTemplate(value);
    expect(formatAclRoleTemplate(template)).toBe(value);
    const json = JSON.parse(JSON.stringify(aclRoleTemplateToJson(template))) as unknown;
    expect(formatAclRoleTemplate(aclRoleTemplateFromJson(json, 0))).toBe(value);
  });

  it('gives the structure of each object and attribute', () => {
    expect(parseAclRoleTemplate('0:user/user;s#userPassword;rw')).toEqual({
      index: 0,
      objects: [{ object: 'user/user', permissions: 's', attributes: [{ attribute: 'userPassword', permissions: 'rw' }] }],
    });
    expect(parseAclRoleTemplate('3:user/user;r#uid;rw#cn;r,ogroup/ogroup;cdrw,all;')).toEqual({
      index: 3,
      objects: [
        { object: 'user/user', permissions: 'r', attributes: [{ attribute: 'uid', permissions: 'rw' }, { attribute: 'cn', permissions: 'r' }] },
        { object: 'ogroup/ogroup', permissions: 'cdrw', attributes: [] },
        { object: 'all', permissions: '', attributes: [] },
      ],
    });
  });

  it('has the JSON form FusionDirectory takes on write, and returns it on read', () => {
    expect(aclRoleTemplateToJson(parseAclRoleTemplate('0:all;cmdrw'))).toEqual({ all: { '0': 'cmdrw' } });
    expect(aclRoleTemplateToJson(parseAclRoleTemplate('0:user/user;cmdrw,user/posixAccount;cmdrw'))).toEqual({ 'user/user': { '0': 'cmdrw' }, 'user/posixAccount': { '0': 'cmdrw' } });
    const json = aclRoleTemplateToJson(parseAclRoleTemplate('0:user/user;s#userPassword;rw'));
    expect(json).toEqual({ 'user/user': { '0': 's', userPassword: 'rw' } });
    // The object's own rights come first in the JSON text too.
    expect(JSON.stringify(json)).toBe('{"user/user":{"0":"s","userPassword":"rw"}}');
  });

  it('writes an object without "0" with empty rights of its own, and leaves out objects with no rights', () => {
    const template = aclRoleTemplateFromJson({ 'user/user': { userPassword: 'rw' }, 'ogroup/ogroup': {} }, 2);
    expect(formatAclRoleTemplate(template)).toBe('2:user/user;#userPassword;rw');
    expect(parseAclRoleTemplate('2:user/user;#userPassword;rw').objects[0]).toEqual({ object: 'user/user', permissions: '', attributes: [{ attribute: 'userPassword', permissions: 'rw' }] });
    expect(formatAclRoleTemplate(template, 0)).toBe('0:user/user;#userPassword;rw');
  });

  it('skips empty objects in a stored line, as FusionDirectory does', () => {
    expect(parseAclRoleTemplate('0:user/user;r,,ogroup/ogroup;r,').objects.map((o) => o.object)).toEqual(['user/user', 'ogroup/ogroup']);
  });

  it.each([
    ['all;cmdrw', /no "<index>:" prefix/],
    ['x:all;cmdrw', /index \(a number\)/],
    ['0:', /names no object/],
    ['0:all', /no ";" between the object and its permissions/],
    ['0:all;cmdrwx', /Unknown permission "x"/],
    ['0:user/user;RW', /Unknown permission "R", "W"/],
    ['0:user;rw', /"user" is not an ACL object/],
    ['0:user/user/extra;rw', /is not an ACL object/],
    ['0:user/user;r,user/user;w', /appears twice/],
    ['0:user/user;r#userPassword', /no ";" between the attribute and its permissions/],
    ['0:user/user;r#;rw', /"" is not an attribute ACL name/],
    ['0:user/user;r#uid;rw#uid;r', /attribute "uid" appears twice/],
    ['0:user/user;r#uid;rz', /Unknown permission "z" in "user\/user#uid"/],
  ])('refuses %s with a clear message', (value, message) => {
    const read = () => parseAclRoleTemplate(value);
    expect(read).toThrow(AclFormatError);
    expect(read).toThrow(message);
  });

  it.each([
    [[{ all: { '0': 'cmdrw' } }], /not an array/],
    ['all;cmdrw', /not string/],
    [null, /not null/],
    [{ all: 'cmdrw' }, /rights of "all" are an object/],
    [{ all: { '0': 7 } }, /a string of letters/],
    [{ 'user/user': { userPassword: ['r'] } }, /attribute "userPassword" are a string/],
    [{ all: { '0': 'rwq' } }, /Unknown permission "q"/],
    [{ users: { '0': 'r' } }, /"users" is not an ACL object/],
    [{ 'user/user': { 'bad;name': 'r' } }, /not an attribute ACL name/],
    [{}, /at least one object/],
    [{ 'user/user': {} }, /at least one object/],
  ])('refuses the JSON %j', (json, message) => {
    expect(() => aclRoleTemplateFromJson(json, 0)).toThrow(message);
  });

  it('refuses to write what it could not read back', () => {
    expect(() => formatAclRoleTemplate({ index: 0, objects: [] })).toThrow(/at least one object/);
    expect(() => formatAclRoleTemplate({ index: -1, objects: [{ object: 'all', permissions: 'r', attributes: [] }] })).toThrow(/whole number/);
    expect(() => formatAclRoleTemplate({ index: 0, objects: [{ object: 'all', permissions: 'r,x', attributes: [] }] })).toThrow(/Unknown permission ",", "x"/);
    expect(() => formatAclRoleTemplate({ index: 0, objects: [{ object: 'all', permissions: 'r', attributes: [{ attribute: 'a#b', permissions: 'r' }] }] })).toThrow(/not an attribute ACL name/);
  });
});

describe('ordered ACL values', () => {
  it('reads values in the order of their index, then as stored', () => {
    expect(sortByIndex(['2:c', '0:a', 'junk', '10:d', '1:b', '0:a2'])).toEqual(['0:a', '0:a2', '1:b', '2:c', '10:d', 'junk']);
  });

  it('re-numbers a value', () => {
    expect(withIndex('7:all;r', 0)).toBe('0:all;r');
    expect(withIndex('3:subtree:Kg==:Kg==::', 1)).toBe('1:subtree:Kg==:Kg==::');
    expect(withIndex('all;r', 2)).toBe('2:all;r');
  });
});
