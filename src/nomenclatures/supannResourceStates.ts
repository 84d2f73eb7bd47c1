// SupAnn resource states (supannRessourceEtat / supannRessourceEtatDate): the built-in resources, the three states and
// the twelve official sub-states in the order of FusionDirectory's configuration (fd-plugins.md §3.4, §3.10).
// Constants rather than a nomenclature file: FusionDirectory has them in code, and the sub-states a site offers are
// those of its configuration (fdSupannRessourceSubStates), whose default is this list.

export type SupannResourceState = 'A' | 'I' | 'S';

/** Resources every site has; others come from fdSupannRessourceLabels (`RESOURCE:Label`). */
export const SUPANN_RESOURCES: ReadonlyArray<{ code: string; label: string }> = [
  { code: 'COMPTE', label: 'supann.resource.COMPTE' },
  { code: 'MAIL', label: 'supann.resource.MAIL' },
];

/** A (active), I (inactive), S (suspended); labels are message keys (SUPANN_RESOURCE_STATE_MESSAGES). */
export const SUPANN_RESOURCE_STATES: ReadonlyArray<{ code: SupannResourceState; label: string }> = [
  { code: 'A', label: 'supann.resourceState.A' },
  { code: 'I', label: 'supann.resourceState.I' },
  { code: 'S', label: 'supann.resourceState.S' },
];

/** The official sub-states, each under its state, in FusionDirectory's default order. */
export const SUPANN_RESOURCE_SUBSTATES: ReadonlyArray<{ state: SupannResourceState; code: string; label: string }> = [
  ['A', 'SupannAnticipe'],
  ['A', 'SupannActif'],
  ['A', 'SupannSursis'],
  ['I', 'SupannPrecree'],
  ['I', 'SupannCree'],
  ['I', 'SupannExpire'],
  ['I', 'SupannInactif'],
  ['I', 'SupannSupprDonnees'],
  ['I', 'SupannSupprCompte'],
  ['S', 'SupannVerrouille'],
  ['S', 'SupannVerrouAdministratif'],
  ['S', 'SupannVerrouTechnique'],
].map(([state, code]) => ({ state: state as SupannResourceState, code: code!, label: `supann.resourceSubState.${code!}` }));

/**
 * The default of fdSupannRessourceSubStates, as FusionDirectory stores it (an ordered list, `N:STATE:substate`).
 * @example defaultSubStates()[0] // '0:A:SupannAnticipe'
 */
export function defaultSubStates(): string[] {
  return SUPANN_RESOURCE_SUBSTATES.map((s, i) => `${i}:${s.state}:${s.code}`);
}

/** The labels of the keys above, for a plugin's `messages`. */
export const SUPANN_RESOURCE_STATE_MESSAGES: Record<'en' | 'fr', Record<string, string>> = {
  en: {
    'supann.resource.COMPTE': 'Account',
    'supann.resource.MAIL': 'Mail',
    'supann.resourceState.A': 'Active',
    'supann.resourceState.I': 'Inactive',
    'supann.resourceState.S': 'Suspended',
    'supann.resourceSubState.SupannAnticipe': 'Anticipated',
    'supann.resourceSubState.SupannActif': 'Active',
    'supann.resourceSubState.SupannSursis': 'Extension',
    'supann.resourceSubState.SupannPrecree': 'Pre-created',
    'supann.resourceSubState.SupannCree': 'Created',
    'supann.resourceSubState.SupannExpire': 'Expired',
    'supann.resourceSubState.SupannInactif': 'Inactive',
    'supann.resourceSubState.SupannSupprDonnees': 'Data deletion',
    'supann.resourceSubState.SupannSupprCompte': 'Account deletion',
    'supann.resourceSubState.SupannVerrouille': 'Locked',
    'supann.resourceSubState.SupannVerrouAdministratif': 'Administrative lock',
    'supann.resourceSubState.SupannVerrouTechnique': 'Technical lock',
  },
  fr: {
    'supann.resource.COMPTE': 'Compte',
    'supann.resource.MAIL': 'Messagerie',
    'supann.resourceState.A': 'Actif',
    'supann.resourceState.I': 'Inactif',
    'supann.resourceState.S': 'Suspendu',
    'supann.resourceSubState.SupannAnticipe': 'Anticipé',
    'supann.resourceSubState.SupannActif': 'Actif',
    'supann.resourceSubState.SupannSursis': 'Sursis',
    'supann.resourceSubState.SupannPrecree': 'Précréé',
    'supann.resourceSubState.SupannCree': 'Créé',
    'supann.resourceSubState.SupannExpire': 'Expiré',
    'supann.resourceSubState.SupannInactif': 'Inactif',
    'supann.resourceSubState.SupannSupprDonnees': 'Suppression des données',
    'supann.resourceSubState.SupannSupprCompte': 'Suppression du compte',
    'supann.resourceSubState.SupannVerrouille': 'Verrouillé',
    'supann.resourceSubState.SupannVerrouAdministratif': 'Verrouillage administratif',
    'supann.resourceSubState.SupannVerrouTechnique': 'Verrouillage technique',
  },
};
