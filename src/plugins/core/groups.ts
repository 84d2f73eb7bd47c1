// Object groups (groupOfNames + gosaGroupOfNames) and roles (organizationalRole), fd-core.md §4.
import type { ObjectTypeDecl, SaveContext, TabDecl } from '../../model/declarations.ts';

/** Member type letters (fd-core.md §4): U user, G group, A application, S server, W workstation, T terminal, F phone, P printer, D DSA, I unknown. */
const LETTER_OF_TYPE: Record<string, string> = { user: 'U', ogroup: 'G', application: 'A', server: 'S', workstation: 'W', terminal: 'T', phone: 'F', printer: 'P', dsa: 'D' };

/** `[` + the sorted letters of the members' types (nested groups add their own letters) + `]`. */
export async function memberTypesOf(context: SaveContext): Promise<string> {
  const letters = new Set<string>();
  const members = Array.isArray(context.values.member) ? (context.values.member as string[]) : [];
  for (const dn of members) {
    const entry = await context.readEntry(dn, ['objectClass', 'gosaGroupObjects']);
    if (!entry) continue;
    const type = context.typeOf(entry);
    let letter = type ? LETTER_OF_TYPE[type.toLowerCase()] : undefined;
    if (!letter && entry.get('objectClass').some((c) => c.toLowerCase() === 'simplesecurityobject')) letter = 'D';
    letters.add(letter ?? 'I');
    if (type === 'ogroup') for (const l of (entry.get('gosaGroupObjects')[0] ?? '').replace(/[[\]]/g, '')) letters.add(l);
  }
  return `[${[...letters].sort().join('')}]`;
}

export const ogroupType: ObjectTypeDecl = {
  id: 'ogroup',
  label: 'ogroup.type',
  description: 'ogroup.type.description',
  filter: '(objectClass=groupOfNames)',
  ou: { configKey: 'fdOGroupRDN', default: 'ou=groups' },
  mainAttribute: 'cn',
  aclCategory: 'ogroup',
  mainTab: 'ogroup',
  templates: true,
  snapshots: true,
  menu: { section: 'accounts', priority: 20 },
  management: { id: 'groups', class: 'groupManagement', label: 'management.groups' },
};

export const ogroupTab: TabDecl = {
  id: 'ogroup',
  label: 'ogroup.tab',
  objectTypes: ['ogroup'],
  objectClasses: ['groupOfNames', 'gosaGroupOfNames'],
  alwaysActive: true,
  priority: 0,
  searchAttributes: ['cn', 'description'],
  behaviour: { prepareSave: async (context) => ({ gosaGroupObjects: await memberTypesOf(context) }) },
  sections: [
    {
      key: 'properties',
      label: 'common.section.properties',
      attributes: [
        { name: 'base', kind: 'base', label: 'common.base', inLdap: false },
        { name: 'cn', kind: 'string', label: 'ogroup.cn', required: true, pattern: '[a-z0-9_-]+', patternMessage: 'ogroup.cn.invalid' },
        { name: 'description', kind: 'string', label: 'common.description' },
        { name: 'owner', kind: 'dn', types: ['user'], label: 'ogroup.owner' },
      ],
    },
    {
      key: 'members',
      label: 'ogroup.section.members',
      attributes: [
        { name: 'member', kind: 'dns', types: ['user', 'ogroup'], label: 'ogroup.member', required: true, followsCopy: true },
        // `[` + sorted member type letters + `]`, computed from the members at save.
        { name: 'gosaGroupObjects', kind: 'string', label: 'ogroup.gosaGroupObjects', hidden: true, derived: true },
      ],
    },
  ],
};

export const roleType: ObjectTypeDecl = {
  id: 'role',
  label: 'role.type',
  description: 'role.type.description',
  filter: '(&(objectClass=organizationalRole)(!(objectClass=simpleSecurityObject)))',
  ou: 'ou=roles',
  mainAttribute: 'cn',
  aclCategory: 'role',
  mainTab: 'roleGeneric',
  templates: false,
  snapshots: true,
  menu: { section: 'accounts', priority: 30 },
  management: { id: 'groups', class: 'groupManagement', label: 'management.groups' },
};

export const roleTab: TabDecl = {
  id: 'roleGeneric',
  label: 'role.tab',
  objectTypes: ['role'],
  objectClasses: ['organizationalRole'],
  alwaysActive: true,
  priority: 0,
  sections: [
    {
      key: 'information',
      label: 'role.section.information',
      attributes: [
        { name: 'base', kind: 'base', label: 'common.base', inLdap: false },
        { name: 'cn', kind: 'string', label: 'role.cn', required: true, pattern: '[A-Za-z0-9_.-]+', patternMessage: 'role.cn.invalid' },
        { name: 'description', kind: 'string', label: 'common.description' },
        { name: 'telephoneNumber', kind: 'phone', label: 'user.telephoneNumber' },
        { name: 'facsimileTelephoneNumber', kind: 'phone', label: 'user.facsimileTelephoneNumber' },
        { name: 'roleOccupant', kind: 'dns', types: ['user'], label: 'role.roleOccupant', followsCopy: true },
      ],
    },
  ],
};
