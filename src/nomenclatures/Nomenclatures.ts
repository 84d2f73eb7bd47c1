// The nomenclatures (value lists) that selects take their choices from: FusionDirectory's files, read from the folder
// the administrator configures (FusionDirectory's SUPANN_DIR) over the short lists Trousseau ships, and searched as
// one types (docs/nomenclatures.md, fd-plugins.md §3.11).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { foldText } from '../listindex/fold.ts';
import { parseNomenclature, sisePrefixed } from './parseNomenclature.ts';

/** The folder of the lists Trousseau ships: the short lists the SupAnn recommendation defines. */
export const SHIPPED_NOMENCLATURES = fileURLToPath(new URL('../plugins/supann/nomenclatures/', import.meta.url));

/** FusionDirectory's SUPANN_DIR, where its SupAnn package installs the lists. */
export const FD_SUPANN_DIR = '/etc/fusiondirectory/supann';

/** Labels longer than this are cut and end with `…` for display (FusionDirectory's rule); searches see them whole. */
export const DISPLAY_LABEL_LENGTH = 50;

/** The list whose files have diploma columns (`code;TYPE;SECTOR;LABEL1;LABEL2`): matched whole, not `typediplome`. */
export const DIPLOMA_LIST = 'diplome';

/** One choice of a nomenclature. */
export interface NomenclatureChoice {
  /** The stored value: `{PREFIX}code` for prefixed lists, the code otherwise. */
  value: string;
  /** The label as FusionDirectory shows it (at most 50 characters and `…`). */
  label: string;
  /** The whole label, when `label` is cut. */
  fullLabel?: string;
  /** Diplomas: their SISE type and disciplinary sector (`{SISE}XB`, `{SISE}01`). */
  type?: string;
  sector?: string;
}

/** One file of the lists, as `lists()` describes it. */
export interface NomenclatureFile {
  /** The file name: `<list>_<PREFIX>` or `<list>`. */
  name: string;
  list: string;
  /** The part after the first `_`: the `{PREFIX}` of its values. */
  prefix?: string;
  path: string;
  /** Shipped with Trousseau, or from the administrator's folder (which overrides a shipped file of the same name). */
  source: 'shipped' | 'site';
  entries: number;
}

export interface NomenclatureSearchOptions {
  /** At most this many choices (default 20). */
  limit?: number;
  /** Diplomas of this type and sector only (`{SISE}XB` or `XB`; `{SISE}01` or `01`). */
  where?: { type?: string; sector?: string };
}

export interface NomenclatureSearchResult {
  /** Best first: the exact code, codes and labels starting with the text, then the others, each group by label. */
  choices: NomenclatureChoice[];
  /** How many choices match in all. */
  total: number;
}

export interface NomenclaturesOptions {
  /** The administrator's folder (trousseau.yaml `supann.nomenclatures`); a missing folder is reported and skipped. */
  folder?: string;
  /** Folders of shipped lists, read before `folder` (default: the SupAnn short lists, SHIPPED_NOMENCLATURES). */
  shipped?: string[];
  /** Told about unreadable folders and files. */
  warn?: (message: string) => void;
}

/** One choice; every entry has every field (one object shape, so that loops over them stay fast). */
interface Entry {
  value: string;
  label: string;
  fullLabel: string | undefined;
  type: string | undefined;
  sector: string | undefined;
  /** Folded (case and accents) forms, computed once: searching is then substring tests only. */
  codeKey: string;
  valueKey: string;
  labelKey: string;
}

interface FileSlot {
  info: Omit<NomenclatureFile, 'entries'>;
  entries?: Entry[];
}

interface Group {
  /** Sorted by label. */
  entries: Entry[];
  /**
   * For each entry, `valueKey \0 labelKey` (a word matches when it is in the code or in the label), as flat strings
   * in an array of their own: the search loop reads nothing else.
   */
  haystacks: string[];
  byValue: Map<string, Entry>;
  choices?: NomenclatureChoice[];
  /** The matches (entry indexes) of the last search: a text typed further (same filter) only narrows them. */
  last?: { query: string; filter: string; matches: number[] };
}

/** Files that are not lists: hidden files, editor and package-manager leftovers, notes. */
const NOT_A_LIST = /^\.|~$|\.(?:bak|orig|old|swp|md|txt|dpkg-[a-z]+|rpm[a-z]+|ucf-[a-z]+)$/i;

const displayLabel = (label: string): string => {
  if (label.length <= DISPLAY_LABEL_LENGTH) return label;
  const chars = [...label];
  return chars.length <= DISPLAY_LABEL_LENGTH ? label : `${chars.slice(0, DISPLAY_LABEL_LENGTH).join('')}…`;
};

