// fdFranceConnect: FusionDirectory's FranceConnect class: supannFCPerson's attributes, all optional.
import type { SchemaDef } from '../types.ts';

export const fdFranceConnect: SchemaDef = {
  name: 'fdFranceConnect',
  dependsOn: ['core', 'supann-2019-11-22'],
  attributeTypes: [],
  objectClasses: [
    {
      oid: '1.3.6.1.4.1.38414.88.2.1',
      names: ['fdFranceConnect'],
      desc: 'Identité de personne FranceConnect',
      sup: ['top'],
      kind: 'AUXILIARY',
      may: [
        'supannNomDeNaissance', 'supannPrenomsEtatCivil', 'supannOIDCDateDeNaissance', 'supannOIDCGenre',
        'supannCodeINSEEPaysDeNaissance', 'supannFCSub', 'supannCodeINSEEVilleDeNaissance',
      ],
    },
  ],
};
