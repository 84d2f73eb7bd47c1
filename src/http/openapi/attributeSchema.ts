// The JSON Schema of one attribute's REST value: its kind's schema (fd-core.md §2.6), with its English label,
// its rules in words, `readOnly` for values Trousseau computes, and `""` accepted where an optional value may be cleared.
import type { AttributeDecl } from '../../model/declarations.ts';
import type { Attribute, Registry } from '../../model/Registry.ts';
import type { JsonSchema } from './OpenApiDocument.ts';

const code = (s: string) => `\`${s}\``;

/** "user", "user or ogroup", "user, ogroup or role". */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Whether a value is one the REST API computes itself and refuses from clients. */
export function isReadOnly(decl: AttributeDecl): boolean {
  return decl.derived === true || decl.kind === 'readOnly';
}

/** What a declaration says about its value that a schema keyword cannot. */
function notes(registry: Registry, attribute: Attribute): string[] {
  const { decl, kind } = attribute;
  const out: string[] = [];
  if (decl.description) out.push(registry.text(decl.description, 'en'));
  switch (decl.kind) {
    case 'base':
      out.push('The department the object lives in (a DN). Not an LDAP attribute: changing it moves the object.');
      break;
    case 'dn':
    case 'dns':
      if (decl.kind === 'dns') out.push(decl.types?.length ? `DNs of objects of type ${orList(decl.types.map(code))}.` : 'DNs.');
      else out.push(decl.types?.length ? `The DN of an object of type ${orList(decl.types.map(code))}.` : 'A DN.');
      break;
    case 'select':
      if ('choices' in decl) out.push(`One of ${decl.choices.map((c) => `${code(c.value)} (${registry.text(c.label, 'en')})`).join(', ')}, or ${code('""')} for none.`);
      else if ('choicesFromConfig' in decl) {
        const source = decl.choicesFromConfig;
        if (typeof source === 'string') out.push(`One of the values of the configuration key ${code(source)}.`);
        else {
          const builtIn = source.builtIn?.length ? `${orList(source.builtIn.map((c) => code(c.value)))}, or ` : '';
          const field = source.separator ? `field ${(source.valueField ?? 0) + 1} of a ${code(source.separator)}-separated value` : 'a value';
          out.push(`${builtIn ? `One of ${builtIn}` : 'One of '}the codes of the configuration key ${code(source.key)} (${field}).`);
        }
      }
      else if ('choicesFromNomenclature' in decl) {
        const { list, prefixed } = decl.choicesFromNomenclature;
        out.push(prefixed ? `A code of the ${code(list)} nomenclatures, written ${code('{PREFIX}code')}.` : `A code of the ${code(list)} nomenclature.`);
      } else if ('choicesFromValues' in decl) out.push(`One of the object's values of ${code(decl.choicesFromValues.attribute)}.`);
      else {
        const store = decl.choicesFromObjects.storeAttribute ?? 'dn';
        out.push(`The ${code(store)} of an object of type ${orList(decl.choicesFromObjects.types.map(code))}.`);
      }
      break;
    case 'boolean':
      out.push(`When writing, ${code('"TRUE"')}, ${code('"FALSE"')}, ${code('1')} and ${code('0')} are accepted too.`);
      break;
    case 'date':
      out.push(`A day, ${code('YYYY-MM-DD')}; a GeneralizedTime is accepted when writing.`);
      break;
    case 'integer':
      if (decl.unit) out.push(`In ${decl.unit}.`);
      break;
    case 'binary':
      if (decl.image) out.push(`An image, stored as ${decl.image.format.toUpperCase()} and resized to fit.`);
      break;
    case 'set':
      out.push('Several values, kept sorted and without duplicates.');
      break;
    case 'orderedList':
      out.push('Several values, in order.');
      break;
    default:
      break;
  }
  if (kind.multiValued && decl.kind !== 'readOnly') out.push('A single value is accepted when writing.');
  if (decl.derived) {
    const mask = decl.computed ? (typeof decl.computed.mask === 'string' ? code(decl.computed.mask) : `the configuration key ${code(decl.computed.mask.configKey)}, by default ${code(decl.computed.mask.default)}`) : undefined;
    out.push(mask ? `Computed by Trousseau at each save from ${mask}; read-only.` : 'Computed by Trousseau at save; read-only.');
  } else if (decl.kind === 'readOnly') out.push('Read-only.');
  if (decl.immutable) out.push('Set when the object is created; it cannot be changed afterwards.');
  if (decl.unique === 'whole') out.push('Unique in the whole directory.');
  else if (decl.unique === 'one') out.push('Unique among the entries of the same branch.');
  else if (decl.unique === 'sub') out.push("Unique within the object's department.");
  if (decl.inLdap === false && decl.kind !== 'base') out.push('Not an LDAP attribute of the entry.');
  for (const rule of decl.managed ?? []) {
    const parts: string[] = [];
    if (rule.disable?.length) parts.push(`${rule.disable.map(code).join(', ')} cannot be set`);
    if (rule.erase?.length) parts.push(`${rule.erase.map(code).join(', ')} ${rule.erase.length > 1 ? 'are' : 'is'} erased at save`);
    if (parts.length) out.push(`When it is ${orList(rule.when.map(code))}: ${parts.join('; ')}.`);
  }
  return out;
}

/** Whether a string schema refuses `""`, the value of an empty optional attribute. */
function refusesEmpty(schema: JsonSchema): boolean {
  if (schema.type !== 'string') return false;
  if (Array.isArray(schema.enum)) return !schema.enum.includes('');
  return schema.pattern !== undefined || schema.format !== undefined || (typeof schema.minLength === 'number' && schema.minLength > 0);
}

/**
 * The JSON Schema of an attribute's value as REST v1 reads and writes it.
 * @example attributeSchema(registry, registry.tab('user')!.attributeByName.get('uid')!)
 * // → { title: 'Login', type: 'string', pattern: '^(?:[a-z0-9_-]+)$', description: 'Unique in the whole directory.' }
 */
export function attributeSchema(registry: Registry, attribute: Attribute): JsonSchema {
  const { decl, kind } = attribute;
  let schema = structuredClone(kind.jsonSchema(decl));
  const kindNote = typeof schema.description === 'string' ? schema.description : undefined;
  delete schema.description;
  if (decl.kind === 'binary' && decl.image) schema.contentMediaType = `image/${decl.image.format}`;
  // An optional value is cleared with "" (the kinds accept it and skip their checks on empty values).
  if (!decl.required && !kind.multiValued && refusesEmpty(schema)) schema = { anyOf: [schema, { const: '' }] };
  const words = notes(registry, attribute);
  if (words.length === 0 && kindNote) words.push(kindNote);
  return {
    title: registry.text(decl.label, 'en'),
    ...(words.length ? { description: words.join(' ') } : {}),
    ...schema,
    ...(isReadOnly(decl) ? { readOnly: true } : {}),
    ...(decl.default !== undefined ? { default: decl.default } : {}),
    ...(decl.kind === 'string' && decl.example ? { examples: [decl.example] } : {}),
  };
}
