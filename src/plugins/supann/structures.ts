// SupAnn structures (fd-plugins.md §3.8): entities (organizationalUnit + supannEntite) and establishments (organization
// + supannOrg + eduOrg), named by supannCodeEntite in the fdSupannStructuresRDN branch, linked by supannCodeEntiteParent.
import { escapeDnValue } from '../../ldap/dn.ts';
import type { AttributeDecl, ObjectTypeDecl, OpenContext, SaveContext, TabDecl } from '../../model/declarations.ts';
import { ValueError } from '../../model/kinds/index.ts';
import type { PluginPart } from './PluginPart.ts';

/** The branch of the structures, below the directory's base (FusionDirectory's get_ou('supannStructuresRDN')). */
export const STRUCTURES_BRANCH = { configKey: 'fdSupannStructuresRDN', default: 'ou=structures' };

/** The types a structure code may name (a parent, an assignment, a relation). */
export const STRUCTURE_TYPES = ['entite', 'etablissement'];

/** Codes are plain (no `{PREFIX}`): FusionDirectory's `|^[a-zA-Z0-9_/-]*$|`. */
export const CODE_PATTERN = '[a-zA-Z0-9_/-]*';

/** A `{PREFIX}value` with a value (supannRefId). */
const PREFIXED_VALUE = '\\{[^}]+\\}.+';
/** A `{PREFIX}value`, the value possibly empty (supannEtablissement, FusionDirectory's `^{[^}]+}.*$`). */
const PREFIXED = '\\{[^}]+\\}.*';

/** Codes and reference ids are unique among entities and establishments alike, in the whole directory. */
const AMONG_STRUCTURES = '(objectClass=supannEntite)';

const management = { id: 'supannStructures', class: 'supannStructuresManagement', label: 'supann.structures.management' };

export const etablissementType: ObjectTypeDecl = {
  id: 'etablissement',
  label: 'supann.etablissement.type',
  description: 'supann.etablissement.type.description',
  filter: '(&(objectClass=supannEntite)(objectClass=organization))',
  ou: STRUCTURES_BRANCH,
  mainAttribute: 'supannCodeEntite',
  nameAttribute: 'o',
  mainTab: 'etablissement',
  templates: true,
  snapshots: true,
  menu: { section: 'accounts', priority: 40 },
  management,
};

export const entiteType: ObjectTypeDecl = {
  id: 'entite',
  label: 'supann.entite.type',
  description: 'supann.entite.type.description',
  filter: '(&(objectClass=supannEntite)(objectClass=organizationalUnit))',
  ou: STRUCTURES_BRANCH,
  mainAttribute: 'supannCodeEntite',
  nameAttribute: 'ou',
  mainTab: 'entite',
  templates: true,
  snapshots: true,
  menu: { section: 'accounts', priority: 41 },
  management,
};

/** The SupAnn attributes entities and establishments share (type, code, parents, reference ids). */
function supannAttributes(kind: 'entite' | 'etablissement'): AttributeDecl[] {
  return [
    { name: 'supannTypeEntite', kind: 'select', label: `supann.${kind}.supannTypeEntite`, choicesFromNomenclature: { list: 'entite', prefixed: true } },
    {
      name: 'supannCodeEntite',
      kind: 'string',
      label: `supann.${kind}.supannCodeEntite`,
      required: true,
      pattern: CODE_PATTERN,
      patternMessage: 'supann.structure.code.invalid',
      unique: 'whole',
      uniqueFilter: AMONG_STRUCTURES,
    },
    {
      name: 'supannCodeEntiteParent',
      kind: 'set',
      of: { kind: 'select', choicesFromObjects: { types: STRUCTURE_TYPES, storeAttribute: 'supannCodeEntite' } },
      label: 'supann.structure.supannCodeEntiteParent',
      // A renamed parent's children follow it (docs/supann-structures.md).
      refersTo: { types: STRUCTURE_TYPES, attribute: 'supannCodeEntite' },
    },
    {
      name: 'supannRefId',
      kind: 'set',
      of: { kind: 'string', pattern: PREFIXED_VALUE, patternMessage: 'supann.structure.supannRefId.invalid', example: '{SIHAM}123456' },
      label: 'supann.structure.supannRefId',
      unique: 'whole',
      resetOnCopy: true,
      uniqueFilter: AMONG_STRUCTURES,
    },
  ];
}

