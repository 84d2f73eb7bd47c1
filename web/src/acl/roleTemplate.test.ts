// The roles editor's model against the server's own reading and writing of gosaAclTemplate (src/acl/AclRoleTemplate.ts):
// FusionDirectory's values survive the editor untouched, and what the editor builds is what FusionDirectory writes.
import { describe, expect, it } from 'vitest';
import { aclRoleTemplateFromJson, aclRoleTemplateToJson, formatAclRoleTemplate, parseAclRoleTemplate } from '../../../src/acl/AclRoleTemplate.ts';
import type { AclCatalogue } from '../api/contract.ts';
import { InvalidJson } from '../editor/widgets/JsonWidget.tsx';
import {
  catalogueOrder,
  clearObjects,
  displayRole,
  formatRoleLine,
  grantAll,
  grantsAny,
  isRoleUnchanged,
  removeAttribute,
  roleItems,
  roleToWire,
  setAttributeRights,
  toggleAttributeLetter,
  toggleObjectLetter,
  unknownParts,
  withLetter,
  type RoleLine,
} from './roleTemplate.ts';

const catalogue: AclCatalogue = {
  categories: [
    {
      id: 'user',
      label: 'User',
      objects: [
        { id: 'user/user', label: 'User', selfModify: true, attributes: [{ name: 'sn', label: 'Last name' }, { name: 'userPassword', label: 'Password' }, { name: 'userLock', label: 'Lock' }] },
        { id: 'user/posixAccount', label: 'Unix', selfModify: true, attributes: [{ name: 'homeDirectory', label: 'Home' }] },
        { id: 'user/mailAccount', label: 'Mail', selfModify: true, attributes: [{ name: 'mail', label: 'Mail address' }, { name: 'gosaMailQuota', label: 'Quota' }] },
        { id: 'user/template', label: 'Templates', selfModify: false, attributes: [{ name: 'template_cn', label: 'Template name' }] },
      ],
    },
    { id: 'ogroup', label: 'Groups', objects: [{ id: 'ogroup/ogroup', label: 'Group', selfModify: false, attributes: [] }] },
  ],
};
const order = catalogueOrder(catalogue);

/** What the server reads (LDAP) and gives to the browser (JSON, through the wire). */
const serverJson = (value: string): RoleLine => JSON.parse(JSON.stringify(aclRoleTemplateToJson(parseAclRoleTemplate(value)))) as RoleLine;
/** What the server writes to LDAP from what the browser sends. */
const serverWrite = (wire: unknown): string[] => (wire as unknown[]).map((line, i) => (typeof line === 'string' ? line : formatAclRoleTemplate(aclRoleTemplateFromJson(JSON.parse(JSON.stringify(line)), i))));

/** FusionDirectory's setup roles and lines of other tools (fd-core.md §5.1). */
const FD_VALUES = [
  '0:all;cmdrw',
  '0:user/user;cmdrw,user/posixAccount;cmdrw',
  '0:user/user;srw,user/posixAccount;srw',
  '0:user/user;s#userPassword;rw',
  '0:user/user;r#sn;rw#userLock;w,user/SnapshotHandler;cr#restore_over;w,supann/supannStructure;rw#supannCodeEntite;r',
  '0:user/user;r#uid;rw#cn;r,ogroup/ogroup;cdrw,all;',
];

