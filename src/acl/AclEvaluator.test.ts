import { describe, expect, it } from 'vitest';
import { AclEvaluator, type AclRule } from './AclEvaluator.ts';
import type { AclScope } from './AclAssignmentEntry.ts';
import { parseAclRoleTemplate } from './AclRoleTemplate.ts';
import { isAclMember } from './isAclMember.ts';

const BASE = 'dc=example,dc=org';
const SALES = `ou=sales,${BASE}`;
const EAST = `ou=east,${SALES}`;
const ME = `uid=me,ou=people,${SALES}`;
const OTHER = `uid=other,ou=people,${SALES}`;
const OUTSIDER = `uid=out,ou=people,${BASE}`;
const ROOT_USER = `uid=fd-admin,ou=people,${BASE}`;

/** The roles FusionDirectory's setup creates (fd-core.md §5.1). */
const ROLES = {
  admin: ['0:all;cmdrw'],
  manager: ['0:user/user;cmdrw,user/posixAccount;cmdrw'],
  editowninfos: ['0:user/user;srw,user/posixAccount;srw'],
  editownpwd: ['0:user/user;s#userPassword;rw'],
  reader: ['0:user/user;r'],
  groupsAdmin: ['0:ogroup/ogroup;cdrw', '1:user/user;r#uid;w', '2:user/posixAccount;#homeDirectory;r'],
} as const;

const rule = (dn: string, scope: AclScope, role: keyof typeof ROLES): AclRule => ({ dn, scope, lines: ROLES[role].map(parseAclRoleTemplate) });
const evaluator = (user: string, ...rules: AclRule[]) => new AclEvaluator(user, BASE, rules);

type Case = [name: string, user: string, rules: AclRule[], target: string, category: string, tab: string, attribute: string, expected: string];

