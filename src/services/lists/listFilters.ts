// The filters a management list offers, derived from its types' declarations (fd-core.md §9.2, improved):
// "has tab X" for every switchable tab, date ranges on date attributes, choices on selects, group content.
import type { Attribute, ObjectType } from '../../model/Registry.ts';

export type FilterField =
  | { kind: 'tab'; tab: string; type: string; label: string; filter: string }
  | { kind: 'date'; attribute: string; label: string }
  | { kind: 'choice'; attribute: string; label: string; choices: Array<{ value: string; label: string }> }
  | { kind: 'groupContent'; attribute: 'gosaGroupObjects'; label: string; choices: Array<{ value: string; label: string }> };

/** FusionDirectory's member-type letters of object groups (`gosaGroupObjects`), by type. */
export const GROUP_CONTENT_LETTERS: Record<string, string> = { user: 'U', ogroup: 'G' };

/** Date attributes of the type's tabs (filterable by range). */
export function dateAttributes(type: ObjectType): Attribute[] {
  return type.tabs.flatMap((t) => t.attributes.filter((a) => a.decl.kind === 'date' && a.decl.inLdap !== false && !a.decl.hidden));
}

/** Select attributes with a fixed list of choices, on the main tab (filterable by value). */
export function choiceAttributes(type: ObjectType): Attribute[] {
  return type.mainTab.attributes.filter((a) => a.decl.kind === 'select' && 'choices' in a.decl && a.decl.inLdap !== false && !a.decl.hidden);
}

/** Whether the type's entries say what their members are (object groups). */
export function hasGroupContent(type: ObjectType): boolean {
  return type.tabs.some((t) => t.attributeByName.has('gosagroupobjects'));
}

/** Attributes list filters look at, which the type's list index must hold so filtering stays in memory. */
export function listFilterAttributes(type: ObjectType): string[] {
  const names = [...dateAttributes(type), ...choiceAttributes(type)].map((a) => a.decl.name);
  if (hasGroupContent(type)) names.push('gosaGroupObjects');
  return names;
}
