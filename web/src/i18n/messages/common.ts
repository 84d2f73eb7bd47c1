// Messages of the shell, sign-in page and shared components (keys `common.*`, `shell.*`, `signin.*`).
import type { AreaMessages } from './index.ts';

const messages: AreaMessages = {
  en: {
    'common.notFound': 'This page does not exist.',
    'common.loading': 'Loading…',
    'common.cancel': 'Cancel',
    'common.close': 'Close',
    'common.ok': 'OK',
  },
  fr: {
    'common.notFound': "Cette page n'existe pas.",
    'common.loading': 'Chargement…',
    'common.cancel': 'Annuler',
    'common.close': 'Fermer',
    'common.ok': 'OK',
  },
};
export default messages;
