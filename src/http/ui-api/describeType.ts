// A type's description for the web interface's forms, generated from the declarations: tabs, sections, and each
// attribute's kind with its options, labels translated and choices resolved.
import { configChoices } from '../../model/configChoices.ts';
import { snapshotsEnabled } from '../../services/snapshots/SnapshotService.ts';
import type { AttributeDecl, AttributeSpec, CompositeSpec, ScalarSpec } from '../../model/declarations.ts';
import { DIPLOMA_LIST } from '../../nomenclatures/Nomenclatures.ts';
import type { ObjectType, Registry } from '../../model/Registry.ts';
import type { ObjectService } from '../../services/objects/ObjectService.ts';
import type { SiteConfig } from '../../services/SiteConfig.ts';
import type { Actor } from '../../services/AccessPolicy.ts';
import type { TypeDescription, UiAttribute, UiAttributeKind, UiChoice, UiChoicesSearch } from './contract.ts';

type Lang = 'en' | 'fr';

interface DescribeContext {
  registry: Registry;
  config: SiteConfig;
  objects: ObjectService;
  actor: Actor;
  lang: Lang;
  /** The attributes of the tab being described (`choicesFromValues` names one of them). */
  siblings?: AttributeDecl[];
}

/** Nomenclatures up to this size are sent whole; longer ones are searched as one types. */
export const INLINE_NOMENCLATURE_SIZE = 200;

/** The lists whose codes a diploma's type and sector are (SISE): a composite with such parts filters its diplomas by them. */
const DIPLOMA_FILTERS = { type: 'typediplome', sector: 'discipline' } as const;

type SelectSpec = Extract<AttributeSpec, { kind: 'select' }>;
type UiPart = { name: string; of: UiAttributeKind };

/** Diplomas are offered for the type and sector chosen in the other parts (FusionDirectory's registrations, fd-plugins.md §3.3). */
function withDiplomaFilters<P extends UiPart>(spec: CompositeSpec, parts: P[]): P[] {
  const partOfList = (list: string) => spec.parts.find((p) => p.spec.kind === 'select' && 'choicesFromNomenclature' in p.spec && p.spec.choicesFromNomenclature.list === list)?.name;
  const type = partOfList(DIPLOMA_FILTERS.type);
  const sector = partOfList(DIPLOMA_FILTERS.sector);
  for (const part of parts) {
    if (part.of.kind === 'select' && part.of.choicesSearch?.list === DIPLOMA_LIST && (type || sector)) part.of.choicesSearch.where = { ...(type ? { type } : {}), ...(sector ? { sector } : {}) };
  }
  return parts;
}

/** The choices of a select: fixed (translated), from a configuration key, or the objects of some types. */
async function choicesOf(spec: SelectSpec, ctx: DescribeContext): Promise<{ choices: UiChoice[]; objectTypes?: string[]; choicesSearch?: UiChoicesSearch; choicesFrom?: { attribute: string } }> {
  if ('choices' in spec) return { choices: spec.choices.map((c) => ({ value: c.value, label: ctx.registry.text(c.label, ctx.lang) })) };
  if ('choicesFromConfig' in spec) return { choices: configChoices(spec.choicesFromConfig, (key) => ctx.config.list(key)).map((c) => ({ value: c.value, label: ctx.registry.text(c.label, ctx.lang) })) };
  if ('choicesFromNomenclature' in spec) {
    const { list } = spec.choicesFromNomenclature;
    const prefixed = spec.choicesFromNomenclature.prefixed === true;
    const nomenclatures = ctx.objects.nomenclatures;
    const size = nomenclatures?.size(list, prefixed) ?? 0;
    // Short lists are sent whole (a plain select); long ones (diplomas, activities) are searched as one types.
    if (!nomenclatures || size <= INLINE_NOMENCLATURE_SIZE) return { choices: (nomenclatures?.choices(list, prefixed) ?? []).map((c) => ({ value: c.value, label: c.label })) };
    return { choices: [], choicesSearch: { list, prefixed, size } };
  }
  if ('choicesFromValues' in spec) {
    const { attribute } = spec.choicesFromValues;
    // The labels of the other attribute's choices (an affiliation's), so that its values are shown by name.
    const other = ctx.siblings?.find((a) => a.name.toLowerCase() === attribute.toLowerCase());
    const otherSelect = other?.kind === 'select' ? other : (other?.kind === 'set' || other?.kind === 'orderedList') && other.of.kind === 'select' ? other.of : undefined;
    const labels = otherSelect && !('choicesFromValues' in otherSelect) ? (await choicesOf(otherSelect, ctx)).choices : [];
    return { choices: labels, choicesFrom: { attribute: other?.name ?? attribute } };
  }
  const { types, storeAttribute = 'dn', displayAttribute } = spec.choicesFromObjects;
  const choices: UiChoice[] = [];
  for (const typeId of types) {
    const type = ctx.registry.type(typeId);
    if (!type) continue;
    const display = displayAttribute ?? type.decl.nameAttribute ?? (type.decl.mainAttribute || 'cn');
    const attributes = [...new Set([display, ...(storeAttribute === 'dn' ? [] : [storeAttribute])])];
    try {
      const listed = await ctx.objects.list(ctx.actor, type.id, { attributes, sort: [{ attribute: display }], limit: 1000 });
      for (const e of listed.entries) {
        const value = storeAttribute === 'dn' ? e.dn : Object.entries(e.attributes).find(([k]) => k.toLowerCase() === storeAttribute.toLowerCase())?.[1][0];
        const label = Object.entries(e.attributes).find(([k]) => k.toLowerCase() === display.toLowerCase())?.[1][0] ?? e.dn;
        if (value !== undefined) choices.push({ value, label });
      }
    } catch {
      // Not allowed to list these objects: the current value is still shown.
    }
  }
  return { choices, objectTypes: types };
}

