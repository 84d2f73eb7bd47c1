// Renders the shared error object (code, message, tab, attribute): translated where the catalogue knows the code,
// with the tab and field it concerns. The editor's richer use (focus, examples) builds on this.
import { ApiError } from '../api/client.ts';
import type { UiError } from '../api/contract.ts';
import { useI18n } from '../i18n/index.tsx';

/** The error object of anything thrown by an API call (or a plain Error). */
export function errorBody(error: unknown): UiError {
  if (error instanceof ApiError) return error.body;
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export interface ErrorMessageProps {
  error: unknown;
  /** Where the error applies, already translated: e.g. tab label › field label. */
  where?: string[];
  example?: string;
}

export function ErrorMessage({ error, where, example }: ErrorMessageProps) {
  const { t, has } = useI18n();
  const body = errorBody(error);
  const key = `errors.${body.code}`;
  return (
    <div className="error-message" role="alert" data-code={body.code}>
      {where && where.length > 0 && <div className="error-where">{where.join(' › ')}</div>}
      <div className="error-text">{body.message || (has(key) ? t(key) : body.code)}</div>
      {example && <div className="error-example">{t('errors.example', { example })}</div>}
    </div>
  );
}
