// The administrators' view of a user's second factors, drawn in the user editor through editorExtras: what the user
// enrolled (kinds, dates, key names, never a secret) and "Remove all" for a user who lost his phone or key
// (GET/DELETE /ui/api/second-factors/users/{dn}, ACL user/webauthnAccount).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import type { EditorExtraProps } from '../editor/editorExtras.ts';
import { useT } from '../i18n/index.tsx';
import { requirerNames } from './requiredBy.ts';
import type { SecondFactorList } from './secondFactorContract.ts';
import './secondFactors.css';

export function UserSecondFactorsPanel({ dn }: EditorExtraProps) {
  const t = useT();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const path = `/second-factors/users/${encodeURIComponent(dn ?? '')}`;
  const key = ['second-factors', 'user', dn ?? ''];
  const factors = useQuery({ queryKey: key, queryFn: ({ signal }) => api<SecondFactorList>(path, { signal }), enabled: dn !== null, retry: false });
  const removeAll = useMutation({
    mutationFn: () => api(path, { method: 'DELETE' }),
    onSuccess: async () => {
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });
  // Nothing for a user being created, nor for those who may not read the user's factors (403).
  if (dn === null || factors.error || !factors.data) return null;
  const { totp, webauthn, recoveryCodes, requiredBy } = factors.data;
  const count = totp.length + webauthn.length + (recoveryCodes.remaining > 0 ? 1 : 0);
  return (
    <details className="second-factors-admin" data-testid="user-second-factors">
      <summary>{t('secondFactor.admin.title', { count: String(count) })}</summary>
      {requiredBy && requiredBy.length > 0 && (
        <p className="second-factor-required-note" data-testid="second-factor-required-note">
          {t(count === 0 ? 'secondFactor.admin.requiredNone' : 'secondFactor.admin.requiredBy', { names: requirerNames(requiredBy) })}
        </p>
      )}
      {count === 0 ? (
        <p>{t('secondFactor.admin.none')}</p>
      ) : (
        <>
          <ul className="second-factor-list">
            {totp.map((item) => (
              <li key={`totp-${item.id}`}>
                <span>
                  {t('secondFactor.admin.totp')} — {item.issuer} <span className="muted">({t('secondFactor.addedOn', { date: item.created })})</span>
                </span>
              </li>
            ))}
            {webauthn.map((item) => (
              <li key={`key-${item.id}`}>
                <span>
                  {t('secondFactor.admin.key')} — {item.name ?? item.subject ?? item.id.slice(0, 12)} ({item.rpId})
                  {item.created && <span className="muted"> ({t('secondFactor.addedOn', { date: item.created.slice(0, 10) })})</span>}
                </span>
              </li>
            ))}
            {recoveryCodes.remaining > 0 && (
              <li key="recovery">
                <span>
                  {t('secondFactor.recoveryRemaining', { count: recoveryCodes.remaining })}
                  {recoveryCodes.created && <span className="muted"> ({t('secondFactor.addedOn', { date: recoveryCodes.created.slice(0, 10) })})</span>}
                </span>
              </li>
            )}
          </ul>
          <button type="button" className="button danger" onClick={() => setConfirming(true)}>
            {t('secondFactor.admin.removeAll')}
          </button>
        </>
      )}
      {confirming && (
        <Dialog
          open
          role="alertdialog"
          title={t('secondFactor.admin.confirmTitle')}
          onClose={() => setConfirming(false)}
          actions={
            <>
              <button type="button" className="button" autoFocus onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
              <button type="button" className="button danger" disabled={removeAll.isPending} onClick={() => removeAll.mutate()}>
                {t('secondFactor.admin.confirm')}
              </button>
            </>
          }
        >
          <p>{t(requiredBy && requiredBy.length > 0 ? 'secondFactor.admin.confirmExplainRequired' : 'secondFactor.admin.confirmExplain')}</p>
          {removeAll.error !== null && <ErrorMessage error={removeAll.error} />}
        </Dialog>
      )}
    </details>
  );
}
