// Asks for the password again when the session ended while the user was working, so the page and its
// unsaved changes stay where they are.
import { useId, useState, type FormEvent } from 'react';
import { useSession } from '../session.tsx';
import { useT } from '../i18n/index.tsx';
import { Dialog } from './Dialog.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

export function SessionExpiredDialog() {
  const t = useT();
  const { session, expired, signIn, signOut } = useSession();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const formId = useId();
  const passwordId = useId();
  if (!session) return null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn({ username: session.user.uid, directory: session.directory, password });
      setPassword('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={expired}
      role="alertdialog"
      title={t('shell.expiredTitle')}
      // The dialog stays until the user signs in again or signs out: Escape does not dismiss it.
      onClose={() => undefined}
      actions={
        <>
          <button type="button" className="button" onClick={() => void signOut()}>
            {t('shell.signOut')}
          </button>
          <button type="submit" form={formId} className="button primary" disabled={busy}>
            {busy ? t('signin.signingIn') : t('shell.signInAgain')}
          </button>
        </>
      }
    >
      <form id={formId} className="form-stack" onSubmit={(e) => void submit(e)}>
        <p>{t('shell.expiredText')}</p>
        <p className="muted">{t('shell.signedInAs', { name: session.user.name, uid: session.user.uid })}</p>
        <div className="form-field">
          <label htmlFor={passwordId}>{t('signin.password')}</label>
          <input
            id={passwordId}
            type="password"
            autoComplete="current-password"
            required
            autoFocus
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {error !== null && <ErrorMessage error={error} />}
      </form>
    </Dialog>
  );
}
