// "My account" › Second factors: authentication apps (TOTP, with a QR code), security keys and passkeys (WebAuthn),
// recovery codes shown once; each can be removed. `enrolOnly`: the forced enrolment page (SecondFactorRequiredPage),
// where only adding is offered and `onEnrolled` follows the first app or key.
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { startRegistration } from '@simplewebauthn/browser';
import { api } from '../api/client.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useT } from '../i18n/index.tsx';
import { requirerNames } from './requiredBy.ts';
import type { NewTotpAnswer, RecoveryCodesAnswer, SecondFactorList, WebauthnOptionsAnswer } from './secondFactorContract.ts';
import './secondFactors.css';

export interface SecondFactorsPanelProps {
  /** Only adding is offered (nothing to remove): the forced enrolment page. */
  enrolOnly?: boolean;
  /** Called once an authentication app or a security key has been added. */
  onEnrolled?: (list: SecondFactorList) => void;
}

export function SecondFactorsPanel({ enrolOnly = false, onEnrolled }: SecondFactorsPanelProps = {}) {
  const t = useT();
  const [list, setList] = useState<SecondFactorList | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [totp, setTotp] = useState<NewTotpAnswer | undefined>(undefined);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | undefined>(undefined);
  const [keyName, setKeyName] = useState('');
  const ids = { code: useId(), keyName: useId(), title: useId() };

  const load = useCallback(async () => setList(await api<SecondFactorList>('/account/second-factors')), []);
  useEffect(() => {
    load().catch(setError);
  }, [load]);

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const saveTotp = (e: FormEvent) => {
    e.preventDefault();
    if (!totp) return;
    void act(async () => {
      const next = await api<SecondFactorList>('/account/second-factors/totp', { method: 'POST', body: { ticket: totp.ticket, code: code.trim() } });
      setList(next);
      setTotp(undefined);
      setCode('');
      onEnrolled?.(next);
    });
  };

  const addKey = () =>
    void act(async () => {
      const { options, ticket } = await api<WebauthnOptionsAnswer>('/account/second-factors/webauthn/options', { method: 'POST', body: {} });
      const response = await startRegistration({ optionsJSON: options as Parameters<typeof startRegistration>[0]['optionsJSON'] });
      const next = await api<SecondFactorList>('/account/second-factors/webauthn', { method: 'POST', body: { ticket, response, ...(keyName.trim() ? { name: keyName.trim() } : {}) } });
      setList(next);
      setKeyName('');
      onEnrolled?.(next);
    });

  const remove = (path: string) =>
    void act(async () => {
      await api(path, { method: 'DELETE' });
      await load();
    });

  const none = list && list.totp.length === 0 && list.webauthn.length === 0 && list.recoveryCodes.remaining === 0;
  return (
    <section className="second-factors" aria-labelledby={ids.title}>
      <h2 id={ids.title}>{t('secondFactor.title')}</h2>
      <p className="muted">{t('secondFactor.intro')}</p>
      {error !== null && <ErrorMessage error={error} />}
      {none && <p>{t('secondFactor.none')}</p>}
      {!enrolOnly && list?.requiredBy && list.requiredBy.length > 0 && (
        <p className="second-factor-required-note" data-testid="second-factor-required-note">
          {t('secondFactor.requiredBy', { names: requirerNames(list.requiredBy) })}
        </p>
      )}

      <h3>{t('secondFactor.totpList')}</h3>
      <ul className="second-factor-list">
        {list?.totp.map((item) => (
          <li key={item.id}>
            <span>
              {item.issuer} — {item.label} <span className="muted">({t('secondFactor.addedOn', { date: item.created })})</span>
            </span>
            {!enrolOnly && (
              <button type="button" className="button" disabled={busy} onClick={() => remove(`/account/second-factors/totp/${encodeURIComponent(item.id)}`)}>
                {t('secondFactor.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {totp ? (
        <form className="second-factor-enrol" onSubmit={saveTotp}>
          <p>{t('secondFactor.scan')}</p>
          <img src={totp.qrCode} alt={totp.uri} width={200} height={200} className="second-factor-qr" />
          <p>
            {t('secondFactor.secret')}: <code data-testid="totp-secret">{totp.secret}</code>
          </p>
          <div className="form-field">
            <label htmlFor={ids.code}>{t('secondFactor.firstCode')}</label>
            <input id={ids.code} name="code" autoComplete="one-time-code" inputMode="numeric" required value={code} onChange={(e) => setCode(e.target.value)} />
          </div>
          <button type="submit" className="button primary" disabled={busy}>
            {t('secondFactor.save')}
          </button>
        </form>
      ) : (
        <button type="button" className="button" disabled={busy} onClick={() => void act(async () => setTotp(await api<NewTotpAnswer>('/account/second-factors/totp/new', { method: 'POST', body: {} })))}>
          {t('secondFactor.addTotp')}
        </button>
      )}

      <h3>{t('secondFactor.keyList')}</h3>
      <ul className="second-factor-list">
        {list?.webauthn.map((item) => (
          <li key={item.id}>
            <span>
              {item.name ?? item.subject ?? item.id.slice(0, 12)} — {item.rpId}
              {item.created && <span className="muted"> ({t('secondFactor.addedOn', { date: item.created.slice(0, 10) })})</span>}
            </span>
            {!enrolOnly && (
              <button type="button" className="button" disabled={busy} onClick={() => remove(`/account/second-factors/webauthn/${encodeURIComponent(item.id)}`)}>
                {t('secondFactor.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <div className="second-factor-enrol">
        <div className="form-field">
          <label htmlFor={ids.keyName}>{t('secondFactor.keyName')}</label>
          <input id={ids.keyName} name="keyName" maxLength={64} value={keyName} onChange={(e) => setKeyName(e.target.value)} />
        </div>
        <button type="button" className="button" disabled={busy} onClick={addKey}>
          {t('secondFactor.addKey')}
        </button>
      </div>

      <h3>{t('secondFactor.recoveryTitle')}</h3>
      {list && <p>{t('secondFactor.recoveryRemaining', { count: list.recoveryCodes.remaining })}</p>}
      {codes ? (
        <div className="second-factor-codes" role="status">
          <p>{t('secondFactor.recoveryShownOnce')}</p>
          <ul data-testid="recovery-codes">
            {codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <button type="button" className="button" onClick={() => setCodes(undefined)}>
            {t('secondFactor.done')}
          </button>
        </div>
      ) : (
        <div className="second-factor-actions">
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() =>
              void act(async () => {
                setCodes((await api<RecoveryCodesAnswer>('/account/second-factors/recovery-codes', { method: 'POST', body: {} })).codes);
                await load();
              })
            }
          >
            {t('secondFactor.newRecovery')}
          </button>
          {!enrolOnly && list && list.recoveryCodes.remaining > 0 && (
            <button type="button" className="button" disabled={busy} onClick={() => remove('/account/second-factors/recovery-codes')}>
              {t('secondFactor.removeRecovery')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
