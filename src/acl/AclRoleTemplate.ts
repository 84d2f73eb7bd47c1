// ACL role lines (`gosaAclTemplate` values of gosaRole entries) ⇄ a typed structure ⇄ the REST JSON form (fd-core.md §5.1).
import { AclFormatError } from './AclFormatError.ts';

/** Permission letters: read, write, create, delete, move, and `s` (the rule applies to the user's own entry only). */
export const ACL_PERMISSION_LETTERS = 'rwcdms';

/** The object that grants every category and class. */
export const ALL_OBJECTS = 'all';

/** Rights on one attribute ACL (`#userPassword;rw`). */
export interface AclAttributePermissions {
  /** The attribute's ACL name (its LDAP name with `/ - , . # : ;` replaced by `_`), or a special ACL (`userLock`, `template_cn`…). */
  attribute: string;
  permissions: string;
}

/** Rights on one object of a role line: `all`, or `<category>/<tab class>` (e.g. `user/posixAccount`). */
export interface AclObjectPermissions {
  object: string;
  /** Rights on the object itself (may be empty). */
  permissions: string;
  attributes: AclAttributePermissions[];
}

/** One `gosaAclTemplate` value: `<index>:<object>;<perms>[#<attr>;<perms>]*[,<object>;…]*`. */
export interface AclRoleTemplate {
  index: number;
  objects: AclObjectPermissions[];
}

/**
 * The REST form of one role line: `{ "<category>/<class>": { "0": "<perms>", "<attr>": "<perms>" } }`.
 * Key `"0"` holds the rights on the object itself.
 */
export type AclRoleTemplateJson = Record<string, Record<string, string>>;

