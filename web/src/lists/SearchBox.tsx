// Search as you type over the list's search attributes; text in parentheses is a raw LDAP filter, whose error from
// the server is shown under the box (the rest of the page keeps working).
import { useEffect, useId, useRef, useState } from 'react';
import { useT } from '../i18n/index.tsx';
import { Icon } from '../components/Icon.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';

/** Typing pauses this long before the list follows. */
const DEBOUNCE_MS = 80;

/** A raw filter being typed: opened with "(" but not closed yet; it is sent once closed (or on Enter). */
function isUnfinishedFilter(text: string): boolean {
  const s = text.trim();
  return s.startsWith('(') && !s.endsWith(')');
}

export interface SearchBoxProps {
  /** The search in force (the URL's `q`). */
  value: string;
  onSearch(text: string): void;
  /** Each change of the text (trimmed) as it is typed, before the pause that sends it (to start loading its rows). */
  onTyping?(text: string): void;
  /** The server's error about `q` (an invalid LDAP filter). */
  error: unknown;
  /** Labels of the attributes searched. */
  attributes: string[];
}

export function SearchBox({ value, onSearch, onTyping, error, attributes }: SearchBoxProps) {
  const t = useT();
  const [text, setText] = useState(value);
  const sent = useRef(value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const hintId = useId();
  const errorId = useId();

  // The URL changed by itself (back button, "clear filters"): show its search.
  useEffect(() => {
    if (value !== sent.current) {
      sent.current = value;
      setText(value);
    }
  }, [value]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const send = (next: string) => {
    clearTimeout(timer.current);
    if (next.trim() === sent.current.trim()) return;
    sent.current = next.trim();
    onSearch(next.trim());
  };

  // Once sent (Enter) the server judges it: the hint gives way to its answer.
  const unfinished = isUnfinishedFilter(text) && text.trim() !== sent.current;
  const raw = text.trim().startsWith('(');
  return (
    <div className="search-box" role="search">
      <div className="search-field">
        <Icon name="search" className="search-icon" />
        <input
          type="search"
          data-testid="list-search"
          aria-label={t('lists.search')}
          aria-describedby={`${hintId}${error ? ` ${errorId}` : ''}`}
          aria-invalid={error ? true : undefined}
          placeholder={t('lists.searchPlaceholder')}
          autoComplete="off"
          spellCheck={false}
          className={raw ? 'is-filter' : undefined}
          value={text}
          onChange={(e) => {
            const next = e.target.value;
            setText(next);
            clearTimeout(timer.current);
            if (isUnfinishedFilter(next)) return;
            if (next.trim() !== sent.current.trim()) onTyping?.(next.trim());
            timer.current = setTimeout(() => send(next), DEBOUNCE_MS);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              send(text);
            }
          }}
        />
      </div>
      <div id={hintId} className={unfinished ? 'search-hint' : 'visually-hidden'}>
        {unfinished ? t('lists.filterUnfinished') : t('lists.searchHint', { attributes: attributes.join(', ') })}
      </div>
      {!!error && (
        <div id={errorId} className="search-error">
          <ErrorMessage error={error} />
        </div>
      )}
    </div>
  );
}
