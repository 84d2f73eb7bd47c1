// One cached sort order of the list index: the slots of every entry, ascending by a precomputed key
// (a folded text or a number; entries without a value last) then by normalized DN, so that the
// order is total and deterministic. Kept current entry by entry (binary search + one memmove),
// never re-sorted for a single change.

/** A sort key: folded text, a number, or none (sorts after every value). */
export type SortKeyValue = string | number | undefined;

/** Compares two keys: numbers numerically, texts by code unit, missing values last. */
export function compareKeys(a: SortKeyValue, b: SortKeyValue): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export class SortedOrder {
  /** Slots in order; only the first `length` are meaningful. */
  public slots: Int32Array;
  public length = 0;
  /** The key of each slot as it was when inserted (so a change can find the old position). */
  public readonly keys: SortKeyValue[] = [];
  /** Changes applied one by one since the last query; past a limit the order is rebuilt instead. */
  public changesSinceUse = 0;
  /** True when the order must be rebuilt before use. */
  public stale = false;

  private readonly dnKeys: readonly (string | undefined)[];

  /** @param dnKeys the index's normalized DNs by slot (read, never written here) */
  public constructor(dnKeys: readonly (string | undefined)[], capacity = 1024) {
    this.dnKeys = dnKeys;
    this.slots = new Int32Array(Math.max(16, capacity));
  }

  /** Compares two slots in this order. */
  public compare(a: number, b: number): number {
    return compareKeys(this.keys[a], this.keys[b]) || compareDn(this.dnKeys[a], this.dnKeys[b]);
  }

  /** Rebuilds from scratch: one sort of all live slots. */
  public rebuild(liveSlots: Iterable<number>, keyOf: (slot: number) => SortKeyValue): void {
    const list: number[] = [];
    for (const slot of liveSlots) {
      this.setKey(slot, keyOf(slot));
      list.push(slot);
    }
    const keys = this.keys;
    const dns = this.dnKeys;
    // Sorting a plain array of small integers with a monomorphic comparator is V8's fast path.
    list.sort((a, b) => compareKeys(keys[a], keys[b]) || compareDn(dns[a], dns[b]));
    if (this.slots.length < list.length) this.slots = new Int32Array(Math.ceil(list.length * 1.25) + 16);
    this.slots.set(list);
    this.length = list.length;
    this.stale = false;
    this.changesSinceUse = 0;
  }

  /** Keeps `keys` a dense array (no holes: V8 would switch it to a slow dictionary). */
  private setKey(slot: number, key: SortKeyValue): void {
    while (this.keys.length <= slot) this.keys.push(undefined);
    this.keys[slot] = key;
  }

  /** First position whose (key, dn) is not before the given one. */
  public lowerBound(key: SortKeyValue, dn: string | undefined): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.slots[mid] as number;
      if ((compareKeys(this.keys[s], key) || compareDn(this.dnKeys[s], dn)) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First position whose key is not before `key` (whatever the DN). */
  public lowerBoundKey(key: SortKeyValue): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.keys[this.slots[mid] as number], key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First position whose key is after `key`. */
  public upperBoundKey(key: SortKeyValue): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.keys[this.slots[mid] as number], key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Inserts a slot (its dnKey must be current) with its key. */
  public insert(slot: number, key: SortKeyValue): void {
    this.setKey(slot, key);
    const pos = this.lowerBound(key, this.dnKeys[slot]);
    if (this.length === this.slots.length) {
      const grown = new Int32Array(Math.ceil(this.slots.length * 1.5) + 16);
      grown.set(this.slots.subarray(0, this.length));
      this.slots = grown;
    }
    this.slots.copyWithin(pos + 1, pos, this.length);
    this.slots[pos] = slot;
    this.length += 1;
  }

  /** Removes a slot (call before its dnKey changes). Returns false when it was not there. */
  public remove(slot: number): boolean {
    let pos = this.lowerBound(this.keys[slot], this.dnKeys[slot]);
    // Two slots may briefly share a DN (an entry replaced before the old one is swept): look on.
    while (pos < this.length && this.slots[pos] !== slot && this.compare(this.slots[pos] as number, slot) === 0) pos += 1;
    if (pos >= this.length || this.slots[pos] !== slot) return false;
    this.slots.copyWithin(pos, pos + 1, this.length);
    this.length -= 1;
    this.keys[slot] = undefined;
    return true;
  }
}

function compareDn(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}
