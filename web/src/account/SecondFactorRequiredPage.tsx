// The only page of a user from whom a second factor is required (trousseau.yaml secondFactor.requiredFor) and who has
// none: he enrols an authentication app or a security key, then the session is reloaded and the usual menu comes
// back. The server refuses every other request until then (auth.second_factor_required).
import { useEffect, useRef } from 'react';
import { useSession, useSignedIn } from '../session.tsx';
import { useT } from '../i18n/index.tsx';
import { requirerName } from './requiredBy.ts';
import { SecondFactorsPanel } from './SecondFactorsPanel.tsx';

export function SecondFactorRequiredPage() {
  const t = useT();
  const session = useSignedIn();
  const { refresh } = useSession();
  const heading = useRef<HTMLHeadingElement>(null);
  // Keyboard and screen-reader users land on what the page asks of them.
  useEffect(() => heading.current?.focus(), []);
  const requiredBy = session.requiredBy ?? [];
  return (
    <div className="account-page second-factor-required">
      <h1 ref={heading} tabIndex={-1}>
        {t('secondFactor.required.title')}
      </h1>
      <p>{t('secondFactor.required.text')}</p>
      {requiredBy.length > 0 && (
        <>
          <p>{t('secondFactor.required.by')}</p>
          <ul className="second-factor-required-by">
            {requiredBy.map((dn) => (
              <li key={dn} title={dn}>
                {requirerName(dn)}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="muted">{t('secondFactor.required.how')}</p>
      <SecondFactorsPanel enrolOnly onEnrolled={() => void refresh()} />
    </div>
  );
}