const CASES: Case[] = [
  // Scopes
  ['no rule gives nothing', ME, [], ME, 'user', 'user', '', ''],
  ['a subtree rule applies on its own entry', ME, [rule(SALES, 'subtree', 'manager')], SALES, 'user', 'user', '', 'rwcdm'],
  ['a subtree rule applies below', ME, [rule(SALES, 'subtree', 'manager')], OTHER, 'user', 'user', '', 'rwcdm'],
  ['a subtree rule applies in nested departments', ME, [rule(SALES, 'subtree', 'manager')], `uid=x,ou=people,${EAST}`, 'user', 'user', '', 'rwcdm'],
  ['a subtree rule does not apply above', ME, [rule(SALES, 'subtree', 'manager')], BASE, 'user', 'user', '', ''],
  ['a subtree rule does not apply beside', ME, [rule(SALES, 'subtree', 'manager')], OUTSIDER, 'user', 'user', '', ''],
  ['a subtree rule ignores other categories', ME, [rule(SALES, 'subtree', 'manager')], OTHER, 'ogroup', 'ogroup', '', ''],
  ['a base rule applies on its own entry', ME, [rule(SALES, 'base', 'manager')], SALES, 'user', 'user', '', 'rwcdm'],
  ['a base rule does not apply below', ME, [rule(SALES, 'base', 'manager')], OTHER, 'user', 'user', '', ''],
  ['DNs compare case- and space-insensitively', ME, [rule('OU=Sales, DC=Example,DC=org', 'subtree', 'manager')], 'UID=other,ou=People,ou=SALES,dc=example,dc=org', 'user', 'user', '', 'rwcdm'],
  // Nested departments: rules of every ancestor add up
  ['rules of ancestors and of the entry add up', ME, [rule(BASE, 'subtree', 'reader'), rule(EAST, 'subtree', 'groupsAdmin')], `uid=x,${EAST}`, 'user', 'user', 'uid', 'rw'],
  ['a base rule of an ancestor does not reach below', ME, [rule(BASE, 'base', 'admin'), rule(EAST, 'subtree', 'reader')], `uid=x,${EAST}`, 'user', 'user', '', 'r'],
  ['a deeper rule adds to an upper one only below it', ME, [rule(BASE, 'subtree', 'reader'), rule(EAST, 'subtree', 'manager')], OTHER, 'user', 'user', '', 'r'],
  // Self-only lines
  ['editowninfos on himself', ME, [rule(BASE, 'subtree', 'editowninfos')], ME, 'user', 'posixAccount', '', 'rw'],
  ['editowninfos on someone else', ME, [rule(BASE, 'subtree', 'editowninfos')], OTHER, 'user', 'user', '', ''],
  ['editowninfos on his department', ME, [rule(BASE, 'subtree', 'editowninfos')], SALES, 'user', 'user', '', ''],
  ['editownpwd: his password', ME, [rule(BASE, 'subtree', 'editownpwd')], ME, 'user', 'user', 'userPassword', 'rw'],
  ['editownpwd: his other attributes', ME, [rule(BASE, 'subtree', 'editownpwd')], ME, 'user', 'user', 'cn', ''],
  ['editownpwd: any right on his user tab', ME, [rule(BASE, 'subtree', 'editownpwd')], ME, 'user', 'user', '', 'rw'],
  ['editownpwd: someone else\'s password', ME, [rule(BASE, 'subtree', 'editownpwd')], OTHER, 'user', 'user', 'userPassword', ''],
  ['a self rule on a department reaches the user below it', ME, [rule(SALES, 'subtree', 'editowninfos')], ME, 'user', 'user', 'cn', 'rw'],
  ['a self rule on another department does not', OUTSIDER, [rule(SALES, 'subtree', 'editowninfos')], OUTSIDER, 'user', 'user', '', ''],
  ['a base self rule on his own entry', ME, [rule(ME, 'base', 'editownpwd')], ME, 'user', 'user', 'userPassword', 'rw'],
  ['self and manager rules combine on himself', ME, [rule(BASE, 'subtree', 'editownpwd'), rule(SALES, 'subtree', 'reader')], ME, 'user', 'user', 'userPassword', 'rw'],
  ['self and manager rules on others: only the manager part', ME, [rule(BASE, 'subtree', 'editownpwd'), rule(SALES, 'subtree', 'reader')], OTHER, 'user', 'user', 'userPassword', 'r'],
  // Attribute-level rights
  ['an attribute right adds to the class-level right', ME, [rule(BASE, 'subtree', 'groupsAdmin')], OTHER, 'user', 'user', 'uid', 'rw'],
  ['another attribute gets the class-level right', ME, [rule(BASE, 'subtree', 'groupsAdmin')], OTHER, 'user', 'user', 'cn', 'r'],
  ['an attribute right without class-level right', ME, [rule(BASE, 'subtree', 'groupsAdmin')], OTHER, 'user', 'posixAccount', 'homeDirectory', 'r'],
  ['an attribute right counts as a right on the tab', ME, [rule(BASE, 'subtree', 'groupsAdmin')], OTHER, 'user', 'posixAccount', '', 'r'],
  ['no class-level right, another attribute', ME, [rule(BASE, 'subtree', 'groupsAdmin')], OTHER, 'user', 'posixAccount', 'loginShell', ''],
  // `all`
  ['all grants every category', ME, [rule(BASE, 'subtree', 'admin')], OTHER, 'ogroup', 'ogroup', '', 'rwcdm'],
  ['all grants every attribute', ME, [rule(BASE, 'subtree', 'admin')], OTHER, 'user', 'user', 'userPassword', 'rwcdm'],
  ['all grants category queries', ME, [rule(BASE, 'subtree', 'admin')], OTHER, 'configuration', '0', '', 'rwcdm'],
  ['all in a department stays there', ME, [rule(SALES, 'subtree', 'admin')], OUTSIDER, 'user', 'user', '', ''],
  // Category queries (`<cat>/0`)
  ['a category query merges every class of the category', ME, [rule(BASE, 'subtree', 'groupsAdmin')], OTHER, 'user', '0', '', 'rw'],
  ['a category query of another category', ME, [rule(BASE, 'subtree', 'groupsAdmin')], OTHER, 'ogroup', '0', '', 'rwcd'],
  ['a category query skips self-only classes on others', ME, [rule(BASE, 'subtree', 'editowninfos')], OTHER, 'user', '0', '', ''],
  ['a category query keeps self-only classes on himself', ME, [rule(BASE, 'subtree', 'editowninfos')], ME, 'user', '0', '', 'rw'],
  // Department manager
  ['manager creates users in sales', ME, [rule(SALES, 'subtree', 'manager')], `ou=people,${SALES}`, 'user', 'user', '', 'rwcdm'],
  ['manager edits POSIX accounts in sales', ME, [rule(SALES, 'subtree', 'manager')], OTHER, 'user', 'posixAccount', 'homeDirectory', 'rwcdm'],
  ['manager has nothing at the base', ME, [rule(SALES, 'subtree', 'manager')], `ou=people,${BASE}`, 'user', 'user', '', ''],
  ['manager has no mail tab rights', ME, [rule(SALES, 'subtree', 'manager')], OTHER, 'user', 'mailAccount', '', ''],
  // Several indexed lines of one role are each applied
  ['line 0 of a role', ME, [rule(BASE, 'subtree', 'groupsAdmin')], `cn=g,${BASE}`, 'ogroup', 'ogroup', '', 'rwcd'],
  ['line 1 of a role', ME, [rule(BASE, 'subtree', 'groupsAdmin')], OTHER, 'user', 'user', '', 'rw'],
  ['line 2 of a role', ME, [rule(BASE, 'subtree', 'groupsAdmin')], OTHER, 'user', 'posixAccount', 'homeDirectory', 'r'],
];

