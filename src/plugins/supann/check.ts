// SupAnn: the checker's menu entry (the checker itself is src/services/supann/check, its page web/src/supanncheck).
import type { PluginPart } from './PluginPart.ts';

export const checkPart: PluginPart = {
  messages: {
    en: { 'supann.check.menu': 'SupAnn check' },
    fr: { 'supann.check.menu': 'Vérification SupAnn' },
  },
};
