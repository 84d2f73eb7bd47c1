// Open, create, edit, save and delete objects of any declared type: the one place where the engine's rules
// (rights, validation, uniqueness, minimal writes guarded by entryCSN) are applied.
import { AppError } from '../../errors/AppError.ts';
import { dnEquals, escapeDnValue, isDescendantOf, normalizeDn, parentDn, parseDn, formatDn } from '../../ldap/dn.ts';
import { AlreadyExistsError, AssertionFailedError, AttributeOrValueExistsError, ConstraintViolationError, NoSuchObjectError, OffsetRangeError } from '../../ldap/errors.ts';
import { and, eq, parseFilter, type FilterNode } from '../../ldap/filter.ts';
import type { LdapEntry } from '../../ldap/LdapEntry.ts';
import type { LdapChange, LdapGateway, LdapValue } from '../../ldap/LdapGateway.ts';
import type { ObjectTypeDecl, SaveContext } from '../../model/declarations.ts';
import type { CheckContext, Problem, Value } from '../../model/kinds/index.ts';
import { readComposite } from '../../model/kinds/composite.ts';
import { filesOf, packFile } from '../../model/kinds/files.ts';
import type { Nomenclatures } from '../../nomenclatures/Nomenclatures.ts';
import { ValueError } from '../../model/kinds/index.ts';
import { matchEntry } from '../../model/matchEntry.ts';
import { configChoices } from '../../model/configChoices.ts';
import { filterRdnOf, type Attribute, type ObjectType, type Registry, type Tab } from '../../model/Registry.ts';
import { expandMaskValue } from '../../model/templates/mask.ts';
import { applyTemplate, askmeFields, readTemplateEntry, templateObjectClasses, type TemplateEntry } from '../../model/templates/templateStorage.ts';
import type { AccessPolicy, Actor } from '../AccessPolicy.ts';
import { IdAllocator } from '../ids/IdAllocator.ts';
import type { ListIndexes } from './ListIndexes.ts';
import type { ListIndex } from '../../listindex/index.ts';
import { parseTriggers, runTriggers, type TriggerContext } from './triggers.ts';
import { type DnChange, findReferences, updateReferences, updateValueReferences } from './references.ts';
import { SiteConfig } from '../SiteConfig.ts';
import type { AuditSink } from '../audit/AuditLog.ts';
import { planObjectAudit, planObjectRemoval, recordObjectAudit } from '../audit/objectAudit.ts';

/** The state of one tab of an opened object. */
export interface TabState {
  tab: Tab;
  active: boolean;
  initiallyActive: boolean;
  values: Map<string, Value>;
  /** Values as read at open (or defaults for a new object): only differences are written. */
  initial: Map<string, Value>;
}

/** An object being viewed or edited. */
/** How a save is made. */
export interface SaveOptions {
  /** The saver's current password in clear, proven by the caller (a change of one's own password in "My account"). */
  currentPassword?: string;
}

export interface OpenedObject {
  type: ObjectType;
  /** Current DN; null for an object not created yet. */
  dn: string | null;
  /** The entryCSN read at open: the save is refused if the entry changed since. */
  csn?: string;
  objectClasses: string[];
  /** By lower-cased tab id, in the type's tab order. */
  tabs: Map<string, TabState>;
}

/** One problem of a save, addressed to its tab and attribute. */
export interface ObjectProblem extends Problem {
  tab: string;
  attribute?: string;
}

export interface ObjectServiceOptions {
  gateway: LdapGateway;
  registry: Registry;
  config: SiteConfig;
  access: AccessPolicy;
  /** In-memory list indexes; without them every listing reads LDAP. */
  indexes?: ListIndexes;
  /** Told after each entry this service writes or deletes (the ACL policy drops its cached rules on some). */
  onWrite?: (write: ObjectWrite) => void;
  /** The value lists of `choicesFromNomenclature` selects; without them, those selects are not checked. */
  nomenclatures?: Nomenclatures;
  /** Where create/modify/remove events go (the audit plugin); without it nothing is recorded. */
  audit?: AuditSink;
  /** Called by a save of an existing object after its checks, before the write (automatic snapshots). */
  beforeModify?: (actor: Actor, obj: OpenedObject) => Promise<void>;
}

/** An entry written by the service: its DN (and former DN when renamed), its objectClasses before and after. */
export interface ObjectWrite {
  dn: string;
  previousDn?: string;
  objectClasses: string[];
  deleted: boolean;
}

const denied = (message: string, extra: { dn?: string; tab?: string; attribute?: string } = {}) => new AppError({ code: 'acl.denied', message, ...extra });
const invalid = (message: string, extra: { dn?: string; tab?: string; attribute?: string; details?: unknown } = {}) => new AppError({ code: 'value.invalid', message, ...extra });

export interface ListOptions {
  /** Search base (default: the directory's base). A base that does not exist gives no entries. */
  base?: string;
  /** Applied to `base` literally, as REST v1 does (default `subtree`). */
  scope?: 'base' | 'one' | 'subtree';
  /** An LDAP filter ANDed with the type's filter; its attributes must belong to the type's tabs. */
  filter?: string;
  /** Attributes to return (default: the type's main attribute). */
  attributes?: string[];
  /** List the type's templates instead of its objects. */
  templates?: boolean;
  /** Page size; with `cursor` and `sort`, the listing is paged in the server's sorted order. */
  limit?: number;
  cursor?: string;
  sort?: Array<{ attribute: string; reverse?: boolean }>;
}

export interface ListedEntry {
  dn: string;
  /** LDAP values; binary attributes are base64. Attributes the actor may not read are left out. */
  attributes: Record<string, string[]>;
}

export interface ListResult {
  entries: ListedEntry[];
  /** Give it back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
  /** Entries matching, when the server counted them (sorted, paged listings). */
  total?: number;
}

