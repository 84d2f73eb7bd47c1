// Rules of the SupAnn tab that relate values (fd-plugins.md §3.12) beyond what the declarations check: exclusive
// affiliations, ORCID check characters, registration years. "One of the other attribute's values" rules (primary
// affiliation, principal assignment, role type and code) are `choicesFromValues` selects, checked by the engine.
import type { SaveContext } from '../../../model/declarations.ts';
import { hasValidOrcidChecksum, ORCID_PATTERN, orcidCheckCharacter } from './orcid.ts';
import { readRegistration } from './registrations.ts';

type Problem = { attribute: string; code: string; message: string };

const listOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value !== '' ? [value] : []);

/** Registration years FusionDirectory offers: the current year ±100. */
const YEAR_SPAN = 100;

/** The problems of the SupAnn tab's values, the attribute at fault named. */
export function checkAccount(context: SaveContext): Problem[] {
  const v = context.values;
  const problems: Problem[] = [];
  const isNew = (attribute: string) => {
    const before = new Set(listOf(context.stored[attribute]));
    return (value: string) => !before.has(value);
  };

  const affiliations = listOf(v.eduPersonAffiliation);
  if (affiliations.includes('member') && affiliations.includes('affiliate')) {
    problems.push({ attribute: 'eduPersonAffiliation', code: 'value.affiliation', message: 'A person cannot be both "member" and "affiliate": these affiliations exclude each other.' });
  }

  // FusionDirectory 1.5 tests the check character the wrong way round: ORCIDs it stored may be wrong, only new ones are checked.
  const orcidShape = new RegExp(`^${ORCID_PATTERN}$`);
  for (const orcid of listOf(v.eduPersonOrcid).filter(isNew('eduPersonOrcid'))) {
    if (orcidShape.test(orcid) && !hasValidOrcidChecksum(orcid)) {
      problems.push({
        attribute: 'eduPersonOrcid',
        code: 'value.orcid',
        message: `"${orcid}" is not a valid ORCID identifier: its last character should be ${orcidCheckCharacter(orcid)} (ISO 7064 11,2 check).`,
      });
    }
  }

  const year = new Date().getUTCFullYear();
  for (const registration of listOf(v.supannEtuInscription).filter(isNew('supannEtuInscription'))) {
    const given = readRegistration(registration)?.anneeinsc;
    if (given && /^\d+$/.test(given) && Math.abs(Number(given) - year) > YEAR_SPAN) {
      problems.push({ attribute: 'supannEtuInscription', code: 'value.range', message: `The registration year ${given} is not between ${year - YEAR_SPAN} and ${year + YEAR_SPAN}.` });
    }
  }
  return problems;
}
