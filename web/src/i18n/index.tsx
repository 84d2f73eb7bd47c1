// Message catalogues (en, fr) and the language in force: the browser's by default, the user's choice once made.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage } from '../api/client.ts';
import { catalogues } from './messages/index.ts';

export type Lang = 'en' | 'fr';
export const LANGUAGES: Lang[] = ['en', 'fr'];

export type Params = Record<string, string | number | undefined>;
export type Translate = (key: string, params?: Params) => string;

interface I18nValue {
  lang: Lang;
  setLang(lang: Lang): void;
  t: Translate;
  /** Whether the catalogue has this key (to fall back to a server message otherwise). */
  has(key: string): boolean;
}

const STORAGE_KEY = 'trousseau.lang';

function browserLanguage(): Lang {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const l = tag.toLowerCase();
    if (l.startsWith('fr')) return 'fr';
    if (l.startsWith('en')) return 'en';
  }
  return 'en';
}

export function initialLanguage(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'fr' || stored === 'en' ? stored : browserLanguage();
}

/** `{name}` placeholders replaced by params. */
export function format(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));
}

export function translator(lang: Lang): Translate {
  const own = catalogues[lang];
  const fallback = catalogues.en;
  return (key, params) => format(own[key] ?? fallback[key] ?? key, params);
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLanguage);
  setApiLanguage(lang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    setApiLanguage(next);
    setLangState(next);
  }, []);
  const value = useMemo<I18nValue>(() => ({ lang, setLang, t: translator(lang), has: (key) => key in catalogues[lang] }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/** The translate function of the language in force. */
export function useT(): Translate {
  return useI18n().t;
}
