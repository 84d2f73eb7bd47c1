// Password policy warnings shown after sign-in (ppolicy plugin).
import type { AreaMessages } from './index.ts';

const messages: AreaMessages = {
  en: {
    'ppolicy.warning.expires': 'Your password expires in {delay}: change it in “My account”.',
    'ppolicy.warning.grace': 'Your password has expired. Sign-ins left with it: {count}. Change it now.',
    'ppolicy.warning.days': '{count} day(s)',
    'ppolicy.warning.hours': '{count} hour(s)',
    'ppolicy.warning.minutes': '{count} minute(s)',
    'ppolicy.warning.dismiss': 'Dismiss',
  },
  fr: {
    'ppolicy.warning.expires': 'Votre mot de passe expire dans {delay} : changez-le dans « Mon compte ».',
    'ppolicy.warning.grace': 'Votre mot de passe a expiré. Connexions restantes avec lui : {count}. Changez-le maintenant.',
    'ppolicy.warning.days': '{count} jour(s)',
    'ppolicy.warning.hours': '{count} heure(s)',
    'ppolicy.warning.minutes': '{count} minute(s)',
    'ppolicy.warning.dismiss': 'Fermer',
  },
};

export default messages;
