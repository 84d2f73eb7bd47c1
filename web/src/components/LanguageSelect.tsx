// The interface language switch (English / Français), shown on the sign-in page and in the shell's header.
import { useId } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { LANGUAGES, useI18n, type Lang } from '../i18n/index.tsx';

/** Names of the languages in their own language, so a user finds his own whatever the language in force. */
const NATIVE_NAMES: Record<Lang, string> = { en: 'English', fr: 'Français' };

export function LanguageSelect({ onChange }: { onChange?: (lang: Lang) => void }) {
  const { lang, setLang, t } = useI18n();
  const queries = useQueryClient();
  const id = useId();
  return (
    <span className="language-select">
      <label htmlFor={id} className="visually-hidden">
        {t('common.language')}
      </label>
      <select
        id={id}
        value={lang}
        onChange={(e) => {
          const next = e.target.value as Lang;
          setLang(next);
          // Labels of types, attributes and menus come translated from the server: ask again. A first request still
          // on its way would be reused by the invalidation (TanStack Query cancels an in-flight fetch only when the
          // query already has data) and its answer in the old language kept: cancel those first.
          void queries.cancelQueries().then(() => queries.invalidateQueries());
          onChange?.(next);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {NATIVE_NAMES[l]}
          </option>
        ))}
      </select>
    </span>
  );
}
