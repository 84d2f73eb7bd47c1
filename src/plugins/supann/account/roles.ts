// Roles in entities (supannRoleEntite, fd-plugins.md §3.3, §3.7.2) and the supannRoleGenerique derived from them.
import type { CompositeSpec } from '../../../model/declarations.ts';
import { readComposite } from '../../../model/kinds/composite.ts';
import { uniqueValues } from './registrations.ts';

/**
 * `[role={SUPANN}R00][type={SUPANN}S230][code=DSI]`: a generic role, held in an entity of one of the person's entity
 * types, optionally one of his assignments (the type and code are not added to them: they must be there already).
 */
export const ROLE: CompositeSpec = {
  kind: 'composite',
  bracketed: true,
  parts: [
    { name: 'role', label: 'supannAccount.role.role', spec: { kind: 'select', choicesFromNomenclature: { list: 'role', prefixed: true } } },
    { name: 'type', label: 'supannAccount.role.type', spec: { kind: 'select', choicesFromValues: { attribute: 'supannTypeEntiteAffectation' } } },
    { name: 'code', label: 'supannAccount.role.code', optional: true, spec: { kind: 'select', choicesFromValues: { attribute: 'supannEntiteAffectation' } } },
  ],
};

/**
 * supannRoleGenerique: the role of each supannRoleEntite value, once (FusionDirectory derives it from the roles only).
 * @example genericRoles(['[role={SUPANN}R00][type={SUPANN}S230][code=DSI]']) // ['{SUPANN}R00']
 */
export function genericRoles(roles: string[]): string[] {
  return uniqueValues(roles.map((r) => readComposite(ROLE, r)?.role ?? ''));
}
