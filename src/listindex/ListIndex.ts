// The list index: an in-memory read model of one object type (its DN, list columns, search and sort
// attributes), loaded and kept current by a ChangeSource (RFC 4533 content sync, or polling), that
// answers sorted, filtered, searched and paged list queries without asking LDAP. A cache: it can be
// dropped and rebuilt at any time; until it is warm, callers list through LDAP.
import type { LdapGateway } from '../ldap/LdapGateway.ts';
import { type FilterNode, filterToString, parseFilter } from '../ldap/filter.ts';
import type { ChangeSink, ChangeSource, ChangeSubscription, ContentEntry } from '../ldap/sync/ChangeSource.ts';
import type { AttributeTypeDef } from '../schema/types.ts';
import { type Column, type FilterEnvironment, NotEvaluableError, TRUE, compileFilter, parseGeneralizedTime, parseInteger } from './compileFilter.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { dnKey, parentKey } from './dnKey.ts';
import { foldText, prepareCaseIgnore } from './fold.ts';
import { type AttributeMatching, MatchingTable } from './matching.ts';
import { type SortKeyValue, SortedOrder, compareKeys } from './SortedOrder.ts';

export interface ListIndexOptions {
  /** Used by {@link ListIndex.refreshEntry} to re-read one entry. */
  gateway: LdapGateway;
  /** Loads the content and follows its changes (ContentSyncSource or PollingSource). */
  changeSource: ChangeSource;
  /** The branch holding the type's entries. */
  base: string;
  /** Default `sub`. */
  scope?: 'one' | 'sub';
  /** The type's filter, e.g. `(objectClass=inetOrgPerson)`. */
  filter: FilterNode | string;
  /** Attributes to hold: list columns, search and sort attributes, what ACL evaluation needs. */
  attributes: string[];
  /** Attributes compared with caseIgnoreMatch, besides the standard ones (see matching.ts). */
  caseIgnoreAttributes?: string[];
  /** Matching rules by attribute, winning over the schema and the standard table. */
  matching?: Record<string, AttributeMatching>;
  /** The server's schema (`await gateway.readSubschema()`), to know every attribute's matching rules. */
  schema?: { attributeTypes: AttributeTypeDef[] };
  /** Sort orders to build as soon as the index is warm; others are built on first use. */
  sortAttributes?: string[];
  /** How long a local write wins over the change stream until the stream confirms it, in ms (default 10 000). */
  localWriteHoldMs?: number;
}

/** One key of a sort. */
export interface ListSortKey {
  attribute: string;
  reverse?: boolean;
}

interface ListQueryBase {
  /** A department (or any branch) inside the index's base; default the index's base. */
  base?: string;
  /** Relative to `base`: its children, or its whole subtree (default). */
  scope?: 'one' | 'sub';
  /** An LDAP filter on indexed attributes (see {@link ListIndex.canEvaluate}). */
  filter?: FilterNode;
  /** Search-as-you-type: every word of `text` is a case- and accent-insensitive substring of one of `attributes`. */
  search?: { text: string; attributes: string[] };
  /** Default: by DN. Ties are always broken by DN, ascending. */
  sort?: ListSortKey[];
  /** Rows to return (0: only the total). */
  limit: number;
  /** Attributes to return (default: every indexed attribute). */
  attributes?: string[];
  /**
   * Only the entries this says the reader may see (access rights): excluded from the page and the total. `key` names
   * the predicate (its user and rules' version) for the cache of match sets: the same key must mean the same answers.
   */
  visible?: { key: string; test(dn: string): boolean };
}

/** A list query: page with the `nextCursor` of the previous page, or with an offset. */
export type ListQuery = ListQueryBase & ({ cursor?: string; offset?: undefined } | { offset?: number; cursor?: undefined });

export interface ListRow {
  dn: string;
  attributes: Record<string, string[]>;
}

export interface ListPage {
  /** Entries matching base, scope, filter and search. */
  total: number;
  entries: ListRow[];
  /** Present when more entries follow. */
  nextCursor?: string;
}

export interface ListIndexStatus {
  /** Loaded: queries are answered. */
  warm: boolean;
  /** Following the stream right now (false while reconnecting: answers may lag). */
  live: boolean;
  entries: number;
  /** Changes applied since start. */
  version: number;
  /** Local writes not yet confirmed by the stream. */
  pendingLocalWrites: number;
  lastError?: Error;
}

/** The index is not loaded yet: list through LDAP meanwhile. */
export class ListIndexNotReadyError extends Error {
  override name = 'ListIndexNotReadyError';
}

type Cell = string | readonly string[] | undefined;

/** A write made through this instance, winning over the stream until confirmed or expired. */
interface LocalWrite {
  dnKey: string;
  /** The entry's id when known. */
  id: string | undefined;
  /** The written values by column (null: the entry was deleted). */
  cells: Map<number, Cell> | null;
  until: number;
  /** What the stream said meanwhile, applied if the hold expires unconfirmed. */
  shadow?: ContentEntry | 'removed';
}

const LOCAL_ID_PREFIX = 'local:';
/** Past this many single changes between two uses, an order is rebuilt rather than patched. */
const MAX_PATCHES = 1_000;
const INTERN_LIMIT = 4_096;
const DN_ORDER = '\u0000dn';

