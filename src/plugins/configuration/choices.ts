// The choices of the configuration's selects, as FusionDirectory offers them, with their labels in both languages.
import type { Choice } from '../../model/declarations.ts';
import { PASSWORD_METHOD_NAMES } from '../../passwords/PasswordMethod.ts';

/** Languages the interface speaks; '' (none chosen) follows the browser. */
export const LANGUAGES = ['en_US', 'fr_FR'];

export const LOGIN_METHODS = ['LoginPost', 'LoginCAS', 'LoginHTTPAuth', 'LoginHTTPHeader'];

/** Label keys of generated choices: `config.<attribute>.<value>`. */
export const choiceLabel = (attribute: string, value: string) => `config.${attribute}.${value}`;

const choicesOf = (attribute: string, values: readonly string[]): Choice[] => values.map((value) => ({ value, label: choiceLabel(attribute, value) }));

export const languageChoices = choicesOf('fdLanguage', LANGUAGES);
export const loginMethodChoices = choicesOf('fdLoginMethod', LOGIN_METHODS);
export const loginAttributeChoices = choicesOf('fdLoginAttribute', ['uid', 'mail', 'uid,mail']);
export const primaryAttributeChoices = choicesOf('fdAccountPrimaryAttribute', ['uid', 'cn']);
export const modificationDetectionChoices = choicesOf('fdModificationDetectionAttribute', ['entryCSN', 'contextCSN']);
/** Every password method Trousseau can hash with, by FusionDirectory's name. */
export const passwordHashChoices = choicesOf('hash', PASSWORD_METHOD_NAMES);

/** Texts of the generated choice labels: a method or attribute name reads the same in both languages. */
export function choiceMessages(lang: 'en' | 'fr'): Record<string, string> {
  const same = (attribute: string, values: readonly string[]) => Object.fromEntries(values.map((v) => [choiceLabel(attribute, v), v]));
  return {
    ...same('hash', PASSWORD_METHOD_NAMES),
    ...same('fdLoginAttribute', ['uid', 'mail']),
    [choiceLabel('fdLoginAttribute', 'uid,mail')]: lang === 'en' ? 'uid or mail' : 'uid ou mail',
    ...same('fdAccountPrimaryAttribute', ['uid', 'cn']),
    ...same('fdModificationDetectionAttribute', ['entryCSN', 'contextCSN']),
    [choiceLabel('fdLanguage', 'en_US')]: lang === 'en' ? 'English' : 'Anglais',
    [choiceLabel('fdLanguage', 'fr_FR')]: lang === 'en' ? 'French' : 'Français',
    [choiceLabel('fdLoginMethod', 'LoginPost')]: lang === 'en' ? 'HTML form (LoginPost)' : 'Formulaire HTML (LoginPost)',
    [choiceLabel('fdLoginMethod', 'LoginCAS')]: lang === 'en' ? 'CAS single sign-on (LoginCAS)' : 'Authentification unique CAS (LoginCAS)',
    [choiceLabel('fdLoginMethod', 'LoginHTTPAuth')]: lang === 'en' ? 'HTTP Basic authentication (LoginHTTPAuth)' : 'Authentification HTTP Basic (LoginHTTPAuth)',
    [choiceLabel('fdLoginMethod', 'LoginHTTPHeader')]: lang === 'en' ? 'HTTP header set by a proxy (LoginHTTPHeader)' : 'En-tête HTTP posé par un mandataire (LoginHTTPHeader)',
  };
}

/** A branch RDN key: `ou=people`, `ou=a,ou=b`, or a bare name (FusionDirectory's get_ou prefixes `ou=`). */
export const RDN_PATTERN = '[^=,]+|[A-Za-z][A-Za-z0-9-]*=[^,=]+(?:,[A-Za-z][A-Za-z0-9-]*=[^,=]+)*,?';

/** Whether the runtime knows a time zone (IANA names and their aliases, UTC). */
export function isTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