const publicChoice = (e: Entry): NomenclatureChoice => ({
  value: e.value,
  label: e.label,
  ...(e.fullLabel !== undefined ? { fullLabel: e.fullLabel } : {}),
  ...(e.type !== undefined ? { type: e.type } : {}),
  ...(e.sector !== undefined ? { sector: e.sector } : {}),
});

/**
 * `a \0 b` as a flat (sequential) string: a concatenation is a rope (cons string), which substring searches walk more
 * slowly; Array#join builds the string in one piece. With these strings in an array of their own and one entry shape,
 * searching the 27 062 diplomas became 3–5× faster (bench/nomenclatures.bench.ts).
 */
const flatJoin = (a: string, b: string): string => [a, b].join('\u0000');

/**
 * The nomenclatures of a site, read once (lazily, at first use) and kept in memory with folded search keys.
 * @example
 * const nomenclatures = new Nomenclatures({ folder: '/etc/fusiondirectory/supann' });
 * nomenclatures.has('entite', true, '{SUPANN}S230'); // true
 * nomenclatures.search('diplome', true, 'genie bio', { limit: 10, where: { type: 'CB', sector: '06' } });
 */
export class Nomenclatures {
  private readonly folder: string | undefined;
  private readonly shipped: string[];
  private readonly warn: (message: string) => void;
  private files: Map<string, FileSlot> | undefined;
  private readonly groups = new Map<string, Group>();

  constructor(options: NomenclaturesOptions = {}) {
    this.folder = options.folder;
    this.shipped = options.shipped ?? [SHIPPED_NOMENCLATURES];
    this.warn = options.warn ?? ((message) => console.warn(`trousseau: ${message}`));
  }

  /** Read the folders now (instead of at first use), e.g. at start; the files themselves are parsed when first used. */
  load(): this {
    this.slots();
    return this;
  }

  /** Read, parse and index every list now (the server does it once it listens, so that no search waits for it). */
  preload(): this {
    for (const f of this.lists()) this.group(f.list, f.prefix !== undefined);
    return this;
  }

  /** Forget what was read: the next use reads the folders again (files added, changed or removed). */
  reload(): this {
    this.files = undefined;
    this.groups.clear();
    return this.load();
  }

