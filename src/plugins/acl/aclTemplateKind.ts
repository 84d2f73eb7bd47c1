// The kind of gosaAclTemplate: role lines, given in JSON as `[{ "<category>/<class>": { "0": "<perms>", "<attr>": "<perms>" } }]`.
import { aclRoleTemplateFromJson, aclRoleTemplateToJson, formatAclRoleTemplate, parseAclRoleTemplate } from '../../acl/index.ts';
import { orderedAclKind } from './orderedAclKind.ts';

const permissions = { type: 'string', pattern: '^[rwcdms]*$' };

/**
 * FusionDirectory takes this JSON form on write but returns permission objects that encode as `{}` on read;
 * Trousseau returns the form it takes (docs/compatibility.md).
 */
export const aclTemplateKind = orderedAclKind({
  parse: parseAclRoleTemplate,
  format: (template, index) => formatAclRoleTemplate(template, index),
  toJson: aclRoleTemplateToJson,
  fromJson: aclRoleTemplateFromJson,
  itemSchema: {
    type: 'object',
    description: 'One role line: rights by object ("all" or "<category>/<class>"); key "0" holds the rights on the object itself, other keys on attributes.',
    minProperties: 1,
    additionalProperties: { type: 'object', properties: { '0': permissions }, additionalProperties: permissions },
    example: { 'user/user': { '0': 's', userPassword: 'rw' } },
  },
});