/**
 * @example
 * const users = new ListIndex({ gateway, changeSource: new ContentSyncSource({ urls, bind }), base: 'ou=people,dc=x',
 *   filter: '(objectClass=inetOrgPerson)', attributes: ['uid', 'cn', 'sn', 'givenName', 'mail', 'objectClass'], sortAttributes: ['sn'] });
 * await users.whenWarm();
 * const page = users.query({ sort: [{ attribute: 'sn' }], limit: 50, search: { text: 'dup', attributes: ['cn', 'uid', 'mail'] } });
 */
export class ListIndex {
  public readonly base: string;
  public readonly filter: FilterNode;
  private readonly baseKey: string;
  private readonly options: ListIndexOptions;
  private readonly matching: MatchingTable;
  private readonly holdMs: number;

  // Columns: configured names, canonical names → column number, rules for sort keys.
  private readonly names: string[];
  private readonly columnOf = new Map<string, number>();
  private readonly sortKinds: ('text' | 'integer' | 'time')[];

  // Storage by slot (struct of arrays; a slot is reused after a removal).
  private readonly ids: (string | undefined)[] = [];
  private readonly dns: (string | undefined)[] = [];
  private readonly dnKeys: (string | undefined)[] = [];
  private parentOf = new Int32Array(1024);
  private seen = new Int32Array(1024);
  private readonly raw: Cell[][];
  private readonly folded: Cell[][];
  private readonly free: number[] = [];
  private slotCount = 0;
  private liveCount = 0;
  private readonly byId = new Map<string, number>();
  private readonly byDn = new Map<string, number>();
  private readonly parents: string[] = [];
  private readonly parentIds = new Map<string, number>();
  private readonly interned: (Map<string, string> | null)[];
  private readonly internedLists: (Map<string, readonly string[]> | null)[];
  /** Folded and prepared forms of interned values, by column. */
  private readonly derivedFolded: (Map<string, string> | null)[];
  private readonly derivedPrepared: (Map<string, string> | null)[];
  /** Folded and prepared forms of interned lists. */
  private readonly derivedLists = { folded: new WeakMap<readonly string[], readonly string[]>(), prepared: new WeakMap<readonly string[], readonly string[]>() };
  /** caseIgnore-prepared values, for the columns filters have used. */
  private readonly prepared: (Cell[] | undefined)[];

  private readonly orders = new Map<string, SortedOrder>();
  /** Recent match sets (per query context and search words), valid while the version is unchanged. */
  private readonly matchCache: MatchSet[] = [];
  private readonly localWrites = new Map<string, LocalWrite>();
  private readonly localWritesById = new Map<string, LocalWrite>();

  private epoch = 0;
  private version = 0;
  private warm = false;
  private live = false;
  private lastError: Error | undefined;
  /** The type's filter can be evaluated here (then local writes are checked against it). */
  private readonly typeFilterEvaluable: boolean;
  private readonly subscription: ChangeSubscription;
  private readonly warmPromise: Promise<void>;
  private resolveWarm!: () => void;

