// The multi-service card's values (fd-plugins.md §3.5, §3.7.2): card and application rows `[key=value]…`, and what
// FusionDirectory derives from the valid ones — flat attributes and values tagged with an attribute option.
import { readComposite, writeComposite } from '../../../model/kinds/composite.ts';
import type { CompositeSpec } from '../../../model/declarations.ts';
import { fdGeneralizedDay, isGeneralizedTime, supannDay } from '../dates/supannDay.ts';

/** Card and application rows as FusionDirectory writes them: keys in this order, empty pairs left out. */
export const CARD_KEYS = ['type', 'format', 'id', 'valide', 'source', 'datefin'] as const;
export const APP_KEYS = ['type', 'source', 'domaine', 'id', 'valide', 'datefin'] as const;

/** FusionDirectory's defaults of `fdSupannCMSTypes` and `fdSupannCMSFormats` (fd-plugins.md §3.10). */
export const DEFAULT_CMS_TYPES = [
  'etudiant;étudiant',
  'personnel;professionnelle',
  'visiteur;visiteur, anonyme',
  'invite;invité, nominative',
  'lecteur;lecteur de bibliothèque',
  'prestataire;prestataire de services',
  'vehicule;véhicule',
  'externe;externe',
];
export const DEFAULT_CMS_FORMATS = ['MIFARE:XLSB;Mifare XLSB'];

/** `valide` as stored: the boolean's two strings (FusionDirectory's default is `vrai`). */
export const VALID = 'vrai';
export const NOT_VALID = 'faux';

type Row = Record<string, string>;

const bracketed = (keys: readonly string[]): CompositeSpec => ({ kind: 'composite', bracketed: true, parts: keys.map((name) => ({ name, spec: { kind: 'string' } })) });
const CARD = bracketed(CARD_KEYS);
const APP = bracketed(APP_KEYS);

/** The valid rows of a list of values (rows without `valide` count as valid, FusionDirectory's default). */
function validRows(values: readonly string[], spec: CompositeSpec): Row[] {
  return values.map((v) => readComposite(spec, v)).filter((r): r is Row => r !== undefined && r.valide !== NOT_VALID);
}

/** The attribute option of a card format's tagged id: `x-` + the format lower-cased, `:` → `-` (`MIFARE:XLSB` → `x-mifare-xlsb`). */
export function cardOption(format: string): string {
  return `x-${format.toLowerCase().replaceAll(':', '-')}`;
}

/** The `x-option` configured for an application domain (`fdSupannCMSAppDomains` values `x-option;domain`). */
export function appOption(domain: string, appDomains: readonly string[]): string | undefined {
  for (const value of appDomains) {
    const i = value.indexOf(';');
    if (i > 0 && value.slice(i + 1) === domain) return value.slice(0, i);
  }
  return undefined;
}

/** An attribute option the directory accepts (`x-` and letters, digits, hyphens). */
const isOption = (option: string) => /^x-[A-Za-z0-9-]+$/.test(option);

/** What the valid rows derive: the flat attributes, and the tagged values by attribute description. */
export interface CmsDerived {
  supannCMSType: string[];
  supannCMSSource: string[];
  supannCMSDateFin: string[];
  supannCMSIdEtiquette: string[];
  supannCMSAppIdDomaine: string[];
  /** `supannCMSId;x-mifare-xlsb` → ids, `supannCMSAppId;x-biblio-xlsb` → ids. */
  tagged: Map<string, string[]>;
}

const add = (list: string[], value: string | undefined) => {
  if (value && !list.includes(value)) list.push(value);
};

/**
 * The values FusionDirectory derives from the valid card and application rows (fd-plugins.md §3.5), with end dates
 * written as valid GeneralizedTime (FusionDirectory's flat supannCMSDateFin writes `Y-m-d`, which the directory refuses).
 * @example deriveCms(['[type=etudiant][format=MIFARE:XLSB][id=04A1][valide=vrai]'], [], []).tagged // Map { 'supannCMSId;x-mifare-xlsb' => ['04A1'] }
 */
