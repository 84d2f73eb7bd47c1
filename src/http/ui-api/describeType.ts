// A type's description for the web interface's forms, generated from the declarations: tabs, sections, and each
// attribute's kind with its options, labels translated and choices resolved.
import type { AttributeDecl, AttributeSpec, ScalarSpec } from '../../model/declarations.ts';
import type { ObjectType, Registry } from '../../model/Registry.ts';
import type { ObjectService } from '../../services/objects/ObjectService.ts';
import type { SiteConfig } from '../../services/SiteConfig.ts';
import type { Actor } from '../../services/AccessPolicy.ts';
import type { TypeDescription, UiAttribute, UiAttributeKind, UiChoice } from './contract.ts';

type Lang = 'en' | 'fr';

interface DescribeContext {
  registry: Registry;
  config: SiteConfig;
  objects: ObjectService;
  actor: Actor;
  lang: Lang;
}

/** The choices of a select: fixed (translated), from a configuration key, or the objects of some types. */
async function choicesOf(spec: Extract<AttributeSpec, { kind: 'select' }>, ctx: DescribeContext): Promise<{ choices: UiChoice[]; objectTypes?: string[] }> {
  if ('choices' in spec) return { choices: spec.choices.map((c) => ({ value: c.value, label: ctx.registry.text(c.label, ctx.lang) })) };
  if ('choicesFromConfig' in spec) return { choices: ctx.config.list(spec.choicesFromConfig).map((v) => ({ value: v, label: v })) };
  // Filled by the nomenclature and values sources (to come): the current value is still shown.
  if ('choicesFromNomenclature' in spec || 'choicesFromValues' in spec) return { choices: [] };
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
    case 'dn':
    case 'dns':
      return { kind: spec.kind, types: spec.types ?? [] };
    case 'binary':
      return { kind: spec.image ? 'image' : 'binary' };
    case 'readOnly':
      return { kind: 'readOnly', multi: spec.multi === true };
    case 'composite':
      return {
        kind: 'composite',
        parts: await Promise.all(spec.parts.map(async (p) => ({ name: p.name, label: p.label ? ctx.registry.text(p.label, ctx.lang) : p.name, optional: p.optional === true, of: await kindOf(p.spec, ctx) }))),
        // How the browser splits a stored value into its parts.
        ...(spec.bracketed ? { bracketed: true } : { read: spec.read }),
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
            attributes: await Promise.all(section.attributes.map((a) => describeAttribute(a, tab.attributeByName.get(a.name.toLowerCase())?.kind.multiValued === true, ctx))),
          })),
        ),
      })),
    ),
  };
}