describe('the roles editor model', () => {
  it.each(FD_VALUES)('gives %s back byte for byte when nothing is changed', (value) => {
    const items = roleItems([serverJson(value)]);
    expect(items).not.toBeNull();
    expect(serverWrite(roleToWire(items))).toEqual([value]);
    expect(isRoleUnchanged(items, [serverJson(value)])).toBe(true);
  });

  it('keeps lines the server could not read, as their LDAP text, in their place', () => {
    const value = [serverJson('0:all;r'), '1:user/user;rx', serverJson('2:user/user;w')];
    expect(roleItems(value)).toEqual(value);
    expect(serverWrite(roleToWire(value))).toEqual(['0:all;r', '1:user/user;rx', '2:user/user;w']);
  });

  it('builds the line FusionDirectory writes: objects in catalogue order, self flag first, then r w c d m', () => {
    let line: RoleLine = {};
    // Clicked in any order: the mail tab's self flag and its mail attribute first, then read and write on User.
    line = toggleObjectLetter(line, 'user/mailAccount', 's', true, order);
    line = toggleAttributeLetter(line, 'user/mailAccount', 'mail', 'w', true, order);
    line = toggleAttributeLetter(line, 'user/mailAccount', 'mail', 'r', true, order);
    line = toggleObjectLetter(line, 'user/user', 'w', true, order);
    line = toggleObjectLetter(line, 'user/user', 'r', true, order);
    expect(serverWrite(roleToWire([line]))).toEqual(['0:user/user;rw,user/mailAccount;s#mail;rw']);
    expect(formatRoleLine(line, 0)).toBe('0:user/user;rw,user/mailAccount;s#mail;rw');
  });

  it('rewrites only the letters of the object changed, in FusionDirectory 1.4 order', () => {
    let line = serverJson('0:user/user;cmdrw,user/posixAccount;cmdrw');
    line = toggleObjectLetter(line, 'user/posixAccount', 'm', false, order);
    expect(formatRoleLine(line, 0)).toBe('0:user/user;cmdrw,user/posixAccount;rwcd');
    expect(withLetter('cmdrw', 's', true)).toBe('srwcdm');
    expect(withLetter('srw', 's', false)).toBe('rw');
  });

  it('puts attributes in catalogue order and leaves out objects and attributes left without rights', () => {
    let line: RoleLine = {};
    line = setAttributeRights(line, 'user/user', 'userLock', 'w', order);
    line = setAttributeRights(line, 'user/user', 'sn', 'r', order);
    expect(formatRoleLine(line, 0)).toBe('0:user/user;#sn;r#userLock;w');
    line = toggleAttributeLetter(line, 'user/user', 'sn', 'r', false, order);
    expect(formatRoleLine(line, 0)).toBe('0:user/user;#userLock;w');
    line = toggleAttributeLetter(line, 'user/user', 'userLock', 'w', false, order);
    expect(line).toEqual({});
    // A self flag alone on an object with an attribute right is kept (FusionDirectory's "edit own password").
    line = toggleObjectLetter(toggleAttributeLetter({}, 'user/user', 'userPassword', 'r', true, order), 'user/user', 's', true, order);
    expect(formatRoleLine(line, 0)).toBe('0:user/user;s#userPassword;r');
  });

  it('grants all on a category, keeping self-only objects self-only, and clears it', () => {
    const ids = catalogue.categories[0]!.objects.map((o) => o.id);
    const line = grantAll(serverJson('0:user/posixAccount;s,ogroup/ogroup;r'), ids, order);
    expect(formatRoleLine(line, 0)).toBe('0:user/user;rwcdm,user/posixAccount;srwcdm,user/mailAccount;rwcdm,user/template;rwcdm,ogroup/ogroup;r');
    expect(grantsAny(line, ids)).toBe(true);
    const cleared = clearObjects(line, ids);
    expect(formatRoleLine(cleared, 0)).toBe('0:ogroup/ogroup;r');
    expect(grantsAny(cleared, ids)).toBe(false);
  });

  it('tells what the installed plugins do not offer, and removes it only when asked', () => {
    const line = serverJson('0:user/user;r#sn;rw#oldAttr;r,supann/supannStructure;rw#supannCodeEntite;r,all;r');
    expect(unknownParts(line, catalogue)).toEqual({ objects: ['supann/supannStructure'], attributes: { 'user/user': ['oldAttr'] } });
    // Editing the known part keeps the unknown ones.
    const edited = toggleObjectLetter(line, 'user/user', 'w', true, order);
    expect(formatRoleLine(edited, 0)).toBe('0:user/user;rw#sn;rw#oldAttr;r,supann/supannStructure;rw#supannCodeEntite;r,all;r');
    expect(formatRoleLine(removeAttribute(edited, 'user/user', 'oldAttr'), 0)).toBe('0:user/user;rw#sn;rw,supann/supannStructure;rw#supannCodeEntite;r,all;r');
    expect(formatRoleLine(removeAttribute(serverJson('0:x/y;#a;r,all;r'), 'x/y', 'a'), 0)).toBe('0:all;r');
  });

  it('does not write an empty line, so an untouched new role stays unchanged', () => {
    expect(roleToWire([{}])).toEqual([]);
    expect(roleToWire([serverJson('0:all;r'), {}])).toEqual([{ all: { '0': 'r' } }]);
    expect(isRoleUnchanged([{}], [])).toBe(true);
    expect(isRoleUnchanged([{}], undefined)).toBe(true);
    expect(isRoleUnchanged([{ all: { '0': 'r' } }], [])).toBe(false);
  });

  it('leaves values that are not role lines to the JSON view', () => {
    expect(roleItems(undefined)).toEqual([]);
    expect(roleItems(new InvalidJson('[{', 'Unexpected end'))).toBeNull();
    expect(roleItems({ all: { '0': 'r' } })).toBeNull();
    expect(roleItems([{ all: 'r' }])).toBeNull();
    expect(roleItems([{ all: { '0': 3 } }])).toBeNull();
    expect(roleToWire(new InvalidJson('x', 'bad'))).toBeInstanceOf(InvalidJson);
  });

  it('shows the value as FusionDirectory stores it, one line per value', () => {
    expect(displayRole([serverJson('0:all;cmdrw'), '1:odd', serverJson('5:user/user;s#userPassword;rw')])).toBe('0:all;cmdrw\n1:odd\n2:user/user;s#userPassword;rw');
  });
});
