// The sign-in page: username, password, and the directory when the server offers several.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { DirectoriesAnswer } from '../api/contract.ts';
import { useSession } from '../session.tsx';
import { useT } from '../i18n/index.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { AsideLink, CardBrand, DirectoryField, PublicLayout } from '../components/PublicPage.tsx';
import { recoveryUrl, useRecoveryAvailability } from './RecoveryPage.tsx';
import { SecondFactorStep, secondFactorMethods } from '../account/SecondFactorStep.tsx';
import type { SecondFactorMethod } from '../account/secondFactorContract.ts';

export function SignInPage() {
  const t = useT();
  const { signIn, refresh } = useSession();
  const directories = useQuery({
    queryKey: ['directories'],
    queryFn: ({ signal }) => api<DirectoriesAnswer>('/directories', { signal, quietUnauthorized: true }),
    staleTime: Infinity,
  });
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [directory, setDirectory] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // The password was right and a second factor is asked (docs/second-factors.md).
  const [secondFactor, setSecondFactor] = useState<SecondFactorMethod[] | undefined>(undefined);
  const ids = { username: useId(), password: useId(), directory: useId() };
  const list = directories.data?.directories ?? [];
  // "Forgot your password?" only where recovery by mail works (activated, and a mail server configured).
  const recovery = useRecoveryAvailability();
  const shownDirectory = directory || list[0];
  const recoveryOffered = recovery.data?.directories.some((d) => d.available && d.name === (shownDirectory ?? d.name)) ?? false;

  useEffect(() => {
    document.title = t('common.product');
  }, [t]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const chosen = directory || list[0];
      await signIn({ username, password, ...(list.length > 1 && chosen ? { directory: chosen } : {}) });
    } catch (err) {
      const methods = secondFactorMethods(err);
      if (methods) setSecondFactor(methods);
      else setError(err);
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <PublicLayout>
      {secondFactor ? (
        <div className="signin-card" aria-labelledby="signin-title">
          <CardBrand />
          <SecondFactorStep methods={secondFactor} onDone={refresh} onCancel={() => setSecondFactor(undefined)} />
        </div>
      ) : (
        <form className="signin-card" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
          <CardBrand />
          <h1 id="signin-title">{t('signin.title')}</h1>
          <p className="muted">{t('signin.intro')}</p>
          <div className="form-field">
            <label htmlFor={ids.username}>{t('signin.username')}</label>
            <input
              id={ids.username}
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              autoFocus
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </div>
          <div className="form-field">
            <label htmlFor={ids.password}>{t('signin.password')}</label>
            <input
              id={ids.password}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          {list.length > 1 && <DirectoryField id={ids.directory} label={t('signin.directory')} value={directory || list[0]} directories={list} onChange={setDirectory} />}
          {error !== null && <ErrorMessage error={error} />}
          {directories.isError && <ErrorMessage error={directories.error} />}
          <button type="submit" className="button primary signin-submit" disabled={busy}>
            {busy ? t('signin.signingIn') : t('signin.submit')}
          </button>
          {recoveryOffered && <AsideLink to={recoveryUrl(list.length > 1 ? shownDirectory : undefined)}>{t('recovery.forgot')}</AsideLink>}
        </form>
      )}
    </PublicLayout>
  );
}
