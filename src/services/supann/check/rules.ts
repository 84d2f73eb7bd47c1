// The rules a SupAnn directory should follow (fd-plugins.md §3.7, §3.12), as pure functions over stored LDAP values:
// what the SupAnn checker applies to every entry. Each rule has a stable id, a title, and a severity.

/** A rule of the checker. */
export interface SupannRule {
  id: string;
  title: string;
  /** `error`: the data is wrong (FusionDirectory or the standard refuses it); `warning`: suspicious or inconsistent. */
  severity: 'error' | 'warning';
}

/** Every rule, in report order. */
export const SUPANN_RULES: readonly SupannRule[] = [
  { id: 'structure.code', title: 'Structure code is not a valid SupAnn code (letters, digits, _ / -)', severity: 'error' },
  { id: 'structure.duplicateCode', title: 'Several structures have the same supannCodeEntite', severity: 'error' },
  { id: 'structure.danglingParent', title: 'A parent structure (supannCodeEntiteParent) does not exist', severity: 'error' },
  { id: 'structure.cycle', title: 'Structures are their own ancestors (supannCodeEntiteParent cycle)', severity: 'error' },
  { id: 'refId.prefix', title: 'supannRefId without its {PREFIX}', severity: 'error' },
  { id: 'refId.duplicate', title: 'supannRefId used by several entries', severity: 'error' },
  { id: 'establishment.prefix', title: 'supannEtablissement without its {PREFIX} (e.g. {UAI}0751717J)', severity: 'error' },
  { id: 'person.establishmentUnknown', title: 'supannEtablissement names no establishment of the directory', severity: 'warning' },
  { id: 'affiliation.unknown', title: 'eduPersonAffiliation outside the SupAnn list', severity: 'error' },
  { id: 'affiliation.primaryNotAmong', title: 'eduPersonPrimaryAffiliation is not among eduPersonAffiliation', severity: 'error' },
  { id: 'affiliation.memberAndAffiliate', title: 'eduPersonAffiliation has both member and affiliate', severity: 'error' },
  { id: 'assignment.unknown', title: 'supannEntiteAffectation names no structure of the directory', severity: 'error' },
  { id: 'assignment.principalNotAmong', title: 'supannEntiteAffectationPrincipale is not among supannEntiteAffectation', severity: 'error' },
  { id: 'eppn.duplicate', title: 'eduPersonPrincipalName used by several people', severity: 'error' },
  { id: 'eppn.form', title: 'eduPersonPrincipalName is not of the form id@domain', severity: 'warning' },
  { id: 'orcid.invalid', title: 'eduPersonOrcid is not a valid ORCID (form or checksum)', severity: 'error' },
  { id: 'role.form', title: 'supannRoleEntite is not [role=…][type=…][code=…] with a role and a type', severity: 'error' },
  { id: 'role.typeNotAmong', title: 'supannRoleEntite type is not among supannTypeEntiteAffectation', severity: 'warning' },
  { id: 'role.codeNotAmong', title: 'supannRoleEntite code is not among supannEntiteAffectation', severity: 'warning' },
  { id: 'role.generic', title: 'supannRoleGenerique differs from the roles of supannRoleEntite', severity: 'warning' },
  { id: 'registration.form', title: 'supannEtuInscription is not a bracketed registration with etab, anneeinsc, typedip and cursusann', severity: 'error' },
  { id: 'registration.flattened', title: 'Flattened supannEtu* values differ from the registrations', severity: 'warning' },
  { id: 'status.form', title: 'supannRessourceEtatDate is not {RESOURCE}STATE:SUBSTATE:START:END', severity: 'error' },
  { id: 'status.duplicateResource', title: 'Several supannRessourceEtatDate lines for one resource', severity: 'error' },
  { id: 'status.projection', title: 'supannRessourceEtat differs from supannRessourceEtatDate', severity: 'warning' },
  { id: 'parrain.missing', title: 'supannParrainDN names no entry', severity: 'error' },
  { id: 'group.memberDnMissing', title: 'supannGroupeAdminDN or supannGroupeLecteurDN names no entry', severity: 'error' },
  { id: 'date.generalizedTime', title: 'A date is not a valid GeneralizedTime (supannGroupeDateFin, supannCMSDateFin…)', severity: 'error' },
  { id: 'civilite.printable', title: 'supannCivilite has characters a PrintableString refuses', severity: 'error' },
];

