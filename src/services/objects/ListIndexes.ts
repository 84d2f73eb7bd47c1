// One in-memory list index per object type, started on a type's first listing and kept current from the
// directory's change stream; lists use it once warm (DESIGN.md, "Lists at 100 000 entries").
import type { ChangeSource } from '../../ldap/sync/ChangeSource.ts';
import { filterAttributes, type FilterNode } from '../../ldap/filter.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import { ListIndex } from '../../listindex/index.ts';
import type { ObjectType } from '../../model/Registry.ts';
import { listFilterAttributes } from '../lists/listFilters.ts';

export interface ListIndexesOptions {
  gateway: LdapGateway;
  baseDN: string;
  /** A new change source per index (content synchronization, or polling for servers without syncprov). */
  changeSource: () => ChangeSource;
  /** Called once when an index cannot be built (no syncprov, no rights…): lists keep using LDAP for that type. */
  warn?: (message: string) => void;
}

/** The attributes an index holds for a type: naming, list columns, search attributes. */
export function indexedAttributes(type: ObjectType): string[] {
  const names = new Set<string>(['objectClass']);
  if (type.decl.mainAttribute) names.add(type.decl.mainAttribute);
  if (type.decl.nameAttribute) names.add(type.decl.nameAttribute);
  for (const tab of type.tabs) for (const a of tab.decl.searchAttributes ?? []) names.add(a);
  // The columns lists show by default, where the type has them.
  const known = new Set(type.tabs.flatMap((t) => t.attributes.map((a) => a.decl.name.toLowerCase())));
  for (const column of ['cn', 'sn', 'givenName', 'mail', 'description', 'uidNumber', 'gidNumber']) if (known.has(column.toLowerCase())) names.add(column);
  // What the management lists filter on (dates, choices, group content), and what says a tab is active.
  for (const name of listFilterAttributes(type)) names.add(name);
  for (const tab of type.tabs) for (const name of filterAttributes(tab.activeFilter)) names.add(name);
  // One spelling per attribute (filters give lower-case names).
  const byLower = new Map<string, string>();
  for (const name of names) if (!byLower.has(name.toLowerCase())) byLower.set(name.toLowerCase(), name);
  return [...byLower.values()];
}

export class ListIndexes {
  private readonly options: ListIndexesOptions;
  private readonly indexes = new Map<string, { index: ListIndex; failed: boolean }>();

  constructor(options: ListIndexesOptions) {
    this.options = options;
  }

  /** The type's index if it is warm; otherwise starts it (once) and returns undefined, so the caller asks LDAP. */
  warm(type: ObjectType, filter: FilterNode): ListIndex | undefined {
    const key = type.id.toLowerCase();
    let slot = this.indexes.get(key);
    if (!slot) {
      const index = new ListIndex({ gateway: this.options.gateway, changeSource: this.options.changeSource(), base: this.options.baseDN, filter, attributes: indexedAttributes(type) });
      slot = { index, failed: false };
      const current = slot;
      this.indexes.set(key, current);
      index.whenWarm().catch((e: unknown) => {
        current.failed = true;
        this.options.warn?.(`The list index of "${type.id}" could not be built (${(e as Error).message}); its lists are read from LDAP.`);
        void index.close();
      });
    }
    return slot.failed || !slot.index.isWarm ? undefined : slot.index;
  }

  /** Show a write at once in the type's index (read-your-writes), if it has one. */
  async written(type: ObjectType, dn: string, previousDn?: string): Promise<void> {
    const slot = this.indexes.get(type.id.toLowerCase());
    if (!slot || slot.failed) return;
    if (previousDn) slot.index.applyLocalWrite(previousDn, null);
    await slot.index.refreshEntry(dn);
  }

  deleted(type: ObjectType, dn: string): void {
    const slot = this.indexes.get(type.id.toLowerCase());
    if (slot && !slot.failed) slot.index.applyLocalWrite(dn, null);
  }

  async close(): Promise<void> {
    await Promise.all([...this.indexes.values()].map((s) => s.index.close()));
    this.indexes.clear();
  }
}
