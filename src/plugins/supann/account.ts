// SupAnn: the user tab "SupAnn" (supannAccount, fd-plugins.md §3.3): identity, contact, assignments, affiliations,
// student registrations, staff profile, roles and consents, with FusionDirectory's value syntaxes (§3.7) and its
// derived values and rules (§3.12). docs/supann-people.md describes it.
import type { AttributeDecl, ScalarSpec, TabDecl } from '../../model/declarations.ts';
import { checkAccount } from './account/checkAccount.ts';
import { en, fr } from './account/messages.ts';
import { ORCID_PATTERN } from './account/orcid.ts';
import { prepareAccount } from './account/prepareAccount.ts';
import { FLATTENED, REGISTRATION } from './account/registrations.ts';
import { ROLE } from './account/roles.ts';
import type { PluginPart } from './PluginPart.ts';

/** `{TYPE}value` with TYPE among built-in types and those of a configuration key (`TYPE:Label`). */
function typed(configKey: string, builtIn: string[], value: Exclude<ScalarSpec, { kind: 'composite' | 'select' }>, valueName: string, prefix: string): ScalarSpec {
  return {
    kind: 'composite',
    read: '\\{([^}]+)\\}(.*)',
    write: `{\${type}}\${${valueName}}`,
    parts: [
      { name: 'type', label: 'supannAccount.part.type', spec: { kind: 'select', choicesFromConfig: { key: configKey, separator: ':', builtIn: builtIn.map((t) => ({ value: t, label: `supannAccount.${prefix}.${t}` })) } } },
      { name: valueName, label: `supannAccount.part.${valueName}`, spec: value },
    ],
  };
}

/** The flattened registration attributes: hidden, recomputed at every save. */
const flattened: AttributeDecl[] = Object.values(FLATTENED).map((name) => ({ name, kind: 'set', of: { kind: 'string' }, label: `supannAccount.${name}`, hidden: true, derived: true }));

