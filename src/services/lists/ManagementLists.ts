// Management lists for the web interface (fd-core.md §9): which types a list shows, its filters and columns, and
// pages of rows by offset — from the types' in-memory list indexes when they can answer, else from slapd (VLV).
import { AppError } from '../../errors/AppError.ts';
import { dnEquals, isDescendantOf, normalizeDn, parseDn } from '../../ldap/dn.ts';
import { and, contains, eq, filterAttributes, ge, hasNul, le, or, parseFilter, type FilterNode } from '../../ldap/filter.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import { ListIndexNotReadyError } from '../../listindex/index.ts';
import { matchEntry } from '../../model/matchEntry.ts';
import type { Attribute, Management, ObjectType, Registry } from '../../model/Registry.ts';
import type { AccessPolicy, Actor } from '../AccessPolicy.ts';
import type { ObjectService } from '../objects/ObjectService.ts';
import { SiteConfig } from '../SiteConfig.ts';
import { type Column, ColumnConfigStore } from './ColumnConfigStore.ts';
import { type FilterField, GROUP_CONTENT_LETTERS, choiceAttributes, dateAttributes, hasGroupContent } from './listFilters.ts';

type Lang = 'en' | 'fr';

export interface ListDefinitionView {
  id: string;
  managementClass: string;
  label: string;
  types: Array<{ id: string; label: string; filter: string; templates: boolean; canCreate: boolean; createBases?: string[] }>;
  filters: FilterField[];
  searchAttributes: string[];
  columnAttributes: Array<{ value: string; label: string }>;
  columns: Column[];
  columnsSource: 'user' | 'global' | 'default';
  defaultColumns: Column[];
  canSetGlobalColumns: boolean;
  actions: Array<'delete' | 'lock' | 'unlock' | 'applyTemplate' | 'exportCsv'>;
}

export interface RowsQuery {
  base?: string;
  scope?: 'one' | 'sub';
  /** Type ids to show (default: all of the list's types). */
  types?: string[];
  templates?: boolean;
  /** Search text, or a raw LDAP filter in parentheses. */
  q?: string;
  /** Tab ids entries must have active. */
  tabs?: string[];
  /** Attribute → accepted values (ORed). */
  choices?: Record<string, string[]>;
  /** Attribute → date range (`YYYY-MM-DD`, inclusive). */
  dates?: Record<string, { from?: string; to?: string }>;
  sort?: string;
  desc?: boolean;
  offset?: number;
  limit?: number;
  /** Columns to fill (default: those in force for the user). */
  columns?: Column[];
  /** Only these DNs (CSV export of a selection). */
  dns?: string[];
}

export interface Row {
  dn: string;
  type: string;
  template: boolean;
  name: string;
  cells: string[][];
  tabs: string[];
  /** The actor may not delete it. */
  canDelete?: false;
}

export interface RowsPage {
  total: number;
  offset: number;
  rows: Row[];
  source: 'index' | 'ldap';
}

export interface ManagementListsOptions {
  gateway: LdapGateway;
  registry: Registry;
  objects: ObjectService;
  access: AccessPolicy;
  baseDN: string;
  config: SiteConfig;
}

/** How one type of a list is searched. */
interface Plan {
  type: ObjectType;
  base: string;
  scope: 'one' | 'sub';
  parts: FilterNode[];
}

const invalid = (message: string, attribute?: string) => new AppError({ code: 'value.invalid', message, ...(attribute ? { attribute } : {}) });

/** Compare two cell values as a person reads them: case- and accent-insensitive, numbers in order. */
const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** The default columns of FusionDirectory's management classes (fd-core.md §9.3). */
function defaultColumnsOf(management: Management): Column[] {
  if (management.managementClass === 'userManagement') {
    return [{ kind: 'ObjectTypeColumn' }, { kind: 'LinkColumn', attributes: 'sn' }, { kind: 'LinkColumn', attributes: 'givenName' }, { kind: 'Column', attributes: 'uid' }, { kind: 'PropertiesColumn' }, { kind: 'ActionsColumn' }];
  }
  if (management.managementClass === 'supannStructuresManagement') {
    const link = (attributes: string) => ({ kind: 'LinkColumn' as const, attributes });
    return [{ kind: 'ObjectTypeColumn' }, link('nameAttr'), link('supannCodeEntite'), link('supannCodeEntiteParent'), link('description'), { kind: 'ActionsColumn' }];
  }
  return [{ kind: 'ObjectTypeColumn' }, { kind: 'LinkColumn', attributes: 'nameAttr' }, { kind: 'Column', attributes: 'description' }, { kind: 'PropertiesColumn' }, { kind: 'ActionsColumn' }];
}

