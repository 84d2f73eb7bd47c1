// Messages of the shell, sign-in page and shared components (keys `common.*`, `shell.*`, `signin.*`).
// French typography: « » with non-breaking spaces inside, a non-breaking space before : ; ? !
import type { AreaMessages } from './index.ts';

const messages: AreaMessages = {
  en: {
    'common.product': 'Trousseau',
    'common.notFound': 'This page does not exist.',
    'common.loading': 'Loading…',
    'common.cancel': 'Cancel',
    'common.close': 'Close',
    'common.ok': 'OK',
    'common.language': 'Language',
    'common.themeToDark': 'Switch to dark theme',
    'common.themeToLight': 'Switch to light theme',

    'shell.skipToContent': 'Skip to content',
    'shell.menu': 'Main menu',
    'shell.signOut': 'Sign out',
    'shell.signedInUser': 'Signed in as',
    'shell.expiredTitle': 'Your session has expired',
    'shell.expiredText': 'Enter your password again to carry on where you left off. Your page and unsaved changes are kept.',
    'shell.signedInAs': 'Signed in as {name} ({uid})',
    'shell.signInAgain': 'Sign in again',

    'signin.title': 'Sign in',
    'signin.intro': 'Use your directory username and password.',
    'signin.username': 'Username',
    'signin.password': 'Password',
    'signin.directory': 'Directory',
    'signin.submit': 'Sign in',
    'signin.signingIn': 'Signing in…',
  },
  fr: {
    'common.product': 'Trousseau',
    'common.notFound': "Cette page n'existe pas.",
    'common.loading': 'Chargement…',
    'common.cancel': 'Annuler',
    'common.close': 'Fermer',
    'common.ok': 'OK',
    'common.language': 'Langue',
    'common.themeToDark': 'Passer au thème sombre',
    'common.themeToLight': 'Passer au thème clair',

    'shell.skipToContent': 'Aller au contenu',
    'shell.menu': 'Menu principal',
    'shell.signOut': 'Se déconnecter',
    'shell.signedInUser': 'Connecté en tant que',
    'shell.expiredTitle': 'Votre session a expiré',
    'shell.expiredText':
      'Saisissez de nouveau votre mot de passe pour reprendre là où vous en étiez. Votre page et vos modifications non enregistrées sont conservées.',
    'shell.signedInAs': 'Connecté en tant que {name} ({uid})',
    'shell.signInAgain': 'Se reconnecter',

    'signin.title': 'Connexion',
    'signin.intro': "Utilisez l'identifiant et le mot de passe de votre annuaire.",
    'signin.username': 'Identifiant',
    'signin.password': 'Mot de passe',
    'signin.directory': 'Annuaire',
    'signin.submit': 'Se connecter',
    'signin.signingIn': 'Connexion…',
  },
};
export default messages;
