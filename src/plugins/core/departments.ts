// The six department types (fd-core.md §1.3): an entry carrying gosaDepartment on one of six structural classes.
import type { AttributeDecl, ObjectTypeDecl, TabDecl } from '../../model/declarations.ts';

const kinds = [
  { id: 'department', naming: 'ou', filter: '(&(objectClass=organizationalUnit)(objectClass=gosaDepartment))', objectClass: 'organizationalUnit' },
  { id: 'country', naming: 'c', filter: '(&(objectClass=country)(objectClass=gosaDepartment))', objectClass: 'country' },
  { id: 'organization', naming: 'o', filter: '(&(objectClass=organization)(objectClass=gosaDepartment))', objectClass: 'organization' },
  { id: 'locality', naming: 'l', filter: '(&(!(objectClass=dcObject))(objectClass=locality)(objectClass=gosaDepartment))', objectClass: 'locality' },
  { id: 'dcObject', naming: 'dc', filter: '(&(objectClass=dcObject)(objectClass=gosaDepartment))', objectClass: 'dcObject' },
  { id: 'domain', naming: 'dc', filter: '(&(objectClass=domain)(objectClass=gosaDepartment))', objectClass: 'domain' },
] as const;

const common = (naming: string): AttributeDecl[] => [
  { name: 'base', kind: 'base', label: 'common.base', inLdap: false },
  { name: naming, kind: 'string', label: `department.${naming}`, required: true, unique: 'one', pattern: '[A-Za-z0-9._-]+', patternMessage: 'department.name.invalid' },
  { name: 'description', kind: 'string', label: 'common.description', required: true },
  { name: 'businessCategory', kind: 'select', label: 'department.businessCategory', choicesFromConfig: 'fdDepartmentCategories' },
  { name: 'manager', kind: 'dn', types: ['user'], label: 'user.manager' },
];

const contact: AttributeDecl[] = [
  { name: 'st', kind: 'string', label: 'user.st' },
  { name: 'postalAddress', kind: 'postalAddress', label: 'user.postalAddress' },
  { name: 'telephoneNumber', kind: 'phone', label: 'user.telephoneNumber' },
  { name: 'facsimileTelephoneNumber', kind: 'phone', label: 'user.facsimileTelephoneNumber' },
  { name: 'labeledURI', kind: 'url', label: 'user.labeledURI' },
];

export const departmentTypes: ObjectTypeDecl[] = kinds.map((k, i) => ({
  id: k.id,
  label: `${k.id}.type`,
  filter: k.filter,
  ou: '',
  mainAttribute: k.naming,
  aclCategory: 'department',
  mainTab: k.id,
  templates: false,
  snapshots: false,
  menu: { section: 'accounts', priority: i },
  management: { id: 'departments', class: 'departmentManagement', label: 'management.departments' },
}));

/** Names of the branches object types use: a department named like one is refused (fd-core.md §1.3). */
export const RESERVED_DEPARTMENT_NAMES = ['people', 'groups', 'roles', 'aclroles', 'fusiondirectory', 'templates', 'tasks', 'mailtemplate', 'snapshots', 'idmap', 'structures', 'systems', 'locks', 'recovery'];

export const departmentTabs: TabDecl[] = kinds.map((k) => ({
  id: k.id,
  label: `${k.id}.type`,
  objectTypes: [k.id],
  objectClasses: [k.objectClass, 'gosaDepartment'],
  activeFilter: k.filter,
  alwaysActive: true,
  priority: 0,
  behaviour: {
    check: (context) => {
      const name = context.values[k.naming];
      return typeof name === 'string' && RESERVED_DEPARTMENT_NAMES.includes(name.toLowerCase())
        ? [{ attribute: k.naming, code: 'value.reserved', message: `"${name}" is a reserved name: it is used for the branches objects live in.` }]
        : [];
    },
  },
  sections: [
    { key: 'properties', label: 'common.section.properties', attributes: common(k.naming) },
    // `l` is the naming attribute of a locality; the others carry it as a plain location field.
    { key: 'location', label: 'department.section.location', attributes: k.naming === 'l' ? contact : [{ name: 'l', kind: 'string', label: 'user.l' }, ...contact] },
  ],
}));