/** The DN a structure code has when it lives where Trousseau and FusionDirectory create it. */
function structureDn(context: SaveContext, code: string): string {
  const branch = (context.config(STRUCTURES_BRANCH.configKey) ?? STRUCTURES_BRANCH.default).trim().replace(/,$/, '');
  const rdns = branch === '' ? '' : `${branch.includes('=') ? branch : `ou=${branch}`},`;
  return `supannCodeEntite=${escapeDnValue(code)},${rdns}${context.base}`;
}

/**
 * A parent added by this save must not be the structure itself nor one of its descendants: the chain of parents is
 * followed upwards (FusionDirectory checks nothing; existing cycles are reported by the organisation chart and
 * written back unchanged).
 */
async function refuseNewCycles(context: SaveContext): Promise<Record<string, unknown>> {
  const own = new Set([context.values.supannCodeEntite, context.stored.supannCodeEntite].filter((c): c is string => typeof c === 'string' && c !== '').map((c) => c.toLowerCase()));
  const stored = new Set(Array.isArray(context.stored.supannCodeEntiteParent) ? (context.stored.supannCodeEntiteParent as string[]).map((c) => c.toLowerCase()) : []);
  const added = (Array.isArray(context.values.supannCodeEntiteParent) ? (context.values.supannCodeEntiteParent as string[]) : []).filter((c) => !stored.has(c.toLowerCase()));
  for (const parent of added) {
    if (own.has(parent.toLowerCase())) throw new ValueError(`A structure cannot be its own parent ("${parent}").`, 'supannCodeEntiteParent');
    const seen = new Set<string>();
    const queue = [parent];
    for (let i = 0; i < queue.length && seen.size < 10_000; i++) {
      const code = queue[i]!;
      if (seen.has(code.toLowerCase())) continue;
      seen.add(code.toLowerCase());
      const entry = await context.readEntry(structureDn(context, code), ['supannCodeEntiteParent']);
      for (const up of entry?.get('supannCodeEntiteParent') ?? []) {
        if (own.has(up.toLowerCase())) throw new ValueError(`"${parent}" is below this structure: making it a parent would close a cycle.`, 'supannCodeEntiteParent');
        queue.push(up);
      }
    }
  }
  return {};
}

export const entiteTab: TabDecl = {
  id: 'entite',
  label: 'supann.entite.tab',
  objectTypes: ['entite'],
  objectClasses: ['supannEntite', 'organizationalUnit'],
  alwaysActive: true,
  priority: 0,
  searchAttributes: ['description', 'supannCodeEntiteParent'],
  behaviour: { prepareSave: refuseNewCycles },
  sections: [
    {
      key: 'main',
      label: 'supann.entite.section.main',
      attributes: [
        { name: 'ou', kind: 'string', label: 'supann.entite.ou', description: 'supann.entite.ou.description', required: true },
        { name: 'description', kind: 'text', label: 'common.description' },
      ],
    },
    {
      key: 'admin',
      label: 'supann.entite.section.admin',
      attributes: [
        { name: 'telephoneNumber', kind: 'phone', label: 'user.telephoneNumber' },
        { name: 'facsimileTelephoneNumber', kind: 'phone', label: 'user.facsimileTelephoneNumber' },
        { name: 'postalAddress', kind: 'postalAddress', label: 'supann.entite.postalAddress' },
      ],
    },
    { key: 'supann', label: 'supann.entite.section.supann', attributes: supannAttributes('entite') },
  ],
};

/** What FusionDirectory copies onto the base entry of the directory for the root establishment. */
export const ROOT_ATTRIBUTES = ['o', 'description', 'telephoneNumber', 'facsimileTelephoneNumber', 'postalAddress', 'l', 'eduOrgHomePageURI', 'eduOrgLegalName', 'eduOrgSuperiorURI', 'eduOrgWhitePagesURI', 'supannEtablissement'];
/** The classes the base entry takes for it (and loses, supannOrg and eduOrg, when it stops being one). */
const ROOT_CLASSES = ['dcObject', 'organization', 'supannOrg', 'eduOrg'];
const ROOT_ONLY_CLASSES = ['supannOrg', 'eduOrg'];

type Change = { operation: 'add' | 'delete' | 'replace'; attribute: string; values?: string[] };
const has = (list: string[], name: string) => list.some((v) => v.toLowerCase() === name.toLowerCase());

