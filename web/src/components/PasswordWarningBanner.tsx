// The password policy's warning given at sign-in (ppolicy plugin): the password expires soon, or has expired and
// only grace sign-ins are left. Shown until dismissed or the session is reloaded (docs/ppolicy.md).
import { useState } from 'react';
import { type Translate, useT } from '../i18n/index.tsx';
import { useSignedIn } from '../session.tsx';

/** Seconds as the largest whole unit: days, hours or minutes. */
function duration(seconds: number, t: Translate): string {
  if (seconds >= 86_400) return t('ppolicy.warning.days', { count: Math.floor(seconds / 86_400) });
  if (seconds >= 3600) return t('ppolicy.warning.hours', { count: Math.floor(seconds / 3600) });
  return t('ppolicy.warning.minutes', { count: Math.max(1, Math.floor(seconds / 60)) });
}

export function PasswordWarningBanner() {
  const t = useT();
  const { passwordWarning } = useSignedIn();
  const [dismissed, setDismissed] = useState(false);
  if (!passwordWarning || dismissed) return null;
  const text =
    passwordWarning.graceLoginsRemaining !== undefined
      ? t('ppolicy.warning.grace', { count: passwordWarning.graceLoginsRemaining })
      : t('ppolicy.warning.expires', { delay: duration(passwordWarning.secondsBeforeExpiration ?? 0, t) });
  return (
    <div role="status" className="notice password-warning" data-testid="password-warning">
      <span>{text}</span>{' '}
      <button type="button" className="button" onClick={() => setDismissed(true)}>
        {t('ppolicy.warning.dismiss')}
      </button>
    </div>
  );
}