async function kindOf(spec: AttributeSpec | ScalarSpec, ctx: DescribeContext): Promise<UiAttributeKind> {
  switch (spec.kind) {
    case 'string':
      return { kind: 'string', ...(spec.pattern ? { pattern: spec.pattern } : {}), ...(spec.example ? { example: spec.example } : {}) };
    case 'text':
    case 'postalAddress':
    case 'mail':
    case 'phone':
    case 'url':
    case 'base':
      return { kind: spec.kind };
    case 'integer':
      return { kind: 'integer', ...(spec.min !== undefined ? { min: spec.min } : {}), ...(spec.max !== undefined ? { max: spec.max } : {}), ...(spec.unit ? { unit: spec.unit } : {}) };
    case 'boolean':
      return { kind: 'boolean' };
    case 'select':
      return { kind: 'select', ...(await choicesOf(spec, ctx)) };
    case 'set':
    case 'orderedList':
      return { kind: spec.kind, of: await kindOf(spec.of, ctx) };
    case 'date':
      return { kind: 'date' };
    case 'dateTime':
      return { kind: 'dateTime' };
    case 'dn':
    case 'dns':
      return { kind: spec.kind, types: spec.types ?? [] };
    case 'binary':
      return { kind: spec.image ? 'image' : 'binary' };
    case 'files':
      return { kind: 'files' };
    case 'readOnly':
      return { kind: 'readOnly', multi: spec.multi === true };
    case 'composite':
      return {
        kind: 'composite',
        parts: withDiplomaFilters(spec, await Promise.all(spec.parts.map(async (p) => ({ name: p.name, label: p.label ? ctx.registry.text(p.label, ctx.lang) : p.name, optional: p.optional === true, of: await kindOf(p.spec, ctx) })))),
        // How the browser splits a stored value into its parts.
        ...(spec.bracketed ? { bracketed: true } : { read: spec.read, write: spec.write }),
      };
    case 'custom':
      // The user's password has its own widget (method, new password twice); other plugin kinds are JSON.
      return spec.codec === 'userPassword' ? { kind: 'password' } : { kind: 'custom', codec: spec.codec };
  }
}

async function describeAttribute(decl: AttributeDecl, multi: boolean, ctx: DescribeContext): Promise<UiAttribute> {
  const example = decl.kind === 'string' ? decl.example : undefined;
  return {
    ...(await kindOf(decl, ctx)),
    name: decl.name,
    label: ctx.registry.text(decl.label, ctx.lang),
    ...(decl.description ? { description: ctx.registry.text(decl.description, ctx.lang) } : {}),
    required: decl.required === true,
    multi,
    immutable: decl.immutable === true,
    derived: decl.derived === true || decl.computed !== undefined,
    hidden: decl.hidden === true,
    ...(example ? { example } : {}),
  };
}

export async function describeType(type: ObjectType, ctx: DescribeContext): Promise<TypeDescription> {
  const { registry, lang } = ctx;
  const decl = type.decl;
  return {
    id: type.id,
    label: registry.text(decl.label, lang),
    ...(decl.description ? { description: registry.text(decl.description, lang) } : {}),
    filter: decl.filter,
    mainAttribute: decl.mainAttribute || null,
    nameAttribute: decl.nameAttribute ?? (decl.mainAttribute || null),
    templates: decl.templates === true,
    // Offered only when the configuration enables them: the editor's panel and the lists' "Deleted objects…" follow.
    snapshots: decl.snapshots !== false && snapshotsEnabled(ctx.config),
    aclCategory: type.aclCategory,
    auxiliary: ctx.objects.isAuxiliary(type),
    tabs: await Promise.all(
      type.tabs.map(async (tab) => ({
        id: tab.id,
        label: registry.text(tab.decl.label, lang),
        ...(tab.decl.description ? { description: registry.text(tab.decl.description, lang) } : {}),
        alwaysActive: tab === type.mainTab || tab.decl.alwaysActive === true,
        selfModify: tab.decl.selfModify === true,
        dependsOn: tab.decl.dependsOn ?? [],
        conflictsWith: tab.decl.conflictsWith ?? [],
        objectClasses: tab.decl.objectClasses,
        activeFilter: tab.decl.activeFilter ?? `(&${tab.decl.objectClasses.map((c) => `(objectClass=${c})`).join('')})`,
        sections: await Promise.all(
          tab.decl.sections.map(async (section) => ({
            key: section.key,
            label: registry.text(section.label, lang),
            attributes: await Promise.all(section.attributes.map((a) => describeAttribute(a, tab.attributeByName.get(a.name.toLowerCase())?.kind.multiValued === true, { ...ctx, siblings: tab.attributes.map((t) => t.decl) }))),
          })),
        ),
      })),
    ),
  };
}