export function deriveCms(cards: readonly string[], apps: readonly string[], appDomains: readonly string[]): CmsDerived {
  const out: CmsDerived = { supannCMSType: [], supannCMSSource: [], supannCMSDateFin: [], supannCMSIdEtiquette: [], supannCMSAppIdDomaine: [], tagged: new Map() };
  const tag = (attribute: string, option: string, id: string) => {
    if (!isOption(option) || !id) return;
    const key = `${attribute};${option}`;
    const ids = out.tagged.get(key) ?? [];
    add(ids, id);
    out.tagged.set(key, ids);
  };
  const endDate = (datefin: string | undefined) => (datefin ? (isGeneralizedTime(datefin) ? datefin : supannDay(datefin) ? fdGeneralizedDay(supannDay(datefin)!) : undefined) : undefined);
  const validCards = validRows(cards, CARD);
  const validApps = validRows(apps, APP);
  for (const row of [...validCards, ...validApps]) {
    add(out.supannCMSType, row.type);
    add(out.supannCMSSource, row.source);
    add(out.supannCMSDateFin, endDate(row.datefin));
  }
  for (const card of validCards) {
    if (card.format && card.id) add(out.supannCMSIdEtiquette, `{${card.format}}${card.id}`);
    if (card.format) tag('supannCMSId', cardOption(card.format), card.id ?? '');
  }
  for (const app of validApps) {
    if (app.id && app.domaine) add(out.supannCMSAppIdDomaine, `${app.id}@${app.domaine}`);
    const option = app.domaine ? appOption(app.domaine, appDomains) : undefined;
    if (option) tag('supannCMSAppId', option, app.id ?? '');
  }
  return out;
}

/**
 * A card or application row as it is saved: `valide` given its default, an end date not in GeneralizedTime written
 * as FusionDirectory does (`YYYYMMDD00Z`). A row needing neither is kept as it was written. `badDate` names an end
 * date that is no date.
 */
export function normalizeCmsRow(value: string, kind: 'card' | 'app'): { value: string; badDate?: string } {
  const spec = kind === 'card' ? CARD : APP;
  const row = readComposite(spec, value);
  if (!row) return { value };
  let changed = false;
  if (!row.valide) {
    row.valide = VALID;
    changed = true;
  }
  if (row.datefin && !isGeneralizedTime(row.datefin)) {
    const day = supannDay(row.datefin);
    if (!day) return { value, badDate: row.datefin };
    row.datefin = fdGeneralizedDay(day);
    changed = true;
  }
  return { value: changed ? writeComposite(spec, row) : value };
}

/**
 * The changes that bring an entry's tagged values (`supannCMSId;x-…`, `supannCMSAppId;x-…`) to `wanted`, given
 * those it has (attribute description as the server spells it → values). Untagged values are left alone.
 */
export function taggedChanges(current: ReadonlyMap<string, readonly string[]>, wanted: ReadonlyMap<string, readonly string[]>): Array<{ operation: 'delete' | 'replace'; attribute: string; values?: string[] }> {
  const changes: Array<{ operation: 'delete' | 'replace'; attribute: string; values?: string[] }> = [];
  const wantedByKey = new Map([...wanted].map(([name, values]) => [name.toLowerCase(), { name, values }]));
  const currentByKey = new Map([...current].filter(([name]) => name.includes(';')).map(([name, values]) => [name.toLowerCase(), { name, values }]));
  const same = (a: readonly string[], b: readonly string[]) => {
    const sorted = [...b].sort();
    return a.length === b.length && [...a].sort().every((v, i) => v === sorted[i]);
  };
  for (const [key, { name }] of currentByKey) if (!wantedByKey.has(key)) changes.push({ operation: 'delete', attribute: name });
  for (const [key, { name, values }] of wantedByKey) {
    const had = currentByKey.get(key);
    if (!had || !same(had.values, values)) changes.push({ operation: 'replace', attribute: had?.name ?? name, values: [...values] });
  }
  return changes;
}
