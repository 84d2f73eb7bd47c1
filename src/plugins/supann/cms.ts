// SupAnn: the tab "Multiservice card" (`supannCMS`, fd-plugins.md §3.5): cards and card applications, and the values
// FusionDirectory derives from the valid ones, tagged `supannCMSId;x-…` / `supannCMSAppId;x-…` values included.
import type { AttributeDecl, CompositeSpec, SaveContext, ScalarSpec, TabDecl } from '../../model/declarations.ts';
import { ValueError } from '../../model/kinds/index.ts';
import { cmsMessages } from './cms/cmsMessages.ts';
import { DEFAULT_CMS_FORMATS, DEFAULT_CMS_TYPES, NOT_VALID, VALID, deriveCms, normalizeCmsRow, taggedChanges } from './cms/cmsValues.ts';
import type { PluginPart } from './PluginPart.ts';

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** The two attributes holding tagged values, whatever their options. */
const TAGGED = ['supannCMSId', 'supannCMSAppId'];

function normalizedRows(context: SaveContext, attribute: 'supannCMSAffectation' | 'supannCMSAppAffectation'): string[] {
  return stringList(context.values[attribute]).map((value) => {
    const { value: normalized, badDate } = normalizeCmsRow(value, attribute === 'supannCMSAffectation' ? 'card' : 'app');
    if (badDate !== undefined) throw new ValueError(`"${badDate}" is not an end date in "${value}"; write it YYYY-MM-DD or as GeneralizedTime.`, attribute);
    return normalized;
  });
}

/** Rows normalized, and the flat values derived from the valid ones. */
function prepareCms(context: SaveContext): Promise<Record<string, unknown>> {
  const cards = normalizedRows(context, 'supannCMSAffectation');
  const apps = normalizedRows(context, 'supannCMSAppAffectation');
  const { tagged: _tagged, ...flat } = deriveCms(cards, apps, context.configList('fdSupannCMSAppDomains'));
  return Promise.resolve({ supannCMSAffectation: cards, supannCMSAppAffectation: apps, ...flat });
}

/** The entry's tagged values, by attribute description as the server spells it. */
async function currentTagged(context: SaveContext, dn: string): Promise<Map<string, string[]>> {
  const entry = await context.readEntry(dn, TAGGED);
  const out = new Map<string, string[]>();
  for (const name of entry?.names() ?? []) if (TAGGED.some((t) => name.toLowerCase().startsWith(t.toLowerCase()))) out.set(name, entry!.get(name));
  return out;
}

/** Tagged values follow the valid rows: old ones deleted, new ones added (one modify, after the entry is written). */
async function afterCmsSave(context: SaveContext & { dn: string }): Promise<void> {
  const { tagged } = deriveCms(stringList(context.values.supannCMSAffectation), stringList(context.values.supannCMSAppAffectation), context.configList('fdSupannCMSAppDomains'));
  const changes = taggedChanges(await currentTagged(context, context.dn), tagged);
  if (changes.length > 0) await context.modifyEntry(context.dn, changes);
}

/** Removing the tab removes every `supannCMSId;*` / `supannCMSAppId;*` value with it. */
async function removeCms(context: SaveContext & { dn: string }) {
  return [...(await currentTagged(context, context.dn)).keys()].map((attribute) => ({ operation: 'delete' as const, attribute }));
}

type PartSpec = Exclude<ScalarSpec, CompositeSpec>;
const validity: PartSpec = { kind: 'select', choices: [{ value: VALID, label: 'supann.cms.valide.vrai' }, { value: NOT_VALID, label: 'supann.cms.valide.faux' }] };
// FusionDirectory's GeneralizedTime day (`2026083100Z`), kept as written when it is one (cms/cmsValues.ts).
const endDate: PartSpec = { kind: 'date', encoding: 'generalizedTimeHour' };
const cmsTypes: PartSpec = { kind: 'select', choicesFromConfig: { key: 'fdSupannCMSTypes', separator: ';', default: DEFAULT_CMS_TYPES } };
const cmsSources: PartSpec = { kind: 'select', choicesFromConfig: 'fdSupannCMSSources' };
/** A flat value derived from the valid rows at each save. */
const derived = (name: string): AttributeDecl => ({ name, label: `supann.cms.${name}`, kind: 'set', of: { kind: 'string' }, hidden: true, derived: true });

export const supannCmsTab: TabDecl = {
  id: 'supannCMS',
  label: 'supann.cms.tab',
  description: 'supann.cms.tab.description',
  objectTypes: ['user', 'ogroup', 'group', 'role', 'entite', 'etablissement'],
  objectClasses: ['supannCMS'],
  priority: 16,
  selfModify: true,
  behaviour: { prepareSave: prepareCms, afterSave: afterCmsSave, removeChanges: removeCms },
  sections: [
    {
      key: 'cards',
      label: 'supann.cms.section.cards',
      attributes: [
        {
          name: 'supannCMSAffectation',
          label: 'supann.cms.supannCMSAffectation',
          kind: 'set',
          of: {
            kind: 'composite',
            bracketed: true,
            parts: [
              { name: 'type', label: 'supann.cms.type', spec: cmsTypes },
              { name: 'format', label: 'supann.cms.format', spec: { kind: 'select', choicesFromConfig: { key: 'fdSupannCMSFormats', separator: ';', default: DEFAULT_CMS_FORMATS } } },
              { name: 'id', label: 'supann.cms.id', spec: { kind: 'string' } },
              { name: 'valide', label: 'supann.cms.valide', optional: true, spec: validity },
              { name: 'source', label: 'supann.cms.source', optional: true, spec: cmsSources },
              { name: 'datefin', label: 'supann.cms.datefin', optional: true, spec: endDate },
            ],
          },
        },
      ],
    },
    {
      key: 'applications',
      label: 'supann.cms.section.applications',
      attributes: [
        {
          name: 'supannCMSAppAffectation',
          label: 'supann.cms.supannCMSAppAffectation',
          kind: 'set',
          of: {
            kind: 'composite',
            bracketed: true,
            parts: [
              { name: 'type', label: 'supann.cms.type', spec: cmsTypes },
              { name: 'source', label: 'supann.cms.source', spec: cmsSources },
              { name: 'domaine', label: 'supann.cms.domaine', spec: { kind: 'select', choicesFromConfig: { key: 'fdSupannCMSAppDomains', separator: ';', valueField: 1 } } },
              { name: 'id', label: 'supann.cms.id', spec: { kind: 'string' } },
              { name: 'valide', label: 'supann.cms.valide', optional: true, spec: validity },
              { name: 'datefin', label: 'supann.cms.datefin', optional: true, spec: endDate },
            ],
          },
        },
      ],
    },
    {
      key: 'derived',
      label: 'supann.cms.section.derived',
      attributes: [derived('supannCMSType'), derived('supannCMSSource'), derived('supannCMSDateFin'), derived('supannCMSIdEtiquette'), derived('supannCMSAppIdDomaine')],
    },
  ],
};

export const cmsPart: PluginPart = { tabs: [supannCmsTab], messages: cmsMessages };
