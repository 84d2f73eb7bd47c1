// "What can this user do here": the page's address, and which of the explained rules give each right.
import type { AclExplanation, UiAclRuleExplanation } from '../api/contract.ts';
import { ALL_OBJECTS } from './roleTemplate.ts';

/** The page's path (also the id of its menu entry, `acl/explain`). */
export const EXPLAIN_PATH = '/acl/explain';

/**
 * The explanation page for a user and a DN (either may be left out: the signed-in user, no entry yet).
 * @example explainPath({ dn: 'ou=people,dc=example,dc=org' }) // '/acl/explain?dn=ou%3Dpeople%2Cdc%3Dexample%2Cdc%3Dorg'
 */
export function explainPath(params: { user?: string; dn?: string } = {}): string {
  const q = new URLSearchParams();
  if (params.user) q.set('user', params.user);
  if (params.dn) q.set('dn', params.dn);
  const text = q.toString();
  return text ? `${EXPLAIN_PATH}?${text}` : EXPLAIN_PATH;
}

/**
 * Whether a rule gives `letter` on `object` (attribute null: on the object itself) as the evaluator merges rights
 * (fd-core.md §5.3): the `all` object's own rights always count, then the object's own rights, then the attribute's.
 */
export function ruleGrants(rule: UiAclRuleExplanation, object: string, attribute: string | null, letter: string): boolean {
  if (rule.status !== 'applies') return false;
  const has = (o: string, key: string) => (rule.grants[o]?.[key] ?? '').includes(letter);
  return has(ALL_OBJECTS, '0') || has(object, '0') || (attribute !== null && has(object, attribute));
}

/** The positions (0-based, in `rules`) of the rules that give `letter` on `object` or one of its attributes. */
export function grantingRules(explanation: AclExplanation, object: string, attribute: string | null, letter: string): number[] {
  return explanation.rules.flatMap((rule, i) => (ruleGrants(rule, object, attribute, letter) ? [i] : []));
}

/** The anchor of a rule in the page (the rights matrix links to it). */
export function ruleAnchor(position: number): string {
  return `acl-rule-${position + 1}`;
}