/** An establishment is the root one when the base entry's supannEtablissement is among its codes (§3.8). */
async function isRootEstablishment(context: Pick<OpenContext, 'readEntry' | 'baseDN'>, codes: string[]): Promise<boolean> {
  const base = await context.readEntry(context.baseDN, ['objectClass', 'supannEtablissement']);
  if (!base || !has(base.get('objectClass'), 'supannOrg')) return false;
  const rootCode = base.get('supannEtablissement')[0];
  return rootCode !== undefined && has(codes, rootCode);
}

/** The base entry's changes that make it carry the establishment's values (the establishment as written). */
export function rootChanges(base: { dn: string; get(a: string): string[] }, establishment: { get(a: string): string[] }): Change[] {
  const changes: Change[] = [];
  const missing = ROOT_CLASSES.filter((c) => !has(base.get('objectClass'), c));
  if (missing.length > 0) changes.push({ operation: 'add', attribute: 'objectClass', values: missing });
  // The base's naming value stays (a base named o=… keeps its o), and a department its description.
  const naming = /^([^=]+)=/.exec(base.dn)?.[1]?.trim().toLowerCase();
  const department = has(base.get('objectClass'), 'gosaDepartment');
  for (const attribute of ROOT_ATTRIBUTES) {
    if (attribute.toLowerCase() === naming) continue;
    const values = establishment.get(attribute);
    if (values.length > 0) changes.push({ operation: 'replace', attribute, values });
    else if (base.get(attribute).length > 0 && !(attribute === 'description' && department)) changes.push({ operation: 'delete', attribute });
  }
  return changes;
}

/** The base entry's changes that remove the root establishment from it: its values gone, `o` back to the `dc`. */
export function unrootChanges(base: { dn: string; get(a: string): string[] }): Change[] {
  const changes: Change[] = [];
  const naming = /^([^=]+)=/.exec(base.dn)?.[1]?.trim().toLowerCase();
  const department = has(base.get('objectClass'), 'gosaDepartment');
  for (const attribute of ROOT_ATTRIBUTES) {
    if (attribute.toLowerCase() === naming || base.get(attribute).length === 0) continue;
    // organization needs an o: FusionDirectory puts the dc back; a department keeps its description.
    if (attribute === 'o') {
      const dc = base.get('dc')[0];
      if (dc !== undefined) changes.push({ operation: 'replace', attribute: 'o', values: [dc] });
      continue;
    }
    if (attribute === 'description' && department) continue;
    changes.push({ operation: 'delete', attribute });
  }
  const classes = ROOT_ONLY_CLASSES.filter((c) => has(base.get('objectClass'), c));
  if (classes.length > 0) changes.push({ operation: 'delete', attribute: 'objectClass', values: classes });
  return changes;
}

/** The root establishment option (§3.8): the base entry mirrors the establishment while it is ticked. */
async function saveRoot(context: SaveContext & { dn: string }): Promise<void> {
  const wanted = context.values.set_root === true;
  const was = context.stored.set_root === true;
  if (!wanted && !was) return;
  const baseAttributes = [...ROOT_ATTRIBUTES, 'objectClass', 'dc'];
  // The base of the directory: the department structures live in is the base (they have no base selector).
  const base = await context.readEntry(context.base, baseAttributes);
  if (!base) return;
  if (wanted) {
    const written = await context.readEntry(context.dn, ROOT_ATTRIBUTES);
    if (written) {
      const changes = rootChanges(base, written);
      if (changes.length > 0) await context.modifyEntry(base.dn, changes);
    }
  } else {
    const codes = Array.isArray(context.stored.supannEtablissement) ? (context.stored.supannEtablissement as string[]) : [];
    // Still the base's establishment (no other one took it over since).
    if (has(codes, base.get('supannEtablissement')[0] ?? '\0')) {
      const changes = unrootChanges(base);
      if (changes.length > 0) await context.modifyEntry(base.dn, changes);
    }
  }
}

