// Typed variants of the per-type paths: `/objects/user`, `/objects/user/{dn}`, `/objects/user/{dn}/posixAccount`…
// with the type's own bodies and attribute names. They are the same endpoints as the generic `/objects/{type}…`
// paths (a concrete path matches before a templated one), described precisely for one installed type.
import type { Attribute, ObjectType, Registry, Tab } from '../../model/Registry.ts';
import { isReadOnly } from './attributeSchema.ts';
import { ATTR_MODES, NEXT_CURSOR_HEADER, headerRef, parameterRef } from './commonComponents.ts';
import { multiValuedAttributes, schemaNames, schemaRef } from './objectSchemas.ts';
import { ERRORS, dnResponse, jsonBody, jsonResponse, noContent, responses, schemaRefOf } from './operationParts.ts';
import type { JsonSchema, Operation, Parameter, PathItem, Tag } from './OpenApiDocument.ts';

const code = (s: string) => `\`${s}\``;
const pascal = (id: string) => id.replace(/[^A-Za-z0-9]/g, '').replace(/^./, (c) => c.toUpperCase());

/** The tag grouping a type's typed operations. */
export function typeTagName(registry: Registry, type: ObjectType): string {
  return `${registry.text(type.decl.label, 'en')} (${type.id})`;
}

function attributeParameter(tab: Tab, attributes: Attribute[], what: string): Parameter {
  return {
    name: 'attribute',
    in: 'path',
    required: true,
    description: `An attribute of the tab ${code(tab.id)} ${what} (case-insensitive).`,
    schema: { type: 'string', enum: attributes.map((a) => a.decl.name) },
  };
}

/** Every attribute name a list of the type may ask for, filter or sort on. */
function listableNames(type: ObjectType): string[] {
  const names = new Map<string, string>();
  for (const name of ['dn', 'objectClass', ...type.tabs.flatMap((t) => t.attributes.map((a) => a.decl.name))]) if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
  return [...names.values()];
}

class TypedPathBuilder {
  private readonly operationIds = new Set<string>();

  constructor(private readonly registry: Registry) {}

  /** An operation id, made unique should two types and tabs spell the same. */
  private id(base: string): string {
    let id = base;
    for (let i = 2; this.operationIds.has(id); i++) id = `${base}${i}`;
    this.operationIds.add(id);
    return id;
  }

  private label(key: string): string {
    return this.registry.text(key, 'en');
  }

