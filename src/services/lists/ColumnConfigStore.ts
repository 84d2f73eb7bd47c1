// The columns of management lists as FusionDirectory stores them in its configuration entry (fd-core.md §9.4):
// `fdManagementConfig: <class>:<JSON>` (global default) and `fdManagementUserConfig: <userDN>:<class>:<JSON>`.
import { dnEquals } from '../../ldap/dn.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import { SiteConfig } from '../SiteConfig.ts';

export const COLUMN_KINDS = ['ObjectTypeColumn', 'LinkColumn', 'Column', 'PropertiesColumn', 'ActionsColumn', 'LdapGeneralizedTimeColumn', 'UnixTimestampColumn', 'EpochDaysColumn'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

export interface Column {
  kind: ColumnKind;
  attributes?: string;
  label?: string;
}

const GLOBAL = 'fdManagementConfig';
const PER_USER = 'fdManagementUserConfig';

/**
 * FusionDirectory's JSON: `[["LinkColumn",{"attributes":"sn","label":"Last name"}],["ObjectTypeColumn",[]]]`
 * (PHP encodes an empty options array as `[]`). Unknown column classes are kept out; undefined when unreadable.
 */
export function parseColumns(json: string): Column[] | undefined {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!Array.isArray(data)) return undefined;
  const columns: Column[] = [];
  for (const item of data) {
    if (!Array.isArray(item) || typeof item[0] !== 'string') return undefined;
    const kind = item[0] as ColumnKind;
    if (!COLUMN_KINDS.includes(kind)) continue;
    const options = item[1] !== null && typeof item[1] === 'object' && !Array.isArray(item[1]) ? (item[1] as Record<string, unknown>) : {};
    const attributes = Array.isArray(options.attributes) ? options.attributes.filter((a) => typeof a === 'string').join(',') : typeof options.attributes === 'string' ? options.attributes : undefined;
    columns.push({ kind, ...(attributes ? { attributes } : {}), ...(typeof options.label === 'string' && options.label !== '' ? { label: options.label } : {}) });
  }
  return columns;
}

/** The JSON FusionDirectory writes and reads back. */
export function formatColumns(columns: Column[]): string {
  return JSON.stringify(
    columns.map((c) => {
      const options: Record<string, string> = {};
      if (c.attributes) options.attributes = c.attributes;
      if (c.label) options.label = c.label;
      return [c.kind, Object.keys(options).length === 0 ? [] : options];
    }),
  );
}

/** Split `<userDN>:<class>:<JSON>`: the class is found by name, since a DN may hold `:` too. */
function splitUserValue(value: string, managementClass: string): { userDn: string; json: string } | undefined {
  const marker = `:${managementClass}:`;
  const at = value.indexOf(marker);
  if (at <= 0) return undefined;
  return { userDn: value.slice(0, at), json: value.slice(at + marker.length) };
}

export class ColumnConfigStore {
  private readonly gateway: LdapGateway;
  private readonly configDn: string;

  constructor(gateway: LdapGateway, baseDN: string) {
    this.gateway = gateway;
    this.configDn = SiteConfig.configDN(baseDN);
  }

  /** The stored columns for a user and a management class: `user` beats `global`; undefined when neither is stored. */
  async read(userDn: string, managementClass: string): Promise<{ columns: Column[]; source: 'user' | 'global' } | undefined> {
    const entry = await this.gateway.read(this.configDn, [GLOBAL, PER_USER]);
    for (const value of entry?.get(PER_USER) ?? []) {
      const parts = splitUserValue(value, managementClass);
      if (!parts || !dnEquals(parts.userDn, userDn)) continue;
      const columns = parseColumns(parts.json);
      if (columns && columns.length > 0) return { columns, source: 'user' };
    }
    const prefix = `${managementClass}:`;
    for (const value of entry?.get(GLOBAL) ?? []) {
      if (!value.startsWith(prefix)) continue;
      const columns = parseColumns(value.slice(prefix.length));
      if (columns && columns.length > 0) return { columns, source: 'global' };
    }
    return undefined;
  }

  /** Replace (or with `null` remove) the stored value, in one modify that deletes the old value and adds the new. */
  async write(scope: 'user' | 'global', userDn: string, managementClass: string, columns: Column[] | null): Promise<void> {
    const attribute = scope === 'user' ? PER_USER : GLOBAL;
    const entry = await this.gateway.read(this.configDn, [attribute]);
    const old = (entry?.get(attribute) ?? []).filter((value) => {
      if (scope === 'global') return value.startsWith(`${managementClass}:`);
      const parts = splitUserValue(value, managementClass);
      return parts !== undefined && dnEquals(parts.userDn, userDn);
    });
    const fresh = columns === null ? undefined : scope === 'user' ? `${userDn}:${managementClass}:${formatColumns(columns)}` : `${managementClass}:${formatColumns(columns)}`;
    const changes = [
      ...(old.length > 0 ? [{ operation: 'delete' as const, attribute, values: old }] : []),
      ...(fresh !== undefined ? [{ operation: 'add' as const, attribute, values: [fresh] }] : []),
    ];
    if (changes.length > 0) await this.gateway.modify(this.configDn, changes);
  }
}