/** Attribute names of a column, with `nameAttr`/`mainAttr` resolved for a type. */
function columnAttributes(column: Column, type: ObjectType): string[] {
  if (!column.attributes) return [];
  return column.attributes
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
    .map((a) => (a === 'nameAttr' ? type.decl.nameAttribute ?? (type.decl.mainAttribute || 'cn') : a === 'mainAttr' ? type.decl.mainAttribute || 'cn' : a));
}

function typeAttribute(type: ObjectType, name: string): Attribute | undefined {
  const lower = name.toLowerCase();
  for (const tab of type.tabs) {
    const a = tab.attributeByName.get(lower);
    if (a) return a;
  }
  return undefined;
}

function valuesOf(attributes: Record<string, string[]>, name: string): string[] {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(attributes)) if (k.toLowerCase() === lower) return v;
  return [];
}

/** What a page's rows of one type need, worked out once per page rather than once per row. */
interface RowLayout {
  type: ObjectType;
  /** The name attribute, lower-cased (undefined: the name is the RDN's value). */
  name: string | undefined;
  /** The tabs shown as properties: their activation is tested on each row. */
  tabs: Array<{ id: string; filter: FilterNode }>;
  /** Per column, the attributes whose values fill its cells, lower-cased (none for the type, properties and actions). */
  cells: string[][];
}

function rowLayout(type: ObjectType, columns: Column[]): RowLayout {
  const name = type.decl.nameAttribute ?? (type.decl.mainAttribute || undefined);
  return {
    type,
    name: name?.toLowerCase(),
    tabs: type.tabs.filter((t) => t !== type.mainTab && !t.decl.alwaysActive).map((t) => ({ id: t.id, filter: t.activeFilter })),
    cells: columns.map((c) => (c.kind === 'ObjectTypeColumn' || c.kind === 'PropertiesColumn' || c.kind === 'ActionsColumn' ? [] : columnAttributes(c, type).map((a) => a.toLowerCase()))),
  };
}

/** One row of a list from an entry's attributes (names in any case). */
function row(layout: RowLayout, dn: string, attributes: Record<string, string[]>): Row {
  const byName = new Map<string, string[]>();
  for (const key of Object.keys(attributes)) {
    const lower = key.toLowerCase();
    if (!byName.has(lower)) byName.set(lower, attributes[key]!);
  }
  const get = (attribute: string): string[] => byName.get(attribute.toLowerCase()) ?? [];
  let name = layout.name === undefined ? undefined : byName.get(layout.name)?.[0];
  if (name === undefined) {
    const rdn = parseDn(dn)[0]?.[0];
    name = rdn ? String(rdn.value) : dn;
  }
  const entry = { dn, get };
  const tabs: string[] = [];
  for (const tab of layout.tabs) if (matchEntry(tab.filter, entry)) tabs.push(tab.id);
  const cells = layout.cells.map((names) => names.flatMap((n) => byName.get(n) ?? []));
  return { dn, type: layout.type.id, template: false, name, cells, tabs };
}

export class ManagementLists {
  private readonly options: ManagementListsOptions;
  private readonly columnStore: ColumnConfigStore;

  constructor(options: ManagementListsOptions) {
    this.options = options;
    this.columnStore = new ColumnConfigStore(options.gateway, options.baseDN);
  }

  get registry(): Registry {
    return this.options.registry;
  }

  /**
   * The management lists the actor may open: some right on a type's category in any department, as FusionDirectory's
   * menus (or on its main tab at the base, for a policy that cannot tell).
   */
  async visible(actor: Actor): Promise<Management[]> {
    const { access } = this.options;
    const out: Management[] = [];
    const hidden = await this.blacklisted(actor);
    for (const m of this.registry.managements()) {
      if (hidden.has(m.managementClass.toLowerCase())) continue;
      for (const type of m.types) {
        const allowed = access.hasAnyRight
          ? await access.hasAnyRight(actor, type.aclCategory)
          : (await access.rights(actor, { dn: this.options.baseDN, category: type.aclCategory, tab: type.mainTab.id })) !== '';
        if (allowed) {
          out.push(m);
          break;
        }
      }
    }
    return out;
  }

  management(id: string): Management {
    const m = this.registry.managements().find((x) => x.id.toLowerCase() === id.toLowerCase());
    if (!m) throw new AppError({ code: 'object.not_found', message: `There is no list "${id}".` });
    return m;
  }

  /** Search attributes of a type: naming, name, and every tab's declared ones (FusionDirectory's plSearchAttrs). */
  searchAttributesOf(type: ObjectType): string[] {
    const names = new Map<string, string>();
    const add = (n: string | false | undefined) => {
      if (n && !names.has(n.toLowerCase())) names.set(n.toLowerCase(), n);
    };
    add(type.decl.mainAttribute);
    add(type.decl.nameAttribute);
    for (const tab of type.tabs) for (const a of tab.decl.searchAttributes ?? []) add(a);
    return [...names.values()];
  }