  paths(type: ObjectType): Record<string, PathItem> {
    const tag = typeTagName(this.registry, type);
    const label = this.label(type.decl.label);
    const T = pascal(type.id);
    const op = (operation: Omit<Operation, 'tags'>): Operation => ({ ...operation, tags: [tag] });
    const dn: Parameter = {
      name: 'dn',
      in: 'path',
      required: true,
      description: `The DN of a ${label} object, URL-encoded as one path element.`,
      schema: { type: 'string' },
    };
    const names = listableNames(type);
    const out: Record<string, PathItem> = {};

    out[`/objects/${type.id}`] = {
      get: op({
        operationId: this.id(`list${T}`),
        summary: `${label}: list objects`,
        description: `${label} objects the caller may read, keyed by DN. Attributes known to the type: ${names.map(code).join(', ')}.`,
        parameters: [
          parameterRef('base'),
          parameterRef('filter'),
          {
            name: 'attrs',
            in: 'query',
            description: `The attributes to return: \`attrs[<attribute>]=<mode>\` with mode ${ATTR_MODES.map(code).join(', ')}, or one name \`attrs=<attribute>\`.`,
            style: 'deepObject',
            explode: true,
            schema: {
              oneOf: [
                { type: 'object', propertyNames: { enum: names }, additionalProperties: { type: 'string', enum: ATTR_MODES } },
                { type: 'string', enum: names },
              ],
            },
          },
          parameterRef('scope'),
          ...(type.decl.templates ? [parameterRef('templates')] : []),
          parameterRef('limit'),
          parameterRef('cursor'),
          parameterRef('sort'),
        ],
        responses: responses(
          { '200': jsonResponse(`The ${label} objects found.`, schemaRefOf('SearchResult'), { headers: { [NEXT_CURSOR_HEADER]: headerRef(NEXT_CURSOR_HEADER) } }) },
          ['400', '401', '403', '503'],
        ),
      }),
      post: op({
        operationId: this.id(`create${T}`),
        summary: `${label}: create an object`,
        description: `Creates a ${label} object from its values by tab (${type.tabs.map((t) => code(t.id)).join(', ')}); the tabs given are activated.`,
        requestBody: jsonBody(`The new ${label} object.`, schemaRef(schemaNames.creation(type))),
        responses: responses({ '201': jsonResponse('The DN of the new object.', { type: 'string' }, { etag: true }) }, ['400', '401', '403', '404', '409', '503']),
      }),
    };

    out[`/objects/${type.id}/{dn}`] = {
      parameters: [dn],
      get: op({
        operationId: this.id(`list${T}Tabs`),
        summary: `${label}: list an object's tabs`,
        description: 'Each tab of the object, with whether it is active.',
        responses: responses({ '200': jsonResponse('The tabs of the object.', schemaRefOf('TabStateList'), { etag: true }) }, ERRORS.read),
      }),
      patch: op({
        operationId: this.id(`modify${T}`),
        summary: `${label}: modify an object`,
        description: 'Only the attributes given change; an inactive tab given is activated. The answer is the DN after the save, new when the object was renamed or moved.',
        parameters: [parameterRef('ifMatch')],
        requestBody: jsonBody('The new values, grouped by tab.', schemaRef(schemaNames.changes(type))),
        responses: responses({ '200': dnResponse() }, ERRORS.write),
      }),
      delete: op({
        operationId: this.id(`delete${T}`),
        summary: `${label}: delete an object`,
        parameters: [parameterRef('ifMatch')],
        responses: responses({ '204': noContent('Deleted.') }, ['400', '401', '403', '404', '412', '503']),
      }),
    };

    for (const tab of type.tabs) Object.assign(out, this.tabPaths(type, tab, dn, op, T));
    return out;
  }

