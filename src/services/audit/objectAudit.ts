// What an object save or delete tells the audit trail, tab by tab, as FusionDirectory's simplePlugin does
// (fd-core.md §11.1): `create` for a tab written for the first time (a new object or a tab switched on), `modify` with
// the new values of the changed attributes, `remove` for a tab switched off (or an object deleted).
import type { LdapValue } from '../../ldap/LdapGateway.ts';
import type { Actor } from '../AccessPolicy.ts';
import type { OpenedObject, TabState } from '../objects/ObjectService.ts';
import type { AuditEventInput, AuditSink } from './AuditLog.ts';

export interface PlannedTabEvent {
  action: 'create' | 'modify' | 'remove';
  tab: string;
  attributes?: string[];
  changes?: Record<string, string[]>;
}

const MULTI_KINDS = new Set(['set', 'orderedList', 'dns']);
const text = (v: LdapValue): string => (Buffer.isBuffer(v) ? `<binary ${v.length} bytes>` : String(v));

function encoded(state: TabState, name: string, which: 'initial' | 'values'): string[] {
  const a = state.tab.attributes.find((x) => x.decl.name === name)!;
  const value = state[which].get(name) ?? a.kind.empty(a.decl);
  return (a.kind.encode(value, a.decl) as LdapValue[]).map(text);
}

function stored(state: TabState) {
  return state.tab.attributes.filter((a) => a.decl.inLdap !== false && a.decl.kind !== 'base' && a.decl.kind !== 'readOnly');
}

/** The events a save of `obj` will produce (computed before the write, while the initial values are known). */
export function planObjectAudit(obj: OpenedObject, creating: boolean): PlannedTabEvent[] {
  const out: PlannedTabEvent[] = [];
  for (const state of obj.tabs.values()) {
    const tab = state.tab.id;
    if (state.active && (creating || !state.initiallyActive)) {
      const names = stored(state).filter((a) => encoded(state, a.decl.name, 'values').length > 0).map((a) => a.decl.name);
      // A tab with no class of its own and no value (ppolicy's) writes nothing: nothing to tell.
      if (names.length > 0 || state.tab.decl.objectClasses.length > 0) out.push({ action: 'create', tab, attributes: [...(state.tab.decl.objectClasses.length > 0 ? ['objectClass'] : []), ...names] });
    } else if (!state.active && state.initiallyActive && !creating) {
      if (state.tab.decl.objectClasses.length > 0) out.push({ action: 'remove', tab, attributes: stored(state).filter((a) => encoded(state, a.decl.name, 'initial').length > 0).map((a) => a.decl.name) });
    } else if (state.active) {
      const changes: Record<string, string[]> = {};
      for (const a of stored(state)) {
        const before = encoded(state, a.decl.name, 'initial');
        const after = encoded(state, a.decl.name, 'values');
        if (before.length === after.length && before.every((v, i) => v === after[i])) continue;
        // Multi-valued: the values added (FusionDirectory 1.5); a removal alone shows as an empty list.
        const multi = before.length > 1 || after.length > 1 || MULTI_KINDS.has(a.decl.kind) || (a.decl as { multi?: boolean }).multi === true;
        changes[a.decl.name] = multi ? after.filter((v) => !before.includes(v)) : after;
      }
      if (Object.keys(changes).length > 0) out.push({ action: 'modify', tab, changes });
    }
  }
  return out;
}

/** The `remove` events of deleting `obj`: one per active tab. */
export function planObjectRemoval(obj: OpenedObject): PlannedTabEvent[] {
  return [...obj.tabs.values()]
    .filter((s) => s.active)
    .map((state) => ({ action: 'remove' as const, tab: state.tab.id, classes: state.tab.decl.objectClasses.length, attributes: stored(state).filter((a) => encoded(state, a.decl.name, 'initial').length > 0).map((a) => a.decl.name) }))
    .filter((p) => p.attributes.length > 0 || p.classes > 0)
    .map(({ classes: _classes, ...p }) => p);
}

/** Write the planned events (each through the sink's retry-then-fail policy). */
export async function recordObjectAudit(sink: AuditSink, planned: PlannedTabEvent[], dn: string, actor: Actor): Promise<void> {
  for (const p of planned) {
    const event: AuditEventInput = {
      action: p.action,
      objectType: `plugin/${p.tab}`,
      object: dn,
      ...(p.attributes ? { attributes: p.attributes } : {}),
      ...(p.changes ? { changes: p.changes } : {}),
      result: 'Success',
      author: actor.dn,
      ...(actor.ip ? { ip: actor.ip } : {}),
    };
    await sink.record(event);
  }
}