const OBJECT_NAME = /^(?:all|[^\s/;:,#]+\/[^\s/;:,#]+)$/;
const ATTRIBUTE_NAME = /^[^\s;:,#]+$/;

/** @throws AclFormatError when a permission string holds something other than `r w c d m s` */
export function checkPermissions(permissions: string, where: string, value?: string): void {
  const unknown = [...new Set([...permissions].filter((c) => !ACL_PERMISSION_LETTERS.includes(c)))];
  if (unknown.length > 0) {
    throw new AclFormatError(`Unknown permission ${unknown.map((c) => `"${c}"`).join(', ')} in ${where}; use the letters r (read), w (write), c (create), d (delete), m (move) and s (self).`, value);
  }
}

function checkObjectName(object: string, value?: string): void {
  if (!OBJECT_NAME.test(object)) throw new AclFormatError(`"${object}" is not an ACL object; write "all" or "<category>/<class>", e.g. "user/user".`, value);
}

function checkAttributeName(attribute: string, object: string, value?: string): void {
  if (!ATTRIBUTE_NAME.test(attribute) || attribute === '0') throw new AclFormatError(`"${attribute}" is not an attribute ACL name (in "${object}").`, value);
}

/**
 * Read one `gosaAclTemplate` value. Empty objects (`,,`) are skipped, as FusionDirectory skips them.
 * @throws AclFormatError for a missing index, an unknown object form, an unknown permission letter…
 * @example parseAclRoleTemplate('0:user/user;s#userPassword;rw')
 * // { index: 0, objects: [{ object: 'user/user', permissions: 's', attributes: [{ attribute: 'userPassword', permissions: 'rw' }] }] }
 */
export function parseAclRoleTemplate(value: string): AclRoleTemplate {
  const colon = value.indexOf(':');
  if (colon < 0) throw new AclFormatError(`The role line "${value}" has no "<index>:" prefix.`, value);
  const indexText = value.slice(0, colon);
  if (!/^\d+$/.test(indexText)) throw new AclFormatError(`The role line "${value}" starts with "${indexText}" where its index (a number) should be.`, value);
  const objects: AclObjectPermissions[] = [];
  for (const part of value.slice(colon + 1).split(',')) {
    if (part === '') continue;
    const [head = '', ...attributeParts] = part.split('#');
    const semicolon = head.indexOf(';');
    if (semicolon < 0) throw new AclFormatError(`"${head}" in the role line "${value}" has no ";" between the object and its permissions.`, value);
    const object = head.slice(0, semicolon);
    const permissions = head.slice(semicolon + 1);
    checkObjectName(object, value);
    if (objects.some((o) => o.object === object)) throw new AclFormatError(`The object "${object}" appears twice in the role line "${value}".`, value);
    checkPermissions(permissions, `"${object}"`, value);
    const attributes: AclAttributePermissions[] = [];
    for (const attributePart of attributeParts) {
      const s = attributePart.indexOf(';');
      if (s < 0) throw new AclFormatError(`"#${attributePart}" in the role line "${value}" has no ";" between the attribute and its permissions.`, value);
      const attribute = attributePart.slice(0, s);
      const attributePermissions = attributePart.slice(s + 1);
      checkAttributeName(attribute, object, value);
      if (attributes.some((a) => a.attribute === attribute)) throw new AclFormatError(`The attribute "${attribute}" appears twice for "${object}" in the role line "${value}".`, value);
      checkPermissions(attributePermissions, `"${object}#${attribute}"`, value);
      attributes.push({ attribute, permissions: attributePermissions });
    }
    objects.push({ object, permissions, attributes });
  }
  if (objects.length === 0) throw new AclFormatError(`The role line "${value}" grants nothing: it names no object.`, value);
  return { index: Number(indexText), objects };
}

/**
 * Write one `gosaAclTemplate` value, byte for byte as FusionDirectory does; `index` overrides the template's.
 * @throws AclFormatError for names or letters that cannot be written
 * @example formatAclRoleTemplate({ index: 0, objects: [{ object: 'all', permissions: 'cmdrw', attributes: [] }] }) // '0:all;cmdrw'
 */
export function formatAclRoleTemplate(template: AclRoleTemplate, index: number = template.index): string {
  if (!Number.isInteger(index) || index < 0) throw new AclFormatError(`A role line index must be a whole number from 0, not ${index}.`);
  const seen = new Set<string>();
  const parts = template.objects.map((o) => {
    checkObjectName(o.object);
    if (seen.has(o.object)) throw new AclFormatError(`The object "${o.object}" appears twice in one role line.`);
    seen.add(o.object);
    checkPermissions(o.permissions, `"${o.object}"`);
    const attributes = new Set<string>();
    let text = `${o.object};${o.permissions}`;
    for (const a of o.attributes) {
      checkAttributeName(a.attribute, o.object);
      if (attributes.has(a.attribute)) throw new AclFormatError(`The attribute "${a.attribute}" appears twice for "${o.object}".`);
      attributes.add(a.attribute);
      checkPermissions(a.permissions, `"${o.object}#${a.attribute}"`);
      text += `#${a.attribute};${a.permissions}`;
    }
    return text;
  });
  if (parts.length === 0) throw new AclFormatError('A role line must name at least one object.');
  return `${index}:${parts.join(',')}`;
}

/** The REST form of a role line (what FusionDirectory accepts on write; it returns `{}` on read, which we fix). */
export function aclRoleTemplateToJson(template: AclRoleTemplate): AclRoleTemplateJson {
  const json: AclRoleTemplateJson = {};
  for (const o of template.objects) {
    const rights: Record<string, string> = { '0': o.permissions };
    for (const a of o.attributes) rights[a.attribute] = a.permissions;
    json[o.object] = rights;
  }
  return json;
}

const describe = (input: unknown) => (input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input);

/**
 * A role line from its REST form. Objects given with no rights at all (`{}`) are left out, as FusionDirectory
 * leaves them out; a missing `"0"` means no rights on the object itself.
 * @throws AclFormatError for the wrong shape, an unknown object form or permission letter
 * @example aclRoleTemplateFromJson({ 'user/user': { '0': 's', userPassword: 'rw' } }, 0)
 */
export function aclRoleTemplateFromJson(input: unknown, index: number): AclRoleTemplate {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new AclFormatError(`A role line is an object such as {"user/user": {"0": "rw"}}, not ${describe(input)}.`);
  }
  const objects: AclObjectPermissions[] = [];
  for (const [object, rights] of Object.entries(input as Record<string, unknown>)) {
    checkObjectName(object);
    if (typeof rights !== 'object' || rights === null || Array.isArray(rights)) {
      throw new AclFormatError(`The rights of "${object}" are an object such as {"0": "rw", "userPassword": "r"}, not ${describe(rights)}.`);
    }
    const entries = Object.entries(rights as Record<string, unknown>);
    if (entries.length === 0) continue;
    let permissions = '';
    const attributes: AclAttributePermissions[] = [];
    for (const [key, perms] of entries) {
      if (typeof perms !== 'string') throw new AclFormatError(`The permissions of "${object}" ${key === '0' ? '' : `attribute "${key}" `}are a string of letters such as "rw", not ${describe(perms)}.`);
      checkPermissions(perms, key === '0' ? `"${object}"` : `"${object}#${key}"`);
      if (key === '0') permissions = perms;
      else {
        checkAttributeName(key, object);
        attributes.push({ attribute: key, permissions: perms });
      }
    }
    objects.push({ object, permissions, attributes });
  }
  if (objects.length === 0) throw new AclFormatError('A role line must give rights on at least one object.');
  return { index, objects };
}