export const supannAccountTab: TabDecl = {
  id: 'supannAccount',
  label: 'supannAccount.tab',
  description: 'supannAccount.tab.description',
  objectTypes: ['user'],
  objectClasses: ['eduPerson', 'supannPerson'],
  activeFilter: '(&(objectClass=eduPerson)(objectClass=supannPerson))',
  priority: 14,
  selfModify: true,
  behaviour: { prepareSave: prepareAccount, check: checkAccount },
  sections: [
    {
      key: 'identity',
      label: 'supannAccount.section.identity',
      attributes: [
        // FusionDirectory's defaults while the configuration has none; PrintableString on the server (no accents).
        { name: 'supannCivilite', kind: 'select', label: 'supannAccount.supannCivilite', choicesFromConfig: { key: 'fdSupannCiviliteValues', default: ['M.', 'Mme'] } },
        { name: 'supannAliasLogin', kind: 'string', label: 'supannAccount.supannAliasLogin', resetOnCopy: true },
        { name: 'eduPersonPrincipalName', kind: 'string', label: 'supannAccount.eduPersonPrincipalName', unique: 'whole', resetOnCopy: true, example: 'jdupont@univ-example.fr' },
        { name: 'eduPersonNickname', kind: 'string', label: 'supannAccount.eduPersonNickname' },
        {
          name: 'supannRefId',
          kind: 'set',
          of: { kind: 'string', pattern: '\\{[^}]+\\}.+', patternMessage: 'supannAccount.supannRefId.invalid', example: '{APOGEE}21801234' },
          label: 'supannAccount.supannRefId',
          unique: 'whole',
          resetOnCopy: true,
        },
        // The https://orcid.org/… form is accepted and stored bare; see account/checkAccount.ts for the check character.
        {
          name: 'eduPersonOrcid',
          kind: 'set',
          of: { kind: 'string', pattern: ORCID_PATTERN, patternMessage: 'supannAccount.eduPersonOrcid.invalid', example: '0000-0002-1825-0097' },
          label: 'supannAccount.eduPersonOrcid',
          resetOnCopy: true,
          description: 'supannAccount.eduPersonOrcid.description',
        },
      ],
    },
    {
      key: 'contact',
      label: 'supannAccount.section.contact',
      attributes: [
        { name: 'supannAutreTelephone', kind: 'set', of: { kind: 'phone' }, label: 'supannAccount.supannAutreTelephone' },
        {
          name: 'supannTelephonePrive',
          kind: 'set',
          of: typed('fdSupannTelephonePriveTypes', ['MOBPERSO', 'FIXEPERSO', 'MOBPARENTS', 'FIXEPARENTS', 'MOBPRO', 'FIXEPRO', 'SECOURS'], { kind: 'phone' }, 'number', 'phoneType'),
          label: 'supannAccount.supannTelephonePrive',
        },
        { name: 'supannAutreMail', kind: 'set', of: { kind: 'mail' }, label: 'supannAccount.supannAutreMail', unique: 'whole', resetOnCopy: true },
        { name: 'supannMailPerso', kind: 'set', of: { kind: 'mail' }, label: 'supannAccount.supannMailPerso' },
        { name: 'supannMailPrive', kind: 'set', of: typed('fdSupannMailPriveTypes', ['PERSO', 'PARENTS', 'PRO', 'SECOURS', 'TEMP'], { kind: 'mail' }, 'address', 'mailType'), label: 'supannAccount.supannMailPrive' },
        // Lines of the address are `$`-separated inside the value, as FusionDirectory writes them.
        { name: 'supannAdressePostalePrivee', kind: 'set', of: typed('fdSupannAdressePostalePriveeTypes', ['PERSO', 'PARENTS', 'PRO', 'TEMP'], { kind: 'text' }, 'postal', 'addressType'), label: 'supannAccount.supannAdressePostalePrivee' },
        { name: 'supannListeRouge', kind: 'boolean', label: 'supannAccount.supannListeRouge', required: true, default: false },
        // FusionDirectory shows it only when fdSupannShowMailForwardingAddress is TRUE; the engine has no
        // configuration-driven visibility, so it is always shown (docs/supann-people.md).
        { name: 'mailForwardingAddress', kind: 'set', of: { kind: 'mail' }, label: 'supannAccount.mailForwardingAddress' },
      ],
    },
    {
      key: 'assignment',
      label: 'supannAccount.section.assignment',
      attributes: [
        { name: 'supannEntiteAffectationPrincipale', kind: 'select', label: 'supannAccount.supannEntiteAffectationPrincipale', choicesFromValues: { attribute: 'supannEntiteAffectation' } },
        // Every entity and establishment of the directory (FusionDirectory reads them under the whole base).
        { name: 'supannEntiteAffectation', kind: 'set', of: { kind: 'select', choicesFromObjects: { types: ['entite', 'etablissement'], storeAttribute: 'supannCodeEntite' } }, label: 'supannAccount.supannEntiteAffectation' },
        // Completed at save with the types of the assigned entities.
        { name: 'supannTypeEntiteAffectation', kind: 'set', of: { kind: 'select', choicesFromNomenclature: { list: 'entite', prefixed: true } }, label: 'supannAccount.supannTypeEntiteAffectation' },
      ],
    },
    {
      key: 'affiliation',
      label: 'supannAccount.section.affiliation',
      attributes: [
        { name: 'eduPersonPrimaryAffiliation', kind: 'select', label: 'supannAccount.eduPersonPrimaryAffiliation', choicesFromValues: { attribute: 'eduPersonAffiliation' } },
        { name: 'eduPersonAffiliation', kind: 'set', of: { kind: 'select', choicesFromNomenclature: { list: 'affiliation' } }, label: 'supannAccount.eduPersonAffiliation' },
        { name: 'supannEtablissement', kind: 'set', of: { kind: 'select', choicesFromObjects: { types: ['etablissement'], storeAttribute: 'supannEtablissement' } }, label: 'supannAccount.supannEtablissement' },
        { name: 'supannParrainDN', kind: 'dns', types: ['user', 'entite', 'ogroup', 'group'], label: 'supannAccount.supannParrainDN' },
      ],
    },
    {
      key: 'studentProfile',
      label: 'supannAccount.section.studentProfile',
      attributes: [
        { name: 'supannCodeINE', kind: 'string', label: 'supannAccount.supannCodeINE', resetOnCopy: true },
        { name: 'supannEtuId', kind: 'string', label: 'supannAccount.supannEtuId', resetOnCopy: true },
      ],
    },
    {
      key: 'registrations',
      label: 'supannAccount.section.registrations',
      attributes: [{ name: 'supannEtuInscription', kind: 'set', of: REGISTRATION, label: 'supannAccount.supannEtuInscription', description: 'supannAccount.supannEtuInscription.description' }, ...flattened],
    },
    {
      key: 'personalProfile',
      label: 'supannAccount.section.personalProfile',
      attributes: [
        { name: 'supannEmpId', kind: 'string', label: 'supannAccount.supannEmpId', resetOnCopy: true },
        { name: 'supannEmpCorps', kind: 'select', label: 'supannAccount.supannEmpCorps', choicesFromNomenclature: { list: 'corps', prefixed: true } },
        { name: 'supannActivite', kind: 'set', of: { kind: 'select', choicesFromNomenclature: { list: 'activite', prefixed: true } }, label: 'supannAccount.supannActivite' },
      ],
    },
    {
      key: 'roles',
      label: 'supannAccount.section.roles',
      attributes: [
        { name: 'supannRoleEntite', kind: 'set', of: ROLE, label: 'supannAccount.supannRoleEntite' },
        { name: 'supannRoleGenerique', kind: 'set', of: { kind: 'string' }, label: 'supannAccount.supannRoleGenerique', hidden: true, derived: true },
      ],
    },
    {
      key: 'consent',
      label: 'supannAccount.section.consent',
      attributes: [
        {
          name: 'supannConsentement',
          kind: 'set',
          of: {
            kind: 'composite',
            read: '\\{([^}]*)\\}(.*)',
            write: '{${object}}${type}',
            parts: [
              {
                name: 'object',
                label: 'supannAccount.consent.object',
                spec: { kind: 'select', choicesFromConfig: { key: 'fdSupannConsentementObjects', separator: ';', default: ['JPEGPHOTO;Picture', 'SUPANNMAILPERSO;Personal email', 'MAIL;Email', 'MOBILE;Mobile'] } },
              },
              {
                name: 'type',
                label: 'supannAccount.consent.type',
                spec: {
                  kind: 'select',
                  choicesFromConfig: {
                    key: 'fdSupannConsentementTypes',
                    separator: ';',
                    default: ['PUBLIC;Public', 'AUTH;Authenticated', 'PR;Resource people', 'APPRENANTS;APPRENANTS', 'INTERNE;Intern', 'FER;FER', 'EDUGAIN;EduGAIN', 'CGU;CGU'],
                  },
                },
              },
            ],
          },
          label: 'supannAccount.supannConsentement',
        },
      ],
    },
  ],
};

export const accountPart: PluginPart = { tabs: [supannAccountTab], messages: { en, fr } };