/** slapd's unique overlay refusing a write: `non-unique attributes found with (&…(|(uid=x)))`. */
function uniqueViolation(e: unknown, dn: string): AppError | undefined {
  if (!(e instanceof ConstraintViolationError) || !/non-unique/i.test(e.diagnosticMessage)) return undefined;
  const attribute = /\(\|\(([A-Za-z][\w-]*)=/.exec(e.diagnosticMessage)?.[1];
  return invalid(`Another entry already has this ${attribute ?? 'value'} (the directory refused a duplicate).`, { dn, ...(attribute ? { attribute } : {}) });
}

/** Opaque cursors: the 1-based position of the next entry in the sorted list. */
/** Sort order of lists paged here rather than by slapd (case- and accent-insensitive, numbers by value). */
const listCollator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function encodeCursor(offset: number): string {
  return `v.${Buffer.from(JSON.stringify({ o: offset })).toString('base64url')}`;
}
function decodeCursor(cursor: string): number {
  try {
    const o = (JSON.parse(Buffer.from(cursor.replace(/^v\./, ''), 'base64url').toString('utf8')) as { o?: unknown }).o;
    if (typeof o === 'number' && Number.isInteger(o) && o >= 1) return o;
  } catch {
    // fall through
  }
  throw invalid(`Invalid cursor "${cursor}"; use the value the previous page returned.`, { attribute: 'cursor' });
}

/** The attribute names a filter uses, as written. */
function attributeNamesOf(node: FilterNode): string[] {
  switch (node.type) {
    case 'and':
    case 'or':
      return node.filters.flatMap(attributeNamesOf);
    case 'not':
      return attributeNamesOf(node.filter);
    case 'extensible':
      return node.attribute ? [node.attribute] : [];
    default:
      return [node.attribute];
  }
}

/** A filter on a type's attributes, rewritten for templates: `(a=v)` becomes `(fdTemplateField=a:v)` (fd-core.md §2.2). */
function templateFilter(node: FilterNode): FilterNode {
  switch (node.type) {
    case 'and':
    case 'or':
      return { ...node, filters: node.filters.map(templateFilter) };
    case 'not':
      return { ...node, filter: templateFilter(node.filter) };
    case 'equality':
      return node.attribute.toLowerCase() === 'cn' ? node : eq('fdTemplateField', `${node.attribute}:${String(node.value)}`);
    case 'present':
      return node.attribute.toLowerCase() === 'cn' || node.attribute.toLowerCase() === 'objectclass' ? node : { type: 'substrings', attribute: 'fdTemplateField', initial: `${node.attribute}:`, any: [] };
    case 'substrings':
      return { type: 'substrings', attribute: 'fdTemplateField', initial: `${node.attribute}:${node.initial ? String(node.initial) : ''}`, any: node.any, ...(node.final !== undefined ? { final: node.final } : {}) };
    default:
      return node;
  }
}

/** The strings an attribute held at open, with the parts of composite values (a nomenclature may have lost them since). */
function storedStrings(a: Attribute, initial: Value | undefined): Set<string> {
  const out = new Set<string>();
  const values = Array.isArray(initial) ? initial : typeof initial === 'string' && initial !== '' ? [initial] : [];
  const spec = a.decl.kind === 'set' || a.decl.kind === 'orderedList' ? a.decl.of : a.decl;
  for (const v of values) {
    out.add(v);
    if (spec.kind === 'composite') for (const part of Object.values(readComposite(spec, v) ?? {})) out.add(part);
  }
  return out;
}

/** The object services of one directory. */
export class ObjectService {
  private readonly gateway: LdapGateway;
  readonly registry: Registry;
  private readonly config: SiteConfig;
  private readonly access: AccessPolicy;
  private readonly ids: IdAllocator;
  private readonly indexes: ListIndexes | undefined;
  private readonly onWrite: ((write: ObjectWrite) => void) | undefined;
  private readonly audit: AuditSink | undefined;
  private readonly beforeModify: ObjectServiceOptions['beforeModify'];
  /** Who is saving each object being saved (its behaviours' `savedBy`). */
  private readonly savers = new WeakMap<OpenedObject, NonNullable<SaveContext['savedBy']>>();
  /** The value lists selects are checked against (also answered to the web interface's searches). */
  readonly nomenclatures: Nomenclatures | undefined;

  constructor(options: ObjectServiceOptions) {
    this.indexes = options.indexes;
    this.nomenclatures = options.nomenclatures;
    this.onWrite = options.onWrite;
    this.audit = options.audit;
    this.beforeModify = options.beforeModify;
    this.gateway = options.gateway;
    this.registry = options.registry;
    this.config = options.config;
    this.access = options.access;
    this.ids = new IdAllocator(options.gateway, options.config);
  }

  get baseDN(): string {
    return this.config.baseDN;
  }

  /** A type by id; unknown types are `object.not_found`. */
  type(id: string): ObjectType {
    const type = this.registry.type(id);
    if (!type) throw new AppError({ code: 'object.not_found', message: `Unknown object type "${id}"` });
    return type;
  }

  /** The type's branch (`ou=people`), resolved through the configuration. */
  branchOf(decl: ObjectTypeDecl): string {
    return typeof decl.ou === 'string' ? decl.ou : this.config.branch(decl.ou.configKey, decl.ou.default);
  }

  /** The department holding an entry: its DN minus its RDN minus the type's branch (FusionDirectory's dn2base). */
  baseOf(type: ObjectType, dn: string): string {
    let parent = parentDn(dn) ?? this.baseDN;
    const branch = this.branchOf(type.decl);
    if (branch) {
      const rdns = parseDn(branch).length;
      const parsed = parseDn(parent);
      if (parsed.length > rdns && normalizeDn(formatDn(parsed.slice(0, rdns))) === normalizeDn(branch)) parent = formatDn(parsed.slice(rdns));
    }
    return parent;
  }

  tab(obj: OpenedObject, tabId: string): TabState {
    const state = obj.tabs.get(tabId.toLowerCase());
    if (!state) throw new AppError({ code: 'object.not_found', message: `Tab "${tabId}" of type "${obj.type.id}" does not exists`, tab: tabId });
    return state;
  }

  /**
   * Where rights on an object are asked: its DN, or FusionDirectory's `new,<department>` for an object not created yet
   * (the department's subtree rules apply, its base rules do not; fd-core.md §5.3).
   */
  rightsDnOf(obj: OpenedObject): string {
    if (obj.dn !== null) return obj.dn;
    const base = this.objectBase(obj);
    return `new,${this.isInside(base) ? base : this.baseDN}`;
  }

  /** A DN inside the directory's base (not a DN, or outside: the save says so, naming the field). */
  private isInside(dn: string): boolean {
    try {
      return dn !== '' && isDescendantOf(dn, this.baseDN, { orSelf: true });
    } catch {
      return false;
    }
  }

  private async rights(actor: Actor, obj: OpenedObject, tab: Tab, attribute?: string): Promise<string> {
    const dn = this.rightsDnOf(obj);
    return this.access.rights(actor, { dn, category: obj.type.aclCategory, tab: tab.id, ...(attribute ? { attribute } : {}) });
  }

  /** The LDAP attributes the type's tabs declare. */
  private declaredAttributes(type: ObjectType): string[] {
    return [...new Set(type.tabs.flatMap((t) => t.attributes.filter((a) => a.decl.inLdap !== false && a.decl.kind !== 'base' && a.decl.kind !== 'files').map((a) => a.decl.name)))];
  }

  private binaryAttributes(type: ObjectType): string[] {
    return type.tabs.flatMap((t) => t.attributes.filter((a) => a.kind.binary).map((a) => a.decl.name));
  }

  /** Open an existing object of a type. */
  async open(actor: Actor, typeId: string, dn: string): Promise<OpenedObject> {
    const type = this.type(typeId);
    if (!isDescendantOf(dn, this.baseDN, { orSelf: true })) throw new AppError({ code: 'object.not_found', message: `Non-existing dn "${dn}"!`, dn });
    // '*' leaves out operational attributes: those a tab declares (ppolicy's pwdPolicySubentry, pwdAccountLockedTime…) are asked by name.
    const entry = await this.gateway.read(dn, ['*', 'entryCSN', ...this.declaredAttributes(type)], { binaryAttributes: this.binaryAttributes(type) });
    if (!entry) throw new AppError({ code: 'object.not_found', message: `Non-existing dn "${dn}"!`, dn });
    // An auxiliary type (ACL assignments) can be opened on any entry, to be attached to it.
    if (!matchEntry(type.filter, entry) && !this.isAuxiliary(type)) throw new AppError({ code: 'object.not_found', message: `"${dn}" is not an object of type "${type.id}"`, dn });
    const obj = await this.fromEntry(type, entry);
    if (!(await this.rights(actor, obj, type.mainTab)).includes('r')) throw denied(`You have no permission to read the object "${dn}"`, { dn });
    return obj;
  }

  /** A type that lives as a part (auxiliary classes) of other entries: no naming attribute, a switchable main tab. */
  isAuxiliary(type: ObjectType): boolean {
    return type.decl.mainAttribute === false && type.mainTab.decl.alwaysActive !== true;
  }

  private async fromEntry(type: ObjectType, entry: LdapEntry): Promise<OpenedObject> {
    const tabs = new Map<string, TabState>();
    const base = this.baseOf(type, entry.dn);
    for (const tab of type.tabs) {
      const active = (tab === type.mainTab && !this.isAuxiliary(type)) || tab.decl.alwaysActive === true || matchEntry(tab.activeFilter, entry);
      // An always-active tab the entry does not carry yet (its plugin installed since, as a configuration tab): its
      // absent values start from their defaults, which the next save writes, as FusionDirectory does.
      const fresh = active && !matchEntry(tab.activeFilter, entry);
      const defaulted = new Set<string>();
      const values = new Map<string, Value>();
      for (const a of tab.attributes) {
        const raw = a.kind.binary ? entry.buffers(a.decl.name) : entry.get(a.decl.name);
        let value = a.decl.kind === 'base' ? base : raw.length === 0 ? a.kind.empty(a.decl) : a.kind.decode(raw, a.decl);
        if (fresh && raw.length === 0 && a.decl.default !== undefined && a.decl.kind !== 'base') {
          value = a.kind.fromJson(a.decl.default, a.decl);
          defaulted.add(a.decl.name);
        }
        if (a.decl.kind === 'files' && active) value = await this.readFiles(entry.dn, a.decl.children);
        values.set(a.decl.name, value);
      }
      const afterOpen = active ? tab.decl.behaviour?.afterOpen : undefined;
      if (afterOpen) {
        const json: Record<string, unknown> = {};
        for (const a of tab.attributes) json[a.decl.name] = a.kind.toJson(values.get(a.decl.name) ?? a.kind.empty(a.decl), a.decl);
        const context = { dn: entry.dn, base, baseDN: this.baseDN, readEntry: (dn: string, attributes: string[]) => this.gateway.read(dn, attributes).catch(() => null) };
        for (const [name, v] of Object.entries(await afterOpen(json, context))) {
          const a = tab.attributeByName.get(name.toLowerCase());
          if (a) values.set(a.decl.name, a.kind.fromJson(v, a.decl));
        }
      }
      const initial = new Map(values);
      // The defaults are not in the entry yet: the next save writes them.
      for (const a of tab.attributes) if (defaulted.has(a.decl.name)) initial.set(a.decl.name, a.kind.empty(a.decl));
      tabs.set(tab.id.toLowerCase(), { tab, active, initiallyActive: active, values, initial });
    }
    const csn = entry.first('entryCSN');
    return { type, dn: entry.dn, ...(csn ? { csn } : {}), objectClasses: entry.get('objectClass'), tabs };
  }

  /** A new, unsaved object of a type, in `base` (default: the directory's base). */
  async create(actor: Actor, typeId: string, base?: string): Promise<OpenedObject> {
    const type = this.type(typeId);
    const tabs = new Map<string, TabState>();
    for (const tab of type.tabs) {
      const values = new Map<string, Value>();
      for (const a of tab.attributes) {
        let v = a.kind.empty(a.decl);
        if (a.decl.default !== undefined) v = a.kind.fromJson(a.decl.default, a.decl);
        if (a.decl.kind === 'base') v = base ?? this.baseDN;
        values.set(a.decl.name, v);
      }
      const active = tab === type.mainTab || tab.decl.alwaysActive === true;
      tabs.set(tab.id.toLowerCase(), { tab, active, initiallyActive: false, values, initial: new Map() });
    }
    const obj: OpenedObject = { type, dn: null, objectClasses: [], tabs };
    return obj;
  }

  /** Attributes of a tab disabled or erased by managed rules, given the tab's current values. */
  private managedTargets(state: TabState): { disabled: Set<string>; erased: Set<string> } {
    const disabled = new Set<string>();
    const erased = new Set<string>();
    for (const a of state.tab.attributes) {
      for (const rule of a.decl.managed ?? []) {
        const v = state.values.get(a.decl.name);
        const key = typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : Array.isArray(v) ? v.join(',') : String(v ?? '');
        if (!rule.when.includes(key)) continue;
        for (const t of rule.disable ?? []) disabled.add(t.toLowerCase());
        for (const t of rule.erase ?? []) erased.add(t.toLowerCase());
      }
    }
    return { disabled, erased };
  }

  /** Activate a tab, as writing to an inactive activatable tab does. */
  async activateTab(actor: Actor, obj: OpenedObject, tabId: string): Promise<void> {
    const state = this.tab(obj, tabId);
    if (state.active) return;
    const tab = state.tab;
    if (!(await this.rights(actor, obj, tab)).includes('c')) throw denied(`You don't have sufficient rights to enable tab "${tab.id}"`, { tab: tab.id });
    for (const dep of tab.decl.dependsOn ?? []) {
      if (!obj.tabs.get(dep.toLowerCase())?.active) throw invalid(`Tab "${tab.id}" needs tab "${dep}" to be active first`, { tab: tab.id });
    }
    for (const other of obj.tabs.values()) {
      const conflicts = (tab.decl.conflictsWith ?? []).some((c) => c.toLowerCase() === other.tab.id.toLowerCase()) || (other.tab.decl.conflictsWith ?? []).some((c) => c.toLowerCase() === tab.id.toLowerCase());
      if (other.active && conflicts) throw invalid(`Tab "${tab.id}" cannot be active together with tab "${other.tab.id}"`, { tab: tab.id });
    }
    state.active = true;
  }

  /** Deactivate a tab: its objectClasses and attributes are removed at save. */
  async deactivateTab(actor: Actor, obj: OpenedObject, tabId: string): Promise<void> {
    const state = this.tab(obj, tabId);
    const tab = state.tab;
    if (tab === obj.type.mainTab || tab.decl.alwaysActive) throw invalid(`Tab "${tab.id}" cannot be deactivated`, { tab: tab.id });
    if (!state.active) throw invalid(`Tab "${tab.id}" is not active`, { tab: tab.id });
    if (!(await this.rights(actor, obj, tab)).includes('d')) throw denied(`You don't have sufficient rights to disable tab "${tab.id}"`, { tab: tab.id });
    for (const other of obj.tabs.values()) {
      if (other.active && (other.tab.decl.dependsOn ?? []).some((d) => d.toLowerCase() === tab.id.toLowerCase())) throw invalid(`Tab "${tab.id}" is needed by active tab "${other.tab.id}"`, { tab: tab.id });
    }
    state.active = false;
  }

  /**
   * Set attributes of a tab from JSON (REST/UI input), activating the tab if needed. Unknown, disabled,
   * read-only or forbidden attributes and values of the wrong type are refused with the tab and attribute named.
   */
  async setValues(actor: Actor, obj: OpenedObject, tabId: string, input: Record<string, unknown>): Promise<void> {
    const state = this.tab(obj, tabId);
    const tab = state.tab;
    if (!state.active) await this.activateTab(actor, obj, tab.id);
    const dn = obj.dn ?? 'new';
    for (const [name, json] of Object.entries(input)) {
      const a = tab.attributeByName.get(name.toLowerCase());
      if (!a) throw invalid(`Unknown field "${name}"`, { dn, tab: tab.id, attribute: name });
      if (a.decl.derived) throw invalid(`"${a.decl.name}" is computed by Trousseau and cannot be set`, { dn, tab: tab.id, attribute: a.decl.name });
      if (this.managedTargets(state).disabled.has(a.decl.name.toLowerCase())) throw invalid(`Attribute ${a.decl.name} is disabled, its value could not be set`, { dn, tab: tab.id, attribute: a.decl.name });
      if (a.decl.immutable && obj.dn !== null && !this.sameValue(a, json, state)) throw invalid(`"${a.decl.name}" cannot be changed once the object exists`, { dn, tab: tab.id, attribute: a.decl.name });
      if (obj.dn === null && a.decl.kind === 'base' && typeof json === 'string' && this.isInside(json)) {
        // Choosing the department of a new object is choosing where it is created: the right asked is creation there.
        if (!(await this.access.rights(actor, { dn: `new,${json}`, category: obj.type.aclCategory, tab: obj.type.mainTab.id })).includes('c')) {
          throw denied(`You have no permission to create an object under "${json}"`, { tab: tab.id, attribute: a.decl.name });
        }
      } else if (a.acl && !(await this.rights(actor, obj, tab, a.acl)).includes('w')) throw invalid(`You have no permission to modify the field "${a.decl.name}" of object "${dn}"`, { dn, tab: tab.id, attribute: a.decl.name });
      try {
        state.values.set(a.decl.name, a.kind.fromJson(json, a.decl));
      } catch (e) {
        if (e instanceof ValueError) throw invalid(e.message, { dn, tab: tab.id, attribute: a.decl.name });
        throw e;
      }
    }
  }

  private sameValue(a: Attribute, json: unknown, state: TabState): boolean {
    try {
      return JSON.stringify(a.kind.toJson(a.kind.fromJson(json, a.decl), a.decl)) === JSON.stringify(a.kind.toJson(state.values.get(a.decl.name) ?? null, a.decl));
    } catch {
      return false;
    }
  }

  /** The JSON values of a tab's attributes the actor may read. */
  async readTab(actor: Actor, obj: OpenedObject, tabId: string, options: { evenInactive?: boolean } = {}): Promise<Record<string, unknown>> {
    const state = this.tab(obj, tabId);
    // An editor shows an inactive tab with the values it would start with.
    if (!state.active && !options.evenInactive) throw invalid(`Tab "${state.tab.id}" is inactive`, { tab: state.tab.id });
    const out: Record<string, unknown> = {};
    for (const a of state.tab.attributes) {
      if (a.acl && !(await this.rights(actor, obj, state.tab, a.acl)).includes('r')) continue;
      out[a.decl.name] = a.kind.toJson(state.values.get(a.decl.name) ?? a.kind.empty(a.decl), a.decl);
    }
    return out;
  }

  /** Values of every tab for mask expansion: attribute name → LDAP-form strings. */
  private maskValues(obj: OpenedObject): Record<string, string[]> {
    const values: Record<string, string[]> = {};
    for (const state of obj.tabs.values()) {
      if (!state.active) continue;
      for (const a of state.tab.attributes) {
        const v = state.values.get(a.decl.name);
        if (v === undefined || a.kind.binary) continue;
        values[a.decl.name] = a.decl.kind === 'base' ? [String(v)] : (a.kind.encode(v, a.decl) as string[]);
      }
    }
    return values;
  }

  /** JSON values of every active tab, merged (later tabs do not override earlier ones). */
  private objectValues(obj: OpenedObject): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const state of obj.tabs.values()) {
      if (!state.active) continue;
      for (const a of state.tab.attributes) if (!(a.decl.name in out)) out[a.decl.name] = a.kind.toJson(state.values.get(a.decl.name) ?? a.kind.empty(a.decl), a.decl);
    }
    return out;
  }

  /** What a tab's behaviour sees during one save. */
  private saveContext(obj: OpenedObject, state: TabState, memo: Record<string, unknown>): SaveContext {
    const values: Record<string, unknown> = {};
    for (const a of state.tab.attributes) values[a.decl.name] = a.kind.toJson(state.values.get(a.decl.name) ?? a.kind.empty(a.decl), a.decl);
    return {
      values,
      objectValues: this.objectValues(obj),
      isNew: obj.dn === null,
      activating: state.active && !state.initiallyActive,
      base: this.objectBase(obj),
      config: (key) => this.config.get(key),
      configList: (key) => this.config.list(key),
      allocateId: (attribute) => this.ids.next(attribute),
      addEntry: async (dn, attributes) => {
        await this.ensureParents(dn);
        await this.gateway.add(dn, attributes);
      },
      modifyEntry: (dn, changes) => this.gateway.modify(dn, changes.map((c) => ({ operation: c.operation, attribute: c.attribute, ...(c.values ? { values: c.values } : {}) }))),
      readEntry: (dn, attributes) => this.gateway.read(dn, attributes).catch(() => null),
      searchEntries: (filter, attributes) => this.gateway.searchAll(this.baseDN, { filter, attributes }),
      typeOf: (entry) => this.registry.allTypes().find((t) => matchEntry(t.filter, entry))?.id,
      changed: (name) =>
        [...obj.tabs.values()].some((st) => {
          const a = st.active ? st.tab.attributeByName.get(name.toLowerCase()) : undefined;
          return a !== undefined && JSON.stringify(st.values.get(a.decl.name) ?? null) !== JSON.stringify(st.initial.get(a.decl.name) ?? null);
        }),
      memo,
      stored: Object.fromEntries(state.tab.attributes.filter((a) => state.initial.has(a.decl.name)).map((a) => [a.decl.name, a.kind.toJson(state.initial.get(a.decl.name)!, a.decl)])),
      raw: (name) => state.values.get(state.tab.attributeByName.get(name.toLowerCase())?.decl.name ?? name),
      setRaw: (name, value) => {
        const a = state.tab.attributeByName.get(name.toLowerCase());
        if (a) state.values.set(a.decl.name, value);
      },
      ...(this.savers.has(obj) ? { savedBy: this.savers.get(obj)! } : {}),
    };
  }

  /** Computed masks (e.g. cn from fdCnPattern), then each active tab's prepareSave. */
  private async recompute(obj: OpenedObject, memos: Map<TabState, Record<string, unknown>>): Promise<void> {
    for (const state of obj.tabs.values()) {
      if (!state.active) continue;
      for (const a of state.tab.attributes) {
        if (!a.decl.computed) continue;
        const mask = typeof a.decl.computed.mask === 'string' ? a.decl.computed.mask : (this.config.get(a.decl.computed.mask.configKey) ?? a.decl.computed.mask.default);
        state.values.set(a.decl.name, expandMaskValue(mask, this.maskValues(obj)).trim());
      }
    }
    for (const state of obj.tabs.values()) {
      if (!state.active || !state.tab.decl.behaviour?.prepareSave) continue;
      const memo: Record<string, unknown> = {};
      memos.set(state, memo);
      let computed: Record<string, unknown>;
      try {
        computed = await state.tab.decl.behaviour.prepareSave(this.saveContext(obj, state, memo));
      } catch (e) {
        if (e instanceof ValueError) throw invalid(e.message, { tab: state.tab.id, ...(e.attribute ? { attribute: e.attribute } : {}), ...(obj.dn ? { dn: obj.dn } : {}) });
        throw e;
      }
      for (const [name, json] of Object.entries(computed)) {
        const a = state.tab.attributeByName.get(name.toLowerCase());
        if (a) state.values.set(a.decl.name, a.kind.fromJson(json, a.decl));
      }
    }
  }

  /** Every problem of the active tabs: required values, kind checks, uniqueness. */
  async check(obj: OpenedObject): Promise<ObjectProblem[]> {
    const problems: ObjectProblem[] = [];
    const label = (a: Attribute) => this.registry.text(a.decl.label);
    for (const state of obj.tabs.values()) {
      if (!state.active) continue;
      const { disabled } = this.managedTargets(state);
      for (const a of state.tab.attributes) {
        if (disabled.has(a.decl.name.toLowerCase())) continue;
        const v = state.values.get(a.decl.name) ?? a.kind.empty(a.decl);
        const at = { tab: state.tab.id, attribute: a.decl.name };
        if (a.kind.isEmpty(v)) {
          if (a.decl.required) problems.push({ code: 'value.required', message: `The required field "${label(a)}" is empty!`, ...at });
          continue;
        }
        const choices = a.decl.kind === 'select' && 'choicesFromConfig' in a.decl ? configChoices(a.decl.choicesFromConfig, (key) => this.config.list(key)) : undefined;
        const unchangedValue = obj.dn !== null && state.initiallyActive && JSON.stringify(a.kind.toJson(v, a.decl)) === JSON.stringify(a.kind.toJson(state.initial.get(a.decl.name) ?? a.kind.empty(a.decl), a.decl));
        // A select filled from objects: the value must be one of those objects.
        if (a.decl.kind === 'select' && 'choicesFromObjects' in a.decl && !unchangedValue && !(await this.isObjectChoice(a.decl.choicesFromObjects, String(v)))) {
          problems.push({ code: 'value.choice', message: `"${String(v)}" is not one of the objects "${label(a)}" may name.`, ...at });
        }
        // The base selector: an existing department (or the directory's base), as FusionDirectory requires.
        if (a.decl.kind === 'base' && !unchangedValue && !(await this.isDepartment(String(v)))) {
          problems.push({ code: 'value.base', message: `"${String(v)}" is not a department of the directory.`, ...at });
        }
        const context: CheckContext = {
          ...(choices ? { choices } : {}),
          ...(this.nomenclatures ? { nomenclatures: this.nomenclatures } : {}),
          configList: (key) => this.config.list(key),
          // Values kept from the entry as it was: a nomenclature may have lost them since (docs/nomenclatures.md).
          ...(obj.dn !== null && state.initiallyActive ? { stored: storedStrings(a, state.initial.get(a.decl.name)) } : {}),
          valuesOf: (name) => {
            const other = state.tab.attributeByName.get(name.toLowerCase());
            const current = other ? state.values.get(other.decl.name) : undefined;
            return Array.isArray(current) ? current : typeof current === 'string' && current !== '' ? [current] : [];
          },
        };
        for (const p of a.kind.check(v, a.decl, context)) {
          // A pattern message is a catalogue key, also that of a set's items (the kind reports the item's key as is).
          problems.push({ ...p, message: p.code === 'value.pattern' ? this.registry.text(a.decl.kind === 'string' && a.decl.patternMessage ? a.decl.patternMessage : p.message) : p.message, ...at });
        }
        // An unchanged value of an existing object was unique when written: no directory-wide search for it.
        if (a.decl.unique && (a.decl.inLdap ?? true) && !unchangedValue) {
          const holder = await this.uniqueHolder(obj, a, v);
          if (holder) problems.push({ code: 'value.not_unique', message: `The entry "${holder}" already uses this "${label(a)}" attribute!`, params: { dn: holder }, ...at });
        }
      }
    }
    for (const state of obj.tabs.values()) {
      const check = state.active ? state.tab.decl.behaviour?.check : undefined;
      if (check) for (const p of check(this.saveContext(obj, state, {}))) problems.push({ ...p, tab: state.tab.id });
    }
    return problems;
  }

  /** Whether a DN is the directory's base or an entry of one of the department types. */
  private async isDepartment(dn: string): Promise<boolean> {
    if (dnEquals(dn, this.baseDN)) return true;
    if (!isDescendantOf(dn, this.baseDN)) return false;
    const entry = await this.gateway.read(dn, ['objectClass']).catch(() => null);
    return entry !== null && entry.get('objectClass').some((c) => c.toLowerCase() === 'gosadepartment');
  }

  /** Whether a value names an object of the given types (by DN, or by the stored attribute). */
  private async isObjectChoice(source: { types: string[]; storeAttribute?: string }, value: string): Promise<boolean> {
    const types = source.types.map((t) => this.registry.type(t)).filter((t): t is ObjectType => t !== undefined);
    if (types.length === 0) return true;
    const store = source.storeAttribute ?? 'dn';
    if (store === 'dn') {
      if (!isDescendantOf(value, this.baseDN)) return false;
      const entry = await this.gateway.read(value, ['objectClass']).catch(() => null);
      return entry !== null && types.some((t) => matchEntry(t.filter, entry));
    }
    const found = await this.gateway.searchAll(this.baseDN, { filter: and(eq(store, value), types.length === 1 ? types[0]!.filter : { type: 'or', filters: types.map((t) => t.filter) }), attributes: ['1.1'], sizeLimit: 1 });
    return found.length > 0;
  }

  /** The DN of another object of the tab's types holding the same value, if any. */
  private async uniqueHolder(obj: OpenedObject, a: Attribute, value: Value): Promise<string | undefined> {
    const ldapValues = a.kind.encode(value, a.decl) as string[];
    const dn = obj.dn;
    const base = a.decl.unique === 'whole' ? this.baseDN : a.decl.unique === 'one' ? (dn ? (parentDn(dn) ?? this.baseDN) : this.targetParent(obj)) : this.objectBase(obj);
    const typeFilters: FilterNode[] = a.decl.uniqueFilter ? [parseFilter(a.decl.uniqueFilter)] : obj.type.tabs.find((t) => t.id === a.tab) ? [obj.type.filter] : [];
    for (const v of ldapValues) {
      const filter = and(eq(a.decl.name, v), ...typeFilters);
      const scope = a.decl.unique === 'one' ? 'one' : 'sub';
      try {
        for await (const entry of this.gateway.search(base, { scope, filter, attributes: ['1.1'], sizeLimit: 2 })) {
          if (!dn || !dnEquals(entry.dn, dn)) return entry.dn;
        }
      } catch (e) {
        if (!(e instanceof NoSuchObjectError)) throw e;
      }
    }
    return undefined;
  }

  private objectBase(obj: OpenedObject): string {
    const base = obj.tabs.get(obj.type.mainTab.id.toLowerCase())?.values.get('base');
    return typeof base === 'string' && base ? base : this.baseDN;
  }

  /** Where the object's entry goes: `<branch>,<base>`. */
  private targetParent(obj: OpenedObject): string {
    const branch = this.branchOf(obj.type.decl);
    const base = this.objectBase(obj);
    return branch ? `${branch},${base}` : base;
  }

  /** The DN the object should have now. */
  computeDn(obj: OpenedObject): string {
    const main = this.tab(obj, obj.type.mainTab.id);
    const attr = obj.type.decl.mainAttribute;
    if (attr === false) {
      if (!obj.dn) throw invalid(`Objects of type "${obj.type.id}" are not created this way`);
      return obj.dn;
    }
    const a = main.tab.attributeByName.get(attr.toLowerCase())!;
    const value = (a.kind.encode(main.values.get(a.decl.name) ?? '', a.decl) as string[])[0] ?? '';
    return `${attr}=${escapeDnValue(value)},${this.targetParent(obj)}`;
  }

  /** Create the missing branches above a DN (plain organizationalUnit entries, as FusionDirectory does). */
  private async ensureParents(dn: string): Promise<void> {
    const missing: string[] = [];
    let parent = parentDn(dn);
    while (parent && isDescendantOf(parent, this.baseDN, { orSelf: true }) && (await this.gateway.read(parent, ['1.1'])) === null) {
      missing.unshift(parent);
      parent = parentDn(parent);
    }
    for (const p of missing) {
      const [rdn] = parseDn(p);
      const ava = rdn?.[0];
      if (!ava || ava.type.toLowerCase() !== 'ou') throw invalid(`The branch "${p}" does not exist and only ou= branches can be created`, { dn });
      try {
        await this.gateway.add(p, { objectClass: 'organizationalUnit', ou: ava.value });
      } catch (e) {
        // Another save created the same branch at the same moment.
        if (!(e instanceof AlreadyExistsError)) throw e;
      }
    }
  }

  /**
   * Validate and write the object: an add for a new one; for an existing one a rename/move when its DN
   * changed, then one modify with only the changed attributes, guarded by the entryCSN read at open.
   * Returns the DN.
   */
  async save(actor: Actor, obj: OpenedObject, options: SaveOptions = {}): Promise<string> {
    this.savers.set(obj, { dn: actor.dn, self: obj.dn !== null && dnEquals(obj.dn, actor.dn), ...(options.currentPassword !== undefined ? { currentPassword: options.currentPassword } : {}) });
    try {
      return await this.saveAs(actor, obj);
    } finally {
      this.savers.delete(obj);
    }
  }

  private async saveAs(actor: Actor, obj: OpenedObject): Promise<string> {
    for (const state of obj.tabs.values()) {
      if (state.active && state.tab.decl.removeWhenEmpty && state.tab.attributes.every((a) => a.kind.isEmpty(state.values.get(a.decl.name) ?? a.kind.empty(a.decl)))) state.active = false;
    }
    const memos = new Map<TabState, Record<string, unknown>>();
    await this.recompute(obj, memos);
    const problems = await this.check(obj);
    if (problems.length > 0) {
      const first = problems[0]!;
      throw new AppError({ code: 'value.invalid', message: first.message, tab: first.tab, ...(first.attribute ? { attribute: first.attribute } : {}), ...(obj.dn ? { dn: obj.dn } : {}), details: problems });
    }
    const dn = this.computeDn(obj);
    const previousDn = obj.dn;
    const classesBefore = obj.objectClasses;
    if (!isDescendantOf(dn, this.baseDN)) throw invalid(`"${dn}" is outside the directory base ${this.baseDN}`, { dn, tab: obj.type.mainTab.id, attribute: 'base' });
    const triggers = parseTriggers(this.config.list('fdTabHook'));
    const activeTabs = [...obj.tabs.values()].filter((t) => t.active).map((t) => t.tab.id);
    const creating = obj.dn === null;
    let modified: string[] = [];
    // Comparing every value before and after costs on each save: only when object events are recorded.
    const audited = this.audit && (['create', 'modify', 'remove'] as const).some((a) => this.audit!.enabled?.(a) ?? true) ? planObjectAudit(obj, creating) : [];
    const beforeWrite = async (attributes: string[]) => {
      modified = attributes;
      if (triggers.length === 0) return;
      const context = await this.triggerContext(actor, obj, dn, attributes);
      await runTriggers(triggers, 'check', activeTabs, context);
      await runTriggers(triggers, creating ? 'precreate' : 'premodify', activeTabs, context);
    };
    if (creating) {
      if (!(await this.access.rights(actor, { dn: this.rightsDnOf(obj), category: obj.type.aclCategory, tab: obj.type.mainTab.id })).includes('c')) throw denied(`You have no permission to create an object under "${this.objectBase(obj)}"`);
      await this.add(obj, dn, beforeWrite);
    } else {
      await this.beforeModify?.(actor, obj);
      await this.modify(actor, obj, dn, beforeWrite);
    }
    await this.writeFiles(obj, dn);
    const entry = await this.gateway.read(dn, ['entryCSN', 'objectClass']);
    obj.dn = dn;
    const csn = entry?.first('entryCSN');
    if (csn) obj.csn = csn;
    obj.objectClasses = entry?.get('objectClass') ?? obj.objectClasses;
    this.onWrite?.({ dn, ...(previousDn ? { previousDn } : {}), objectClasses: [...new Set([...classesBefore, ...obj.objectClasses])], deleted: false });
    await this.indexes?.written(obj.type, dn, previousDn && !dnEquals(previousDn, dn) ? previousDn : undefined).catch(() => undefined);
    let afterSaved = false;
    for (const state of obj.tabs.values()) {
      const afterSave = state.active ? state.tab.decl.behaviour?.afterSave : undefined;
      if (afterSave) await afterSave({ ...this.saveContext(obj, state, memos.get(state) ?? {}), dn });
      afterSaved ||= afterSave !== undefined;
    }
    // An afterSave may have written the entry itself (a password lock, tagged values): the next save starts from there.
    if (afterSaved) {
      const csnAfter = (await this.gateway.read(dn, ['entryCSN']))?.first('entryCSN');
      if (csnAfter) obj.csn = csnAfter;
    }
    for (const state of obj.tabs.values()) {
      state.initial = new Map(state.values);
      state.initiallyActive = state.active;
    }
    // Saving the configuration entry changes how everything behaves from now on.
    if (dnEquals(dn, SiteConfig.configDN(this.baseDN))) await this.config.refresh(this.gateway);
    // After the bookkeeping: a failure to audit (retried once) is reported, the object stays saved (docs/audit.md).
    if (this.audit) await recordObjectAudit(this.audit, audited, dn, actor);
    if (triggers.length > 0 && (creating || modified.length > 0)) {
      await runTriggers(triggers, creating ? 'postcreate' : 'postmodify', activeTabs, await this.triggerContext(actor, obj, dn, modified));
    }
    return dn;
  }

  /** The files kept as child entries of `dn` (a `files` attribute), in name order. */
  private async readFiles(dn: string, children: { objectClass: string; nameAttribute: string; contentAttribute: string }): Promise<Value> {
    const entries = await this.gateway.searchAll(dn, { scope: 'one', filter: eq('objectClass', children.objectClass), attributes: [children.nameAttribute, children.contentAttribute], binaryAttributes: [children.contentAttribute] });
    return entries
      .map((e) => ({ name: e.first(children.nameAttribute) ?? '', content: e.buffers(children.contentAttribute)[0] ?? Buffer.alloc(0) }))
      .filter((f) => f.name !== '')
      .sort((a, b) => listCollator.compare(a.name, b.name))
      .map(packFile);
  }

  /**
   * Write the differences of `files` attributes as child entries of the saved object: files removed or changed are
   * deleted, new or changed ones added (FusionDirectory re-creates every attachment; the entries are the same).
   */
  private async writeFiles(obj: OpenedObject, dn: string): Promise<void> {
    for (const state of obj.tabs.values()) {
      for (const a of state.tab.attributes) {
        if (a.decl.kind !== 'files' || (!state.active && !state.initiallyActive)) continue;
        const { children } = a.decl;
        const before = new Map(filesOf(state.initiallyActive ? (state.initial.get(a.decl.name) ?? []) : []).map((f) => [f.name.toLowerCase(), f]));
        const after = new Map(filesOf(state.active ? (state.values.get(a.decl.name) ?? []) : []).map((f) => [f.name.toLowerCase(), f]));
        for (const [key, f] of before) {
          const kept = after.get(key);
          if (kept && kept.name === f.name && kept.content.equals(f.content)) continue;
          await this.gateway.delete(`${children.nameAttribute}=${escapeDnValue(f.name)},${dn}`).catch((e: unknown) => {
            if (!(e instanceof NoSuchObjectError)) throw e;
          });
        }
        for (const [key, f] of after) {
          const had = before.get(key);
          if (had && had.name === f.name && had.content.equals(f.content)) continue;
          await this.gateway.add(`${children.nameAttribute}=${escapeDnValue(f.name)},${dn}`, { objectClass: [children.objectClass], [children.nameAttribute]: [f.name], [children.contentAttribute]: [f.content] });
        }
      }
    }
  }

  private ldapAttributes(obj: OpenedObject): Map<string, LdapValue[]> {
    const out = new Map<string, LdapValue[]>();
    for (const state of obj.tabs.values()) {
      if (!state.active) continue;
      const { erased } = this.managedTargets(state);
      for (const a of state.tab.attributes) {
        if (a.decl.inLdap === false || a.decl.kind === 'base' || a.decl.kind === 'readOnly') continue;
        out.set(a.decl.name, erased.has(a.decl.name.toLowerCase()) ? [] : (a.kind.encode(state.values.get(a.decl.name) ?? a.kind.empty(a.decl), a.decl) as LdapValue[]));
      }
    }
    return out;
  }

  /** What a trigger command may use: every value of the object, its DN and base, the caller, what was written. */
  private async triggerContext(actor: Actor, obj: OpenedObject, dn: string, modified: string[]): Promise<TriggerContext> {
    const caller = await this.gateway.read(actor.dn, ['cn', 'uid', 'sn', 'givenName', 'mail']);
    return {
      variables: {
        ...this.maskValues(obj),
        dn: [dn],
        base: [this.objectBase(obj)],
        location: [this.config.get('location') ?? ''],
        callerDN: [actor.dn],
        callerCN: caller?.get('cn') ?? [],
        callerUID: caller?.get('uid') ?? [],
        callerSN: caller?.get('sn') ?? [],
        callerGIVENNAME: caller?.get('givenName') ?? [],
        callerMAIL: caller?.get('mail') ?? [],
        modifiedLdapAttrs: [modified.join(',')],
      },
      warn: (m) => console.warn(`trousseau: ${m}`),
    };
  }

  private async add(obj: OpenedObject, dn: string, beforeWrite: (attributes: string[]) => Promise<void>): Promise<void> {
    const classes = new Set<string>();
    for (const state of obj.tabs.values()) if (state.active) for (const c of state.tab.decl.objectClasses) classes.add(c);
    const attributes: Record<string, LdapValue[]> = { objectClass: [...classes] };
    for (const [name, values] of this.ldapAttributes(obj)) if (values.length > 0) attributes[name] = values;
    await beforeWrite(Object.keys(attributes));
    await this.ensureParents(dn);
    try {
      await this.gateway.add(dn, attributes);
    } catch (e) {
      if (e instanceof AlreadyExistsError) throw invalid(`There is already an entry with the same dn: ${dn}`, { dn, tab: obj.type.mainTab.id });
      throw uniqueViolation(e, dn) ?? e;
    }
  }

  private async modify(actor: Actor, obj: OpenedObject, newDn: string, beforeWrite: (attributes: string[]) => Promise<void>): Promise<void> {
    const oldDn = obj.dn!;
    const conflict = () => new AppError({ code: 'entry.conflict', message: `"${oldDn}" was changed by someone else since it was opened; reload it and make your change again. Nothing was saved.`, dn: oldDn });
    const changes: LdapChange[] = [];
    // objectClasses of tabs switched on or off.
    const current = new Set(obj.objectClasses.map((c) => c.toLowerCase()));
    const wanted = new Set<string>();
    for (const state of obj.tabs.values()) if (state.active) for (const c of state.tab.decl.objectClasses) wanted.add(c.toLowerCase());
    // Every active tab's classes, also those of always-active tabs an entry written by another tool lacks.
    const toAdd = [...obj.tabs.values()].filter((s) => s.active).flatMap((s) => s.tab.decl.objectClasses).filter((c) => !current.has(c.toLowerCase()));
    const toRemove = [...obj.tabs.values()].filter((s) => !s.active && s.initiallyActive).flatMap((s) => s.tab.decl.objectClasses).filter((c) => current.has(c.toLowerCase()) && !wanted.has(c.toLowerCase()));
    if (toAdd.length) changes.push({ operation: 'add', attribute: 'objectClass', values: [...new Set(toAdd)] });
    const rdnAttribute = obj.type.decl.mainAttribute;
    const renamed = !dnEquals(oldDn, newDn);
    for (const state of obj.tabs.values()) {
      // A tab that was never on has nothing in LDAP to change.
      if (!state.active && !state.initiallyActive) continue;
      const { erased } = this.managedTargets(state);
      for (const a of state.tab.attributes) {
        if (a.decl.inLdap === false || a.decl.kind === 'base' || a.decl.kind === 'readOnly') continue;
        // The RDN value changes through the rename, not the modify.
        if (renamed && rdnAttribute && a.decl.name.toLowerCase() === rdnAttribute.toLowerCase()) continue;
        const before = state.initiallyActive ? (a.kind.encode(state.initial.get(a.decl.name) ?? a.kind.empty(a.decl), a.decl) as LdapValue[]) : [];
        // A tab switched off, or an erased attribute, loses its values (a boolean's FALSE included).
        const after = !state.active || erased.has(a.decl.name.toLowerCase()) ? [] : (a.kind.encode(state.values.get(a.decl.name) ?? a.kind.empty(a.decl), a.decl) as LdapValue[]);
        const same = before.length === after.length && before.every((v, i) => String(v) === String(after[i]) && Buffer.isBuffer(v) === Buffer.isBuffer(after[i]) && (!Buffer.isBuffer(v) || v.equals(after[i] as Buffer)));
        if (same) continue;
        if (after.length === 0) {
          if (before.length > 0) changes.push({ operation: 'delete', attribute: a.decl.name });
        } else changes.push({ operation: 'replace', attribute: a.decl.name, values: after });
      }
    }
    // What a tab switched off removes besides its declared attributes (tagged values), in the same modify.
    for (const state of obj.tabs.values()) {
      const removeChanges = !state.active && state.initiallyActive ? state.tab.decl.behaviour?.removeChanges : undefined;
      if (removeChanges) changes.push(...(await removeChanges({ ...this.saveContext(obj, state, {}), dn: oldDn })));
    }
    if (toRemove.length) changes.push({ operation: 'delete', attribute: 'objectClass', values: [...new Set(toRemove)] });
    let dn = oldDn;
    let renamedFrom: DnChange | undefined;
    // Nothing changed: no write and no trigger, as in FusionDirectory.
    if (changes.length === 0 && !renamed) return;
    // A new DN (a move, or a new naming value) or a new main attribute (a login, even when the RDN is cn) needs `m` on
    // the object, so rights to write one's own fields (editowninfos) never let anyone rename himself onto someone
    // else's memberships (memberUid) or references.
    const mainChanged = rdnAttribute !== false && rdnAttribute !== undefined && changes.some((c) => c.attribute.toLowerCase() === rdnAttribute.toLowerCase());
    if (renamed || mainChanged) {
      const target = { category: obj.type.aclCategory, tab: obj.type.mainTab.id };
      const moved = !dnEquals(parentDn(oldDn) ?? '', parentDn(newDn) ?? '');
      if (!(await this.access.rights(actor, { dn: oldDn, ...target })).includes('m')) {
        throw denied(moved ? `You have no permission to move the object "${oldDn}"` : `You have no permission to rename the object "${oldDn}"`, { dn: oldDn, ...(moved ? {} : { tab: obj.type.mainTab.id, ...(rdnAttribute ? { attribute: rdnAttribute } : {}) }) });
      }
    }
    if (renamed && !dnEquals(parentDn(oldDn) ?? '', parentDn(newDn) ?? '')) {
      const target = { category: obj.type.aclCategory, tab: obj.type.mainTab.id };
      // And into the destination department, as FusionDirectory's base selector checks (acl_is_moveable there).
      const into = this.objectBase(obj);
      if (!(await this.access.rights(actor, { dn: `new,${into}`, ...target })).includes('m')) {
        throw denied(`You have no permission to move the object "${oldDn}" to "${into}"`, { dn: oldDn, tab: obj.type.mainTab.id, attribute: 'base' });
      }
    }
    await beforeWrite([...new Set([...changes.map((c) => c.attribute), ...(renamed && rdnAttribute ? [rdnAttribute] : [])])]);
    try {
      if (renamed) {
        const newParent = parentDn(newDn)!;
        const moved = !dnEquals(parentDn(oldDn) ?? '', newParent);
        if (moved) await this.ensureParents(newDn);
        const hasChildren = (await this.gateway.searchAll(oldDn, { scope: 'one', attributes: ['1.1'], sizeLimit: 1 })).length > 0;
        await this.guarded(oldDn, obj.csn, (guard) => this.gateway.rename(oldDn, parseDn(newDn)[0]!, { ...(moved ? { newParent } : {}), ...guard }));
        dn = newDn;
        renamedFrom = { oldDn, newDn, subtree: hasChildren };
      }
      // After a rename the entryCSN is ours: the assertion already protected this save.
      if (changes.length > 0) {
        if (renamed) await this.gateway.modify(dn, changes);
        else await this.guarded(dn, obj.csn, (guard) => this.gateway.modify(dn, changes, guard));
      }
    } catch (e) {
      if (e instanceof AssertionFailedError) throw conflict();
      if (e instanceof AlreadyExistsError) throw invalid(`There is already an entry with the same dn: ${newDn}`, { dn: oldDn, tab: obj.type.mainTab.id });
      throw uniqueViolation(e, oldDn) ?? e;
    }
    // Memberships, managers, role occupants and ACL assignments follow the new DN.
    if (renamedFrom) await updateReferences(this.gateway, this.registry, this.baseDN, renamedFrom);
    // Values other objects hold (a uid in memberUid) follow their changes.
    for (const { attribute, oldValue, newValue } of this.changedSingleValues(obj)) {
      await updateValueReferences(this.gateway, this.registry, this.baseDN, { type: obj.type.id, attribute, oldValue, newValue });
    }
  }

  /** Lower-cased names of this type's attributes that other attributes refer to (`refersTo`), e.g. a user's uid. */
  private referredAttributes(type: ObjectType): Set<string> {
    const id = type.id.toLowerCase();
    return new Set(this.registry.allTabs().flatMap((t) => t.attributes.flatMap((a) => (a.decl.refersTo?.types.some((ty) => ty.toLowerCase() === id) ? [a.decl.refersTo.attribute.toLowerCase()] : []))));
  }

  /** Single values changed by this save, for the attributes some other attribute refers to. */
  private changedSingleValues(obj: OpenedObject): Array<{ attribute: string; oldValue: string; newValue: string | null }> {
    const referred = this.referredAttributes(obj.type);
    const out: Array<{ attribute: string; oldValue: string; newValue: string | null }> = [];
    for (const state of obj.tabs.values()) {
      if (!state.initiallyActive) continue;
      for (const a of state.tab.attributes) {
        if (!referred.has(a.decl.name.toLowerCase()) || a.kind.multiValued) continue;
        const before = (a.kind.encode(state.initial.get(a.decl.name) ?? a.kind.empty(a.decl), a.decl) as string[])[0];
        const after = state.active ? (a.kind.encode(state.values.get(a.decl.name) ?? a.kind.empty(a.decl), a.decl) as string[])[0] : undefined;
        if (before !== undefined && before !== after) out.push({ attribute: a.decl.name, oldValue: before, newValue: after ?? null });
      }
    }
    return out;
  }

  /** The attribute of any tab of the type, by name; `objectClass` and `dn` are always known. */
  private typeAttribute(type: ObjectType, name: string): Attribute | undefined {
    for (const tab of type.tabs) {
      const a = tab.attributeByName.get(name.toLowerCase());
      if (a) return a;
    }
    return undefined;
  }

  /** The LDAP filter of a type's objects, or of its templates: `(&<type filter><branch filter>)`. */
  typeFilter(type: ObjectType, templates = false): FilterNode {
    const branch = this.branchOf(type.decl);
    const objects = branch ? and(type.filter, parseFilter(filterRdnOf(branch))) : type.filter;
    // Templates carry the type's values as `attr:value` fdTemplateField values.
    return templates ? and(eq('objectClass', 'fdTemplate'), templateFilter(objects)) : objects;
  }

  /**
   * List objects of a type (REST v1's GET /objects/{type}, plus paging and sorting). Without `limit` and `sort`
   * every match is returned through a paged search; with them, one window of the server-side sorted list.
   */
  async list(actor: Actor, typeId: string, options: ListOptions = {}): Promise<ListResult> {
    const type = this.type(typeId);
    const base = options.base ?? this.baseDN;
    try {
      parseDn(base);
    } catch {
      throw invalid(`"${base}" is not a DN.`, { attribute: 'base' });
    }
    if (!isDescendantOf(base, this.baseDN, { orSelf: true })) return { entries: [] };
    const scope = options.scope === 'one' ? 'one' : options.scope === 'base' ? 'base' : 'sub';
    const known = (name: string) => ['objectclass', 'dn'].includes(name.toLowerCase()) || this.typeAttribute(type, name) !== undefined;
    const mainAttribute = type.decl.mainAttribute || undefined;
    const requested = options.attributes && options.attributes.length > 0 ? options.attributes : mainAttribute ? [mainAttribute] : [];
    for (const name of requested) if (!known(name)) throw invalid(`Could not find ACL for attribute "${name}" for type "${type.id}"`, { attribute: name });
    let userFilter: FilterNode | undefined;
    if (options.filter) {
      try {
        userFilter = parseFilter(options.filter);
      } catch (e) {
        throw invalid(`Invalid filter "${options.filter}": ${(e as Error).message}`, { attribute: 'filter' });
      }
      for (const name of attributeNamesOf(userFilter)) if (!known(name)) throw invalid(`Could not find ACL for attribute "${name}" for type "${type.id}"`, { attribute: name });
    }
    const filter = userFilter ? and(this.typeFilter(type, options.templates), options.templates ? templateFilter(userFilter) : userFilter) : this.typeFilter(type, options.templates);
    const ldapAttributes = options.templates ? ['cn', 'fdTemplateField'] : requested.filter((n) => n.toLowerCase() !== 'dn');
    const binary = ldapAttributes.filter((n) => this.typeAttribute(type, n)?.kind.binary);
    // Rights that are the same everywhere (a super administrator) need not be asked entry by entry.
    const uniform = await this.access.uniformRights?.(actor);
    if (uniform === '') return { entries: [] };
    const readable = async (dn: string, attributes: Record<string, string[]>): Promise<ListedEntry | null> => {
      // Entries come from a search under `base`, checked above to be inside the directory.
      if (uniform !== undefined && uniform.includes('r')) return { dn, attributes };
      const probe: OpenedObject = { type, dn, objectClasses: [], tabs: new Map() };
      if (!(await this.rights(actor, probe, type.mainTab)).includes('r')) return null;
      const out: Record<string, string[]> = {};
      for (const [name, values] of Object.entries(attributes)) {
        const a = this.typeAttribute(type, name);
        if (a?.acl && !(await this.rights(actor, probe, this.registry.tab(a.tab)!, a.acl)).includes('r')) continue;
        out[name] = values;
      }
      return { dn, attributes: out };
    };
    const toListed = async (entry: LdapEntry) => {
      const attributes: Record<string, string[]> = {};
      for (const name of ldapAttributes) {
        const values = binary.includes(name) ? entry.buffers(name).map((b) => b.toString('base64')) : entry.get(name);
        if (values.length > 0) attributes[name] = values;
      }
      return readable(entry.dn, attributes);
    };
    const paged = options.limit !== undefined || (options.sort !== undefined && options.sort.length > 0);
    // Rights that differ from entry to entry: pages and totals leave out what the actor may not read.
    const visible = uniform === undefined && this.access.readableTest ? await this.access.readableTest(actor, type.aclCategory, type.mainTab.id) : undefined;
    const fromIndex = await this.listFromIndex(type, base, scope, userFilter, ldapAttributes, binary, options, readable, visible);
    if (fromIndex) return fromIndex;
    try {
      if (!paged) {
        const entries: ListedEntry[] = [];
        for await (const page of this.gateway.searchPages(base, { scope, filter, attributes: ldapAttributes.length ? ldapAttributes : ['1.1'], binaryAttributes: binary })) {
          for (const entry of page) {
            const listed = await toListed(entry);
            if (listed) entries.push(listed);
          }
        }
        return { entries };
      }
      const limit = Math.min(Math.max(options.limit ?? 50, 1), 1000);
      const offset = options.cursor ? decodeCursor(options.cursor) : 1;
      const sort = (options.sort && options.sort.length > 0 ? options.sort : [{ attribute: mainAttribute ?? 'cn' }]).map((k) => {
        if (!known(k.attribute)) throw invalid(`Cannot sort on "${k.attribute}": not an attribute of type "${type.id}"`, { attribute: k.attribute });
        // sn and friends have no ORDERING rule in the standard schema; name it explicitly.
        return { attribute: k.attribute, orderingRule: 'caseIgnoreOrderingMatch', ...(k.reverse ? { reverse: true } : {}) };
      });
      if (visible) {
        // Server-side paging cannot leave out what the actor may not read: read the matches' sort keys, keep the
        // readable ones, sort and page here (only while the list index is cold).
        const keys = sort.map((k) => k.attribute);
        const found = (await this.gateway.searchAll(base, { scope, filter, attributes: [...new Set([...ldapAttributes, ...keys])], binaryAttributes: binary })).filter((e) => visible.test(e.dn));
        const first = (e: LdapEntry, i: number) => e.first(keys[i]!) ?? '';
        found.sort((a, b) => {
          for (let i = 0; i < sort.length; i++) {
            const c = listCollator.compare(first(a, i), first(b, i));
            if (c !== 0) return sort[i]!.reverse ? -c : c;
          }
          return listCollator.compare(a.dn, b.dn);
        });
        const entries: ListedEntry[] = [];
        for (const entry of found.slice(offset - 1, offset - 1 + limit)) {
          const listed = await toListed(entry);
          if (listed) entries.push(listed);
        }
        const next = offset + limit;
        return { entries, total: found.length, ...(next <= found.length ? { nextCursor: encodeCursor(next) } : {}) };
      }
      const result = await this.gateway.vlv(base, { scope, filter, attributes: ldapAttributes.length ? ldapAttributes : ['1.1'], binaryAttributes: binary, sort, beforeCount: 0, afterCount: limit - 1, target: { byOffset: { offset } } });
      const entries: ListedEntry[] = [];
      for (const entry of result.entries) {
        const listed = await toListed(entry);
        if (listed) entries.push(listed);
      }
      const next = offset + result.entries.length;
      return { entries, total: result.contentCount, ...(result.entries.length > 0 && next <= result.contentCount ? { nextCursor: encodeCursor(next) } : {}) };
    } catch (e) {
      if (e instanceof NoSuchObjectError) return { entries: [] };
      if (e instanceof OffsetRangeError) return { entries: [], total: 0 };
      throw e;
    }
  }

  /**
   * Run a write guarded by an assertion on the entryCSN read at open. slapd's unique overlay runs its own
   * search with the request's controls, so a write touching a unique attribute fails the assertion even when
   * nothing changed ("unique_search failed"): then the CSN is compared by a read and the write done unguarded.
   */
  private async guarded(dn: string, csn: string | undefined, write: (guard: { assertion?: FilterNode }) => Promise<void>): Promise<void> {
    if (!csn) return write({});
    try {
      await write({ assertion: eq('entryCSN', csn) });
    } catch (e) {
      if (!(e instanceof AssertionFailedError) || !/unique/i.test(e.diagnosticMessage)) throw e;
      if ((await this.gateway.read(dn, ['entryCSN']))?.first('entryCSN') !== csn) throw e;
      await write({});
    }
  }

  /**
   * A new, unsaved object with the values of an existing one (FusionDirectory's copy): same tabs and values in
   * `base` (default: the source's department), ids that are allocated per object left empty. The caller
   * changes the naming attribute before saving.
   */
  async copy(actor: Actor, typeId: string, dn: string, base?: string): Promise<OpenedObject> {
    const source = await this.open(actor, typeId, dn);
    const hidden = new Map<TabState, number>();
    for (const state of source.tabs.values()) {
      // What the actor may not read is not copied.
      for (const a of state.tab.attributes) {
        if (a.acl && !(await this.rights(actor, source, state.tab, a.acl)).includes('r')) {
          state.values.set(a.decl.name, a.kind.empty(a.decl));
          hidden.set(state, (hidden.get(state) ?? 0) + 1);
        }
      }
    }
    const copy: OpenedObject = { type: source.type, dn: null, objectClasses: [], tabs: new Map() };
    for (const [key, state] of source.tabs) {
      const values = new Map(state.values);
      for (const a of state.tab.attributes) {
        // Never copied: ids allocated per object and personal identifiers (resetOnCopy), values the engine computes,
        // values shown but never written (operational ones), and the password (its hash would open the new account).
        const password = a.decl.kind === 'custom' && a.decl.codec === 'userPassword';
        if (a.decl.resetOnCopy || a.decl.derived || a.decl.kind === 'readOnly' || password) values.set(a.decl.name, a.kind.empty(a.decl));
        if (a.decl.kind === 'base') values.set(a.decl.name, base ?? state.values.get(a.decl.name) ?? this.baseDN);
      }
      // A switchable tab none of whose attributes the actor may read is left off rather than copied empty.
      const unreadable = hidden.get(state) === state.tab.attributes.filter((a) => a.acl).length && state.tab !== source.type.mainTab && !state.tab.decl.alwaysActive;
      copy.tabs.set(key, { tab: state.tab, active: state.active && !unreadable, initiallyActive: false, values, initial: new Map() });
    }
    // A type without a department field (mail templates) still places its copy beside the source.
    const main = copy.tabs.get(source.type.mainTab.id.toLowerCase());
    if (main && !main.tab.attributes.some((a) => a.decl.kind === 'base')) main.values.set('base', base ?? this.baseOf(source.type, dn));
    return copy;
  }

  /**
   * Save a copy made by `copy` (creation rights are those of any creation) and record FusionDirectory's copy events:
   * action `copy` of type `copy` on the source, and of type `paste` on the new object (fd-core.md §11.1), besides
   * the usual `create` events. `fdAuditActions` decides whether `copy` is recorded.
   */
  async saveCopy(actor: Actor, obj: OpenedObject, sourceDn: string): Promise<string> {
    if (obj.dn !== null) throw invalid('Only a new object made by a copy can be saved as a copy.', { dn: obj.dn });
    await this.renameCopiedValues(obj, sourceDn);
    const dn = await this.save(actor, obj);
    await this.copyReferences(actor, obj, sourceDn, dn);
    if (this.audit) {
      const who = { result: 'Success', author: actor.dn, ...(actor.ip ? { ip: actor.ip } : {}) };
      await this.audit.record({ action: 'copy', objectType: 'copy', object: sourceDn, ...who });
      await this.audit.record({ action: 'copy', objectType: 'paste', object: dn, ...who });
    }
    return dn;
  }

  /** Values declared `renameOnCopy` that the copy left as the source had them follow the copy's new name. */
  private async renameCopiedValues(copy: OpenedObject, sourceDn: string): Promise<void> {
    const wanted = [...copy.tabs.values()].filter((s) => s.active).flatMap((s) => s.tab.attributes.filter((a) => a.decl.renameOnCopy).map((a) => ({ state: s, a })));
    if (wanted.length === 0) return;
    const source = await this.gateway.read(sourceDn, [...new Set(wanted.flatMap(({ a }) => [a.decl.name, a.decl.renameOnCopy!]))]);
    if (!source) return;
    const copyValue = (name: string): unknown => {
      for (const s of copy.tabs.values()) {
        const found = s.active ? s.tab.attributeByName.get(name.toLowerCase()) : undefined;
        if (found) return s.values.get(found.decl.name);
      }
      return undefined;
    };
    for (const { state, a } of wanted) {
      const before = source.first(a.decl.name);
      const oldName = source.first(a.decl.renameOnCopy!);
      const newName = copyValue(a.decl.renameOnCopy!);
      if (before === undefined || !oldName || typeof newName !== 'string' || newName === '' || newName === oldName || state.values.get(a.decl.name) !== before) continue;
      const alone = new RegExp(`(?<![\\p{L}\\p{N}])${oldName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'gu');
      state.values.set(a.decl.name, before.replace(alone, () => newName));
    }
  }

  /**
   * FusionDirectory's foreign keys in `copy` mode (fd-core.md §2.10): where a membership (`followsCopy`) refers to
   * the source (a group's member, a role's occupant, a POSIX group's memberUid), the copy is added beside it — only
   * where the actor may write that attribute. Other references (a sponsor, a group's administrators, a task's
   * recipients) are not extended to the copy.
   */
  private async copyReferences(actor: Actor, copy: OpenedObject, sourceDn: string, dn: string): Promise<void> {
    const targets: Array<{ attribute: string; oldValue: string; newValue: string }> = [];
    for (const tab of this.registry.allTabs()) {
      for (const a of tab.attributes) if (a.decl.kind === 'dns' && a.decl.followsCopy === true && a.decl.inLdap !== false && !targets.some((t) => t.attribute.toLowerCase() === a.decl.name.toLowerCase())) targets.push({ attribute: a.decl.name, oldValue: sourceDn, newValue: dn });
    }
    const referred = [...this.referredAttributes(copy.type)];
    const source = referred.length > 0 ? await this.gateway.read(sourceDn, referred) : null;
    for (const name of referred) {
      const oldValue = source?.first(name);
      const state = [...copy.tabs.values()].find((s) => s.active && s.tab.attributeByName.has(name));
      const newValue = state?.values.get(state.tab.attributeByName.get(name)!.decl.name);
      if (oldValue === undefined || typeof newValue !== 'string' || newValue === '' || newValue === oldValue) continue;
      for (const tab of this.registry.allTabs()) {
        for (const a of tab.attributes) {
          const to = a.decl.refersTo;
          if (to && a.decl.followsCopy === true && to.attribute.toLowerCase() === name && to.types.some((t) => t.toLowerCase() === copy.type.id.toLowerCase()) && (a.decl.kind === 'set' || a.decl.kind === 'orderedList')) targets.push({ attribute: a.decl.name, oldValue, newValue });
        }
      }
    }
    for (const target of targets) {
      let entries: LdapEntry[];
      try {
        entries = await this.gateway.searchAll(this.baseDN, { scope: 'sub', filter: eq(target.attribute, target.oldValue), attributes: ['objectClass'] });
      } catch (e) {
        if (e instanceof NoSuchObjectError) continue;
        throw e;
      }
      for (const entry of entries) {
        if (dnEquals(entry.dn, dn)) continue;
        const type = this.registry.allTypes().find((t) => matchEntry(t.filter, entry));
        const attribute = type?.tabs.flatMap((t) => t.attributes).find((x) => x.decl.name.toLowerCase() === target.attribute.toLowerCase());
        if (!type || !attribute) continue;
        if (attribute.acl && !(await this.access.rights(actor, { dn: entry.dn, category: type.aclCategory, tab: attribute.tab, attribute: attribute.acl })).includes('w')) continue;
        await this.gateway.modify(entry.dn, [{ operation: 'add', attribute: target.attribute, values: [target.newValue] }]).catch((e: unknown) => {
          if (!(e instanceof AttributeOrValueExistsError)) throw e;
        });
        this.onWrite?.({ dn: entry.dn, objectClasses: entry.get('objectClass'), deleted: false });
        await this.indexes?.written(type, entry.dn).catch(() => undefined);
      }
    }
  }

  /**
   * The read-only References view (fd-core.md §2.10): every object that refers to this one, by type, tab and
   * attribute — DN attributes (member, manager…), ACL assignments, and values such as a uid in memberUid.
   */
  async references(actor: Actor, typeId: string, dn: string): Promise<Record<string, { type?: string; tabs: Record<string, { fields: Record<string, string> }> }>> {
    const obj = await this.open(actor, typeId, dn);
    const found = await findReferences(this.gateway, this.registry, this.baseDN, dn);
    const referred = this.referredAttributes(obj.type);
    for (const state of obj.tabs.values()) {
      for (const a of state.tab.attributes) {
        if (!state.active || !referred.has(a.decl.name.toLowerCase())) continue;
        const value = (a.kind.encode(state.values.get(a.decl.name) ?? a.kind.empty(a.decl), a.decl) as string[])[0];
        if (value === undefined) continue;
        for (const tab of this.registry.allTabs()) {
          for (const r of tab.attributes.filter((x) => x.decl.refersTo?.attribute.toLowerCase() === a.decl.name.toLowerCase())) {
            for (const entry of await this.gateway.searchAll(this.baseDN, { filter: eq(r.decl.name, value), attributes: ['1.1'] })) found.push({ dn: entry.dn, attribute: r.decl.name });
          }
        }
      }
    }
    const out: Record<string, { type?: string; tabs: Record<string, { fields: Record<string, string> }> }> = {};
    for (const ref of found) {
      const entry = await this.gateway.read(ref.dn, ['objectClass']);
      if (!entry) continue;
      const type = this.registry.allTypes().find((t) => matchEntry(t.filter, entry));
      // Only what the actor may read is shown.
      if (type && !(await this.access.rights(actor, { dn: ref.dn, category: type.aclCategory, tab: type.mainTab.id })).includes('r')) continue;
      const tab = type?.tabs.find((t) => t.attributeByName.has(ref.attribute.toLowerCase()));
      const slot = (out[ref.dn] ??= { ...(type ? { type: type.id } : {}), tabs: {} });
      const fields = (slot.tabs[tab?.id ?? (ref.attribute === 'gosaAclEntry' ? 'aclAssignment' : 'ldap')] ??= { fields: {} }).fields;
      const attribute = tab?.attributeByName.get(ref.attribute.toLowerCase());
      fields[ref.attribute] = attribute ? this.registry.text(attribute.decl.label) : ref.attribute;
    }
    return out;
  }

  /** A template entry of a type: its fields, checked to be a template of that type's branch. */
  private async readTemplate(type: ObjectType, templateDn: string): Promise<TemplateEntry> {
    const entry = await this.gateway.read(templateDn, ['objectClass', 'cn', 'fdTemplateField'], { binaryAttributes: ['fdTemplateField'] });
    if (!entry) throw new AppError({ code: 'object.not_found', message: `Non-existing dn "${templateDn}"!`, dn: templateDn });
    const template = readTemplateEntry({ objectClass: entry.get('objectClass'), cn: entry.get('cn'), fdTemplateField: entry.buffers('fdTemplateField') });
    const classes = templateObjectClasses(template.fields).map((c) => c.toLowerCase());
    if (!type.mainTab.decl.objectClasses.every((c) => classes.includes(c.toLowerCase()))) throw invalid(`"${templateDn}" is not a template of type "${type.id}"`, { dn: templateDn });
    return template;
  }

  /** The fields a user must fill to create an object from a template, by tab (REST's templatefields). */
  async templateFields(actor: Actor, typeId: string, templateDn: string): Promise<Record<string, string[]>> {
    const type = this.type(typeId);
    if (!(await this.access.rights(actor, { dn: templateDn, category: type.aclCategory, tab: 'template' })).includes('r')) throw denied(`You have no permission to use the template "${templateDn}"`, { dn: templateDn });
    const template = await this.readTemplate(type, templateDn);
    const out: Record<string, string[]> = {};
    for (const field of askmeFields(template.fields)) {
      const a = this.typeAttribute(type, field.attribute);
      const tab = a?.tab ?? type.mainTab.id;
      (out[tab] ??= []).push(a?.decl.name ?? field.attribute);
    }
    return out;
  }

  /**
   * A new object made from a template (fd-core.md §6.3): `%askme%` and referenced fields take the answers
   * (JSON values by tab, like a creation's body), masks are expanded, unique values are chosen among the
   * candidates; tabs whose objectClasses the template carries are switched on. Not saved yet.
   */
  async createFromTemplate(actor: Actor, typeId: string, templateDn: string, answers: Record<string, Record<string, unknown>> = {}): Promise<OpenedObject> {
    const type = this.type(typeId);
    if (!(await this.access.rights(actor, { dn: templateDn, category: type.aclCategory, tab: 'template' })).includes('r')) throw denied(`You have no permission to use the template "${templateDn}"`, { dn: templateDn });
    const template = await this.readTemplate(type, templateDn);
    const flat: Record<string, string[]> = {};
    for (const [tabId, values] of Object.entries(answers)) {
      const tab = this.registry.tab(tabId);
      if (!tab || !type.tabs.includes(tab)) throw new AppError({ code: 'object.not_found', message: `Tab "${tabId}" of type "${type.id}" does not exists`, tab: tabId });
      for (const [name, json] of Object.entries(values)) {
        const a = tab.attributeByName.get(name.toLowerCase());
        if (!a) throw invalid(`Unknown field "${name}"`, { tab: tab.id, attribute: name });
        try {
          const value = a.kind.fromJson(json, a.decl);
          flat[a.decl.name] = a.decl.kind === 'base' ? [String(value)] : (a.kind.encode(value, a.decl) as string[]);
        } catch (e) {
          if (e instanceof ValueError) throw invalid(e.message, { tab: tab.id, attribute: a.decl.name });
          throw e;
        }
      }
    }
    const applied = await applyTemplate(template.fields, flat, {}, await this.templateContext(actor, type));
    // Templates live in ou=templates,<branch>,<department>: the object goes to that department unless told.
    const templateBase = this.baseOf(type, parentDn(templateDn) ?? this.baseDN);
    const obj = await this.create(actor, typeId, applied.base ?? templateBase);
    await this.fillFromTemplate(actor, obj, template, applied.attributes);
    return obj;
  }

  /**
   * Apply a template to an existing object (FusionDirectory's "Apply template"): the template's fields are
   * expanded over the object's current values (asked fields keep the object's own), the tabs it carries are
   * switched on. Not saved yet.
   */
  async applyTemplateTo(actor: Actor, typeId: string, dn: string, templateDn: string): Promise<OpenedObject> {
    const type = this.type(typeId);
    if (!(await this.access.rights(actor, { dn: templateDn, category: type.aclCategory, tab: 'template' })).includes('r')) throw denied(`You have no permission to use the template "${templateDn}"`, { dn: templateDn });
    const template = await this.readTemplate(type, templateDn);
    const obj = await this.open(actor, typeId, dn);
    const applied = await applyTemplate(template.fields, {}, this.maskValues(obj), await this.templateContext(actor, type));
    await this.fillFromTemplate(actor, obj, template, applied.attributes);
    return obj;
  }

  /** What template masks may use besides the object's values: the caller's identity, and a uniqueness test. */
  private async templateContext(actor: Actor, type: ObjectType): Promise<Parameters<typeof applyTemplate>[3]> {
    const caller = await this.gateway.read(actor.dn, ['cn', 'uid', 'sn', 'givenName', 'mail']);
    const special: Record<string, string[]> = { callerDN: [actor.dn], callerCN: caller?.get('cn') ?? [], callerUID: caller?.get('uid') ?? [], callerSN: caller?.get('sn') ?? [], callerGIVENNAME: caller?.get('givenName') ?? [], callerMAIL: caller?.get('mail') ?? [] };
    return {
      special,
      isTaken: async (attribute, value) => {
        const a = this.typeAttribute(type, attribute);
        if (!a?.decl.unique) return false;
        return (await this.gateway.searchAll(this.baseDN, { filter: eq(attribute, value), attributes: ['1.1'], sizeLimit: 1 })).length > 0;
      },
    };
  }

  /** Switch on the tabs whose objectClasses a template carries, and set the expanded values. */
  private async fillFromTemplate(actor: Actor, obj: OpenedObject, template: TemplateEntry, attributes: Record<string, readonly (string | Uint8Array)[]>): Promise<void> {
    const classes = new Set(templateObjectClasses(template.fields).map((c) => c.toLowerCase()));
    for (const state of obj.tabs.values()) {
      if (!state.active && state.tab.decl.objectClasses.length > 0 && state.tab.decl.objectClasses.every((c) => classes.has(c.toLowerCase()))) await this.activateTab(actor, obj, state.tab.id);
    }
    for (const [name, values] of Object.entries(attributes)) {
      if (name.toLowerCase() === 'objectclass') continue;
      for (const state of obj.tabs.values()) {
        const a = state.tab.attributeByName.get(name.toLowerCase());
        if (!a || a.decl.kind === 'base' || !state.active) continue;
        state.values.set(a.decl.name, a.kind.decode(values.map((v) => (typeof v === 'string' ? v : Buffer.from(v))), a.decl));
      }
    }
  }

  /**
   * Answer a listing from the type's in-memory index when it is warm and can: objects (not templates), a
   * subtree or one-level scope, every asked, filtered and sorted attribute held, the filter evaluable in memory,
   * and no cursor of the LDAP path. Else undefined, and the caller reads LDAP.
   */
  private async listFromIndex(
    type: ObjectType,
    base: string,
    scope: 'base' | 'one' | 'sub',
    userFilter: FilterNode | undefined,
    attributes: string[],
    binary: string[],
    options: ListOptions,
    readable: (dn: string, attributes: Record<string, string[]>) => Promise<ListedEntry | null>,
    visible?: { key: string; test(dn: string): boolean },
  ): Promise<ListResult | undefined> {
    if (!this.indexes || options.templates || scope === 'base' || binary.length > 0 || options.cursor?.startsWith('v.')) return undefined;
    const index = this.indexes.warm(type, this.typeFilter(type));
    if (!index) return undefined;
    const sort = options.sort ?? [];
    if (![...attributes, ...sort.map((k) => k.attribute)].every((a) => index.hasAttribute(a))) return undefined;
    if (userFilter && !index.canEvaluate(userFilter)) return undefined;
    const paged = options.limit !== undefined || sort.length > 0;
    const limit = paged ? Math.min(Math.max(options.limit ?? 50, 1), 1000) : Math.max(index.size, 1);
    const sortKeys = sort.length > 0 ? sort : paged && type.decl.mainAttribute ? [{ attribute: type.decl.mainAttribute }] : [];
    const page = index.query({
      base,
      scope,
      ...(userFilter ? { filter: userFilter } : {}),
      sort: sortKeys.map((k) => ({ attribute: k.attribute, ...(k.reverse ? { reverse: true } : {}) })),
      limit,
      attributes,
      ...(visible ? { visible } : {}),
      ...(options.cursor ? { cursor: options.cursor.replace(/^i\./, '') } : {}),
    });
    const entries: ListedEntry[] = [];
    for (const row of page.entries) {
      const listed = await readable(row.dn, Object.fromEntries(Object.entries(row.attributes).filter(([, v]) => v.length > 0)));
      if (listed) entries.push(listed);
    }
    return { entries, ...(paged ? { total: page.total } : {}), ...(paged && page.nextCursor ? { nextCursor: `i.${page.nextCursor}` } : {}) };
  }

  /** The type's in-memory list index when it is warm (starting it otherwise), for lists that page by offset. */
  warmIndex(type: ObjectType): ListIndex | undefined {
    return this.indexes?.warm(type, this.typeFilter(type));
  }

  /** Delete an object and its whole subtree. */
  async delete(actor: Actor, typeId: string, dn: string): Promise<void> {
    const obj = await this.open(actor, typeId, dn);
    if (!(await this.rights(actor, obj, obj.type.mainTab)).includes('d')) throw denied(`You have no permission to delete the object: ${dn}`, { dn });
    if (this.isAuxiliary(obj.type)) {
      // Deleting an ACL assignment removes its classes and values from the entry, never the entry.
      for (const state of obj.tabs.values()) if (state.active && state.tab.decl.alwaysActive !== true) state.active = false;
      await this.save(actor, obj);
      return;
    }
    if (obj.type.decl.mainAttribute === false) throw invalid(`Objects of type "${obj.type.id}" cannot be deleted`, { dn });
    const triggers = parseTriggers(this.config.list('fdTabHook'));
    const activeTabs = [...obj.tabs.values()].filter((t) => t.active).map((t) => t.tab.id);
    const context = triggers.length > 0 ? await this.triggerContext(actor, obj, dn, []) : undefined;
    if (context) await runTriggers(triggers, 'preremove', activeTabs, context);
    const entries = (await this.gateway.searchAll(dn, { scope: 'sub', attributes: ['1.1'] })).map((e) => e.dn);
    entries.sort((a, b) => parseDn(b).length - parseDn(a).length);
    for (const child of entries) await this.gateway.delete(child);
    this.onWrite?.({ dn, objectClasses: obj.objectClasses, deleted: true });
    this.indexes?.deleted(obj.type, dn);
    if (this.audit && (this.audit.enabled?.('remove') ?? true)) await recordObjectAudit(this.audit, planObjectRemoval(obj), dn, actor);
    if (context) await runTriggers(triggers, 'postremove', activeTabs, context);
    // References to the object, and to anything that was below it, are removed.
    await updateReferences(this.gateway, this.registry, this.baseDN, { oldDn: dn, newDn: null, subtree: entries.length > 1 });
    for (const { attribute, oldValue } of this.changedSingleValues({ ...obj, tabs: new Map([...obj.tabs].map(([k, st]) => [k, { ...st, active: false }])) })) {
      await updateValueReferences(this.gateway, this.registry, this.baseDN, { type: obj.type.id, attribute, oldValue, newValue: null });
    }
  }
}
