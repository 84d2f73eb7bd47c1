// Which rules of an explanation give a right, as the evaluator merges them (fd-core.md §5.3), and the page's address.
import { describe, expect, it } from 'vitest';
import type { AclExplanation, UiAclRuleExplanation } from '../api/contract.ts';
import { explainPath, grantingRules, ruleGrants } from './explain.ts';

const rule = (status: UiAclRuleExplanation['status'], grants: UiAclRuleExplanation['grants']): UiAclRuleExplanation => ({
  assignment: 'ou=x,dc=example,dc=org',
  index: 0,
  scope: 'subtree',
  role: 'cn=r,ou=aclroles,dc=example,dc=org',
  members: ['*'],
  userfilter: '',
  targetfilter: '',
  status,
  grants,
});

describe('explaining rights', () => {
  const explanation: AclExplanation = {
    user: 'uid=ann,dc=example,dc=org',
    dn: 'uid=bob,ou=x,dc=example,dc=org',
    types: ['user'],
    ignoreAcl: false,
    objects: [],
    rules: [
      rule('applies', { 'user/user': { '0': 'rw' } }),
      rule('applies', { all: { '0': 'r' } }),
      rule('applies', { 'user/mailAccount': { '0': 's', mail: 'rw' } }),
      rule('notMember', { 'user/user': { '0': 'rwcdm' } }),
      rule('selfOnly', { 'user/user': { '0': 'sd' } }),
    ],
    problems: [],
  };

  it('credits a right on an object to the rules giving it there or on all objects, never to rules that do not apply', () => {
    expect(grantingRules(explanation, 'user/user', null, 'r')).toEqual([0, 1]);
    expect(grantingRules(explanation, 'user/user', null, 'w')).toEqual([0]);
    expect(grantingRules(explanation, 'user/user', null, 'd')).toEqual([]);
    expect(grantingRules(explanation, 'user/posixAccount', null, 'r')).toEqual([1]);
  });

  it('credits a right on an attribute to its own rights, its object\'s and all objects\'', () => {
    expect(grantingRules(explanation, 'user/mailAccount', 'mail', 'w')).toEqual([2]);
    expect(grantingRules(explanation, 'user/mailAccount', 'mail', 'r')).toEqual([1, 2]);
    expect(grantingRules(explanation, 'user/user', 'sn', 'w')).toEqual([0]);
    expect(ruleGrants(explanation.rules[2]!, 'user/mailAccount', null, 'w')).toBe(false);
  });

  it('puts the question in the address', () => {
    expect(explainPath()).toBe('/acl/explain');
    expect(explainPath({ dn: 'ou=x,dc=example,dc=org' })).toBe('/acl/explain?dn=ou%3Dx%2Cdc%3Dexample%2Cdc%3Dorg');
    expect(new URLSearchParams(explainPath({ user: 'uid=a,dc=b', dn: 'dc=b' }).split('?')[1]).get('user')).toBe('uid=a,dc=b');
  });
});