  async definition(actor: Actor, id: string, lang: Lang): Promise<ListDefinitionView> {
    const m = this.management(id);
    const { registry } = this;
    const text = (key: string) => registry.text(key, lang);
    const types = [];
    for (const type of m.types) {
      const bases = await this.createBases(actor, type);
      const canCreate = bases === undefined ? (await this.options.access.rights(actor, { dn: `new,${this.options.baseDN}`, category: type.aclCategory, tab: type.mainTab.id })).includes('c') : bases.length > 0;
      types.push({ id: type.id, label: text(type.decl.label), filter: type.decl.filter, templates: type.decl.templates === true, canCreate, ...(bases !== undefined && canCreate ? { createBases: bases } : {}) });
    }
    const filters: FilterField[] = [];
    const seen = new Set<string>();
    for (const type of m.types) {
      for (const tab of type.tabs) {
        if (tab === type.mainTab || tab.decl.alwaysActive || seen.has(`tab:${tab.id}`)) continue;
        seen.add(`tab:${tab.id}`);
        filters.push({ kind: 'tab', tab: tab.id, type: type.id, label: text(tab.decl.label), filter: tab.decl.activeFilter ?? `(&${tab.decl.objectClasses.map((c) => `(objectClass=${c})`).join('')})` });
      }
    }
    for (const type of m.types) {
      for (const a of dateAttributes(type)) {
        if (seen.has(`date:${a.decl.name}`)) continue;
        seen.add(`date:${a.decl.name}`);
        filters.push({ kind: 'date', attribute: a.decl.name, label: text(a.decl.label) });
      }
      for (const a of choiceAttributes(type)) {
        if (seen.has(`choice:${a.decl.name}`) || !('choices' in a.decl)) continue;
        seen.add(`choice:${a.decl.name}`);
        filters.push({ kind: 'choice', attribute: a.decl.name, label: text(a.decl.label), choices: a.decl.choices.map((c) => ({ value: c.value, label: text(c.label) })) });
      }
      if (hasGroupContent(type) && !seen.has('groupContent')) {
        seen.add('groupContent');
        const choices = Object.entries(GROUP_CONTENT_LETTERS)
          .filter(([t]) => registry.type(t))
          .map(([t, letter]) => ({ value: letter, label: text(registry.type(t)!.decl.label) }));
        filters.push({ kind: 'groupContent', attribute: 'gosaGroupObjects', label: lang === 'fr' ? 'Contenu du groupe' : 'Group content', choices });
      }
    }
    const searchAttributes = [...new Set(m.types.flatMap((t) => this.searchAttributesOf(t)))];
    const columnAttributesSeen = new Map<string, string>();
    for (const type of m.types) {
      for (const tab of type.tabs) {
        for (const a of tab.attributes) {
          if (a.decl.inLdap === false || a.kind.binary || a.decl.hidden || a.decl.kind === 'custom') continue;
          if (!columnAttributesSeen.has(a.decl.name)) columnAttributesSeen.set(a.decl.name, `${text(a.decl.label)} (${a.decl.name})`);
        }
      }
    }
    const stored = await this.columnStore.read(actor.dn, m.managementClass);
    const defaults = defaultColumnsOf(m);
    const configRights = await this.options.access.rights(actor, { dn: SiteConfig.configDN(this.options.baseDN), category: 'configuration', tab: 'configInLdap', attribute: 'fdManagementConfig' });
    const actions: ListDefinitionView['actions'] = ['delete', 'exportCsv'];
    if (m.types.some((t) => t.id === 'user')) actions.push('lock', 'unlock');
    if (m.types.some((t) => t.decl.templates)) actions.push('applyTemplate');
    return {
      id: m.id,
      managementClass: m.managementClass,
      label: text(m.label),
      types,
      filters,
      searchAttributes,
      columnAttributes: [...columnAttributesSeen].map(([value, label]) => ({ value, label })),
      columns: this.labelled(stored?.columns ?? defaults, m, lang),
      columnsSource: stored?.source ?? 'default',
      defaultColumns: this.labelled(defaults, m, lang),
      canSetGlobalColumns: configRights.includes('w'),
      actions,
    };
  }

  /** Columns without a label get their attribute's label (translated), as FusionDirectory shows them. */
  private labelled(columns: Column[], m: Management, lang: Lang): Column[] {
    return columns.map((c) => {
      if (c.label) return c;
      if (c.kind === 'ObjectTypeColumn') return { ...c, label: lang === 'fr' ? 'Type' : 'Type' };
      if (c.kind === 'PropertiesColumn') return { ...c, label: lang === 'fr' ? 'Propriétés' : 'Properties' };
      if (c.kind === 'ActionsColumn') return { ...c, label: lang === 'fr' ? 'Actions' : 'Actions' };
      const type = m.types[0]!;
      const first = columnAttributes(c, type)[0];
      const a = first ? typeAttribute(type, first) : undefined;
      return { ...c, label: c.attributes === 'nameAttr' ? (lang === 'fr' ? 'Nom' : 'Name') : a ? this.registry.text(a.decl.label, lang) : first ?? '' };
    });
  }