  /** Every file, by name, with its list, prefix, origin and number of entries (parses every file). */
  lists(): NomenclatureFile[] {
    return [...this.slots().values()].map((slot) => ({ ...slot.info, entries: this.entriesOf(slot).length })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The prefixes of the `<list>_<PREFIX>` files, sorted. */
  prefixes(list: string): string[] {
    return [...this.slots().values()]
      .filter((s) => s.info.list === list && s.info.prefix !== undefined)
      .map((s) => s.info.prefix!)
      .sort();
  }

  /** How many choices the list has (0 when no file of it is installed). */
  size(list: string, prefixed: boolean): number {
    return this.group(list, prefixed).entries.length;
  }

  /** Every choice, sorted by label: for short lists (a select shows them all). */
  choices(list: string, prefixed: boolean): NomenclatureChoice[] {
    const group = this.group(list, prefixed);
    return (group.choices ??= group.entries.map(publicChoice));
  }

  /**
   * The choices whose code or label holds every word of `text` (case and accents ignored), best first.
   * @example search('diplome', true, 'gen bio', { limit: 2, where: { type: 'CB' } }) // { choices: [{ value: '{SISE}1000264', label: 'GENIE BIOLOGIQUE', type: '{SISE}CB', sector: '{SISE}06' }, …], total: 9 }
   */
  search(list: string, prefixed: boolean, text: string, options: NomenclatureSearchOptions = {}): NomenclatureSearchResult {
    const limit = Math.max(0, options.limit ?? 20);
    const type = options.where?.type ? sisePrefixed(options.where.type) : undefined;
    const sector = options.where?.sector ? sisePrefixed(options.where.sector) : undefined;
    const query = foldText(text);
    const words = query === '' ? [] : query.split(' ');
    const first = words[0] ?? '';
    const group = this.group(list, prefixed);
    const filter = `${type ?? ''}\u0000${sector ?? ''}`;
    const { entries, haystacks } = group;
    // Every match of "ma" holds "m": the last search's matches are the candidates when the text only grew.
    const narrowed = group.last && group.last.filter === filter && query.startsWith(group.last.query) ? group.last.matches : undefined;
    const count = narrowed ? narrowed.length : entries.length;
    const matches: number[] = [];
    // Three ranks, each collected in label order: the exact code, a code or label starting with the text, the others.
    const ranks: Entry[][] = [[], [], []];
    for (let k = 0; k < count; k += 1) {
      const i = narrowed ? narrowed[k]! : k;
      const e = entries[i]!;
      if (type !== undefined && e.type !== type) continue;
      if (sector !== undefined && e.sector !== sector) continue;
      const haystack = haystacks[i]!;
      let found = true;
      for (const w of words) {
        if (!haystack.includes(w)) {
          found = false;
          break;
        }
      }
      if (!found) continue;
      matches.push(i);
      const rank = query === '' ? 2 : e.codeKey === query || e.valueKey === query ? 0 : e.codeKey.startsWith(first) || e.valueKey.startsWith(first) || e.labelKey.startsWith(query) ? 1 : 2;
      const bucket = ranks[rank]!;
      if (bucket.length < limit) bucket.push(e);
    }
    group.last = { query, filter, matches };
    return { choices: ranks.flat().slice(0, limit).map(publicChoice), total: matches.length };
  }

  /** Whether `value` is a choice of the list (`{PREFIX}code` for prefixed lists). */
  has(list: string, prefixed: boolean, value: string): boolean {
    return this.group(list, prefixed).byValue.has(value);
  }

  /** The choice of a value, with its label (and for diplomas its type and sector). */
  find(list: string, prefixed: boolean, value: string): NomenclatureChoice | undefined {
    const e = this.group(list, prefixed).byValue.get(value);
    return e ? publicChoice(e) : undefined;
  }

  /** The label of a value as FusionDirectory shows it. */
  label(list: string, prefixed: boolean, value: string): string | undefined {
    return this.group(list, prefixed).byValue.get(value)?.label;
  }

  // ---- reading ----

  /** The files by name: shipped ones first, then the administrator's, which replace those of the same name. */
  private slots(): Map<string, FileSlot> {
    if (this.files) return this.files;
    const files = new Map<string, FileSlot>();
    const add = (folder: string, source: 'shipped' | 'site') => {
      let names: string[];
      try {
        names = readdirSync(folder);
      } catch (e) {
        this.warn(`the nomenclature folder ${folder} cannot be read (${(e as Error).message}); its lists are left out.`);
        return;
      }
      for (const name of names.sort()) {
        if (NOT_A_LIST.test(name)) continue;
        const file = path.join(folder, name);
        try {
          if (!statSync(file).isFile()) continue;
        } catch {
          continue;
        }
        const cut = name.indexOf('_');
        const list = cut < 0 ? name : name.slice(0, cut);
        const prefix = cut < 0 ? undefined : name.slice(cut + 1);
        if (list === '' || prefix === '') continue;
        files.set(name, { info: { name, list, ...(prefix !== undefined ? { prefix } : {}), path: file, source } });
      }
    };
    for (const folder of this.shipped) add(folder, 'shipped');
    if (this.folder !== undefined) add(this.folder, 'site');
    this.files = files;
    return files;
  }

  private entriesOf(slot: FileSlot): Entry[] {
    if (slot.entries) return slot.entries;
    let text = '';
    try {
      text = readFileSync(slot.info.path, 'utf8');
    } catch (e) {
      this.warn(`the nomenclature file ${slot.info.path} cannot be read (${(e as Error).message}); it is left out.`);
    }
    const { list, prefix } = slot.info;
    const lines = parseNomenclature(text, { diploma: list === DIPLOMA_LIST });
    slot.entries = lines.map((line) => {
      const value = prefix === undefined ? line.code : `{${prefix}}${line.code}`;
      const label = displayLabel(line.label);
      const labelKey = foldText(line.label);
      const valueKey = foldText(value);
      return {
        value,
        label,
        fullLabel: label !== line.label ? line.label : undefined,
        type: line.type,
        sector: line.sector,
        codeKey: foldText(line.code),
        valueKey,
        labelKey,
      };
    });
    return slot.entries;
  }

  /** A list's choices: every `<list>_<PREFIX>` file (prefixed), or the file named `<list>`, sorted by label. */
  private group(list: string, prefixed: boolean): Group {
    const key = `${prefixed ? 'p' : 'c'}:${list}`;
    let group = this.groups.get(key);
    if (group) return group;
    const slots = [...this.slots().values()].filter((s) => s.info.list === list && (prefixed ? s.info.prefix !== undefined : s.info.prefix === undefined));
    const entries = slots.flatMap((s) => this.entriesOf(s));
    entries.sort((a, b) => (a.labelKey < b.labelKey ? -1 : a.labelKey > b.labelKey ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    group = { entries, haystacks: entries.map((e) => flatJoin(e.valueKey, e.labelKey)), byValue: new Map(entries.map((e) => [e.value, e])) };
    this.groups.set(key, group);
    return group;
  }
}
