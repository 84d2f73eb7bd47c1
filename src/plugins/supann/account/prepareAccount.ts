// What FusionDirectory derives when the SupAnn tab is saved (fd-plugins.md §3.12 "Derived on save" 1–4), reproduced
// so that entries written by Trousseau and by FusionDirectory look the same; and the structures a person is
// attached to must exist, as FusionDirectory's pick-lists only offer existing ones.
import type { SaveContext } from '../../../model/declarations.ts';
import { ValueError } from '../../../model/kinds/index.ts';
import { escapeFilterValue } from '../../../ldap/filter.ts';
import { normaliseOrcid } from './orcid.ts';
import { flattenRegistrations, readRegistration, uniqueValues, withUnknownMarkers } from './registrations.ts';
import { genericRoles } from './roles.ts';

const listOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value !== '' ? [value] : []);

/** Values not among those the entry held when opened (compared without regard to case, as the directory does). */
function added(values: string[], stored: unknown): string[] {
  const before = new Set(listOf(stored).map((v) => v.toLowerCase()));
  return values.filter((v) => !before.has(v.toLowerCase()));
}

/** `(&(objectClass=supannEntite)(|(attr=v1)(attr=v2)…))`. */
const structuresWith = (attribute: string, values: string[]) => `(&(objectClass=supannEntite)(|${values.map((v) => `(${attribute}=${escapeFilterValue(v)})`).join('')}))`;

/**
 * The SupAnn tab's derived values: registrations' `{INCONNU}` markers, establishments and assignments, entity types of
 * the assignments, generic roles, the flattened supannEtu* attributes; ORCIDs in their bare form.
 */
export async function prepareAccount(context: SaveContext): Promise<Record<string, unknown>> {
  const v = context.values;
  const out: Record<string, unknown> = {};

  // The URL form eduPerson recommends is accepted, the bare form FusionDirectory reads is stored.
  out.eduPersonOrcid = uniqueValues(listOf(v.eduPersonOrcid).map(normaliseOrcid));
  // A private postal address typed on several lines: its lines are `$`-separated, as FusionDirectory writes them.
  out.supannAdressePostalePrivee = uniqueValues(listOf(v.supannAdressePostalePrivee).map((a) => a.replace(/\r?\n/g, '$')));

  // 1. Registrations ({INCONNU} for an empty regime or sector), their establishments and assignments.
  const registrations = listOf(v.supannEtuInscription).map(withUnknownMarkers);
  const parsed = registrations.map(readRegistration).filter((p): p is Record<string, string> => p !== undefined);
  out.supannEtuInscription = registrations;
  const establishments = uniqueValues([...listOf(v.supannEtablissement), ...parsed.map((p) => p.etab ?? '')]);
  const assignments = uniqueValues([...listOf(v.supannEntiteAffectation), ...parsed.map((p) => p.affect ?? '')]);
  out.supannEtablissement = establishments;
  out.supannEntiteAffectation = assignments;

  // 2. The types of the assigned entities join the entity types (never removed automatically).
  const types = listOf(v.supannTypeEntiteAffectation);
  if (assignments.length > 0) {
    const entities = await context.searchEntries(structuresWith('supannCodeEntite', assignments), ['supannCodeEntite', 'supannTypeEntite']);
    const known = new Set(entities.flatMap((e) => e.get('supannCodeEntite').map((c) => c.toLowerCase())));
    const missing = added(assignments, context.stored.supannEntiteAffectation).filter((c) => !known.has(c.toLowerCase()));
    if (missing.length > 0) {
      const fromUser = listOf(v.supannEntiteAffectation).map((c) => c.toLowerCase());
      throw new ValueError(`"${missing[0]!}" is not the code of a SupAnn entity or establishment.`, fromUser.includes(missing[0]!.toLowerCase()) ? 'supannEntiteAffectation' : 'supannEtuInscription');
    }
    types.push(...entities.flatMap((e) => e.get('supannTypeEntite')));
  }
  out.supannTypeEntiteAffectation = uniqueValues(types);

  const newEstablishments = added(establishments, context.stored.supannEtablissement);
  if (newEstablishments.length > 0) {
    const found = await context.searchEntries(structuresWith('supannEtablissement', newEstablishments), ['supannEtablissement']);
    const known = new Set(found.flatMap((e) => e.get('supannEtablissement').map((c) => c.toLowerCase())));
    const missing = newEstablishments.find((c) => !known.has(c.toLowerCase()));
    if (missing !== undefined) {
      const fromUser = listOf(v.supannEtablissement).map((c) => c.toLowerCase());
      throw new ValueError(`"${missing}" is not the code of a SupAnn establishment.`, fromUser.includes(missing.toLowerCase()) ? 'supannEtablissement' : 'supannEtuInscription');
    }
  }

  // 3. Generic roles are those of the roles in entities, and only those.
  out.supannRoleGenerique = genericRoles(listOf(v.supannRoleEntite));
  // 4. The flattened registration attributes.
  Object.assign(out, flattenRegistrations(registrations));
  return out;
}