export const etablissementTab: TabDecl = {
  id: 'etablissement',
  label: 'supann.etablissement.tab',
  objectTypes: ['etablissement'],
  objectClasses: ['supannEntite', 'organization', 'supannOrg', 'eduOrg'],
  // Establishments written before eduOrg was added are establishments all the same.
  activeFilter: '(&(objectClass=supannEntite)(objectClass=organization))',
  alwaysActive: true,
  priority: 0,
  searchAttributes: ['description', 'supannEtablissement', 'eduOrgLegalName'],
  behaviour: {
    afterOpen: async (values, context) => ({ set_root: await isRootEstablishment(context, Array.isArray(values.supannEtablissement) ? (values.supannEtablissement as string[]) : []) }),
    prepareSave: refuseNewCycles,
    afterSave: saveRoot,
  },
  sections: [
    {
      key: 'main',
      label: 'supann.etablissement.section.main',
      attributes: [
        { name: 'set_root', kind: 'boolean', label: 'supann.etablissement.set_root', description: 'supann.etablissement.set_root.description', inLdap: false, default: false },
        { name: 'o', kind: 'string', label: 'supann.etablissement.o', description: 'supann.etablissement.o.description', required: true, unique: 'one' },
        { name: 'description', kind: 'text', label: 'common.description' },
      ],
    },
    {
      key: 'location',
      label: 'supann.etablissement.section.location',
      attributes: [
        { name: 'telephoneNumber', kind: 'phone', label: 'user.telephoneNumber' },
        { name: 'facsimileTelephoneNumber', kind: 'phone', label: 'user.facsimileTelephoneNumber' },
        { name: 'l', kind: 'string', label: 'supann.etablissement.l', description: 'supann.etablissement.l.description' },
        { name: 'postalAddress', kind: 'postalAddress', label: 'user.postalAddress' },
      ],
    },
    {
      key: 'supann',
      label: 'supann.etablissement.section.supann',
      attributes: [
        {
          name: 'supannEtablissement',
          kind: 'set',
          of: { kind: 'string', pattern: PREFIXED, patternMessage: 'supann.etablissement.supannEtablissement.invalid', example: '{UAI}0751717J' },
          label: 'supann.etablissement.supannEtablissement',
          description: 'supann.etablissement.supannEtablissement.description',
          required: true,
          unique: 'one',
        },
        ...supannAttributes('etablissement'),
      ],
    },
    {
      key: 'eduorg',
      label: 'supann.etablissement.section.eduorg',
      attributes: [
        { name: 'eduOrgLegalName', kind: 'string', label: 'supann.etablissement.eduOrgLegalName', required: true, unique: 'one' },
        { name: 'eduOrgHomePageURI', kind: 'url', label: 'supann.etablissement.eduOrgHomePageURI' },
        { name: 'eduOrgSuperiorURI', kind: 'url', label: 'supann.etablissement.eduOrgSuperiorURI' },
        { name: 'eduOrgWhitePagesURI', kind: 'url', label: 'supann.etablissement.eduOrgWhitePagesURI' },
      ],
    },
  ],
};

