// SupAnn resource states (fd-plugins.md §3.4, §3.7.1): `supannRessourceEtatDate` lines `{RES}STATE:SUB:START:END`,
// their projection `supannRessourceEtat` `{RES}STATE[:SUB]`, the import of entries holding only the latter, and the
// substates the configuration allows for each state.
import { supannDay } from '../dates/supannDay.ts';

/** One line of supannRessourceEtatDate, its parts as written (dates `YYYYMMDD` once normalized). */
export interface ResourceState {
  resource: string;
  state: string;
  substate: string;
  start: string;
  end: string;
}

/** FusionDirectory's reading of a line (its regular expression, fd-plugins.md §3.7.1). */
export const RESOURCE_STATE_READ = '\\{([^}]+)\\}([^:]+):([^:]*):([^:]*):([^:]*)';
export const RESOURCE_STATE_WRITE = '{${resource}}${state}:${substate}:${start}:${end}';

/** The resources every site has; others come from the configuration's `fdSupannRessourceLabels` (`RES:Label`). */
export const BUILT_IN_RESOURCES = ['COMPTE', 'MAIL'] as const;

export const STATES = ['A', 'I', 'S'] as const;

/** The twelve official substates, in FusionDirectory's order (the default of `fdSupannRessourceSubStates`). */
export const OFFICIAL_SUBSTATES: ReadonlyArray<{ state: (typeof STATES)[number]; substate: string }> = [
  { state: 'A', substate: 'SupannAnticipe' },
  { state: 'A', substate: 'SupannActif' },
  { state: 'A', substate: 'SupannSursis' },
  { state: 'I', substate: 'SupannPrecree' },
  { state: 'I', substate: 'SupannCree' },
  { state: 'I', substate: 'SupannExpire' },
  { state: 'I', substate: 'SupannInactif' },
  { state: 'I', substate: 'SupannSupprDonnees' },
  { state: 'I', substate: 'SupannSupprCompte' },
  { state: 'S', substate: 'SupannVerrouille' },
  { state: 'S', substate: 'SupannVerrouAdministratif' },
  { state: 'S', substate: 'SupannVerrouTechnique' },
];

/** `fdSupannRessourceSubStates` as FusionDirectory fills it by default: `N:STATE:substate`. */
export const DEFAULT_SUBSTATES_CONFIG: string[] = OFFICIAL_SUBSTATES.map((s, i) => `${i}:${s.state}:${s.substate}`);

const READ = new RegExp(`^${RESOURCE_STATE_READ}$`);

/** The parts of a line, or undefined when it does not have FusionDirectory's shape. */
export function parseResourceState(value: string): ResourceState | undefined {
  const m = READ.exec(value);
  if (!m) return undefined;
  return { resource: m[1]!, state: m[2]!, substate: m[3]!, start: m[4]!, end: m[5]! };
}

/** `{RES}STATE:SUB:START:END`, always three colons after the resource, empty parts kept. */
export function formatResourceState(line: ResourceState): string {
  return `{${line.resource}}${line.state}:${line.substate}:${line.start}:${line.end}`;
}

/** The supannRessourceEtat value of a line: `{RES}STATE` or `{RES}STATE:SUB` (dates dropped). */
export function projectResourceState(line: ResourceState): string {
  return `{${line.resource}}${line.state}${line.substate ? `:${line.substate}` : ''}`;
}

/**
 * A line with its dates written `YYYYMMDD`, also when they were read at hour precision (`2024090100Z`) or typed
 * `YYYY-MM-DD`; `badDate` names a date that is no date at all (the line is then returned as it was).
 * @example normalizeResourceState('{COMPTE}A:SupannActif:2024090100Z:') // { value: '{COMPTE}A:SupannActif:20240901:' }
 */
export function normalizeResourceState(value: string): { value: string; badDate?: string } {
  const line = parseResourceState(value);
  if (!line) return { value };
  for (const key of ['start', 'end'] as const) {
    if (line[key] === '') continue;
    const day = supannDay(line[key]);
    if (!day) return { value, badDate: line[key] };
    line[key] = day;
  }
  return { value: formatResourceState(line) };
}

/**
 * An entry's supannRessourceEtat value as a supannRessourceEtatDate line without dates (FusionDirectory's import:
 * `{X}A:Sub` → `{X}A:Sub::`, `{X}A` → `{X}A:::`).
 */
export function importResourceState(value: string): string {
  const colons = (value.slice(value.indexOf('}') + 1).match(/:/g) ?? []).length;
  return colons >= 3 ? value : value + ':'.repeat(3 - colons);
}

/**
 * The substates the configuration allows for a state, in its order. `configured` holds `fdSupannRessourceSubStates`
 * values `N:STATE:substate` (or `STATE:substate`); without any, the official ones.
 */
export function subStatesOf(state: string, configured: readonly string[]): string[] {
  const values = configured.length > 0 ? configured : DEFAULT_SUBSTATES_CONFIG;
  return values
    .map((v, i) => {
      const m = /^(?:(\d+):)?([^:]+):(.+)$/.exec(v);
      return m ? { order: m[1] !== undefined ? Number(m[1]) : i, state: m[2]!, substate: m[3]! } : undefined;
    })
    .filter((s): s is { order: number; state: string; substate: string } => s !== undefined && s.state === state)
    .sort((a, b) => a.order - b.order)
    .map((s) => s.substate);
}

/** The resources a site knows: the built-in ones and the configured `RES:Label` ones. */
export function knownResources(configured: readonly string[]): string[] {
  return [...new Set([...BUILT_IN_RESOURCES, ...configured.map((v) => v.split(':')[0]!).filter((r) => r !== '')])];
}
