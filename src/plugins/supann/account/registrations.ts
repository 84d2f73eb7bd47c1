// Student registrations (supannEtuInscription, fd-plugins.md §3.3, §3.7.2): the bracketed composite, the `{INCONNU}`
// marker of unknown regime and sector, and the flattened supannEtu* attributes FusionDirectory recomputes on save.
import type { Choice, CompositeSpec } from '../../../model/declarations.ts';
import { readComposite, writeComposite } from '../../../model/kinds/composite.ts';

/** SupAnn's "unknown" marker: what an empty regime or sector is written as, never copied to the flat attributes. */
export const UNKNOWN = '{INCONNU}';

/** Parts FusionDirectory requires but writes `{INCONNU}` for when left empty. */
const UNKNOWN_WHEN_EMPTY = ['regimeinsc', 'sectdisc'] as const;

/** `{SUPANN}<L|M|D|X|B><n>`: licence 1–3, master 1–2, doctorate 1–9, other 1–9, bac+0–20. */
export const CURSUS_CHOICES: Choice[] = (
  [
    ['L', 1, 3],
    ['M', 1, 2],
    ['D', 1, 9],
    ['X', 1, 9],
    ['B', 0, 20],
  ] as const
).flatMap(([level, from, to]) => Array.from({ length: to - from + 1 }, (_, i) => ({ value: `{SUPANN}${level}${from + i}`, label: `${level}${from + i}` })));

/** Entities and establishments, by their supannCodeEntite (the types of the SupAnn structures). */
const ENTITY_CODES = { choicesFromObjects: { types: ['entite', 'etablissement'], storeAttribute: 'supannCodeEntite' } };

/** `[etab=…][anneeinsc=…][regimeinsc=…][sectdisc=…][typedip=…][cursusann=…][affect=…][diplome=…][etape=…][eltpedago=…]`. */
export const REGISTRATION: CompositeSpec = {
  kind: 'composite',
  bracketed: true,
  parts: [
    { name: 'etab', label: 'supannAccount.etu.etab', spec: { kind: 'select', choicesFromObjects: { types: ['etablissement'], storeAttribute: 'supannEtablissement' } } },
    { name: 'anneeinsc', label: 'supannAccount.etu.anneeinsc', spec: { kind: 'integer' } },
    { name: 'regimeinsc', label: 'supannAccount.etu.regimeinsc', spec: { kind: 'select', choicesFromNomenclature: { list: 'eturegimeinscription', prefixed: true, unknown: UNKNOWN } } },
    { name: 'sectdisc', label: 'supannAccount.etu.sectdisc', spec: { kind: 'select', choicesFromNomenclature: { list: 'discipline', prefixed: true, unknown: UNKNOWN } } },
    { name: 'typedip', label: 'supannAccount.etu.typedip', spec: { kind: 'select', choicesFromNomenclature: { list: 'typediplome', prefixed: true } } },
    { name: 'cursusann', label: 'supannAccount.etu.cursusann', spec: { kind: 'select', choices: CURSUS_CHOICES } },
    { name: 'affect', label: 'supannAccount.etu.affect', optional: true, spec: { kind: 'select', ...ENTITY_CODES } },
    { name: 'diplome', label: 'supannAccount.etu.diplome', optional: true, spec: { kind: 'select', choicesFromNomenclature: { list: 'diplome', prefixed: true } } },
    { name: 'etape', label: 'supannAccount.etu.etape', optional: true, spec: { kind: 'select', choicesFromNomenclature: { list: 'etuetape', prefixed: true } } },
    { name: 'eltpedago', label: 'supannAccount.etu.eltpedago', optional: true, spec: { kind: 'select', choicesFromNomenclature: { list: 'etuelementpedagogique', prefixed: true } } },
  ],
};

/** The flattened attribute of each registration part, in FusionDirectory's order. */
export const FLATTENED = {
  anneeinsc: 'supannEtuAnneeInscription',
  regimeinsc: 'supannEtuRegimeInscription',
  sectdisc: 'supannEtuSecteurDisciplinaire',
  typedip: 'supannEtuTypeDiplome',
  cursusann: 'supannEtuCursusAnnee',
  diplome: 'supannEtuDiplome',
  etape: 'supannEtuEtape',
  eltpedago: 'supannEtuElementPedagogique',
} as const;

/** The parts of a registration, or undefined when the value is not `[key=value]…`. */
export function readRegistration(value: string): Record<string, string> | undefined {
  return readComposite(REGISTRATION, value);
}

/**
 * A registration with `{INCONNU}` written for an empty regime or sector, as FusionDirectory saves it; a value that
 * has both (or is not a registration) is kept as it is, so stored values keep their bytes.
 * @example withUnknownMarkers('[etab={UAI}0751717J][anneeinsc=2024][typedip={SISE}01][cursusann={SUPANN}L1]')
 * // '[etab={UAI}0751717J][anneeinsc=2024][regimeinsc={INCONNU}][sectdisc={INCONNU}][typedip={SISE}01][cursusann={SUPANN}L1]'
 */
export function withUnknownMarkers(value: string): string {
  const parts = readRegistration(value);
  if (!parts || UNKNOWN_WHEN_EMPTY.every((k) => parts[k] !== '')) return value;
  for (const k of UNKNOWN_WHEN_EMPTY) if (parts[k] === '') parts[k] = UNKNOWN;
  return writeComposite(REGISTRATION, parts);
}

/** Values once each, the first spelling kept (the flat attributes match without regard to case). */
export function uniqueValues(values: Iterable<string>): string[] {
  const seen = new Map<string, string>();
  for (const v of values) if (v !== '' && !seen.has(v.toLowerCase())) seen.set(v.toLowerCase(), v);
  return [...seen.values()];
}

/**
 * The flattened supannEtu* attributes: for each, the sub-values of every registration once, empty ones and `{INCONNU}`
 * left out (fd-plugins.md §3.3).
 */
export function flattenRegistrations(registrations: string[]): Record<(typeof FLATTENED)[keyof typeof FLATTENED], string[]> {
  const parsed = registrations.map(readRegistration).filter((p): p is Record<string, string> => p !== undefined);
  return Object.fromEntries(
    Object.entries(FLATTENED).map(([part, attribute]) => [attribute, uniqueValues(parsed.map((p) => p[part] ?? '').filter((v) => v.toUpperCase() !== UNKNOWN))]),
  ) as Record<(typeof FLATTENED)[keyof typeof FLATTENED], string[]>;
}
