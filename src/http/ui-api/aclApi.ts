// Access control administration in the UI API: what a role can grant (from the installed plugins) and "what can
// this user do here", explained rule by rule (fd-core.md §5.3).
import { ALL_OBJECTS } from '../../acl/index.ts';
import { AppError } from '../../errors/AppError.ts';
import { dnEquals, parseDn } from '../../ldap/dn.ts';
import { matchEntry } from '../../model/matchEntry.ts';
import type { ObjectType, Registry } from '../../model/Registry.ts';
import type { Actor } from '../../services/AccessPolicy.ts';
import type { RestDirectory } from '../rest-v1/RestDirectory.ts';
import type { AclCatalogue, AclExplanation, UiAclCategory, UiAclObject, UiAclObjectRights } from './contract.ts';

type Lang = 'en' | 'fr';

/** The ACL objects of templates (`<category>/template`) carry this attribute ACL besides the object's own rights. */
const TEMPLATE_ACLS = ['template_cn'];
/** The ACL objects of snapshots (`<category>/SnapshotHandler`: c, r, d) and their attribute ACLs (fd-core.md §5.3). */
const SNAPSHOT_ACLS = ['restore_over', 'restore_deleted'];

/**
 * Every category, ACL object and attribute ACL name the installed plugins define, as the roles editor offers them.
 * @example aclCatalogue(registry, 'fr').categories.find((c) => c.id === 'user')?.objects.map((o) => o.id) // ['user/user', 'user/posixAccount', …]
 */
export function aclCatalogue(registry: Registry, lang: Lang): AclCatalogue {
  const text = (key: string) => registry.text(key, lang);
  const categories = new Map<string, UiAclCategory>();
  const objectIds = new Set<string>();
  for (const type of registry.allTypes()) {
    const id = type.aclCategory;
    let category = categories.get(id);
    if (!category) categories.set(id, (category = { id, label: text(type.decl.label), objects: [] }));
    // A category named after one of its types takes that type's name.
    if (type.id === id) category.label = text(type.decl.label);
    for (const tab of type.tabs) {
      const object = `${id}/${tab.id}`;
      if (objectIds.has(object)) continue;
      objectIds.add(object);
      const labels = new Map(tab.attributes.filter((a) => a.acl !== null).map((a) => [a.acl!, text(a.decl.label)]));
      category.objects.push({ id: object, label: text(tab.decl.label), selfModify: tab.decl.selfModify === true, attributes: tab.acls.map((name) => ({ name, label: labels.get(name) ?? name })) });
    }
    const template = `${id}/template`;
    if (type.decl.templates === true && !objectIds.has(template)) {
      objectIds.add(template);
      category.objects.push({ id: template, label: text('acl.object.template'), selfModify: false, attributes: TEMPLATE_ACLS.map((name) => ({ name, label: name })) });
    }
    const snapshots = `${id}/SnapshotHandler`;
    if (type.decl.snapshots !== false && !objectIds.has(snapshots)) {
      objectIds.add(snapshots);
      category.objects.push({ id: snapshots, label: text('acl.object.snapshots'), selfModify: false, attributes: SNAPSHOT_ACLS.map((name) => ({ name, label: name })) });
    }
  }
  const sorted = [...categories.values()].sort((a, b) => a.label.localeCompare(b.label, lang));
  return { categories: sorted };
}

/** The types an entry is, by their filters (several for an entry that is e.g. a department and an assignment holder). */
async function typesOf(directory: RestDirectory, dn: string): Promise<ObjectType[]> {
  const entry = await directory.gateway.read(dn, ['objectClass', 'ou', 'cn', 'uid', 'o', 'c', 'l', 'dc']);
  if (entry === null) throw new AppError({ code: 'object.not_found', message: `Non-existing dn "${dn}"!`, dn });
  return directory.objects.registry.allTypes().filter((t) => matchEntry(t.filter, entry));
}

function requireDnParam(value: string | null, name: string): string {
  const dn = value ?? '';
  try {
    if (dn === '') throw new Error('empty');
    parseDn(dn);
  } catch {
    throw new AppError({ code: 'value.invalid', message: `"${dn}" is not a DN.`, attribute: name });
  }
  return dn;
}

/**
 * "What can this user do here": his rights at the DN on every ACL object of the entry's types, and each assignment
 * on the DN's chain with whether it applies to him there and why. Asking about someone else needs some right on ACL
 * assignments (category `acl`); anyone may ask about himself, without the other members of the rules.
 */
export async function explainAcl(directory: RestDirectory, actor: Actor, lang: Lang, query: URLSearchParams): Promise<AclExplanation> {
  const user = query.get('user') ? requireDnParam(query.get('user'), 'user') : actor.dn;
  const dn = requireDnParam(query.get('dn'), 'dn');
  const { access } = directory;
  const self = dnEquals(user, actor.dn);
  const administers = access.hasAnyRight ? await access.hasAnyRight(actor, 'acl') : (await access.rights(actor, { dn: directory.baseDN, category: 'acl', tab: '0' })) !== '';
  if (!self && !administers) throw new AppError({ code: 'acl.denied', message: 'You have no permission to see the rights of other users.' });
  if ((await directory.gateway.read(user, ['1.1'])) === null) throw new AppError({ code: 'object.not_found', message: `Non-existing dn "${user}"!`, dn: user, attribute: 'user' });
  const types = await typesOf(directory, dn);
  const registry = directory.objects.registry;
  const catalogue = aclCatalogue(registry, lang);
  const categories = [...new Set(types.map((t) => t.aclCategory))];
  const objects: UiAclObjectRights[] = [];
  const target = { dn: user };
  for (const category of categories) {
    const found = catalogue.categories.find((c) => c.id === category);
    for (const o of found?.objects ?? ([] as UiAclObject[])) {
      const tab = o.id.slice(category.length + 1);
      const attributes = [];
      for (const a of o.attributes) attributes.push({ name: a.name, label: a.label, rights: await access.rights(target, { dn, category, tab, attribute: a.name }) });
      // Attribute "0" asks the object's own letters (create, delete, move, and attributes without their own rule).
      objects.push({ object: o.id, label: o.label, rights: await access.rights(target, { dn, category, tab, attribute: '0' }), attributes });
    }
  }
  const explanation = access.explain ? await access.explain(target, dn, categories) : { ignoreAcl: false, rules: [], problems: [] };
  const roleNames = new Map<string, string | undefined>();
  const rules = [];
  for (const r of explanation.rules) {
    if (!roleNames.has(r.entry.role)) roleNames.set(r.entry.role, (await directory.gateway.read(r.entry.role, ['cn']).catch(() => null))?.first('cn'));
    const roleName = roleNames.get(r.entry.role);
    const members = administers ? r.entry.members : r.matchedBy !== undefined ? [r.matchedBy] : [];
    rules.push({
      assignment: r.assignment,
      index: r.entry.priority,
      scope: r.entry.scope,
      role: r.entry.role,
      ...(roleName !== undefined ? { roleName } : {}),
      members,
      userfilter: administers ? r.entry.userFilter : '',
      targetfilter: administers ? r.entry.targetFilter : '',
      status: r.status,
      ...(r.matchedBy !== undefined ? { matchedBy: r.matchedBy } : {}),
      grants: Object.fromEntries(Object.entries(r.grants).filter(([object]) => object === ALL_OBJECTS || categories.some((c) => object.startsWith(`${c}/`)))),
    });
  }
  return { user, dn, types: types.map((t) => t.id), ignoreAcl: explanation.ignoreAcl, objects, rules, problems: administers ? explanation.problems : [] };
}
