// supann-ext on structures and the configuration (fd-plugins.md §3.8, §3.10): validity dates and relations of
// entities and establishments (fdSupannExt), and the SupAnn 2020 population codes the configuration offers.
import type { CompositeSpec, SaveContext, TabDecl } from '../../model/declarations.ts';
import { readComposite } from '../../model/kinds/composite.ts';
import { STRUCTURE_TYPES } from '../supann/structures.ts';
import type { PluginPart } from '../supann/PluginPart.ts';

/** `[role=…][type=…][code=…]` (§3.7.2): role and type prefixed codes of nomenclatures, code a structure's. */
const RELATION: CompositeSpec = {
  kind: 'composite',
  bracketed: true,
  parts: [
    { name: 'role', spec: { kind: 'select', choicesFromNomenclature: { list: 'relationrole', prefixed: true } }, label: 'supannExt.relation.role' },
    { name: 'type', spec: { kind: 'select', choicesFromNomenclature: { list: 'entite', prefixed: true } }, label: 'supannExt.relation.type' },
    { name: 'code', spec: { kind: 'select', choicesFromObjects: { types: STRUCTURE_TYPES, storeAttribute: 'supannCodeEntite' } }, label: 'supannExt.relation.code', optional: true },
  ],
};

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** The companions of the relations: the de-duplicated roles, types and codes they name (FusionDirectory's supannPrepareSave). */
export function relationCompanions(relations: string[]): { fdSupannRelationEntiteRole: string[]; fdSupannRelationEntiteType: string[]; fdSupannRelationEntiteCode: string[] } {
  const out = { role: new Map<string, string>(), type: new Map<string, string>(), code: new Map<string, string>() };
  for (const relation of relations) {
    const parts = readComposite(RELATION, relation);
    if (!parts) continue;
    for (const key of ['role', 'type', 'code'] as const) {
      const v = parts[key] ?? '';
      // The directory compares them case-insensitively (IA5 caseIgnore): one value per spelling-insensitive code.
      if (v !== '' && !out[key].has(v.toLowerCase())) out[key].set(v.toLowerCase(), v);
    }
  }
  return { fdSupannRelationEntiteRole: [...out.role.values()], fdSupannRelationEntiteType: [...out.type.values()], fdSupannRelationEntiteCode: [...out.code.values()] };
}

export const supannStructureExtTab: TabDecl = {
  id: 'supannStructureExt',
  label: 'supannExt.structure.tab',
  description: 'supannExt.structure.tab.description',
  objectTypes: STRUCTURE_TYPES,
  objectClasses: ['fdSupannExt'],
  priority: 10,
  behaviour: {
    prepareSave: async (context: SaveContext) => relationCompanions(strings(context.values.fdSupannRelationEntite)),
    check: (context) => {
      const start = context.values.fdSupannStartDate;
      const end = context.values.fdSupannEndDate;
      // JSON dates are YYYY-MM-DD: their order is the text's.
      return typeof start === 'string' && typeof end === 'string' && start !== '' && end !== '' && start > end
        ? [{ attribute: 'fdSupannEndDate', code: 'value.range', message: `End date "${end}" is older than start date "${start}".` }]
        : [];
    },
  },
  sections: [
    {
      key: 'validity',
      label: 'supannExt.structure.section.validity',
      attributes: [
        { name: 'fdSupannStartDate', kind: 'date', encoding: 'generalizedTimeHour', label: 'supannExt.structure.fdSupannStartDate', description: 'supannExt.structure.fdSupannStartDate.description' },
        { name: 'fdSupannEndDate', kind: 'date', encoding: 'generalizedTimeHour', label: 'supannExt.structure.fdSupannEndDate', description: 'supannExt.structure.fdSupannEndDate.description' },
      ],
    },
    {
      key: 'relation',
      label: 'supannExt.structure.section.relation',
      attributes: [
        { name: 'fdSupannRelationEntite', kind: 'set', of: RELATION, label: 'supannExt.structure.fdSupannRelationEntite' },
        // Recomputed from the relations at every save.
        { name: 'fdSupannRelationEntiteRole', kind: 'set', of: { kind: 'string' }, label: 'supannExt.structure.fdSupannRelationEntiteRole', hidden: true, derived: true },
        { name: 'fdSupannRelationEntiteType', kind: 'set', of: { kind: 'string' }, label: 'supannExt.structure.fdSupannRelationEntiteType', hidden: true, derived: true },
        { name: 'fdSupannRelationEntiteCode', kind: 'set', of: { kind: 'string' }, label: 'supannExt.structure.fdSupannRelationEntiteCode', hidden: true, derived: true },
      ],
    },
  ],
};

/** The SupAnn 2020 main population codes: always offered, whatever the configuration holds (§3.10). */
export const MAIN_POPULATION_CODES = ['{SUPANN}R', '{SUPANN}RG', '{SUPANN}RGP', '{SUPANN}RGPF', '{SUPANN}RGPFT'];

/** The main codes with the official ones (re-)added, and the local codes whose main code is still there. */
export function populationCodes(main: string[], local: string[]): { fdMainPopulationCodeConf: string[]; fdLocalPopulationCodeConf: string[] } {
  const mains = [...main];
  for (const code of MAIN_POPULATION_CODES) if (!mains.includes(code)) mains.push(code);
  const kept = local.filter((l) => {
    const i = l.lastIndexOf(':');
    return i > 0 && mains.includes(l.slice(0, i));
  });
  return { fdMainPopulationCodeConf: mains, fdLocalPopulationCodeConf: kept };
}

export const supannExtConfigTab: TabDecl = {
  id: 'supannExtConfig',
  label: 'supannExt.config.tab',
  description: 'supannExt.config.tab.description',
  objectTypes: ['configuration'],
  objectClasses: ['fdSupannExt'],
  // A configuration tab without activation switch, as FusionDirectory's (see supann/config.ts).
  alwaysActive: true,
  priority: 61,
  behaviour: { prepareSave: async (context) => populationCodes(strings(context.values.fdMainPopulationCodeConf), strings(context.values.fdLocalPopulationCodeConf)) },
  sections: [
    {
      key: 'mainPopulationCodeConf',
      label: 'supannExt.config.section.main',
      attributes: [
        {
          // Schema quirk: SINGLE-VALUE stands outside the definition, so the attribute is multi-valued (§3.10).
          name: 'fdMainPopulationCodeConf',
          kind: 'set',
          of: {
            kind: 'composite',
            read: '\\{(SUPANN)\\}(.*)',
            write: '{${prefix}}${code}',
            parts: [
              { name: 'prefix', spec: { kind: 'select', choices: [{ value: 'SUPANN', label: 'supannExt.config.prefix.SUPANN' }] }, label: 'supannExt.config.part.prefix' },
              { name: 'code', spec: { kind: 'string', pattern: '[^:]+', example: 'RGP' }, label: 'supannExt.config.part.mainCode' },
            ],
          },
          label: 'supannExt.config.fdMainPopulationCodeConf',
          description: 'supannExt.config.fdMainPopulationCodeConf.description',
          default: MAIN_POPULATION_CODES,
        },
      ],
    },
    {
      key: 'localPopulationCodeConf',
      label: 'supannExt.config.section.local',
      attributes: [
        {
          name: 'fdLocalPopulationCodeConf',
          kind: 'set',
          of: {
            kind: 'composite',
            read: '(.+):([^:]*)',
            write: '${main}:${local}',
            parts: [
              { name: 'main', spec: { kind: 'select', choicesFromValues: { attribute: 'fdMainPopulationCodeConf' } }, label: 'supannExt.config.part.main' },
              { name: 'local', spec: { kind: 'string', example: 'DOCT' }, label: 'supannExt.config.part.localCode' },
            ],
          },
          label: 'supannExt.config.fdLocalPopulationCodeConf',
          description: 'supannExt.config.fdLocalPopulationCodeConf.description',
          default: [],
        },
      ],
    },
  ],
};

export const extStructuresPart: PluginPart = {
  tabs: [supannStructureExtTab, supannExtConfigTab],
  messages: {
    en: {
      'supannExt.structure.tab': 'SUPANN-Ext',
      'supannExt.structure.tab.description': 'SUPANN non-official extension',
      'supannExt.structure.section.validity': 'Validity',
      'supannExt.structure.section.relation': 'Relations',
      'supannExt.structure.fdSupannStartDate': 'Start date',
      'supannExt.structure.fdSupannStartDate.description': 'The date from which this structure will be valid',
      'supannExt.structure.fdSupannEndDate': 'End date',
      'supannExt.structure.fdSupannEndDate.description': 'The date after which this structure will not be valid anymore',
      'supannExt.structure.fdSupannRelationEntite': 'Relations',
      'supannExt.structure.fdSupannRelationEntiteRole': 'Relation roles',
      'supannExt.structure.fdSupannRelationEntiteType': 'Relation types',
      'supannExt.structure.fdSupannRelationEntiteCode': 'Related entities',
      'supannExt.relation.role': 'Role',
      'supannExt.relation.type': 'Type',
      'supannExt.relation.code': 'Entity',
      'supannExt.config.tab': 'SupannExt',
      'supannExt.config.tab.description': 'SupAnn extension plugin configuration',
      'supannExt.config.section.main': 'Main population codes',
      'supannExt.config.section.local': 'Local population codes',
      'supannExt.config.fdMainPopulationCodeConf': 'Main population codes',
      'supannExt.config.fdMainPopulationCodeConf.description': 'The five SupAnn codes ({SUPANN}R … {SUPANN}RGPFT) are always kept',
      'supannExt.config.fdLocalPopulationCodeConf': 'Local population codes',
      'supannExt.config.fdLocalPopulationCodeConf.description': 'A local code under a main code, e.g. {SUPANN}RGP:DOCT; those whose main code is gone are dropped',
      'supannExt.config.prefix.SUPANN': 'SUPANN',
      'supannExt.config.part.prefix': 'Prefix',
      'supannExt.config.part.mainCode': 'Main population code',
      'supannExt.config.part.main': 'Main code',
      'supannExt.config.part.localCode': 'Local population code',
    },
    fr: {
      'supannExt.structure.tab': 'SUPANN-Ext',
      'supannExt.structure.tab.description': 'Extension non officielle de SUPANN',
      'supannExt.structure.section.validity': 'Validité',
      'supannExt.structure.section.relation': 'Relations',
      'supannExt.structure.fdSupannStartDate': 'Date de début',
      'supannExt.structure.fdSupannStartDate.description': 'La date à partir de laquelle cette structure est valide',
      'supannExt.structure.fdSupannEndDate': 'Date de fin',
      'supannExt.structure.fdSupannEndDate.description': 'La date après laquelle cette structure n’est plus valide',
      'supannExt.structure.fdSupannRelationEntite': 'Relations',
      'supannExt.structure.fdSupannRelationEntiteRole': 'Rôles des relations',
      'supannExt.structure.fdSupannRelationEntiteType': 'Types des relations',
      'supannExt.structure.fdSupannRelationEntiteCode': 'Entités en relation',
      'supannExt.relation.role': 'Rôle',
      'supannExt.relation.type': 'Type',
      'supannExt.relation.code': 'Entité',
      'supannExt.config.tab': 'SupannExt',
      'supannExt.config.tab.description': 'Configuration du plugin d’extension SupAnn',
      'supannExt.config.section.main': 'Codes de population principaux',
      'supannExt.config.section.local': 'Codes de population locaux',
      'supannExt.config.fdMainPopulationCodeConf': 'Codes de population principaux',
      'supannExt.config.fdMainPopulationCodeConf.description': 'Les cinq codes SupAnn ({SUPANN}R … {SUPANN}RGPFT) sont toujours conservés',
      'supannExt.config.fdLocalPopulationCodeConf': 'Codes de population locaux',
      'supannExt.config.fdLocalPopulationCodeConf.description': 'Un code local sous un code principal, par exemple {SUPANN}RGP:DOCT ; ceux dont le code principal a disparu sont retirés',
      'supannExt.config.prefix.SUPANN': 'SUPANN',
      'supannExt.config.part.prefix': 'Préfixe',
      'supannExt.config.part.mainCode': 'Code de population principal',
      'supannExt.config.part.main': 'Code principal',
      'supannExt.config.part.localCode': 'Code de population local',
    },
  },
};
