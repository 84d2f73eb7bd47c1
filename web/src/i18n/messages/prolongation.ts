// Messages of the account prolongation page, reached from a reminder mail's link (keys `prolongation.*`).
// French: a non-breaking space before : ; ? ! (\u00a0).
import type { AreaMessages } from './index.ts';

const messages: AreaMessages = {
  en: {
    'prolongation.title': 'Prolong your account',
    'prolongation.intro': 'Your account is about to expire. To keep it (reminder “{task}”), give your login and confirm.',
    'prolongation.checking': 'Checking the link…',
    'prolongation.invalidTitle': 'This link cannot be used',
    'prolongation.invalidLink': 'The link is invalid, has already been used or has expired. Ask your administrator if your account must be kept.',
    'prolongation.login': 'Login',
    'prolongation.method': 'My login is my',
    'prolongation.method.uid': 'user identifier',
    'prolongation.method.mail': 'e-mail address',
    'prolongation.method.EPPN': 'institutional identifier (EPPN)',
    'prolongation.method.supannAlias': 'login alias',
    'prolongation.loginRequired': 'Give your login.',
    'prolongation.refused': 'This link is not valid for this login, or it has expired. Check your login and the way it is given.',
    'prolongation.submit': 'Prolong my account',
    'prolongation.submitting': 'Prolonging…',
    'prolongation.doneTitle': 'Account prolonged',
    'prolongation.doneUntil': 'Your account is now valid until {date}.',
    'prolongation.donePosixUntil': 'Your account now expires on {date}.',
    'prolongation.done': 'Your account has been prolonged.',
    'prolongation.signIn': 'Sign in',
  },
  fr: {
    'prolongation.title': 'Prolonger votre compte',
    'prolongation.intro': 'Votre compte va bientôt expirer. Pour le conserver (rappel «\u00a0{task}\u00a0»), indiquez votre identifiant et confirmez.',
    'prolongation.checking': 'Vérification du lien…',
    'prolongation.invalidTitle': 'Ce lien ne peut pas être utilisé',
    'prolongation.invalidLink': 'Le lien est invalide, a déjà servi ou a expiré. Adressez-vous à votre administrateur si votre compte doit être conservé.',
    'prolongation.login': 'Identifiant',
    'prolongation.method': 'Mon identifiant est mon',
    'prolongation.method.uid': 'identifiant utilisateur',
    'prolongation.method.mail': 'adresse électronique',
    'prolongation.method.EPPN': 'identifiant d’établissement (EPPN)',
    'prolongation.method.supannAlias': 'alias de connexion',
    'prolongation.loginRequired': 'Indiquez votre identifiant.',
    'prolongation.refused': 'Ce lien n’est pas valable pour cet identifiant, ou il a expiré. Vérifiez votre identifiant et sa nature.',
    'prolongation.submit': 'Prolonger mon compte',
    'prolongation.submitting': 'Prolongation…',
    'prolongation.doneTitle': 'Compte prolongé',
    'prolongation.doneUntil': 'Votre compte est désormais valable jusqu’au {date}.',
    'prolongation.donePosixUntil': 'Votre compte expire désormais le {date}.',
    'prolongation.done': 'Votre compte a été prolongé.',
    'prolongation.signIn': 'Se connecter',
  },
};

export default messages;
