// Messages of the searched choices of nomenclatures and of the choices among another field's values (keys `choices.*`).
// French: « » with non-breaking spaces inside, a non-breaking space before : ; ? ! (\u00a0).
import type { AreaMessages } from './index.ts';

const messages: AreaMessages = {
  en: {
    'choices.placeholder': 'Type a code or words of the label',
    'choices.placeholderAdd': 'Type to search and add',
    'choices.searching': 'Searching…',
    'choices.failed': 'The search failed; try again.',
    'choices.none': 'Nothing matches.',
    'choices.count': '{count} of {total} shown; type more to narrow.',
    'choices.all': '{count} found.',
    'choices.results': 'Choices for {label}',
    'choices.unknown': '{value} (not in the list)',
    'choices.clear': 'Clear {label}',
    'choices.fromValues.empty': 'Nothing to choose from yet: fill in “{attribute}” first.',
  },
  fr: {
    'choices.placeholder': 'Tapez un code ou des mots du libellé',
    'choices.placeholderAdd': 'Tapez pour chercher et ajouter',
    'choices.searching': 'Recherche…',
    'choices.failed': 'La recherche a échoué\u00a0; réessayez.',
    'choices.none': 'Aucun résultat.',
    'choices.count': '{count} affichés sur {total}\u00a0; précisez pour réduire.',
    'choices.all': '{count} trouvés.',
    'choices.results': 'Choix pour {label}',
    'choices.unknown': '{value} (absent de la liste)',
    'choices.clear': 'Effacer {label}',
    'choices.fromValues.empty': 'Rien à choisir pour l’instant\u00a0: renseignez d’abord «\u00a0{attribute}\u00a0».',
  },
};

export default messages;