  private tabPaths(type: ObjectType, tab: Tab, dn: Parameter, op: (o: Omit<Operation, 'tags'>) => Operation, T: string): Record<string, PathItem> {
    const label = this.label(type.decl.label);
    const tabLabel = `${this.label(tab.decl.label)} (${tab.id})`;
    const TT = `${T}${pascal(tab.id)}`;
    const base = `/objects/${type.id}/{dn}/${tab.id}`;
    const out: Record<string, PathItem> = {};
    const tabSchema = schemaRef(schemaNames.tab(tab));

    out[base] = {
      parameters: [dn],
      get: op({
        operationId: this.id(`get${TT}`),
        summary: `${label}: read tab ${tabLabel}`,
        description: 'Every attribute of the tab the caller may read. An inactive tab answers 400.',
        responses: responses({ '200': jsonResponse('The values, by attribute.', tabSchema, { etag: true }) }, ERRORS.read),
      }),
      patch: op({
        operationId: this.id(`modify${TT}`),
        summary: `${label}: modify tab ${tabLabel}`,
        description: tab.decl.alwaysActive ? 'Only the attributes given change.' : 'Only the attributes given change; the tab is activated if it is not.',
        parameters: [parameterRef('ifMatch')],
        requestBody: jsonBody('The new values, by attribute.', tabSchema),
        responses: responses({ '200': dnResponse() }, ERRORS.write),
      }),
      ...(tab.decl.alwaysActive
        ? {}
        : {
            delete: op({
              operationId: this.id(`disable${TT}`),
              summary: `${label}: deactivate tab ${tabLabel}`,
              description: "The tab's objectClasses and attributes are removed from the entry.",
              parameters: [parameterRef('ifMatch')],
              responses: responses({ '204': noContent('Deactivated.') }, ERRORS.write),
            }),
          }),
    };

    const all = tab.attributes;
    const writable = all.filter((a) => !isReadOnly(a.decl));
    const value = schemaRef(schemaNames.value(tab));
    out[`${base}/{attribute}`] = {
      parameters: [dn],
      get: op({
        operationId: this.id(`get${TT}Attribute`),
        summary: `${label}: read an attribute of tab ${tabLabel}`,
        parameters: [attributeParameter(tab, all, '')],
        responses: responses({ '200': jsonResponse('The value.', value, { etag: true }) }, ERRORS.read),
      }),
      ...(writable.length
        ? {
            put: op({
              operationId: this.id(`set${TT}Attribute`),
              summary: `${label}: set an attribute of tab ${tabLabel}`,
              ...(tab.decl.alwaysActive ? {} : { description: 'The tab is activated if it is not.' }),
              parameters: [attributeParameter(tab, writable, 'that clients may write'), parameterRef('ifMatch')],
              requestBody: jsonBody("The new value, of the attribute's schema.", value),
              responses: responses({ '200': dnResponse() }, ERRORS.write),
            }),
            delete: op({
              operationId: this.id(`reset${TT}Attribute`),
              summary: `${label}: reset an attribute of tab ${tabLabel}`,
              description: 'The attribute gets its default value (or none) and the object is saved.',
              parameters: [attributeParameter(tab, writable, 'that clients may write'), parameterRef('ifMatch')],
              responses: responses({ '200': jsonResponse('The new value.', value, { etag: true }) }, ERRORS.write),
            }),
          }
        : {}),
    };

    const multi = multiValuedAttributes(tab);
    if (multi.length) {
      const item = schemaRef(schemaNames.item(tab));
      const body: JsonSchema = { anyOf: [item, { type: 'array', items: item }] };
      const parameter = attributeParameter(tab, multi, 'with several values');
      out[`${base}/{attribute}/values`] = {
        parameters: [dn],
        patch: op({
          operationId: this.id(`add${TT}Values`),
          summary: `${label}: add values to an attribute of tab ${tabLabel}`,
          description: 'Values already there are not added twice.',
          parameters: [parameter, parameterRef('ifMatch')],
          requestBody: jsonBody('A value or an array of values to add.', body),
          responses: responses({ '200': dnResponse() }, ERRORS.write),
        }),
        delete: op({
          operationId: this.id(`remove${TT}Values`),
          summary: `${label}: remove values from an attribute of tab ${tabLabel}`,
          parameters: [parameter, parameterRef('ifMatch')],
          requestBody: jsonBody('A value or an array of values to remove.', body),
          responses: responses({ '204': noContent('Removed.', { etag: true }) }, ERRORS.write),
        }),
      };
    }
    return out;
  }
}

/**
 * The typed paths of every installed type, and one tag per type.
 * @example typedPaths(registry).paths['/objects/user/{dn}/posixAccount'].get.responses['200']
 */
export function typedPaths(registry: Registry): { paths: Record<string, PathItem>; tags: Tag[] } {
  const builder = new TypedPathBuilder(registry);
  const paths: Record<string, PathItem> = {};
  const tags: Tag[] = [];
  for (const type of registry.allTypes()) {
    Object.assign(paths, builder.paths(type));
    const description = type.decl.description ? registry.text(type.decl.description, 'en').replace(/\.$/, '') : undefined;
    tags.push({
      name: typeTagName(registry, type),
      description: `${description ? `${description}. ` : ''}Typed operations on ${registry.text(type.decl.label, 'en')} objects (\`/objects/${type.id}…\`), with the bodies of its tabs: ${type.tabs.map((t) => `\`${t.id}\``).join(', ')}.`,
    });
  }
  return { paths, tags };
}