  /** Store (or with `null` forget) the actor's own columns, or everyone's default (needs w on fdManagementConfig). */
  async saveColumns(actor: Actor, id: string, scope: 'user' | 'global', columns: Column[] | null): Promise<void> {
    const m = this.management(id);
    if (columns !== null) {
      if (columns.length === 0) throw invalid('A list needs at least one column.', 'columns');
      const known = new Set(m.types.flatMap((t) => t.tabs.flatMap((tab) => tab.attributes.map((a) => a.decl.name.toLowerCase()))));
      for (const c of columns) {
        for (const a of (c.attributes ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
          if (a !== 'nameAttr' && a !== 'mainAttr' && !known.has(a.toLowerCase())) throw invalid(`"${a}" is not an attribute of the objects this list shows.`, 'columns');
        }
      }
    }
    if (scope === 'global') {
      const rights = await this.options.access.rights(actor, { dn: SiteConfig.configDN(this.options.baseDN), category: 'configuration', tab: 'configInLdap', attribute: 'fdManagementConfig' });
      if (!rights.includes('w')) throw new AppError({ code: 'acl.denied', message: 'You have no permission to modify the field "fdManagementConfig" of the configuration' });
    }
    await this.columnStore.write(scope, actor.dn, m.managementClass, columns);
  }

  /** Columns in force for the actor. */
  async columnsFor(actor: Actor, m: Management): Promise<Column[]> {
    return (await this.columnStore.read(actor.dn, m.managementClass))?.columns ?? defaultColumnsOf(m);
  }

  /** The filter parts of a query for one type; null when the type cannot match (a tab or attribute it lacks). */
  private typeParts(type: ObjectType, query: RowsQuery, raw: FilterNode | undefined): FilterNode[] | null {
    const parts: FilterNode[] = [];
    if (raw) {
      for (const name of filterAttributes(raw)) if (name !== 'objectclass' && !typeAttribute(type, name)) return null;
      parts.push(raw);
    }
    for (const tabId of query.tabs ?? []) {
      const tab = type.tabs.find((t) => t.id.toLowerCase() === tabId.toLowerCase());
      if (!tab) return null;
      parts.push(tab.activeFilter);
    }
    for (const [name, values] of Object.entries(query.choices ?? {})) {
      if (values.length === 0) continue;
      const a = typeAttribute(type, name);
      if (!a) return null;
      parts.push(name.toLowerCase() === 'gosagroupobjects' ? or(...values.map((v) => contains(a.decl.name, v))) : or(...values.map((v) => eq(a.decl.name, v))));
    }
    for (const [name, range] of Object.entries(query.dates ?? {})) {
      const a = typeAttribute(type, name);
      if (!a) return null;
      const stored = (day: string, bound: string): string => {
        try {
          const encoded = a.kind.encode(a.kind.fromJson(day, a.decl), a.decl) as string[];
          if (encoded[0] === undefined) throw new Error('empty');
          return encoded[0];
        } catch {
          throw invalid(`"${day}" is not a date (YYYY-MM-DD).`, `${bound}.${name}`);
        }
      };
      if (range.from) parts.push(ge(a.decl.name, stored(range.from, 'from')));
      if (range.to) parts.push(le(a.decl.name, stored(range.to, 'to')));
    }
    return parts;
  }

  /** Substring search of every word over the type's search attributes, for slapd. */
  private searchFilter(type: ObjectType, text: string): FilterNode | undefined {
    const words = text.split(/\s+/).filter(Boolean);
    if (words.length === 0) return undefined;
    const attrs = this.searchAttributesOf(type);
    return and(...words.map((w) => or(...attrs.map((a) => contains(a, w)))));
  }

  /** Where a type's entries are listed from for a base and scope (FusionDirectory's "one" is under the type's branch). */
  private typeBase(type: ObjectType, base: string, scope: 'one' | 'sub'): string {
    if (scope === 'sub') return base;
    const branch = this.options.objects.branchOf(type.decl);
    return branch ? `${branch},${base}` : base;
  }

  private parseRaw(q: string | undefined, types: ObjectType[]): FilterNode | undefined {
    const text = (q ?? '').trim();
    // FusionDirectory takes `(…)` as a filter; text that merely starts with `(` is a filter typed wrong, not a search.
    if (!text.startsWith('(')) return undefined;
    let node: FilterNode;
    try {
      node = parseFilter(text);
    } catch (e) {
      throw invalid(`Invalid LDAP filter "${text}": ${(e as Error).message}`, 'q');
    }
    for (const name of filterAttributes(node)) {
      if (name !== 'objectclass' && !types.some((t) => typeAttribute(t, name))) throw invalid(`Invalid LDAP filter "${text}": "${name}" is not an attribute of the objects this list shows.`, 'q');
    }
    return node;
  }

  /** One page of rows. */
  async rows(actor: Actor, id: string, query: RowsQuery): Promise<RowsPage> {
    const m = this.management(id);
    if (hasNul(query.q ?? '')) throw invalid('The search text cannot contain a NUL character.', 'q');
    for (const [name, values] of Object.entries(query.choices ?? {})) if (values.some(hasNul)) throw invalid('A filter value cannot contain a NUL character.', `f.${name}`);
    const wanted = query.types && query.types.length > 0 ? m.types.filter((t) => query.types!.some((x) => x.toLowerCase() === t.id.toLowerCase())) : m.types;
    const base = query.base && query.base !== '' ? query.base : this.options.baseDN;
    try {
      parseDn(base);
    } catch {
      throw invalid(`"${base}" is not a DN.`, 'base');
    }
    if (!isDescendantOf(base, this.options.baseDN, { orSelf: true })) throw invalid(`"${base}" is outside the directory.`, 'base');
    const scope = query.scope === 'sub' ? 'sub' : 'one';
    const offset = Math.max(0, Math.floor(query.offset ?? 0));
    const limit = Math.min(Math.max(Math.floor(query.limit ?? 100), 1), 500);
    const raw = this.parseRaw(query.q, wanted);
    const text = raw ? '' : (query.q ?? '').trim();
    if (query.sort && !wanted.some((t) => typeAttribute(t, query.sort!))) throw invalid(`Cannot sort on "${query.sort}": it is not an attribute of these objects.`, 'sort');

    // The stored columns and the actor's rights are two independent LDAP reads: one round trip for both.
    const [columns, uniform] = await Promise.all([query.columns ?? this.columnsFor(actor, m), this.options.access.uniformRights?.(actor)]);
    if (uniform === '') return { total: 0, offset, rows: [], source: 'ldap' };

    const plans: Plan[] = [];
    for (const type of wanted) {
      const parts = this.typeParts(type, query, raw);
      if (parts) plans.push({ type, base: this.typeBase(type, base, scope), scope, parts });
    }

    // Templates come first (they are few), then the objects.
    const templateRows: Row[] = [];
    if (query.templates) {
      for (const { type } of plans) {
        if (!type.decl.templates) continue;
        const listed = await this.options.objects.list(actor, type.id, { base, scope: 'subtree', templates: true, attributes: ['cn'] });
        for (const e of listed.entries) {
          const name = valuesOf(e.attributes, 'cn')[0] ?? e.dn;
          if (text && !name.toLowerCase().includes(text.toLowerCase())) continue;
          if (query.dns && !query.dns.some((d) => dnEquals(d, e.dn))) continue;
          templateRows.push({ dn: e.dn, type: type.id, template: true, name, cells: columns.map((c) => (c.kind === 'LinkColumn' || c.kind === 'Column' ? [name] : [])), tabs: [] });
        }
      }
    }
    const objectOffset = Math.max(0, offset - templateRows.length);
    const objectLimit = limit - Math.max(0, Math.min(limit, templateRows.length - offset));

    const needed = (type: ObjectType): string[] => {
      const names = new Set<string>(['objectClass']);
      if (type.decl.mainAttribute) names.add(type.decl.mainAttribute);
      if (type.decl.nameAttribute) names.add(type.decl.nameAttribute);
      for (const c of columns) for (const a of columnAttributes(c, type)) if (typeAttribute(type, a)) names.add(typeAttribute(type, a)!.decl.name);
      for (const tab of type.tabs) for (const a of filterAttributes(tab.activeFilter)) names.add(a);
      return [...names];
    };
    const sortOf = (type: ObjectType): string => (query.sort && typeAttribute(type, query.sort) ? query.sort : type.decl.nameAttribute ?? (type.decl.mainAttribute || 'cn'));

    // Even a page filled by templates asks the objects, for their total.
    let source: 'index' | 'ldap' = 'index';
    // Rights that differ from entry to entry: the index leaves out what the actor may not read, from pages and totals.
    const visibleOf = uniform === undefined && this.options.access.readableTest ? (type: ObjectType) => this.options.access.readableTest!(actor, type.aclCategory, type.mainTab.id) : undefined;
    let page = await this.fromIndexes(plans, text, sortOf, query.desc === true, objectOffset, Math.max(objectLimit, 0), needed, query.dns, visibleOf);
    if (!page) {
      source = 'ldap';
      page = await this.fromLdap(plans, text, sortOf, query.desc === true, objectOffset, Math.max(objectLimit, 0), needed, query.dns);
    }
    const rows: Row[] = templateRows.slice(offset, offset + limit);
    const layouts = new Map<ObjectType, RowLayout>();
    for (const e of page.entries) {
      let rights = uniform;
      if (uniform === undefined || !uniform.includes('r')) {
        rights = await this.options.access.rights(actor, { dn: e.dn, category: e.type.aclCategory, tab: e.type.mainTab.id });
        if (!rights.includes('r')) continue;
      }
      let layout = layouts.get(e.type);
      if (!layout) layouts.set(e.type, (layout = rowLayout(e.type, columns)));
      const made = row(layout, e.dn, e.attributes);
      if (rights !== undefined && !rights.includes('d')) made.canDelete = false;
      rows.push(made);
    }
    return { total: templateRows.length + page.total, offset, rows, source };
  }

  /** Rows from the warm list indexes, or undefined when one of them cannot answer (cold, or an attribute it lacks). */
  private async fromIndexes(
    plans: Plan[],
    text: string,
    sortOf: (type: ObjectType) => string,
    desc: boolean,
    offset: number,
    limit: number,
    needed: (type: ObjectType) => string[],
    dns: string[] | undefined,
    visibleOf?: (type: ObjectType) => Promise<{ key: string; test(dn: string): boolean }>,
  ): Promise<{ total: number; entries: Array<{ type: ObjectType; dn: string; attributes: Record<string, string[]> }> } | undefined> {
    const per: Array<{ type: ObjectType; total: number; rows: Array<{ dn: string; attributes: Record<string, string[]> }>; missing: string[] }> = [];
    for (const plan of plans) {
      const index = this.options.objects.warmIndex(plan.type);
      if (!index) return undefined;
      const filter: FilterNode | undefined = plan.parts.length === 0 ? undefined : plan.parts.length === 1 ? plan.parts[0] : and(...plan.parts);
      if (filter && !index.canEvaluate(filter)) return undefined;
      const sort = sortOf(plan.type);
      if (!index.hasAttribute(sort)) return undefined;
      const attributes = needed(plan.type);
      const held = attributes.filter((a) => index.hasAttribute(a));
      const missing = attributes.filter((a) => !index.hasAttribute(a));
      const searchAttributes = this.searchAttributesOf(plan.type).filter((a) => index.hasAttribute(a));
      // Several types are merged in memory: each gives its first offset+limit rows.
      const single = plans.length === 1 && !dns;
      const visible = visibleOf ? await visibleOf(plan.type) : undefined;
      try {
        const result = index.query({
          ...(visible ? { visible } : {}),
          base: plan.base,
          scope: plan.scope,
          ...(filter ? { filter } : {}),
          ...(text ? { search: { text, attributes: searchAttributes } } : {}),
          sort: [{ attribute: sort, ...(desc ? { reverse: true } : {}) }],
          limit: dns ? Math.max(index.size, 1) : single ? limit : offset + limit,
          ...(single ? { offset } : {}),
          attributes: held,
        });
        let rows = result.entries;
        let total = result.total;
        if (dns) {
          rows = rows.filter((r) => dns.some((d) => dnEquals(d, r.dn)));
          total = rows.length;
        }
        per.push({ type: plan.type, total, rows, missing });
      } catch (e) {
        if (e instanceof ListIndexNotReadyError) return undefined;
        throw e;
      }
    }
    return this.merge(per, sortOf, desc, plans.length === 1 && !dns ? 0 : offset, limit);
  }

  /** Merge per-type sorted rows, then complete attributes the indexes do not hold from LDAP (only for the page). */
  private async merge(
    per: Array<{ type: ObjectType; total: number; rows: Array<{ dn: string; attributes: Record<string, string[]> }>; missing: string[] }>,
    sortOf: (type: ObjectType) => string,
    desc: boolean,
    offset: number,
    limit: number,
  ): Promise<{ total: number; entries: Array<{ type: ObjectType; dn: string; attributes: Record<string, string[]> }> }> {
    const all = per.flatMap((p) => p.rows.map((r) => ({ type: p.type, dn: r.dn, attributes: r.attributes, missing: p.missing })));
    if (per.length > 1) {
      all.sort((a, b) => {
        const c = collator.compare(valuesOf(a.attributes, sortOf(a.type))[0] ?? '', valuesOf(b.attributes, sortOf(b.type))[0] ?? '');
        return (desc ? -c : c) || collator.compare(a.dn, b.dn);
      });
    }
    const slice = all.slice(offset, offset + limit);
    await Promise.all(
      slice.map(async (e) => {
        if (e.missing.length === 0) return;
        const entry = await this.options.gateway.read(e.dn, e.missing);
        for (const name of e.missing) e.attributes[name] = entry?.get(name) ?? [];
      }),
    );
    return { total: per.reduce((n, p) => n + p.total, 0), entries: slice };
  }

  /** Rows from slapd: one type through sort + VLV (the exact page); several types through a paged search sorted here. */
  private async fromLdap(
    plans: Plan[],
    text: string,
    sortOf: (type: ObjectType) => string,
    desc: boolean,
    offset: number,
    limit: number,
    needed: (type: ObjectType) => string[],
    dns: string[] | undefined,
  ): Promise<{ total: number; entries: Array<{ type: ObjectType; dn: string; attributes: Record<string, string[]> }> }> {
    const filterOf = (plan: (typeof plans)[number]): FilterNode => {
      const search = text ? this.searchFilter(plan.type, text) : undefined;
      return and(plan.type.filter, ...plan.parts, ...(search ? [search] : []));
    };
    const { gateway } = this.options;
    const only = plans.length === 1 ? plans[0] : undefined;
    if (only && !dns && limit > 0) {
      const sort = sortOf(only.type);
      const a = typeAttribute(only.type, sort);
      const textual = !a || ['string', 'text', 'mail', 'phone', 'url', 'select', 'dn', 'readOnly'].includes(a.decl.kind);
      try {
        const result = await gateway.vlv(only.base, {
          scope: only.scope,
          filter: filterOf(only),
          attributes: needed(only.type),
          sort: { attribute: sort, ...(textual ? { orderingRule: 'caseIgnoreOrderingMatch' } : {}), ...(desc ? { reverse: true } : {}) },
          afterCount: limit - 1,
          target: { byOffset: { offset: offset + 1, contentCount: 0 } },
        });
        const entries = result.entries.map((e) => ({ type: only.type, dn: e.dn, attributes: Object.fromEntries(e.names().map((n) => [n, e.get(n)])) }));
        return { total: result.contentCount, entries: offset >= result.contentCount ? [] : entries };
      } catch (e) {
        if (e instanceof AppError) throw e;
        // No sort/VLV on this server or attribute: the paged search below.
      }
    }
    const per = [];
    for (const plan of plans) {
      const found = await gateway.searchAll(plan.base, { scope: plan.scope, filter: filterOf(plan), attributes: needed(plan.type) });
      let rows = found.map((e) => ({ dn: e.dn, attributes: Object.fromEntries(e.names().map((n) => [n, e.get(n)])) }));
      if (dns) rows = rows.filter((r) => dns.some((d) => dnEquals(d, r.dn)));
      const sort = sortOf(plan.type);
      rows.sort((x, y) => {
        const c = collator.compare(valuesOf(x.attributes, sort)[0] ?? '', valuesOf(y.attributes, sort)[0] ?? '');
        return (desc ? -c : c) || collator.compare(x.dn, y.dn);
      });
      per.push({ type: plan.type, total: rows.length, rows, missing: [] as string[] });
    }
    return this.merge(per, sortOf, desc, offset, limit);
  }

  /** Every row of a query, page by page (CSV export). */
  async *allRows(actor: Actor, id: string, query: RowsQuery): AsyncGenerator<Row> {
    let offset = 0;
    for (;;) {
      const page = await this.rows(actor, id, { ...query, offset, limit: 500 });
      for (const row of page.rows) yield row;
      offset += 500;
      if (offset >= page.total || page.rows.length === 0) return;
    }
  }

  /**
   * The management classes `fdPluginsMenuBlacklist` hides from the actor: values `<group or role DN>|<class>` for the
   * groups (groupOfNames, posixGroup) and roles he belongs to. Menus only, as FusionDirectory: rights are unchanged.
   */
  private async blacklisted(actor: Actor): Promise<Set<string>> {
    const rules = this.options.config
      .list('fdPluginsMenuBlacklist')
      .map((v) => ({ dn: v.slice(0, v.lastIndexOf('|')), plugin: v.slice(v.lastIndexOf('|') + 1).trim().toLowerCase() }))
      .filter((r) => r.dn !== '' && r.plugin !== '');
    if (rules.length === 0) return new Set();
    const { gateway, baseDN } = this.options;
    const uid = (await gateway.read(actor.dn, ['uid']))?.first('uid');
    const memberOf = or(
      and(eq('objectClass', 'groupOfNames'), eq('member', actor.dn)),
      and(eq('objectClass', 'organizationalRole'), eq('roleOccupant', actor.dn)),
      ...(uid !== undefined ? [and(eq('objectClass', 'posixGroup'), eq('memberUid', uid))] : []),
    );
    const mine = new Set((await gateway.searchAll(baseDN, { filter: memberOf, attributes: ['1.1'] })).map((e) => normalizeDn(e.dn)));
    const out = new Set<string>();
    for (const r of rules) {
      let dn: string;
      try {
        dn = normalizeDn(r.dn);
      } catch {
        continue;
      }
      if (mine.has(dn)) out.add(r.plugin);
    }
    return out;
  }

  /**
   * Departments of the directory for the base picker (one paged search over the department types). With a management
   * list, FusionDirectory's "module departments" (fd-core.md §5.3): those where the actor has some right on one of the
   * list's categories, and the departments above them (to reach them); without, those whose entry he may read.
   */
  async departments(actor: Actor, managementId?: string): Promise<Array<{ dn: string; name: string; type: string; description?: string; parent: string | null }>> {
    const m = this.registry.managements().find((x) => x.id === 'departments');
    const types = m?.types ?? [];
    if (types.length === 0) return [{ dn: this.options.baseDN, name: this.options.baseDN, type: 'department', parent: null }];
    const categories = managementId === undefined ? undefined : [...new Set(this.management(managementId).types.map((t) => t.aclCategory))];
    const found = await this.options.gateway.searchAll(this.options.baseDN, { filter: or(...types.map((t) => t.filter)), attributes: ['objectClass', 'ou', 'o', 'c', 'l', 'dc', 'description'] });
    const { access } = this.options;
    const uniform = await access.uniformRights?.(actor);
    const kept = new Set<string>();
    const typed = found.map((e) => ({ e, type: types.find((t) => matchEntry(t.filter, e)) })).filter((x): x is { e: (typeof found)[number]; type: ObjectType } => x.type !== undefined);
    for (const { e, type } of typed) {
      let allowed = uniform !== undefined ? uniform !== '' || categories === undefined : false;
      if (uniform === undefined) {
        if (categories === undefined) allowed = (await access.rights(actor, { dn: e.dn, category: type.aclCategory, tab: type.mainTab.id })).includes('r');
        else for (const category of categories) if (!allowed) allowed = (await access.rights(actor, { dn: e.dn, category, tab: '0' })) !== '';
      }
      if (allowed) kept.add(normalizeDn(e.dn));
    }
    // The departments above a kept one are kept too, so the tree reaches it.
    if (categories !== undefined) {
      for (const { e } of typed) {
        if (kept.has(normalizeDn(e.dn))) continue;
        if ([...kept].some((k) => isDescendantOf(k, e.dn))) kept.add(normalizeDn(e.dn));
      }
    }
    const out = [];
    for (const { e, type } of typed) {
      if (!kept.has(normalizeDn(e.dn))) continue;
      const naming = type.decl.mainAttribute || 'ou';
      const isBase = dnEquals(e.dn, this.options.baseDN);
      const parent = isBase ? null : this.parentDepartment(e.dn, found.map((f) => f.dn));
      const description = e.get('description')[0];
      out.push({ dn: e.dn, name: e.get(naming)[0] ?? e.dn, type: type.id, ...(description ? { description } : {}), parent });
    }
    if (!out.some((d) => d.parent === null)) out.unshift({ dn: this.options.baseDN, name: this.options.baseDN, type: 'department', parent: null });
    return out;
  }

  /**
   * The departments where the actor may create objects of a type (`c` at FusionDirectory's `new,<department>`), or
   * undefined when he may create everywhere or nowhere (his rights are the same on every entry).
   */
  async createBases(actor: Actor, type: ObjectType): Promise<string[] | undefined> {
    const { access } = this.options;
    if ((await access.uniformRights?.(actor)) !== undefined) return undefined;
    const out: string[] = [];
    for (const d of await this.departments(actor, this.registry.managements().find((x) => x.types.includes(type))?.id)) {
      if ((await access.rights(actor, { dn: `new,${d.dn}`, category: type.aclCategory, tab: type.mainTab.id })).includes('c')) out.push(d.dn);
    }
    return out;
  }

  /** The nearest department above a DN (departments can be nested under plain branches). */
  private parentDepartment(dn: string, departments: string[]): string {
    let best = this.options.baseDN;
    let depth = -1;
    for (const d of departments) {
      if (dnEquals(d, dn) || !isDescendantOf(dn, d)) continue;
      const n = parseDn(d).length;
      if (n > depth) {
        best = d;
        depth = n;
      }
    }
    return best;
  }

  /** Objects for DN pickers: search-as-you-type over the types' search attributes. */
  async pick(actor: Actor, typeIds: string[], text: string, limit: number): Promise<Array<{ dn: string; type: string; name: string; description?: string }>> {
    const types = typeIds.map((t) => this.registry.type(t)).filter((t): t is ObjectType => t !== undefined);
    if (types.length === 0) throw invalid('Give the types to pick from.', 'types');
    const items: Array<{ dn: string; type: string; name: string; description?: string }> = [];
    for (const type of types) {
      const m = this.registry.managements().find((x) => x.types.includes(type));
      if (!m) continue;
      const page = await this.rows(actor, m.id, { types: [type.id], scope: 'sub', q: text.replace(/[()]/g, ' '), limit, columns: [{ kind: 'Column', attributes: 'description' }] });
      for (const r of page.rows) items.push({ dn: r.dn, type: r.type, name: r.name, ...(r.cells[0]?.[0] ? { description: r.cells[0][0] } : {}) });
    }
    items.sort((a, b) => collator.compare(a.name, b.name));
    return items.slice(0, limit);
  }
}
