// SupAnn: the user tab "France Connect" (`supannFC`, fd-plugins.md §3.6): the civil-status identity an identity
// provider matches FranceConnect logins against. Stored only; FusionDirectory speaks no FranceConnect protocol either.
import type { SaveContext, TabDecl } from '../../model/declarations.ts';
import { franceConnectMessages } from './franceConnect/franceConnectMessages.ts';
import type { PluginPart } from './PluginPart.ts';

/** The date of birth cannot be in the future (FusionDirectory's check). */
function checkFranceConnect(context: SaveContext): Array<{ attribute: string; code: string; message: string }> {
  const birth = context.values.supannOIDCDateDeNaissance;
  const today = new Date().toISOString().slice(0, 10);
  return typeof birth === 'string' && birth !== '' && birth > today
    ? [{ attribute: 'supannOIDCDateDeNaissance', code: 'value.range', message: `The date of birth ${birth} is in the future.` }]
    : [];
}

export const supannFranceConnectTab: TabDecl = {
  id: 'supannFC',
  label: 'supann.fc.tab',
  description: 'supann.fc.tab.description',
  objectTypes: ['user'],
  // Not supannFCPerson, whose MUSTs would make every field required (FusionDirectory's choice).
  objectClasses: ['fdFranceConnect'],
  priority: 17,
  selfModify: true,
  behaviour: { check: checkFranceConnect },
  sections: [
    {
      key: 'identity',
      label: 'supann.fc.section',
      attributes: [
        { name: 'supannNomDeNaissance', label: 'supann.fc.supannNomDeNaissance', kind: 'string' },
        { name: 'supannPrenomsEtatCivil', label: 'supann.fc.supannPrenomsEtatCivil', description: 'supann.fc.supannPrenomsEtatCivil.description', kind: 'string' },
        // Stored `Y-m-d` (PrintableString), e.g. 1999-04-23.
        { name: 'supannOIDCDateDeNaissance', label: 'supann.fc.supannOIDCDateDeNaissance', kind: 'date', encoding: 'isoDate' },
        {
          name: 'supannOIDCGenre',
          label: 'supann.fc.supannOIDCGenre',
          kind: 'select',
          choices: [
            { value: 'other', label: 'supann.fc.supannOIDCGenre.other' },
            { value: 'female', label: 'supann.fc.supannOIDCGenre.female' },
            { value: 'male', label: 'supann.fc.supannOIDCGenre.male' },
          ],
        },
        { name: 'supannCodeINSEEPaysDeNaissance', label: 'supann.fc.supannCodeINSEEPaysDeNaissance', kind: 'string', pattern: '\\d{5}', patternMessage: 'supann.fc.supannCodeINSEEPaysDeNaissance.invalid', example: '99100' },
        // FusionDirectory's form allows A and B (Corsica, 2A004), but the schema's NumericString refuses them: digits only.
        { name: 'supannCodeINSEEVilleDeNaissance', label: 'supann.fc.supannCodeINSEEVilleDeNaissance', kind: 'string', pattern: '\\d{5}', patternMessage: 'supann.fc.supannCodeINSEEVilleDeNaissance.invalid', example: '06088' },
        { name: 'supannFCSub', label: 'supann.fc.supannFCSub', kind: 'set', of: { kind: 'string', pattern: '[\\x00-\\x7F]{1,255}' }, unique: 'whole', resetOnCopy: true },
      ],
    },
  ],
};

export const franceConnectPart: PluginPart = { tabs: [supannFranceConnectTab], messages: franceConnectMessages };
