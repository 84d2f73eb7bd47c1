// /types, /types/{type}, /types/{type}/{tab} (fd-core.md §10.4), described from the registry.
import { filterRdnOf, type ObjectType } from '../../model/Registry.ts';
import type { Endpoint, RestCall } from './Endpoint.ts';
import { resolveType, tabOfType } from './restHelpers.ts';

/** FusionDirectory's management class of the core types (clients only display it). */
const MANAGEMENT: Record<string, string> = {
  user: 'userManagement',
  ogroup: 'groupManagement',
  role: 'groupManagement',
  department: 'departmentManagement',
  country: 'departmentManagement',
  organization: 'departmentManagement',
  locality: 'departmentManagement',
  dcobject: 'departmentManagement',
  domain: 'departmentManagement',
};

/** GET /types: every type, upper-case key → display name; no ACL filtering, as FusionDirectory. */
export const listTypes: Endpoint = {
  input: 'none',
  auth: true,
  async handle(call) {
    const { registry } = call.directory.objects;
    return { body: Object.fromEntries(registry.allTypes().map((t) => [t.id.toUpperCase(), registry.text(t.decl.label, call.lang)])) };
  },
};

function describeType(call: RestCall, type: ObjectType): Record<string, unknown> {
  const { registry } = call.directory.objects;
  const decl = type.decl;
  const branch = call.directory.objects.branchOf(decl);
  const out: Record<string, unknown> = { name: registry.text(decl.label, call.lang) };
  if (decl.description) out.description = registry.text(decl.description, call.lang);
  Object.assign(out, {
    mainAttr: decl.mainAttribute,
    nameAttr: decl.nameAttribute ?? decl.mainAttribute,
    icon: `geticon.php?context=types&icon=${decl.icon ?? type.id.toLowerCase()}&size=16`,
    ou: branch ? `${branch},` : '',
    mainTab: type.mainTab.id,
    templateActive: decl.templates === true,
    snapshotActive: decl.snapshots !== false,
    aclCategory: type.aclCategory,
    filter: decl.filter,
  });
  const management = MANAGEMENT[type.id.toLowerCase()];
  if (management) out.management = management;
  out.filterRDN = branch ? filterRdnOf(branch) : '';
  out.tabs = type.tabs.map((t) => ({ class: t.id, name: registry.text(t.decl.label, call.lang) }));
  return out;
}

/** GET /types/{type}. */
export const getType: Endpoint = {
  input: 'none',
  auth: true,
  async handle(call) {
    return { body: describeType(call, resolveType(call, call.args[0])) };
  },
};

/** GET /types/{type}/{tab}: the sections of the tab for a new object, with the attributes the caller may read. */
export const getTabInfo: Endpoint = {
  input: 'none',
  auth: true,
  async handle(call) {
    const type = resolveType(call, call.args[0]);
    const tab = tabOfType(type, call.args[1]);
    const { registry } = call.directory.objects;
    const sections: Record<string, { name: string; attrs: string[] }> = {};
    for (const section of tab.decl.sections) {
      const attrs: string[] = [];
      for (const a of tab.attributes.filter((x) => x.section === section.key)) {
        const rights = a.acl === null ? 'r' : await call.directory.access.rights(call.actor, { dn: call.directory.baseDN, category: type.aclCategory, tab: tab.id, attribute: a.acl });
        if (rights.includes('r')) attrs.push(a.decl.name);
      }
      sections[section.key] = { name: registry.text(section.label, call.lang), attrs };
    }
    return { body: { sections, sections_order: tab.decl.sections.map((s) => s.key) } };
  },
};
