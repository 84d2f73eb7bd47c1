// Component schemas of the installed object types and tabs: a tab's values (`tab.<tab>`, what GET returns and PATCH
// takes), the same with its required attributes for a new object (`tab.<tab>.new`), one attribute's value and one
// value of a multi-valued one (`tab.<tab>.value`, `tab.<tab>.item`), and per type the `{tab: {attr: value}}` bodies
// of PATCH (`type.<type>.changes`) and of creation (`type.<type>.new`, `type.<type>.creation`).
import type { Attribute, ObjectType, Registry, Tab } from '../../model/Registry.ts';
import { attributeSchema, isReadOnly } from './attributeSchema.ts';
import type { JsonSchema } from './OpenApiDocument.ts';

const code = (s: string) => `\`${s}\``;

/** A component name from an id (component names allow `A-Z a-z 0-9 . - _`). */
const safe = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_');

/** The names of the generated components. */
export const schemaNames = {
  tab: (tab: Tab) => `tab.${safe(tab.id)}`,
  newTab: (tab: Tab) => `tab.${safe(tab.id)}.new`,
  /** The value of any one attribute of the tab. */
  value: (tab: Tab) => `tab.${safe(tab.id)}.value`,
  /** One value of any multi-valued attribute of the tab. */
  item: (tab: Tab) => `tab.${safe(tab.id)}.item`,
  changes: (type: ObjectType) => `type.${safe(type.id)}.changes`,
  newObject: (type: ObjectType) => `type.${safe(type.id)}.new`,
  creation: (type: ObjectType) => `type.${safe(type.id)}.creation`,
};

/** `{ $ref }` to a component schema. */
export const schemaRef = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });

const pointerPart = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** `{ $ref }` to one attribute's schema inside its tab's component. */
export function attributeRef(tab: Tab, attribute: Attribute): { $ref: string } {
  return { $ref: `#/components/schemas/${schemaNames.tab(tab)}/properties/${pointerPart(attribute.decl.name)}` };
}

/** Multi-valued attributes clients may write (the targets of `…/{attribute}/values`). */
export function multiValuedAttributes(tab: Tab): Attribute[] {
  return tab.attributes.filter((a) => a.kind.multiValued && !isReadOnly(a.decl));
}

/** One schema from several alternatives (the alternative itself when there is one). */
function anyOf(schemas: JsonSchema[]): JsonSchema {
  return schemas.length === 1 ? schemas[0]! : { anyOf: schemas };
}

/** The unions of a tab's attribute values, for the paths naming the attribute in a parameter. */
function valueSchemas(registry: Registry, tab: Tab): Record<string, JsonSchema> {
  const label = registry.text(tab.decl.label, 'en');
  const out: Record<string, JsonSchema> = {};
  if (tab.attributes.length > 0) {
    out[schemaNames.value(tab)] = {
      title: `${label}: one attribute`,
      description: `The value of one attribute of the tab ${code(tab.id)}: the schema of the attribute the path names.`,
      ...anyOf(tab.attributes.map((a) => attributeRef(tab, a))),
    };
  }
  const multi = multiValuedAttributes(tab);
  if (multi.length > 0) {
    out[schemaNames.item(tab)] = {
      title: `${label}: one value`,
      description: `One value of a multi-valued attribute of the tab ${code(tab.id)}.`,
      // A list kind's value follows its `items`; a plugin's own multi-valued kind may have another shape.
      ...anyOf(multi.map((a) => (a.kind.jsonSchema(a.decl).items !== undefined ? { $ref: `${attributeRef(tab, a).$ref}/items` } : {}))),
    };
  }
  return out;
}

/** Attributes a new object must be given: required, not computed, without a default (a boolean is never empty). */
export function requiredAttributes(tab: Tab): Attribute[] {
  return tab.attributes.filter((a) => a.decl.required === true && !isReadOnly(a.decl) && a.decl.default === undefined && a.decl.kind !== 'boolean');
}

/** The component a new object's values of this tab follow: `tab.<tab>.new` when the tab requires attributes. */
export function newTabRef(tab: Tab): { $ref: string } {
  return schemaRef(requiredAttributes(tab).length > 0 ? schemaNames.newTab(tab) : schemaNames.tab(tab));
}

