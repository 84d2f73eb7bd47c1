// supann-ext: the user tab "SUPANN-Ext" (supannPersonalExt, fd-plugins.md §3.10): SupAnn 2020 population codes and
// the opaque eduPersonUniqueId federations release, generated once and kept (docs/supann-people.md).
import { randomBytes } from 'node:crypto';
import type { SaveContext, TabDecl } from '../../model/declarations.ts';
import type { PluginPart } from '../supann/PluginPart.ts';

/** Main population codes FusionDirectory always puts back in its configuration. */
const MAIN_POPULATION_CODES = ['{SUPANN}R', '{SUPANN}RG', '{SUPANN}RGP', '{SUPANN}RGPF', '{SUPANN}RGPFT'];

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/**
 * The unique part of a new eduPersonUniqueId: 128 random bits in 32 hexadecimal digits. eduPerson wants it opaque,
 * at most 64 letters and digits, and compares it without regard to case, so neither FusionDirectory's time-based
 * base64 (`+`, `/`) nor base64url (`-`, `_`, case) is used.
 */
export function newUniqueIdLocalPart(): string {
  return randomBytes(16).toString('hex');
}

/**
 * eduPersonUniqueId follows the establishment DNS: generated when the person has none (and unique ids are on),
 * its `@…` part replaced when the DNS changes, its unique part never changed.
 * @example uniqueIdFor('3f…9a@old.example.fr', '@univ-example.fr') // '3f…9a@univ-example.fr'
 */
export function uniqueIdFor(current: string, dns: string): string {
  if (current === '') return `${newUniqueIdLocalPart()}${dns}`;
  const at = current.indexOf('@');
  return `${at < 0 ? current : current.slice(0, at)}${dns}`;
}

async function prepareExt(context: SaveContext): Promise<Record<string, unknown>> {
  const dns = text(context.values.fdEduPersonUniqueIdDns);
  const current = text(context.values.eduPersonUniqueId);
  // FusionDirectory's switch is forced on as soon as a DNS is given; an identifier, once there, keeps it on.
  const on = context.values.unique_ids === true || dns !== '' || current !== '';
  if (!on || !dns.startsWith('@')) return { unique_ids: on };
  return { unique_ids: true, eduPersonUniqueId: uniqueIdFor(current, dns) };
}

function checkExt(context: SaveContext): Array<{ attribute: string; code: string; message: string }> {
  const dns = text(context.values.fdEduPersonUniqueIdDns);
  if (dns === '' && text(context.stored.fdEduPersonUniqueIdDns) !== '') {
    return [{ attribute: 'fdEduPersonUniqueIdDns', code: 'value.required', message: 'Unique identifiers cannot be unset: the establishment DNS cannot be removed once it is set.' }];
  }
  if (dns === '' && context.values.unique_ids === true && text(context.values.eduPersonUniqueId) === '') {
    return [{ attribute: 'fdEduPersonUniqueIdDns', code: 'value.required', message: 'Give the establishment DNS (such as @univ-example.fr) to generate the unique identifier.' }];
  }
  return [];
}

export const supannPersonalExtTab: TabDecl = {
  id: 'supannPersonalExt',
  label: 'supannPersonalExt.tab',
  description: 'supannPersonalExt.tab.description',
  objectTypes: ['user'],
  objectClasses: ['fdSupannExt'],
  priority: 18,
  dependsOn: ['supannAccount'],
  behaviour: {
    afterOpen: (values) => ({ unique_ids: values.unique_ids === true || text(values.fdEduPersonUniqueIdDns) !== '' || text(values.eduPersonUniqueId) !== '' }),
    prepareSave: prepareExt,
    check: checkExt,
  },
  sections: [
    {
      key: 'uniqueId',
      label: 'supannPersonalExt.section.uniqueId',
      attributes: [
        // Not in LDAP: on while an identifier or a DNS is there, which is how it "cannot be unset".
        { name: 'unique_ids', kind: 'boolean', label: 'supannPersonalExt.unique_ids', inLdap: false, acl: 'fdEduPersonUniqueIdDns' },
        {
          name: 'fdEduPersonUniqueIdDns',
          kind: 'string',
          label: 'supannPersonalExt.fdEduPersonUniqueIdDns',
          pattern: '@[^@\\s]+',
          patternMessage: 'supannPersonalExt.fdEduPersonUniqueIdDns.invalid',
          example: '@univ-example.fr',
        },
        { name: 'eduPersonUniqueId', kind: 'string', label: 'supannPersonalExt.eduPersonUniqueId', derived: true, unique: 'whole', resetOnCopy: true },
      ],
    },
    {
      key: 'population',
      label: 'supannPersonalExt.section.population',
      attributes: [
        {
          name: 'supannCodePopulation',
          kind: 'set',
          // Main codes, then the local ones (`{SUPANN}RGP:DOCT`), as stored in the configuration (fd-plugins.md §3.10).
          of: { kind: 'select', choicesFromConfig: { key: 'fdMainPopulationCodeConf', moreKeys: ['fdLocalPopulationCodeConf'], builtIn: MAIN_POPULATION_CODES.map((c) => ({ value: c, label: c })) } },
          label: 'supannPersonalExt.supannCodePopulation',
        },
      ],
    },
  ],
};

export const extAccountPart: PluginPart = {
  tabs: [supannPersonalExtTab],
  messages: {
    en: {
      'supannPersonalExt.tab': 'SUPANN-Ext',
      'supannPersonalExt.tab.description': 'SupAnn 2020: population codes and the federation unique identifier',
      'supannPersonalExt.section.uniqueId': 'Unique identifier',
      'supannPersonalExt.section.population': 'Population',
      'supannPersonalExt.unique_ids': 'Activate Unique ID (Cannot Be Unset)',
      'supannPersonalExt.fdEduPersonUniqueIdDns': 'Establishment DNS',
      'supannPersonalExt.fdEduPersonUniqueIdDns.invalid': 'The establishment DNS must start with @, such as @univ-example.fr.',
      'supannPersonalExt.eduPersonUniqueId': 'Generated User Unique Identifier',
      'supannPersonalExt.supannCodePopulation': 'Main Code',
    },
    fr: {
      'supannPersonalExt.tab': 'SUPANN-Ext',
      'supannPersonalExt.tab.description': 'SupAnn 2020 : codes de population et identifiant unique pour les fédérations',
      'supannPersonalExt.section.uniqueId': 'Identifiant unique',
      'supannPersonalExt.section.population': 'Population',
      'supannPersonalExt.unique_ids': 'Activer l’identifiant unique (définitif)',
      'supannPersonalExt.fdEduPersonUniqueIdDns': 'DNS de l’établissement',
      'supannPersonalExt.fdEduPersonUniqueIdDns.invalid': 'Le DNS de l’établissement commence par @, par exemple @univ-example.fr.',
      'supannPersonalExt.eduPersonUniqueId': 'Identifiant unique généré',
      'supannPersonalExt.supannCodePopulation': 'Code de population',
    },
  },
};
