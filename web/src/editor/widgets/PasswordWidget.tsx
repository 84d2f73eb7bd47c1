// A password (kind `password`; the user's userPassword is one): never prefilled, typed twice. For userPassword a
// method select comes first; the change is then sent as FusionDirectory's 5-array [method, password, again, hash,
// locked] (fd-core.md §3.3), or as the plain new password when the method is left as it is.
import { useT, type Translate } from '../../i18n/index.tsx';
import type { ClientProblem, WidgetProps } from './WidgetProps.ts';
import { PASSWORD_METHODS } from './passwordMethods.ts';

/** The draft of a typed password: [method ('' = keep), password, confirmation]. Anything else means "unchanged". */
type Typed = [method: string, password: string, again: string];

function asTyped(value: unknown): Typed | null {
  return Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'string') ? (value as Typed) : null;
}

/** Attributes whose password has a hashing method (the user's password). */
const hasMethod = (name: string) => name.toLowerCase() === 'userpassword';

export function PasswordWidget({ id, label, attribute, value, onChange, readOnly, required, invalid, describedBy, isNew }: WidgetProps) {
  const t = useT();
  const [method, password, again] = asTyped(value) ?? ['', '', ''];
  const mismatch = password !== again && again !== '';
  const mismatchId = `${id}-mismatch`;
  const update = (next: Partial<{ method: string; password: string; again: string }>) => {
    const typed: Typed = [next.method ?? method, next.password ?? password, next.again ?? again];
    // Nothing typed and the method kept: back to "unchanged".
    onChange(typed.every((v) => v === '') ? '' : typed);
  };
  if (readOnly) return <input id={id} className="input" readOnly value="" placeholder={t('editor.password.hidden')} aria-describedby={describedBy} />;
  const withMethod = hasMethod(attribute.name);
  const needsPassword = method !== 'empty' && method !== 'sasl';
  return (
    <div className="password-widget">
      {withMethod && (
        <div className="subfield">
          <label htmlFor={`${id}-method`}>{t('editor.password.method')}</label>
          <select id={`${id}-method`} className="input select" value={method} onChange={(e) => update({ method: e.target.value })}>
            <option value="">{isNew ? t('editor.password.defaultMethod') : t('editor.password.keepMethod')}</option>
            {PASSWORD_METHODS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
      )}
      {needsPassword && (
        <>
          <div className="subfield">
            <label htmlFor={id}>{withMethod ? t('editor.password.new') : label}</label>
            <input
              id={id}
              className="input"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => update({ password: e.target.value })}
              required={required}
              aria-invalid={invalid || undefined}
              aria-describedby={describedBy}
            />
          </div>
          <div className="subfield">
            <label htmlFor={`${id}-again`}>{t('editor.password.again')}</label>
            <input
              id={`${id}-again`}
              className="input"
              type="password"
              autoComplete="new-password"
              value={again}
              onChange={(e) => update({ again: e.target.value })}
              aria-invalid={mismatch || undefined}
              aria-describedby={mismatch ? mismatchId : undefined}
            />
            {mismatch && (
              <span id={mismatchId} className="field-error">
                {t('errors.value.password_mismatch')}
              </span>
            )}
          </div>
        </>
      )}
      {!isNew && <span className="field-note">{t('editor.password.keep')}</span>}
    </div>
  );
}

export function passwordToWire(value: unknown): unknown {
  const typed = asTyped(value);
  if (!typed) return '';
  const [method, password, again] = typed;
  return method === '' ? password : [method, password, again, '', null];
}

export function isPasswordUnchanged(value: unknown): boolean {
  const typed = asTyped(value);
  return typed === null || typed.every((v) => v === '');
}

export function checkPassword(value: unknown, t: Translate): ClientProblem[] {
  const typed = asTyped(value);
  return typed && typed[1] !== typed[2] ? [{ code: 'value.password_mismatch', message: t('errors.value.password_mismatch') }] : [];
}

export function displayPassword(value: unknown, t: Translate): string {
  const typed = asTyped(value);
  if (!typed || typed.every((v) => v === '')) return t('editor.password.unchanged');
  return typed[1] ? t('editor.password.changed') : t('editor.password.methodChanged', { method: typed[0] });
}