/** The thirteen eduPersonAffiliation values of SupAnn (fd-plugins.md §3.3). */
export const SUPANN_AFFILIATIONS = ['student', 'faculty', 'staff', 'employee', 'member', 'affiliate', 'alum', 'library-walk-in', 'researcher', 'retired', 'emeritus', 'teacher', 'registered-reader'];

/** FusionDirectory's code syntax for supannCodeEntite and assignments. */
export const isStructureCode = (code: string): boolean => /^[a-zA-Z0-9_/-]+$/.test(code);

/** `{PREFIX}value` with a non-empty value (`allowEmpty` for supannEtablissement, whose FD regex allows it). */
export const isPrefixed = (value: string, allowEmpty = false): boolean => (allowEmpty ? /^\{[^}]+\}.*$/s : /^\{[^}]+\}.+$/s).test(value);

/**
 * An ORCID identifier with a correct ISO 7064 11,2 check character (FusionDirectory 1.5 inverts the test); the
 * https://orcid.org/ form is accepted too.
 * @example isValidOrcid('0000-0002-1825-0097') // true
 */
export function isValidOrcid(value: string): boolean {
  const bare = value.replace(/^https?:\/\/orcid\.org\//, '');
  if (!/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/.test(bare)) return false;
  const digits = bare.replace(/-/g, '');
  let total = 0;
  for (const d of digits.slice(0, 15)) total = (total + Number(d)) * 2;
  const check = (12 - (total % 11)) % 11;
  return digits[15] === (check === 10 ? 'X' : String(check));
}

/** FusionDirectory's reading of `[key=value]…`: one expression per key, in any order; undefined when not bracketed. */
export function readBracketed(value: string, keys: readonly string[]): Record<string, string> | undefined {
  if (!/^(?:\[[^=\][]+=.*?\])+$/s.test(value)) return undefined;
  return Object.fromEntries(keys.map((k) => [k, new RegExp(`\\[${k}=(.+?)(?:\\]\\[|\\]$)`, 's').exec(value)?.[1] ?? '']));
}

/** `{RESOURCE}STATE:SUBSTATE:START:END` split, or undefined. */
export function readStatusLine(value: string): { resource: string; state: string; substate: string; start: string; end: string } | undefined {
  const m = /^\{([^}]+)\}([^:]+):([^:]*):([^:]*):([^:]*)$/.exec(value);
  return m ? { resource: m[1]!, state: m[2]!, substate: m[3]!, start: m[4]!, end: m[5]! } : undefined;
}

/** A valid GeneralizedTime (`YYYYMMDDHH[MM[SS]][.f](Z|±hhmm)`), as LDAP's syntax wants. */
export function isGeneralizedTime(value: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,]\d+)?(Z|[+-]\d{4})$/.exec(value);
  if (!m) return false;
  const [, , month, day, hour, minute = '00', second = '00'] = m;
  return Number(month) >= 1 && Number(month) <= 12 && Number(day) >= 1 && Number(day) <= 31 && Number(hour) <= 23 && Number(minute) <= 59 && Number(second) <= 60;
}

/** PrintableString characters (RFC 4517): what supannCivilite's syntax allows. */
export const isPrintableString = (value: string): boolean => /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value);

/** The registration keys FusionDirectory writes, and the flattened attribute each one feeds. */
export const REGISTRATION_KEYS = ['etab', 'anneeinsc', 'regimeinsc', 'sectdisc', 'typedip', 'cursusann', 'affect', 'diplome', 'etape', 'eltpedago'] as const;
export const FLATTENED: Record<string, string> = {
  anneeinsc: 'supannEtuAnneeInscription',
  regimeinsc: 'supannEtuRegimeInscription',
  sectdisc: 'supannEtuSecteurDisciplinaire',
  typedip: 'supannEtuTypeDiplome',
  cursusann: 'supannEtuCursusAnnee',
  diplome: 'supannEtuDiplome',
  etape: 'supannEtuEtape',
  eltpedago: 'supannEtuElementPedagogique',
};
