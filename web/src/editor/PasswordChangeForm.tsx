// "Change my password" (My account): current password, new one and its confirmation, POST /account/password.
import { useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { PasswordChangeRequest } from '../api/contract.ts';
import { ErrorMessage, errorBody } from '../components/ErrorMessage.tsx';
import { useT } from '../i18n/index.tsx';

type FieldName = 'current' | 'password' | 'again';

/** `onChanged`: called once the password is changed (the forced change reloads the session). */
export function PasswordChangeForm({ onChanged }: { onChanged?: () => void } = {}) {
  const t = useT();
  const [values, setValues] = useState<Record<FieldName, string>>({ current: '', password: '', again: '' });
  const [error, setError] = useState<{ error: unknown; field?: FieldName } | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const refs = { current: useRef<HTMLInputElement>(null), password: useRef<HTMLInputElement>(null), again: useRef<HTMLInputElement>(null) };
  const labels: Record<FieldName, string> = { current: t('account.current'), password: t('account.new'), again: t('account.again') };

  const fail = (e: unknown, field?: FieldName) => {
    setError({ error: e, ...(field ? { field } : {}) });
    if (field) refs[field].current?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setNotice('');
    setError(null);
    if (values.current === '') return fail({ code: 'value.required', message: t('errors.value.required', { label: labels.current }) }, 'current');
    if (values.password === '') return fail({ code: 'value.required', message: t('errors.value.required', { label: labels.password }) }, 'password');
    if (values.password !== values.again) return fail({ code: 'value.password_mismatch', message: t('errors.value.password_mismatch') }, 'again');
    setBusy(true);
    try {
      await api<void>('/account/password', { method: 'POST', body: { current: values.current, password: values.password } satisfies PasswordChangeRequest });
      setValues({ current: '', password: '', again: '' });
      setNotice(t('account.changed'));
      onChanged?.();
    } catch (err) {
      const attribute = errorBody(err).attribute;
      fail(err, attribute === 'current' ? 'current' : attribute === 'password' || attribute === 'userPassword' ? 'password' : undefined);
    } finally {
      setBusy(false);
    }
  };

  const input = (name: FieldName, autoComplete: string) => {
    const id = `account-password-${name}`;
    const invalid = error?.field === name;
    return (
      <div className={`field${invalid ? ' invalid' : ''}`}>
        <div className="field-label">
          <label htmlFor={id}>{labels[name]}</label>
          <span className="required-mark" aria-hidden="true" title={t('editor.required')}>
            *
          </span>
        </div>
        <div className="field-control">
          <input
            ref={refs[name]}
            id={id}
            className="input"
            type="password"
            required
            autoComplete={autoComplete}
            value={values[name]}
            onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? 'account-password-error' : undefined}
          />
        </div>
      </div>
    );
  };

  return (
    <form className="password-change" aria-labelledby="account-password-title" noValidate onSubmit={submit}>
      <h2 id="account-password-title">{t('account.passwordTitle')}</h2>
      <div role="status" className={notice ? 'notice' : 'notice empty'}>
        {notice}
      </div>
      {error && <ErrorMessage id="account-password-error" error={error.error} {...(error.field ? { where: [labels[error.field]], label: labels[error.field] } : {})} />}
      <fieldset className="section">
        <legend className="section-title">{t('account.passwordLegend')}</legend>
        {input('current', 'current-password')}
        {input('password', 'new-password')}
        {input('again', 'new-password')}
      </fieldset>
      <div className="editor-actions">
        <button type="submit" className="button primary" aria-disabled={busy || undefined}>
          {t('account.submit')}
        </button>
      </div>
    </form>
  );
}
