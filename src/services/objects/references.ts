// Foreign keys (fd-core.md §2.10): when an object is renamed, moved or deleted, every reference to it follows —
// DN-valued attributes declared on tabs (member, manager, owner, roleOccupant…) and ACL assignments.
import { dnEquals, formatDn, isDescendantOf, parseDn } from '../../ldap/dn.ts';
import { NoSuchAttributeError, NoSuchObjectError, ObjectClassViolationError } from '../../ldap/errors.ts';
import { eq, present, type FilterNode } from '../../ldap/filter.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import type { Registry } from '../../model/Registry.ts';

/** A change of identity: `newDn` null means the object (and, for a subtree, everything below) is gone. */
export interface DnChange {
  oldDn: string;
  newDn: string | null;
  /** The entry had entries below it: references to them follow too (a full scan of each DN attribute). */
  subtree?: boolean;
}

/** One place that refers to an object. */
export interface Reference {
  dn: string;
  attribute: string;
}

/** Every attribute that holds DNs of other objects, from the declarations (kinds `dn` and `dns`). */
export function dnAttributes(registry: Registry): string[] {
  const names = new Map<string, string>();
  for (const tab of registry.allTabs()) {
    for (const a of tab.attributes) if ((a.decl.kind === 'dn' || a.decl.kind === 'dns') && a.decl.inLdap !== false) names.set(a.decl.name.toLowerCase(), a.decl.name);
  }
  return [...names.values()];
}

