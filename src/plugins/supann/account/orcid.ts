// ORCID identifiers (eduPersonOrcid): the bare form FusionDirectory stores, the URL form eduPerson recommends, and
// the ISO 7064 11,2 check character FusionDirectory 1.5 tests the wrong way round (docs/supann-people.md).

/** The bare form `dddd-dddd-dddd-ddd[dX]`, as FusionDirectory stores it. */
export const ORCID_PATTERN = '[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]';

const URL_FORM = /^https?:\/\/(?:www\.)?orcid\.org\/([0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9Xx])\/?$/i;

/**
 * The bare form of an ORCID given bare or as its `https://orcid.org/…` URL (lower-case `x` made upper-case);
 * anything else is returned as given, for the pattern check to refuse.
 * @example normaliseOrcid('https://orcid.org/0000-0002-1825-0097') // '0000-0002-1825-0097'
 */
export function normaliseOrcid(input: string): string {
  const value = input.trim();
  const bare = URL_FORM.exec(value)?.[1] ?? value;
  return /^[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}x$/.test(bare) ? bare.toUpperCase() : bare;
}

/**
 * Whether the last character of a bare ORCID is the ISO 7064 MOD 11-2 check character of its 15 digits.
 * @example hasValidOrcidChecksum('0000-0002-1825-0097') // true
 */
export function hasValidOrcidChecksum(orcid: string): boolean {
  const chars = orcid.replace(/-/g, '');
  return /^[0-9]{15}[0-9X]$/.test(chars) && chars[15] === orcidCheckCharacter(chars.slice(0, 15));
}

/** The ISO 7064 MOD 11-2 check character (`0`–`9` or `X`) of the first 15 digits of an ORCID. */
export function orcidCheckCharacter(digits: string): string {
  let total = 0;
  for (const digit of digits.replace(/-/g, '').slice(0, 15)) total = (total + Number(digit)) * 2;
  const result = (12 - (total % 11)) % 11;
  return result === 10 ? 'X' : String(result);
}
