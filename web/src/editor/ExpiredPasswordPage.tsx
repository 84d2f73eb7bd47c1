// The only page of a user whose password has expired (fd-core.md §3.5): he changes it, then the session is reloaded
// and the usual menu comes back. The server refuses every other request until then.
import { useSession } from '../session.tsx';
import { useT } from '../i18n/index.tsx';
import { PasswordChangeForm } from './PasswordChangeForm.tsx';

export function ExpiredPasswordPage() {
  const t = useT();
  const { refresh } = useSession();
  return (
    <div className="account-page expired-password">
      <h1>{t('account.expiredTitle')}</h1>
      <p>{t('account.expiredText')}</p>
      <PasswordChangeForm onChanged={() => void refresh()} />
    </div>
  );
}