describe('AclEvaluator', () => {
  it.each(CASES)('%s', (_name, user, rules, target, category, tab, attribute, expected) => {
    expect(evaluator(user, ...rules).rights(target, category, tab, attribute)).toBe(expected);
  });

  it('orders letters rwcdm and never answers s', () => {
    const acl = new AclEvaluator(ME, BASE, [{ dn: BASE, scope: 'subtree', lines: [parseAclRoleTemplate('0:user/user;mdcwr#cn;sw')] }]);
    expect(acl.rights(OTHER, 'user', 'user', 'cn')).toBe('rwcdm');
    expect(new AclEvaluator(ME, BASE, [rule(BASE, 'subtree', 'editowninfos')]).rights(ME, 'user', 'user')).toBe('rw');
  });

  it('answers the same from its cache', () => {
    const acl = evaluator(ME, rule(SALES, 'subtree', 'manager'));
    for (let i = 0; i < 3; i++) {
      expect(acl.rights(OTHER, 'user', 'user')).toBe('rwcdm');
      expect(acl.rights(OUTSIDER, 'user', 'user')).toBe('');
    }
  });

  it('answers a hundred entries of a list quickly', () => {
    const rules = [rule(BASE, 'subtree', 'reader'), rule(SALES, 'subtree', 'manager'), rule(EAST, 'base', 'groupsAdmin'), rule(BASE, 'subtree', 'editownpwd')];
    const acl = evaluator(ME, ...rules);
    const started = performance.now();
    for (let i = 0; i < 100; i++) {
      expect(acl.rights(`uid=u${i},ou=people,${i % 2 ? SALES : BASE}`, 'user', 'user')).toBe(i % 2 ? 'rwcdm' : 'r');
      acl.rights(`uid=u${i},ou=people,${i % 2 ? SALES : BASE}`, 'user', 'posixAccount');
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });

  describe('uniform', () => {
    it('is empty for a user without rules', () => expect(evaluator(ME).uniform()).toBe(''));
    it('is everything for the administrator of the base', () => expect(evaluator(ROOT_USER, rule(BASE, 'subtree', 'admin')).uniform()).toBe('rwcdm'));
    it('stays everything when other rules grant less', () => expect(evaluator(ME, rule(BASE, 'subtree', 'admin'), rule(BASE, 'subtree', 'editownpwd'), rule(SALES, 'subtree', 'manager')).uniform()).toBe('rwcdm'));
    it('is undefined for a department manager', () => expect(evaluator(ME, rule(SALES, 'subtree', 'manager')).uniform()).toBeUndefined());
    it('is undefined for an all rule with base scope', () => expect(evaluator(ME, rule(BASE, 'base', 'admin')).uniform()).toBeUndefined());
    it('is undefined for self rules reaching the user', () => expect(evaluator(ME, rule(BASE, 'subtree', 'editownpwd')).uniform()).toBeUndefined());
    it('ignores self rules that cannot reach the user', () => expect(evaluator(OUTSIDER, rule(SALES, 'subtree', 'editownpwd')).uniform()).toBe(''));
  });

  describe('hasAnyRight (menus)', () => {
    it('sees a right given in a department', () => expect(evaluator(ME, rule(SALES, 'subtree', 'manager')).hasAnyRight('user')).toBe(true));
    it('does not see another category', () => expect(evaluator(ME, rule(SALES, 'subtree', 'manager')).hasAnyRight('ogroup')).toBe(false));
    it('sees every category through all', () => expect(evaluator(ME, rule(EAST, 'base', 'admin')).hasAnyRight('configuration')).toBe(true));
    it('sees attribute-only rights', () => expect(evaluator(ME, { dn: BASE, scope: 'subtree', lines: [parseAclRoleTemplate('0:user/posixAccount;#homeDirectory;r')] }).hasAnyRight('user')).toBe(true));
    it('ignores self rules', () => expect(evaluator(ME, rule(BASE, 'subtree', 'editowninfos')).hasAnyRight('user')).toBe(false));
    it('sees self rules on himself for My account', () => expect(evaluator(ME, rule(BASE, 'subtree', 'editownpwd')).hasAnyRight('user', { self: true })).toBe(true));
    it('has no self right without rules', () => expect(evaluator(ME).hasAnyRight('user', { self: true })).toBe(false));
  });
});

describe('isAclMember (which assignments concern the user)', () => {
  const membership = { userDn: ME, groups: [`cn=sales-team,ou=groups,${SALES}`, `cn=posix,ou=groups,${BASE}`], roles: [`cn=boss,ou=roles,${SALES}`] };
  it.each([
    ['every user (*)', ['*'], true],
    ['his DN', [ME], true],
    ['his DN in another case', [ME.toUpperCase()], true],
    ['a group of his (groupOfNames)', [`cn=sales-team,ou=groups,${SALES}`], true],
    ['a group of his (posixGroup)', [`cn=posix,ou=groups,${BASE}`], true],
    ['a role of his', [`cn=boss,ou=roles,${SALES}`], true],
    ['someone else', [OTHER], false],
    ['another group', [`cn=other,ou=groups,${BASE}`], false],
    ['one of several members', [OTHER, `cn=boss,ou=roles,${SALES}`], true],
    ['no member', [], false],
  ] as const)('%s', (_name, members, expected) => {
    expect(isAclMember(members, membership)).toBe(expected);
  });
});

describe('bulkRights (lists of many entries)', () => {
  it('answers as rights() for every entry: children of departments, the user, entries with rules of their own', () => {
    const acl = evaluator(
      ME,
      rule(SALES, 'subtree', 'manager'),
      rule(EAST, 'base', 'admin'),
      rule(BASE, 'subtree', 'editownpwd'),
      rule(BASE, 'subtree', 'editowninfos'),
      // A target filter's entry: a rule attached to one user.
      rule(OTHER, 'base', 'reader'),
      rule(`uid=Spaced  Name,ou=people,${BASE}`, 'subtree', 'groupsAdmin'),
    );
    const dns = [
      ME,
      OTHER,
      OUTSIDER,
      ROOT_USER,
      SALES,
      EAST,
      `uid=new1,ou=people,${SALES}`,
      `uid=new2,${EAST}`,
      `ou=people,${EAST}`,
      `uid=deep,ou=people,${EAST}`,
      `UID=Other,OU=People,${SALES.toUpperCase()}`,
      `uid=spaced name,ou=people,${BASE}`,
      `cn=a\\,b,ou=groups,${SALES}`,
      `cn=x+sn=y,ou=people,${SALES}`,
    ];
    for (const [category, tab] of [['user', 'user'], ['user', 'posixAccount'], ['ogroup', 'ogroup'], ['department', 'department']] as const) {
      const bulk = acl.bulkRights(category, tab);
      for (const dn of dns) expect(`${category}/${tab} ${dn}: ${bulk(dn)}`).toBe(`${category}/${tab} ${dn}: ${acl.rights(dn, category, tab)}`);
    }
  });
});
