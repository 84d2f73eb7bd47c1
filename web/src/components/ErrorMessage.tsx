// Renders the shared error object (code, message, tab, attribute): translated where the catalogue knows the code,
// with where it applies (tab › field), the attribute's example, and for a failed save every problem with a way to
// reach its field.
import { useCallback } from 'react';
import { ApiError } from '../api/client.ts';
import type { UiError } from '../api/contract.ts';
import { useI18n } from '../i18n/index.tsx';

/** The error object of anything thrown by an API call (or a plain Error). */
export function errorBody(error: unknown): UiError {
  if (error instanceof ApiError) return error.body;
  if (error && typeof error === 'object' && typeof (error as UiError).code === 'string' && typeof (error as UiError).message === 'string') return error as UiError;
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** What a message is made from: a stable code, the server's (English) text and its parameters. */
export interface Translatable {
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

/**
 * The text of an error or problem in the language in force. English shows the server's own message, the same a
 * REST client gets; other languages use `errors.<code>` (or `errors.<code>.<param names>`) of the catalogue with
 * `{label}` = the field's translated label and the server's params, and fall back to the server's message when
 * the catalogue has no text or a placeholder would stay unfilled. `value.invalid` (the code of anything else) keeps
 * the server's message, the only one that says what is wrong.
 * @example const text = useErrorText(); text({ code: 'value.required', message: '…' }, 'Last name')
 */
export function useErrorText(): (problem: Translatable, label?: string) => string {
  const { t, has, lang } = useI18n();
  return useCallback(
    (problem, label) => {
      // `value.invalid` is the code of "anything else": only the server's message says what is wrong.
      if ((lang === 'en' || problem.code === 'value.invalid') && problem.message) return problem.message;
      const params = { ...(problem.params ?? {}), ...(label ? { label } : {}) };
      const names = Object.keys(problem.params ?? {}).sort();
      const keys = [...(names.length ? [`errors.${problem.code}.${names.join('.')}`] : []), `errors.${problem.code}`];
      for (const key of keys) {
        if (!has(key)) continue;
        const text = t(key, params);
        if (!/\{\w+\}/.test(text)) return text;
      }
      if (problem.message) return problem.message;
      return has(`errors.${problem.code}`) ? t(`errors.${problem.code}`, params) : problem.code;
    },
    [t, has, lang],
  );
}

/** One problem of a failed save, with where it applies; `onSelect` takes the user to the field. */
export interface ErrorItem {
  key: string;
  where?: string[];
  text: string;
  example?: string;
  onSelect?(): void;
}

export interface ErrorMessageProps {
  error: unknown;
  /** Where the error applies, already translated: e.g. tab label › field label. */
  where?: string[];
  example?: string;
  /** The field's translated label, for `{label}` in translated messages. */
  label?: string;
  /** A heading above the message (e.g. "The object could not be saved"). */
  title?: string;
  /** Every problem of the error (a failed save): listed instead of the single message. */
  items?: ErrorItem[];
  id?: string;
  className?: string;
}

export function ErrorMessage({ error, where, example, label, title, items, id, className }: ErrorMessageProps) {
  const { t } = useI18n();
  const text = useErrorText();
  const body = errorBody(error);
  return (
    <div id={id} className={`error-message ${className ?? ''}`} role="alert" data-code={body.code}>
      {title && <div className="error-title">{title}</div>}
      {items && items.length > 0 ? (
        <ul className="error-items">
          {items.map((item) => (
            <li key={item.key} className="error-item">
              {item.where && item.where.length > 0 && (
                <div className="error-where">
                  {item.onSelect ? (
                    <button type="button" className="link-button error-link" onClick={item.onSelect}>
                      {item.where.join(' › ')}
                    </button>
                  ) : (
                    item.where.join(' › ')
                  )}
                </div>
              )}
              <div className="error-text">{item.text}</div>
              {item.example && <div className="error-example">{t('errors.example', { example: item.example })}</div>}
            </li>
          ))}
        </ul>
      ) : (
        <>
          {where && where.length > 0 && <div className="error-where">{where.join(' › ')}</div>}
          <div className="error-text">{text(body, label)}</div>
          {example && <div className="error-example">{t('errors.example', { example })}</div>}
        </>
      )}
    </div>
  );
}
