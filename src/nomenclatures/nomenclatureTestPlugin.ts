// For tests: a tiny plugin whose one type ("gadget", an organizationalRole entry) has a select of each nomenclature
// source, on attributes of the core schema, so that tests do not depend on the SupAnn plugin's tabs.
import type { PluginManifest } from '../model/declarations.ts';

const nomenclature = (list: string, prefixed = true) => ({ kind: 'select' as const, choicesFromNomenclature: { list, prefixed } });

const labels = {
  'gadget.type': 'Gadget',
  'gadget.tab': 'Gadget',
  'gadget.section': 'Gadget',
  'gadget.cn': 'Name',
  'gadget.ou': 'Affiliations',
  'gadget.l': 'Primary affiliation',
  'gadget.st': 'Entity types',
  'gadget.physicalDeliveryOfficeName': 'Diploma',
  'gadget.description': 'Registration',
  'gadget.street': 'Activities',
};

export const nomenclatureTestPlugin: PluginManifest = {
  id: 'nomenclature-test',
  dependsOn: ['core'],
  types: [{ id: 'gadget', label: 'gadget.type', filter: '(objectClass=organizationalRole)', ou: 'ou=gadgets', mainAttribute: 'cn', mainTab: 'gadget' }],
  tabs: [
    {
      id: 'gadget',
      label: 'gadget.tab',
      objectTypes: ['gadget'],
      objectClasses: ['organizationalRole'],
      sections: [
        {
          key: 'main',
          label: 'gadget.section',
          attributes: [
            { name: 'cn', label: 'gadget.cn', kind: 'string', required: true },
            { name: 'base', kind: 'base', label: 'common.base', inLdap: false },
            // Plain codes of the file named "affiliation"; the primary one among them (FusionDirectory's eduPerson pair).
            { name: 'ou', label: 'gadget.ou', kind: 'set', of: nomenclature('affiliation', false) },
            { name: 'l', label: 'gadget.l', kind: 'select', choicesFromValues: { attribute: 'ou' } },
            // {PREFIX}code from every entite_<PREFIX> file; a long list searched as one types.
            { name: 'st', label: 'gadget.st', kind: 'set', of: nomenclature('entite') },
            { name: 'physicalDeliveryOfficeName', label: 'gadget.physicalDeliveryOfficeName', ...nomenclature('diplome') },
            // Several values of a long list (supannActivite): added by searching.
            { name: 'street', label: 'gadget.street', kind: 'set', of: nomenclature('activite') },
            {
              name: 'description',
              label: 'gadget.description',
              kind: 'composite',
              bracketed: true,
              parts: [
                { name: 'typedip', spec: nomenclature('typediplome') },
                { name: 'sectdisc', spec: nomenclature('discipline'), optional: true },
                { name: 'diplome', spec: nomenclature('diplome'), optional: true },
                // A part among the values of another attribute (supannRoleEntite's type among the entity types).
                { name: 'type', spec: { kind: 'select', choicesFromValues: { attribute: 'st' } }, optional: true },
              ],
            },
          ],
        },
      ],
    },
  ],
  messages: { en: labels, fr: labels },
};