/** The new value of a DN reference: the renamed DN, a DN below a moved subtree rebased, or null if deleted. */
function rewrite(value: string, change: DnChange): string | null | undefined {
  if (dnEquals(value, change.oldDn)) return change.newDn;
  if (isDescendantOf(value, change.oldDn)) {
    if (change.newDn === null) return null;
    const rdns = parseDn(value);
    return `${formatDn(rdns.slice(0, rdns.length - parseDn(change.oldDn).length))},${change.newDn}`;
  }
  return undefined;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

/**
 * Rewrite one `gosaAclEntry` value for a DN change: the role and member DNs follow; a deleted role drops
 * the line (null); deleted members are removed, and a line left without members is dropped.
 */
export function rewriteAclEntry(value: string, change: DnChange): string | null {
  const fields = value.split(':');
  if (fields.length < 4) return value;
  const [priority, scope, role64 = '', members64 = '', ...rest] = fields;
  const role = rewrite(unb64(role64), change);
  if (role === null) return null;
  const members = members64
    .split(',')
    .filter(Boolean)
    .map((m) => {
      const dn = unb64(m);
      if (dn === '*') return m;
      const next = rewrite(dn, change);
      return next === undefined ? m : next === null ? null : b64(next);
    })
    .filter((m): m is string => m !== null);
  if (members.length === 0) return null;
  return [priority, scope, role === undefined ? role64 : b64(role), members.join(','), ...rest].join(':');
}

/** Apply a DN change to every reference in the directory; returns the references updated. */
export async function updateReferences(gateway: LdapGateway, registry: Registry, baseDN: string, change: DnChange): Promise<Reference[]> {
  const updated: Reference[] = [];
  const subtree = async (filter: FilterNode, attributes: string[]) => {
    try {
      return await gateway.searchAll(baseDN, { scope: 'sub', filter, attributes });
    } catch (e) {
      if (e instanceof NoSuchObjectError) return [];
      throw e;
    }
  };
  for (const attribute of dnAttributes(registry)) {
    // Equality finds references to the entry itself; references below a moved subtree need a scan of the attribute.
    const below = change.subtree ? (await subtree(present(attribute), [attribute])).filter((e) => e.get(attribute).some((v) => isDescendantOf(v, change.oldDn))) : [];
    const candidates = [...(await subtree(eq(attribute, change.oldDn), [attribute])), ...below];
    const seen = new Set<string>();
    for (const entry of candidates) {
      if (seen.has(entry.dn.toLowerCase())) continue;
      seen.add(entry.dn.toLowerCase());
      const before = entry.get(attribute);
      const after: string[] = [];
      for (const v of before) {
        const next = rewrite(v, change);
        const value = next === undefined ? v : next;
        if (value !== null && !after.some((a) => dnEquals(a, value))) after.push(value);
      }
      if (after.length === before.length && after.every((v, i) => v === before[i])) continue;
      try {
        await gateway.modify(entry.dn, after.length > 0 ? [{ operation: 'replace', attribute, values: after }] : [{ operation: 'delete', attribute }]);
        updated.push({ dn: entry.dn, attribute });
      } catch (e) {
        // The last member of a groupOfNames cannot go (member is required): the dangling value stays, and is
        // dropped when the group is next opened, as FusionDirectory does.
        if (e instanceof NoSuchAttributeError) continue; // slapd's refint overlay removed it first
        if (!(e instanceof ObjectClassViolationError)) throw e;
      }
    }
  }
  for (const entry of await subtree(eq('objectClass', 'gosaAcl'), ['gosaAclEntry', 'objectClass'])) {
    const before = entry.get('gosaAclEntry');
    const after = before.map((v) => rewriteAclEntry(v, change)).filter((v): v is string => v !== null);
    if (after.length === before.length && after.every((v, i) => v === before[i])) continue;
    // Priorities are re-numbered 0..n-1, as FusionDirectory writes them.
    const renumbered = after.map((v, i) => `${i}:${v.split(':').slice(1).join(':')}`);
    await gateway.modify(
      entry.dn,
      renumbered.length > 0
        ? [{ operation: 'replace', attribute: 'gosaAclEntry', values: renumbered }]
        : [
            { operation: 'delete', attribute: 'gosaAclEntry' },
            { operation: 'delete', attribute: 'objectClass', values: ['gosaAcl'] },
          ],
    );
    updated.push({ dn: entry.dn, attribute: 'gosaAclEntry' });
  }
  return updated;
}

/**
 * Follow a change of a value other attributes refer to (a user's uid in posixGroup memberUid): the old value is
 * replaced by the new one, or removed when `newValue` is null.
 */
export async function updateValueReferences(gateway: LdapGateway, registry: Registry, baseDN: string, change: { type: string; attribute: string; oldValue: string; newValue: string | null }): Promise<Reference[]> {
  const updated: Reference[] = [];
  const referring = new Map<string, string>();
  for (const tab of registry.allTabs()) {
    for (const a of tab.attributes) {
      const to = a.decl.refersTo;
      if (to && to.attribute.toLowerCase() === change.attribute.toLowerCase() && to.types.some((t) => t.toLowerCase() === change.type.toLowerCase())) referring.set(a.decl.name.toLowerCase(), a.decl.name);
    }
  }
  for (const attribute of referring.values()) {
    let entries;
    try {
      entries = await gateway.searchAll(baseDN, { scope: 'sub', filter: eq(attribute, change.oldValue), attributes: [attribute] });
    } catch (e) {
      if (e instanceof NoSuchObjectError) continue;
      throw e;
    }
    for (const entry of entries) {
      const values = entry.get(attribute).filter((v) => v !== change.oldValue);
      if (change.newValue !== null && !values.includes(change.newValue)) values.push(change.newValue);
      try {
        await gateway.modify(entry.dn, values.length > 0 ? [{ operation: 'replace', attribute, values }] : [{ operation: 'delete', attribute }]);
        updated.push({ dn: entry.dn, attribute });
      } catch (e) {
        if (!(e instanceof NoSuchAttributeError || e instanceof ObjectClassViolationError)) throw e;
      }
    }
  }
  return updated;
}

/** Where an object is referred to (the read-only References view). */
export async function findReferences(gateway: LdapGateway, registry: Registry, baseDN: string, dn: string): Promise<Reference[]> {
  const found: Reference[] = [];
  for (const attribute of dnAttributes(registry)) {
    for (const entry of await gateway.searchAll(baseDN, { scope: 'sub', filter: eq(attribute, dn), attributes: ['1.1'] })) found.push({ dn: entry.dn, attribute });
  }
  for (const entry of await gateway.searchAll(baseDN, { scope: 'sub', filter: eq('objectClass', 'gosaAcl'), attributes: ['gosaAclEntry'] })) {
    if (entry.get('gosaAclEntry').some((v) => rewriteAclEntry(v, { oldDn: dn, newDn: 'cn=x' }) !== v)) found.push({ dn: entry.dn, attribute: 'gosaAclEntry' });
  }
  return found;
}