function tabSchema(registry: Registry, tab: Tab): JsonSchema {
  const label = registry.text(tab.decl.label, 'en');
  const words = [
    ...(tab.decl.description ? [registry.text(tab.decl.description, 'en')] : []),
    `The values of the tab ${code(tab.id)} (${label}) of ${orTypes(registry, tab)}, by attribute.`,
    tab.decl.alwaysActive
      ? 'This tab is always active.'
      : `Setting a value activates the tab${tab.decl.objectClasses.length ? ` (objectClass ${tab.decl.objectClasses.map(code).join(', ')})` : ''}; DELETE on the tab deactivates it.`,
    'Attribute names are case-insensitive; an unknown one is refused (400).',
  ];
  return {
    type: 'object',
    title: label,
    description: words.join(' '),
    properties: Object.fromEntries(tab.attributes.map((a) => [a.decl.name, attributeSchema(registry, a)])),
    additionalProperties: false,
  };
}

function orTypes(registry: Registry, tab: Tab): string {
  const labels = tab.decl.objectTypes.map((id) => {
    const type = registry.type(id);
    return type ? `${registry.text(type.decl.label, 'en')} objects (${code(type.id)})` : code(id);
  });
  return labels.join(' and ');
}

function typeSchemas(registry: Registry, type: ObjectType): Record<string, JsonSchema> {
  const label = registry.text(type.decl.label, 'en');
  const tabList = type.tabs.map((t) => `${code(t.id)} (${registry.text(t.decl.label, 'en')})`).join(', ');
  const mainRequired = requiredAttributes(type.mainTab).length > 0;
  const out: Record<string, JsonSchema> = {};
  out[schemaNames.changes(type)] = {
    type: 'object',
    title: `${label}: values by tab`,
    description: `Values of a ${label} object grouped by tab: ${tabList}. Only the attributes given change; an inactive tab given here is activated. \`{}\` (or \`[]\`) saves the object unchanged, which recomputes its derived values.`,
    properties: Object.fromEntries(type.tabs.map((t) => [t.id, schemaRef(schemaNames.tab(t))])),
    additionalProperties: false,
  };
  out[schemaNames.newObject(type)] = {
    type: 'object',
    title: `New ${label}: values by tab`,
    description: `Values of a new ${label} object grouped by tab: ${tabList}. The tabs given are activated.${type.decl.mainAttribute ? ` The DN is made from ${code(type.decl.mainAttribute)}` : ''}${type.mainTab.attributeByName.has('base') ? `; ${code(`${type.mainTab.id}.base`)} chooses the department (by default the one of the signed-in user).` : '.'}`,
    properties: Object.fromEntries(type.tabs.map((t) => [t.id, newTabRef(t)])),
    ...(mainRequired ? { required: [type.mainTab.id] } : {}),
    additionalProperties: false,
  };
  const templates = type.decl.templates === true;
  out[schemaNames.creation(type)] = {
    type: 'object',
    title: `${label} creation`,
    description: templates
      ? `The body of \`POST /objects/${type.id}\`. Without \`template\`, \`attrs\` must give every required value; with a template, the template's fields are filled from \`attrs\` and the other values applied afterwards.`
      : `The body of \`POST /objects/${type.id}\`: \`attrs\` must give every required value.`,
    required: ['attrs'],
    properties: {
      attrs: templates ? schemaRef(schemaNames.changes(type)) : schemaRef(schemaNames.newObject(type)),
      ...(templates ? { template: { type: 'string', description: `The DN of a ${label} template to create the object from.` } } : {}),
    },
    additionalProperties: false,
    // With a template the template supplies required values; without one, attrs must have them all.
    ...(templates ? { if: { type: 'object', required: ['template'], properties: { template: { type: 'string', minLength: 1 } } }, else: { type: 'object', properties: { attrs: schemaRef(schemaNames.newObject(type)) } } } : {}),
  };
  return out;
}

/**
 * Every generated component schema of the installed types and tabs.
 * @example objectSchemas(new Registry([corePlugin]))['tab.user'].properties.sn
 */
export function objectSchemas(registry: Registry): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const tab of registry.allTabs()) {
    out[schemaNames.tab(tab)] = tabSchema(registry, tab);
    Object.assign(out, valueSchemas(registry, tab));
    const required = requiredAttributes(tab);
    if (required.length > 0) {
      out[schemaNames.newTab(tab)] = {
        type: 'object',
        title: `${registry.text(tab.decl.label, 'en')} (new object)`,
        description: `The values of the tab ${code(tab.id)} when it is first activated: ${required.map((a) => code(a.decl.name)).join(', ')} must be given.`,
        allOf: [schemaRef(schemaNames.tab(tab))],
        required: required.map((a) => a.decl.name),
      };
    }
  }
  for (const type of registry.allTypes()) Object.assign(out, typeSchemas(registry, type));
  return out;
}