  public constructor(options: ListIndexOptions) {
    this.options = options;
    this.base = options.base;
    this.baseKey = dnKey(options.base);
    this.filter = typeof options.filter === 'string' ? parseFilter(options.filter) : options.filter;
    this.holdMs = options.localWriteHoldMs ?? 10_000;
    this.matching = new MatchingTable({
      ...(options.schema ? { schema: options.schema } : {}),
      ...(options.caseIgnoreAttributes ? { caseIgnoreAttributes: options.caseIgnoreAttributes } : {}),
      ...(options.matching ? { matching: options.matching } : {}),
    });
    this.names = [];
    for (const name of options.attributes) {
      const canonical = this.matching.canonical(name);
      if (this.columnOf.has(canonical)) continue;
      this.columnOf.set(canonical, this.names.length);
      this.names.push(name);
    }
    this.raw = this.names.map(() => []);
    this.folded = this.names.map(() => []);
    this.interned = this.names.map(() => new Map());
    this.internedLists = this.names.map(() => new Map());
    this.derivedFolded = this.names.map(() => new Map());
    this.derivedPrepared = this.names.map(() => new Map());
    this.prepared = this.names.map(() => undefined);
    this.sortKinds = this.names.map((name) => {
      const ordering = this.matching.rulesOf(name)?.ordering ?? this.matching.rulesOf(name)?.equality;
      return ordering === 'integer' ? 'integer' : ordering === 'generalizedTime' ? 'time' : 'text';
    });
    let evaluable = true;
    try {
      compileFilter(this.filter, this.scratchEnvironment(new Map()));
    } catch {
      evaluable = false;
    }
    this.typeFilterEvaluable = evaluable;
    let rejectWarm!: (error: Error) => void;
    this.warmPromise = new Promise((resolve, reject) => {
      this.resolveWarm = resolve;
      rejectWarm = reject;
    });
    this.warmPromise.catch(() => {
      // observed by whoever awaits whenWarm()
    });
    this.subscription = options.changeSource.subscribe(
      { base: options.base, scope: options.scope ?? 'sub', filter: this.filter, attributes: [...this.names] },
      this.sink(),
    );
    this.subscription.ready.catch((error: unknown) => {
      this.lastError = error instanceof Error ? error : new Error(String(error));
      if (!this.warm) rejectWarm(this.lastError);
    });
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  /** True once the content is loaded; before that, {@link query} throws and callers list through LDAP. */
  public get isWarm(): boolean {
    return this.warm;
  }

  /**
   * Resolves when the index is warm; rejects when the change source fails for good first (no
   * content synchronization on that server: use a PollingSource; bad credentials; no such base).
   */
  public whenWarm(): Promise<void> {
    return this.warmPromise;
  }

  /** Number of entries. */
  public get size(): number {
    return this.liveCount;
  }

  public status(): ListIndexStatus {
    this.settleLocalWrites();
    return {
      warm: this.warm,
      live: this.live,
      entries: this.liveCount,
      version: this.version,
      pendingLocalWrites: this.localWrites.size,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  /** Stops following changes. */
  public async close(): Promise<void> {
    await this.subscription.close();
  }

  // ---- the change stream ---------------------------------------------------------------------

  private sink(): ChangeSink {
    return {
      beginRefresh: () => {
        this.epoch += 1;
      },
      upsert: (entry) => this.onUpsert(entry),
      keep: (id) => {
        const slot = this.byId.get(id);
        if (slot !== undefined) this.seen[slot] = this.epoch;
      },
      remove: (id) => this.onRemove(id),
      sweep: () => this.sweep(),
      synced: () => this.onSynced(),
      interrupted: (error) => {
        this.live = false;
        this.lastError = error;
      },
    };
  }

  private onSynced(): void {
    this.live = true;
    if (!this.warm) {
      this.warm = true;
      for (const name of this.options.sortAttributes ?? []) this.orderFor(this.sortColumn(name));
      this.resolveWarm();
    }
  }

  private onUpsert(entry: ContentEntry): void {
    this.settleLocalWrites();
    let key: string;
    try {
      key = dnKey(entry.dn);
    } catch {
      return; // a DN we cannot parse cannot be listed either
    }
    const local = this.localWriteFor(entry.id, key);
    if (local) {
      if (local.cells !== null && local.dnKey === key && this.confirms(local.cells, entry)) {
        this.dropLocalWrite(local);
      } else {
        local.shadow = entry;
        const slot = this.byId.get(entry.id);
        if (slot !== undefined) this.seen[slot] = this.epoch;
        return;
      }
    }
    this.write(entry.id, entry.dn, key, this.cellsOf(entry.attributes));
  }

  private onRemove(id: string): void {
    this.settleLocalWrites();
    const slot = this.byId.get(id);
    const local = this.localWritesById.get(id) ?? (slot === undefined ? undefined : this.localWriteFor(id, this.dnKeys[slot] as string));
    if (local) {
      if (local.cells === null) this.dropLocalWrite(local);
      else {
        local.shadow = 'removed';
        return;
      }
    }
    if (slot !== undefined) this.removeSlot(slot);
  }

  private sweep(): void {
    for (let slot = 0; slot < this.slotCount; slot += 1) {
      const id = this.ids[slot];
      if (id === undefined || this.seen[slot] === this.epoch) continue;
      // A local write not yet visible to the server's snapshot stays.
      if (this.localWritesById.has(id) || this.localWrites.has(this.dnKeys[slot] as string)) continue;
      this.removeSlot(slot);
    }
  }

  // ---- storage -------------------------------------------------------------------------------

  private cellsOf(attributes: Record<string, string[]>): Cell[] {
    const cells: Cell[] = new Array<Cell>(this.names.length).fill(undefined);
    for (const name of Object.keys(attributes)) {
      const column = this.columnOf.get(this.matching.canonical(name));
      if (column === undefined) continue;
      const values = attributes[name] as string[];
      cells[column] = this.cell(column, values);
    }
    return cells;
  }

  /** One column's values: a string when single, a shared array when the same list was seen before. */
  private cell(column: number, values: readonly string[]): Cell {
    if (values.length === 0) return undefined;
    if (values.length === 1) return this.intern(column, values[0] as string);
    const lists = this.internedLists[column];
    const joined = lists ? values.join('\u0000') : '';
    const known = lists?.get(joined);
    if (known) return known;
    const list = Object.freeze(values.map((v) => this.intern(column, v)));
    if (lists && lists.size < INTERN_LIMIT) lists.set(joined, list);
    return list;
  }

  /**
   * Shares equal values of a column while it has few distinct ones (object classes, given names,
   * departments); a column with many (names, mails) stops interning, as it would cost more than it saves.
   */
  private intern(column: number, value: string): string {
    const strings = this.interned[column];
    if (!strings) return value;
    const known = strings.get(value);
    if (known !== undefined) return known;
    if (strings.size >= INTERN_LIMIT) {
      this.interned[column] = null;
      this.internedLists[column] = null;
      this.derivedFolded[column] = null;
      this.derivedPrepared[column] = null;
      return value;
    }
    strings.set(value, value);
    return value;
  }

  /**
   * A derived form of a cell (folded, or prepared for caseIgnore matching): strings equal to the
   * value (or to `alike`, the folded form) are shared, and so are derived forms of interned values.
   */
  private deriveCell(column: number, cell: Cell, kind: 'folded' | 'prepared', alike: Cell): Cell {
    if (cell === undefined) return undefined;
    if (typeof cell === 'string') return this.deriveValue(column, cell, kind, typeof alike === 'string' ? alike : undefined);
    const lists = this.derivedLists[kind];
    const known = lists.get(cell);
    if (known) return known;
    let changed = false;
    const out: string[] = [];
    for (let i = 0; i < cell.length; i += 1) {
      const v = cell[i] as string;
      const d = this.deriveValue(column, v, kind, typeof alike === 'object' ? alike[i] : undefined);
      if (d !== v) changed = true;
      out.push(d);
    }
    const result = changed ? Object.freeze(out) : cell;
    if (this.internedLists[column]) lists.set(cell, result);
    return result;
  }

  private deriveValue(column: number, value: string, kind: 'folded' | 'prepared', alike: string | undefined): string {
    const cache = (kind === 'folded' ? this.derivedFolded : this.derivedPrepared)[column];
    if (cache) {
      const cached = cache.get(value);
      if (cached !== undefined) return cached;
    }
    let out = kind === 'folded' ? foldText(value) : prepareCaseIgnore(value);
    if (out !== value && out === alike) out = alike;
    // Only interned values recur: caching the others would just hold garbage.
    if (cache && this.interned[column]?.get(value) === value) cache.set(value, out);
    return out;
  }

  /** The caseIgnore-prepared column of an attribute, built on first use by a filter and kept current after. */
  private preparedColumn(column: number): Cell[] {
    let prepared = this.prepared[column];
    if (!prepared) {
      const raw = this.raw[column] as Cell[];
      const folded = this.folded[column] as Cell[];
      prepared = new Array<Cell>(this.slotCount);
      for (let slot = 0; slot < this.slotCount; slot += 1) prepared[slot] = this.deriveCell(column, raw[slot], 'prepared', folded[slot]);
      this.prepared[column] = prepared;
    }
    return prepared;
  }

  private allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const slot = this.slotCount;
    this.slotCount += 1;
    this.ids.push(undefined);
    this.dns.push(undefined);
    this.dnKeys.push(undefined);
    for (const column of this.raw) column.push(undefined);
    for (const column of this.folded) column.push(undefined);
    for (const column of this.prepared) column?.push(undefined);
    if (slot >= this.parentOf.length) {
      const size = Math.ceil(this.parentOf.length * 1.5);
      const parentOf = new Int32Array(size);
      parentOf.set(this.parentOf);
      this.parentOf = parentOf;
      const seen = new Int32Array(size);
      seen.set(this.seen);
      this.seen = seen;
    }
    return slot;
  }

  private parentIdOf(key: string): number {
    const parent = parentKey(key);
    let id = this.parentIds.get(parent);
    if (id === undefined) {
      id = this.parents.length;
      this.parents.push(parent);
      this.parentIds.set(parent, id);
    }
    return id;
  }

  private sameCells(slot: number, cells: Cell[]): boolean {
    for (let c = 0; c < cells.length; c += 1) if (!sameCell((this.raw[c] as Cell[])[slot], cells[c])) return false;
    return true;
  }

  /** Adds or updates the entry `id`; every order is patched (or marked for a rebuild). */
  private write(id: string, dn: string, key: string, cells: Cell[]): void {
    let slot = this.byId.get(id);
    if (slot === undefined) {
      // An entry added through this instance (provisional id) is confirmed by the stream.
      const byDn = this.byDn.get(key);
      if (byDn !== undefined && (this.ids[byDn] as string).startsWith(LOCAL_ID_PREFIX) && !id.startsWith(LOCAL_ID_PREFIX)) {
        this.byId.delete(this.ids[byDn] as string);
        this.ids[byDn] = id;
        this.byId.set(id, byDn);
        slot = byDn;
      }
    }
    if (slot !== undefined && this.dns[slot] === dn && this.sameCells(slot, cells)) {
      this.seen[slot] = this.epoch;
      return;
    }
    if (slot === undefined) {
      slot = this.allocate();
      this.ids[slot] = id;
      this.byId.set(id, slot);
      this.liveCount += 1;
    } else {
      for (const order of this.orders.values()) this.unorder(order, slot);
      const oldKey = this.dnKeys[slot] as string;
      if (oldKey !== key && this.byDn.get(oldKey) === slot) this.byDn.delete(oldKey);
    }
    this.dns[slot] = dn;
    this.dnKeys[slot] = key;
    this.byDn.set(key, slot);
    this.parentOf[slot] = this.parentIdOf(key);
    for (let c = 0; c < cells.length; c += 1) {
      const cell = cells[c];
      (this.raw[c] as Cell[])[slot] = cell;
      const folded = this.deriveCell(c, cell, 'folded', undefined);
      (this.folded[c] as Cell[])[slot] = folded;
      const prepared = this.prepared[c];
      if (prepared) prepared[slot] = this.deriveCell(c, cell, 'prepared', folded);
    }
    this.seen[slot] = this.epoch;
    for (const [name, order] of this.orders) this.reorder(name, order, slot);
    this.version += 1;
  }

  private removeSlot(slot: number): void {
    const id = this.ids[slot];
    if (id === undefined) return;
    for (const order of this.orders.values()) this.unorder(order, slot);
    if (this.byId.get(id) === slot) this.byId.delete(id);
    const key = this.dnKeys[slot] as string;
    if (this.byDn.get(key) === slot) this.byDn.delete(key);
    this.ids[slot] = undefined;
    this.dns[slot] = undefined;
    this.dnKeys[slot] = undefined;
    for (const column of this.raw) column[slot] = undefined;
    for (const column of this.folded) column[slot] = undefined;
    for (const column of this.prepared) if (column) column[slot] = undefined;
    this.free.push(slot);
    this.liveCount -= 1;
    this.version += 1;
  }

  private unorder(order: SortedOrder, slot: number): void {
    if (order.stale) return;
    if (order.changesSinceUse >= MAX_PATCHES) {
      order.stale = true;
      return;
    }
    order.remove(slot);
  }

  private reorder(name: string, order: SortedOrder, slot: number): void {
    if (order.stale) return;
    order.changesSinceUse += 1;
    order.insert(slot, this.sortKeyOf(name, slot));
  }

  // ---- sorting -------------------------------------------------------------------------------

  private sortColumn(attribute: string): string {
    const column = this.columnOf.get(this.matching.canonical(attribute));
    if (column === undefined) throw new TypeError(`${attribute} is not an attribute of this list index`);
    return this.names[column] as string;
  }

  /** The sort key of a slot for an order: least folded text, or least number for integer/time columns. */
  private sortKeyOf(orderName: string, slot: number): SortKeyValue {
    if (orderName === DN_ORDER) return this.dnKeys[slot];
    const column = this.columnOf.get(this.matching.canonical(orderName)) as number;
    const kind = this.sortKinds[column];
    if (kind === 'text') {
      const f = (this.folded[column] as Cell[])[slot];
      if (f === undefined || typeof f === 'string') return f;
      let least: string | undefined;
      for (const v of f) if (least === undefined || v < least) least = v;
      return least;
    }
    const r = (this.raw[column] as Cell[])[slot];
    if (r === undefined) return undefined;
    let least: number | undefined;
    for (const v of typeof r === 'string' ? [r] : r) {
      const n = kind === 'integer' ? parseInteger(v) : parseGeneralizedTime(v);
      if (n === undefined) continue;
      const num = Number(n);
      if (least === undefined || num < least) least = num;
    }
    return least;
  }

  private *liveSlots(): Generator<number> {
    for (let slot = 0; slot < this.slotCount; slot += 1) if (this.ids[slot] !== undefined) yield slot;
  }

  /** The up-to-date order for a sort attribute (configured name) or DN_ORDER, built on first use. */
  private orderFor(name: string): SortedOrder {
    let order = this.orders.get(name);
    if (!order) {
      order = new SortedOrder(this.dnKeys, this.slotCount);
      order.stale = true;
      this.orders.set(name, order);
    }
    if (order.stale) order.rebuild(this.liveSlots(), (slot) => this.sortKeyOf(name, slot));
    order.changesSinceUse = 0;
    return order;
  }

  // ---- local writes (read-your-writes) -------------------------------------------------------

  /**
   * Applies a write made through this instance at once, before the change stream reports it:
   * `attributes` are the entry's new values (indexed ones are kept, others ignored; an attribute
   * given as `[]` was removed; one not given keeps its value), `null` means the entry was deleted.
   * For a rename, pass the old DN as `previousDn`. Until the stream confirms the write (or
   * `localWriteHoldMs` passes), the stream's older news of the entry do not undo it.
   * @example await gateway.modify(dn, changes); users.applyLocalWrite(dn, { cn: ['New Name'] });
   */
  public applyLocalWrite(dn: string, attributes: Record<string, string[]> | null, options: { previousDn?: string } = {}): void {
    this.settleLocalWrites();
    const key = dnKey(dn);
    const previousKey = options.previousDn === undefined ? key : dnKey(options.previousDn);
    let slot = this.byDn.get(previousKey);
    if (slot === undefined && previousKey !== key) slot = this.byDn.get(key);
    const id = slot === undefined ? undefined : (this.ids[slot] as string);
    if (attributes === null || !this.inContent(key)) {
      // Not indexed (any more): the stream already reported the deletion, and everything before it.
      if (slot === undefined) return;
      this.removeSlot(slot);
      this.remember({ dnKey: previousKey, id: id?.startsWith(LOCAL_ID_PREFIX) ? undefined : id, cells: null, until: Date.now() + this.holdMs });
      return;
    }
    const cells: Cell[] = slot === undefined ? new Array<Cell>(this.names.length).fill(undefined) : this.raw.map((column) => column[slot]);
    const given = new Map<number, Cell>();
    for (const [name, values] of Object.entries(attributes)) {
      const column = this.columnOf.get(this.matching.canonical(name));
      if (column === undefined) continue;
      const cell = this.cell(column, values);
      cells[column] = cell;
      given.set(column, cell);
    }
    // The stream may have been faster than the caller: then the index already shows the write.
    if (slot !== undefined && this.dnKeys[slot] === key && this.confirmsCells(given, this.raw.map((column) => column[slot]))) return;
    if (this.typeFilterEvaluable && compileFilter(this.filter, this.scratchEnvironment(new Map(cells.map((c, i) => [i, c]))))(0) !== TRUE) {
      // The entry no longer is of this type (an objectClass was removed): it leaves the list.
      if (slot !== undefined) this.removeSlot(slot);
      this.remember({ dnKey: key, id, cells: null, until: Date.now() + this.holdMs });
      return;
    }
    const writeId = id ?? `${LOCAL_ID_PREFIX}${key}`;
    this.write(writeId, dn, key, cells);
    this.remember({ dnKey: key, id: writeId.startsWith(LOCAL_ID_PREFIX) ? undefined : writeId, cells: given, until: Date.now() + this.holdMs });
  }

  /**
   * Re-reads one entry through the gateway and applies it as a local write (or its absence).
   * @example await users.refreshEntry(dn) // after a save whose new values the caller does not have
   */
  public async refreshEntry(dn: string): Promise<void> {
    const entry = await this.options.gateway.read(dn, [...this.names], { filter: this.filter });
    if (!entry) {
      this.applyLocalWrite(dn, null);
      return;
    }
    const attributes: Record<string, string[]> = {};
    for (const name of this.names) attributes[name] = entry.get(name);
    this.applyLocalWrite(entry.dn, attributes);
  }

  private inContent(key: string): boolean {
    if (key === this.baseKey) return false;
    if (this.options.scope === 'one') return parentKey(key) === this.baseKey;
    return this.baseKey === '' || key.endsWith(`,${this.baseKey}`);
  }

  private remember(local: LocalWrite): void {
    const previous = this.localWrites.get(local.dnKey);
    if (previous) this.dropLocalWrite(previous);
    if (local.id !== undefined) {
      const byId = this.localWritesById.get(local.id);
      if (byId) this.dropLocalWrite(byId);
      this.localWritesById.set(local.id, local);
    }
    this.localWrites.set(local.dnKey, local);
  }

  private dropLocalWrite(local: LocalWrite): void {
    if (this.localWrites.get(local.dnKey) === local) this.localWrites.delete(local.dnKey);
    if (local.id !== undefined && this.localWritesById.get(local.id) === local) this.localWritesById.delete(local.id);
  }

  /** The pending local write that concerns a stream event for `id` at `key`, if any. */
  private localWriteFor(id: string, key: string): LocalWrite | undefined {
    if (this.localWrites.size === 0) return undefined;
    const byId = this.localWritesById.get(id);
    if (byId) return byId;
    const byDn = this.localWrites.get(key);
    // A deletion we made does not hide a new entry created at the same DN by someone else.
    if (byDn && (byDn.id === undefined || byDn.id === id)) return byDn;
    return undefined;
  }

  /**
   * True when the stream's entry carries every value the local write set (ignoring case, and
   * allowing values the server added, such as `top`) and none of the attributes it removed.
   */
  private confirms(cells: Map<number, Cell>, entry: ContentEntry): boolean {
    return this.confirmsCells(cells, this.cellsOf(entry.attributes));
  }

  private confirmsCells(cells: Map<number, Cell>, streamed: Cell[]): boolean {
    for (const [column, cell] of cells) {
      const got = streamed[column];
      if (cell === undefined) {
        if (got !== undefined) return false;
        continue;
      }
      if (got === undefined) return false;
      const have = new Set((typeof got === 'string' ? [got] : got).map((v) => v.toLowerCase()));
      for (const v of typeof cell === 'string' ? [cell] : cell) if (!have.has(v.toLowerCase())) return false;
    }
    return true;
  }

  /** Expired local writes give way to what the stream said meanwhile. */
  private settleLocalWrites(): void {
    if (this.localWrites.size === 0) return;
    const now = Date.now();
    for (const local of [...this.localWrites.values()]) {
      if (local.until > now) continue;
      this.dropLocalWrite(local);
      const shadow = local.shadow;
      if (shadow === 'removed') {
        const slot = local.id === undefined ? this.byDn.get(local.dnKey) : this.byId.get(local.id);
        if (slot !== undefined) this.removeSlot(slot);
      } else if (shadow) {
        this.write(shadow.id, shadow.dn, dnKey(shadow.dn), this.cellsOf(shadow.attributes));
      }
    }
  }

  // ---- queries -------------------------------------------------------------------------------

  /** True when `filter` can be evaluated on the index exactly as the server would; else send it to LDAP. */
  public canEvaluate(filter: FilterNode): boolean {
    try {
      compileFilter(filter, this.environment());
      return true;
    } catch (error) {
      if (error instanceof NotEvaluableError) return false;
      throw error;
    }
  }

  /** True when the attribute is held by the index (for search, sort and columns). */
  public hasAttribute(attribute: string): boolean {
    return this.columnOf.has(this.matching.canonical(attribute));
  }

  private environment(): FilterEnvironment {
    return {
      matching: this.matching,
      column: (canonical) => {
        const c = this.columnOf.get(canonical);
        return c === undefined ? undefined : (this.raw[c] as Column);
      },
      preparedColumn: (canonical) => {
        const c = this.columnOf.get(canonical);
        return c === undefined ? undefined : this.preparedColumn(c);
      },
    };
  }

  /** An environment where slot 0 is one entry's cells (to test a single entry against a filter). */
  private scratchEnvironment(cells: Map<number, Cell>): FilterEnvironment {
    return {
      matching: this.matching,
      column: (canonical: string): Column | undefined => {
        const c = this.columnOf.get(canonical);
        return c === undefined ? undefined : [cells.get(c)];
      },
    };
  }

  /**
   * Lists entries: filtered, searched, sorted and paged in memory.
   * @throws ListIndexNotReadyError before the index is warm
   * @throws NotEvaluableError when `filter` cannot be evaluated here (check {@link canEvaluate})
   * @throws TypeError on an attribute that is not indexed, or a cursor of another sort
   * @example index.query({ base: 'ou=dept,dc=x', scope: 'one', sort: [{ attribute: 'sn' }], limit: 50 })
   */
  public query(query: ListQuery): ListPage {
    if (!this.warm) throw new ListIndexNotReadyError('the list index is still loading');
    this.settleLocalWrites();
    const sort = (query.sort ?? []).map((k) => ({ name: this.sortColumn(k.attribute), reverse: k.reverse === true }));
    const signature = sort.map((k) => `${this.matching.canonical(k.name)}:${k.reverse ? 'desc' : 'asc'}`).join(',');
    const primary = sort[0];
    const order = this.orderFor(primary ? primary.name : DN_ORDER);
    const secondary = sort.slice(1).map((k) => ({ ...k, keys: this.orderFor(k.name).keys }));
    const matches = this.matchesOf(query);
    const total = matches ? matches.total : this.liveCount;
    const isMatch = matches ? (slot: number) => matches.bits[slot] === 1 : () => true;

    // Full comparison of two slots in the requested order (DN ascending breaks ties).
    const keys = order.keys;
    const primaryReverse = primary?.reverse === true;
    const compareFull = (a: number, b: number): number => {
      let c = compareKeys(keys[a], keys[b]);
      if (c !== 0) return primaryReverse ? -c : c;
      for (const k of secondary) {
        c = compareKeys(k.keys[a], k.keys[b]);
        if (c !== 0) return k.reverse ? -c : c;
      }
      return compareKeys(this.dnKeys[a], this.dnKeys[b]);
    };

    let after: ((slot: number) => boolean) | undefined;
    let start = primaryReverse ? order.length - 1 : 0;
    if (query.cursor !== undefined) {
      const cursor = decodeCursor(query.cursor, signature);
      const [first, ...rest] = cursor.keys;
      start = primaryReverse ? order.upperBoundKey(first) - 1 : order.lowerBoundKey(first);
      after = (slot) => {
        let c = compareKeys(keys[slot], first);
        if (c !== 0) return (primaryReverse ? -c : c) > 0;
        for (let i = 0; i < secondary.length; i += 1) {
          const k = secondary[i] as (typeof secondary)[number];
          c = compareKeys(k.keys[slot], rest[i]);
          if (c !== 0) return (k.reverse ? -c : c) > 0;
        }
        return compareKeys(this.dnKeys[slot], cursor.dn) > 0;
      };
    }
    let skip = query.offset ?? 0;
    const limit = Math.max(0, query.limit);
    const picked: number[] = [];
    let more = false;
    /** Takes the next slot in list order; false once the page is full and one more match was seen. */
    const consider = (slot: number): boolean => {
      if (!isMatch(slot)) return true;
      if (after) {
        if (!after(slot)) return true;
        after = undefined; // past the cursor: everything that follows is after it
      }
      if (skip > 0) {
        skip -= 1;
        return true;
      }
      if (picked.length === limit) {
        more = true;
        return false;
      }
      picked.push(slot);
      return true;
    };
    const step = primaryReverse ? -1 : 1;
    const inRange = (p: number): boolean => p >= 0 && p < order.length;
    let i = start;
    if (limit > 0 && !primaryReverse && secondary.length === 0) {
      // The order itself is the list order.
      while (inRange(i) && consider(order.slots[i] as number)) i += 1;
    } else if (limit > 0) {
      // Walk the primary order group by group (equal primary keys); each group is put in full
      // order (secondary keys, then DN ascending even when the primary key is reversed).
      let going = true;
      while (going && inRange(i)) {
        const key = keys[order.slots[i] as number];
        const group: number[] = [];
        while (inRange(i) && compareKeys(keys[order.slots[i] as number], key) === 0) {
          const slot = order.slots[i] as number;
          if (isMatch(slot)) group.push(slot);
          i += step;
        }
        if (group.length > 1) group.sort(compareFull);
        for (const slot of group) {
          if (!consider(slot)) {
            going = false;
            break;
          }
        }
      }
    }
    const projection = this.projection(query.attributes);
    const page: ListPage = { total, entries: picked.map((slot) => this.rowOf(slot, projection)) };
    const last = picked.at(-1);
    if (more && last !== undefined) {
      page.nextCursor = encodeCursor(signature, [keys[last], ...secondary.map((k) => k.keys[last])], this.dnKeys[last] as string);
    }
    return page;
  }

  /** The entry at `dn`, if indexed. */
  public get(dn: string, attributes?: string[]): ListRow | undefined {
    const slot = this.byDn.get(dnKey(dn));
    return slot === undefined ? undefined : this.row(slot, attributes);
  }

  private row(slot: number, attributes: string[] | undefined): ListRow {
    return this.rowOf(slot, this.projection(attributes));
  }

  /** The columns to return for a list of attribute names (default: all). */
  private projection(attributes: string[] | undefined): number[] {
    if (attributes === undefined) return this.names.map((_, c) => c);
    const out: number[] = [];
    for (const a of attributes) {
      const c = this.columnOf.get(this.matching.canonical(a));
      if (c !== undefined) out.push(c);
    }
    return out;
  }

  private rowOf(slot: number, columns: number[]): ListRow {
    const out: Record<string, string[]> = {};
    for (const c of columns) {
      const cell = (this.raw[c] as Cell[])[slot];
      if (cell === undefined) continue;
      out[this.names[c] as string] = typeof cell === 'string' ? [cell] : cell.slice();
    }
    return { dn: this.dns[slot] as string, attributes: out };
  }

  /** The entries matching base/scope/filter/search as a bitmap (cached per query and version), or undefined for "all". */
  private matchesOf(query: ListQuery): MatchSet | undefined {
    const baseKey = query.base === undefined ? this.baseKey : dnKey(query.base);
    const scope = query.scope ?? 'sub';
    const tokens = query.search ? foldText(query.search.text).split(' ').filter((t) => t !== '') : [];
    const allInScope = scope === 'sub' && baseKey === this.baseKey;
    const visible = query.visible;
    if (allInScope && query.filter === undefined && tokens.length === 0 && !visible) return undefined;
    const searchColumns = tokens.length === 0 ? [] : (query.search?.attributes ?? []).map((a) => this.folded[this.columnIndex(a)] as Cell[]);
    const context = JSON.stringify([baseKey, scope, query.filter ? filterToString(query.filter) : '', visible?.key ?? '']);
    const searched = tokens.length === 0 ? '' : JSON.stringify(query.search?.attributes.map((a) => this.matching.canonical(a)));
    const current = this.matchCache.filter((m) => m.version === this.version && m.context === context);
    const exact = current.find((m) => m.searched === searched && sameTokens(m.tokens, tokens));
    if (exact) return exact;
    // Search-as-you-type: "dupo" after "dup" can only match entries "dup" matched (and anything
    // matches only entries the same query without words matched): test those alone.
    const narrower = current.find((m) => m.tokens.length === 0 || (m.searched === searched && refines(tokens, m.tokens)));

    let test: ((slot: number) => boolean) | undefined;
    if (!narrower) {
      const scopeTest = allInScope ? undefined : this.scopeTest(baseKey, scope);
      const compiled = query.filter === undefined ? undefined : compileFilter(query.filter, this.environment());
      if (scopeTest && compiled) test = (slot) => scopeTest(slot) && compiled(slot) === TRUE;
      else if (compiled) test = (slot) => compiled(slot) === TRUE;
      else test = scopeTest;
      if (visible) {
        const inner = test;
        test = inner ? (slot) => inner(slot) && visible.test(this.dns[slot] as string) : (slot) => visible.test(this.dns[slot] as string);
      }
    }
    const bits = new Uint8Array(this.slotCount);
    const slots: number[] = [];
    const consider = (slot: number): void => {
      if (test && !test(slot)) return;
      if (tokens.length > 0 && !containsAll(searchColumns, slot, tokens)) return;
      bits[slot] = 1;
      slots.push(slot);
    };
    if (narrower) for (const slot of narrower.slots) consider(slot);
    else for (let slot = 0; slot < this.slotCount; slot += 1) if (this.ids[slot] !== undefined) consider(slot);
    const result: MatchSet = { context, searched, tokens, version: this.version, bits, slots: Int32Array.from(slots), total: slots.length };
    this.matchCache.unshift(result);
    if (this.matchCache.length > 6) this.matchCache.pop();
    return result;
  }

  private columnIndex(attribute: string): number {
    const c = this.columnOf.get(this.matching.canonical(attribute));
    if (c === undefined) throw new TypeError(`${attribute} is not an attribute of this list index`);
    return c;
  }

  /** A test of "the entry is in `scope` of `baseKey`", through the few distinct parents. */
  private scopeTest(baseKey: string, scope: 'one' | 'sub'): (slot: number) => boolean {
    const allowed = new Uint8Array(this.parents.length);
    this.parents.forEach((parent, id) => {
      if (scope === 'one' ? parent === baseKey : parent === baseKey || baseKey === '' || parent.endsWith(`,${baseKey}`)) allowed[id] = 1;
    });
    const self = scope === 'sub' ? this.byDn.get(baseKey) : undefined;
    return (slot) => allowed[this.parentOf[slot] as number] === 1 || slot === self;
  }
}

/** The entries matching a query's base, scope, filter and search words. */
interface MatchSet {
  /** Base, scope and filter. */
  context: string;
  /** The search attributes ('' without search words). */
  searched: string;
  tokens: string[];
  version: number;
  /** 1 for a matching slot. */
  bits: Uint8Array;
  /** The matching slots, ascending. */
  slots: Int32Array;
  total: number;
}

/** True when every word is a substring of one of the slot's (folded) values in `columns`. */
function containsAll(columns: Cell[][], slot: number, tokens: string[]): boolean {
  for (const token of tokens) {
    let found = false;
    for (const column of columns) {
      const cell = column[slot];
      if (cell === undefined) continue;
      if (typeof cell === 'string') {
        if (cell.includes(token)) {
          found = true;
          break;
        }
      } else if (cell.some((v) => v.includes(token))) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

function sameTokens(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/** True when words `next` can only match entries `previous` matched: each previous word is inside a next word. */
function refines(next: string[], previous: string[]): boolean {
  return previous.every((p) => next.some((n) => n.includes(p)));
}

function sameCell(a: Cell, b: Cell): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  if (typeof a === 'string' || typeof b === 'string') return false;
  if (a.length !== b.length) return false;
  const x = [...a].sort();
  const y = [...b].sort();
  return x.every((v, i) => v === y[i]);
}
