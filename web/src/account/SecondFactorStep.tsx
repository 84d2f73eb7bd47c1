// The sign-in's second step: after a right password, a TOTP code, a security key (WebAuthn) or a recovery code.
import { useId, useState, type FormEvent } from 'react';
import { startAuthentication } from '@simplewebauthn/browser';
import { ApiError, api } from '../api/client.ts';
import type { SessionInfo } from '../api/contract.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useT } from '../i18n/index.tsx';
import type { SecondFactorChallenge, SecondFactorMethod } from './secondFactorContract.ts';

/** The methods of a sign-in answer asking for a second factor, if it is one. */
export function secondFactorMethods(error: unknown): SecondFactorMethod[] | undefined {
  if (!(error instanceof ApiError) || error.status !== 401 || error.body.code !== 'auth.required') return undefined;
  const details = error.body.details as Partial<SecondFactorChallenge> | undefined;
  return details?.secondFactor?.methods;
}

export function SecondFactorStep({ methods, onDone, onCancel }: { methods: SecondFactorMethod[]; onDone: () => Promise<void>; onCancel: () => void }) {
  const t = useT();
  const ordered = (['webauthn', 'totp', 'recovery'] as const).filter((m) => methods.includes(m));
  const [method, setMethod] = useState<SecondFactorMethod>(ordered[0] ?? 'totp');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const codeId = useId();

  const run = async (proof: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await api<SessionInfo>('/session/second-factor', { method: 'POST', body: await proof(), quietUnauthorized: true });
      await onDone();
    } catch (err) {
      setError(err);
      setCode('');
      setBusy(false);
    }
  };

  const submitCode = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => ({ method, code: code.trim() }));
  };

  const useKey = () =>
    void run(async () => {
      const { options } = await api<{ options: Parameters<typeof startAuthentication>[0]['optionsJSON'] }>('/session/second-factor/webauthn-options', { method: 'POST', body: {}, quietUnauthorized: true });
      return { method: 'webauthn', response: await startAuthentication({ optionsJSON: options }) };
    });

  return (
    <div className="second-factor-step">
      <h1 id="signin-title">{t('secondFactor.stepTitle')}</h1>
      <p className="muted">{t('secondFactor.stepIntro')}</p>
      {ordered.length > 1 && (
        <div role="radiogroup" aria-label={t('secondFactor.stepTitle')} className="second-factor-methods">
          {ordered.map((m) => (
            <label key={m}>
              <input type="radio" name="second-factor-method" value={m} checked={method === m} onChange={() => { setMethod(m); setError(null); }} /> {t(`secondFactor.method.${m}`)}
            </label>
          ))}
        </div>
      )}
      {method === 'webauthn' ? (
        <div>
          <p>{t('secondFactor.keyIntro')}</p>
          {error !== null && <ErrorMessage error={error} />}
          <button type="button" className="button primary signin-submit" disabled={busy} onClick={useKey}>
            {busy ? t('secondFactor.verifying') : t('secondFactor.useKey')}
          </button>
        </div>
      ) : (
        <form onSubmit={submitCode}>
          <div className="form-field">
            <label htmlFor={codeId}>{t(method === 'totp' ? 'secondFactor.totpCode' : 'secondFactor.recoveryCode')}</label>
            <input
              id={codeId}
              name="code"
              autoComplete="one-time-code"
              inputMode={method === 'totp' ? 'numeric' : 'text'}
              autoCapitalize="characters"
              spellCheck={false}
              required
              autoFocus
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </div>
          {method === 'recovery' && <p className="muted">{t('secondFactor.recoveryWarning')}</p>}
          {error !== null && <ErrorMessage error={error} />}
          <button type="submit" className="button primary signin-submit" disabled={busy}>
            {busy ? t('secondFactor.verifying') : t('secondFactor.verify')}
          </button>
        </form>
      )}
      <p className="signin-aside">
        <button type="button" className="button quiet" onClick={onCancel}>
          {t('secondFactor.cancel')}
        </button>
      </p>
    </div>
  );
}