export const structuresPart: PluginPart = {
  types: [etablissementType, entiteType],
  tabs: [entiteTab, etablissementTab],
  messages: {
    en: {
      'supann.structures.management': 'SupAnn structures',
      'supann.chart.menu': 'Organisation chart',
      'supann.structure.code.invalid': 'A SupAnn code may only contain letters, digits, "_", "/" and "-".',
      'supann.structure.supannCodeEntiteParent': 'Parent entities',
      'supann.structure.supannRefId': 'Reference IDs',
      'supann.structure.supannRefId.invalid': 'A reference ID starts with its origin between braces, e.g. {SIHAM}123456.',
      'supann.entite.type': 'SupAnn Entity',
      'supann.entite.type.description': 'A SupAnn entity: a department, a laboratory, a service…',
      'supann.entite.tab': 'Entity',
      'supann.entite.section.main': 'Entity',
      'supann.entite.section.admin': 'Administrative information',
      'supann.entite.section.supann': 'SupAnn information',
      'supann.entite.ou': 'Name',
      'supann.entite.ou.description': 'The name to write in the ou attribute for this entity',
      'supann.entite.postalAddress': 'Postal address',
      'supann.entite.supannTypeEntite': 'Entity type',
      'supann.entite.supannCodeEntite': 'Entity code',
      'supann.etablissement.type': 'SupAnn Establishment',
      'supann.etablissement.type.description': 'A SupAnn establishment: a university, a school…',
      'supann.etablissement.tab': 'Establishment',
      'supann.etablissement.section.main': 'Properties',
      'supann.etablissement.section.location': 'Location',
      'supann.etablissement.section.supann': 'SupAnn properties',
      'supann.etablissement.section.eduorg': 'eduOrg',
      'supann.etablissement.set_root': 'Root establishment',
      'supann.etablissement.set_root.description': 'Set this establishment as the root one: its values are copied onto the base entry of the directory',
      'supann.etablissement.o': 'Name',
      'supann.etablissement.o.description': 'The name to write in the o attribute for this establishment',
      'supann.etablissement.l': 'Location',
      'supann.etablissement.l.description': 'Usually the city where this establishment is',
      'supann.etablissement.supannEtablissement': 'Establishment code',
      'supann.etablissement.supannEtablissement.description': 'The code of this establishment, with a prefix between braces, e.g. {UAI}0751717J',
      'supann.etablissement.supannEtablissement.invalid': 'An establishment code starts with its prefix between braces, e.g. {UAI}0751717J.',
      'supann.etablissement.supannTypeEntite': 'Establishment type',
      'supann.etablissement.supannCodeEntite': 'SupAnn code',
      'supann.etablissement.eduOrgLegalName': 'Legal name',
      'supann.etablissement.eduOrgHomePageURI': 'Home page URI',
      'supann.etablissement.eduOrgSuperiorURI': 'Institution URI',
      'supann.etablissement.eduOrgWhitePagesURI': 'White pages URI',
    },
    fr: {
      'supann.structures.management': 'Structures SupAnn',
      'supann.chart.menu': 'Organigramme',
      'supann.structure.code.invalid': 'Un code SupAnn ne peut contenir que des lettres, des chiffres, « _ », « / » et « - ».',
      'supann.structure.supannCodeEntiteParent': 'Entités parentes',
      'supann.structure.supannRefId': 'Identifiants de référence',
      'supann.structure.supannRefId.invalid': 'Un identifiant de référence commence par son origine entre accolades, par exemple {SIHAM}123456.',
      'supann.entite.type': 'Entité SupAnn',
      'supann.entite.type.description': 'Une entité SupAnn : composante, laboratoire, service…',
      'supann.entite.tab': 'Entité',
      'supann.entite.section.main': 'Entité',
      'supann.entite.section.admin': 'Informations administratives',
      'supann.entite.section.supann': 'Informations SupAnn',
      'supann.entite.ou': 'Nom',
      'supann.entite.ou.description': 'Le nom à écrire dans l’attribut ou de cette entité',
      'supann.entite.postalAddress': 'Adresse postale',
      'supann.entite.supannTypeEntite': 'Type d’entité',
      'supann.entite.supannCodeEntite': 'Code de l’entité',
      'supann.etablissement.type': 'Établissement SupAnn',
      'supann.etablissement.type.description': 'Un établissement SupAnn : université, école…',
      'supann.etablissement.tab': 'Établissement',
      'supann.etablissement.section.main': 'Propriétés',
      'supann.etablissement.section.location': 'Localisation',
      'supann.etablissement.section.supann': 'Propriétés SupAnn',
      'supann.etablissement.section.eduorg': 'eduOrg',
      'supann.etablissement.set_root': 'Établissement racine',
      'supann.etablissement.set_root.description': 'Faire de cet établissement l’établissement racine : ses valeurs sont copiées sur l’entrée de base de l’annuaire',
      'supann.etablissement.o': 'Nom',
      'supann.etablissement.o.description': 'Le nom à écrire dans l’attribut o de cet établissement',
      'supann.etablissement.l': 'Lieu',
      'supann.etablissement.l.description': 'En général la ville où se trouve l’établissement',
      'supann.etablissement.supannEtablissement': 'Code de l’établissement',
      'supann.etablissement.supannEtablissement.description': 'Le code de cet établissement, avec un préfixe entre accolades, par exemple {UAI}0751717J',
      'supann.etablissement.supannEtablissement.invalid': 'Un code d’établissement commence par son préfixe entre accolades, par exemple {UAI}0751717J.',
      'supann.etablissement.supannTypeEntite': 'Type d’établissement',
      'supann.etablissement.supannCodeEntite': 'Code SupAnn',
      'supann.etablissement.eduOrgLegalName': 'Raison sociale',
      'supann.etablissement.eduOrgHomePageURI': 'URI de la page d’accueil',
      'supann.etablissement.eduOrgSuperiorURI': 'URI de l’institution',
      'supann.etablissement.eduOrgWhitePagesURI': 'URI des pages blanches',
    },
  },
};
