// Password recovery by mail, signed out: at /recovery the request for a link, and at the link the mail gives
// (/recovery?uniq=…&login=…&email_address=…, FusionDirectory's parameters) the choice of a new password.
import { useId, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { RecoveryAvailability, RecoveryCheckAnswer, RecoveryCheckRequest, RecoveryRequest, RecoveryRequestAnswer, RecoveryResetRequest } from '../api/contract.ts';
import { ErrorMessage, errorBody } from '../components/ErrorMessage.tsx';
import { AsideLink, DirectoryField, FocusedHeading, PublicCard, PublicForm, usePageTitle, WaitingCard } from '../components/PublicPage.tsx';
import { useT } from '../i18n/index.tsx';
import { paths, useLocation } from '../router.tsx';
import './recovery.css';

/** Where the request page is, and where the mail's link leads. */
export const RECOVERY_PATH = '/recovery';

/** The request page of a directory (the default one when absent). */
export function recoveryUrl(directory?: string): string {
  return directory ? `${RECOVERY_PATH}?${new URLSearchParams({ directory }).toString()}` : RECOVERY_PATH;
}

/** Which directories offer recovery (GET /ui/api/recovery), shared with the sign-in page. */
export function useRecoveryAvailability() {
  return useQuery({
    queryKey: ['recovery-availability'],
    queryFn: ({ signal }) => api<RecoveryAvailability>('/recovery', { signal, quietUnauthorized: true }),
    staleTime: 60_000,
    retry: false,
  });
}

function BackToSignIn() {
  const t = useT();
  return <AsideLink to={paths.login()}>{t('recovery.backToSignIn')}</AsideLink>;
}

function RequestForm({ directory: asked }: { directory: string | undefined }) {
  const t = useT();
  const availability = useRecoveryAvailability();
  const offered = (availability.data?.directories ?? []).filter((d) => d.available).map((d) => d.name);
  const [email, setEmail] = useState('');
  const [directory, setDirectory] = useState(asked ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const ids = { title: useId(), email: useId(), directory: useId(), error: useId() };
  const emailRef = useRef<HTMLInputElement>(null);
  const chosen = directory && offered.includes(directory) ? directory : offered[0];

  usePageTitle(t('recovery.title'));

  const fail = (e: unknown) => {
    setError(e);
    emailRef.current?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    if (email.trim() === '') return fail({ code: 'value.invalid', message: t('recovery.emailRequired') });
    setBusy(true);
    try {
      const several = (availability.data?.directories.length ?? 0) > 1;
      await api<RecoveryRequestAnswer>('/recovery/request', { method: 'POST', body: { email: email.trim(), ...(several && chosen ? { directory: chosen } : {}) } satisfies RecoveryRequest });
      setSent(true);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  if (sent) {
    return (
      <PublicCard labelledBy={ids.title}>
        <FocusedHeading id={ids.title}>{t('recovery.sentTitle')}</FocusedHeading>
        <p role="status" className="recovery-notice">
          {t('recovery.sent')}
        </p>
        <BackToSignIn />
      </PublicCard>
    );
  }
  if (availability.isPending) {
    return <WaitingCard titleId={ids.title} title={t('recovery.title')} status={t('common.loading')} />;
  }
  if (offered.length === 0) {
    return (
      <PublicCard labelledBy={ids.title}>
        <h1 id={ids.title}>{t('recovery.title')}</h1>
        {availability.isError ? <ErrorMessage error={availability.error} /> : <p className="recovery-notice">{t('recovery.unavailable')}</p>}
        <BackToSignIn />
      </PublicCard>
    );
  }
  const invalidEmail = error !== null;
  return (
    <PublicCard labelledBy={ids.title}>
      <PublicForm
        titleId={ids.title}
        title={t('recovery.title')}
        intro={t('recovery.intro')}
        introClassName="recovery-intro"
        error={error !== null && <ErrorMessage id={ids.error} error={error} />}
        busy={busy}
        submitLabel={t('recovery.send')}
        busyLabel={t('recovery.sending')}
        onSubmit={submit}
      >
        <div className="form-field">
          <label htmlFor={ids.email}>{t('recovery.email')}</label>
          <input
            ref={emailRef}
            id={ids.email}
            name="email"
            type="email"
            autoComplete="email"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={invalidEmail || undefined}
            aria-describedby={invalidEmail ? ids.error : undefined}
          />
        </div>
        {offered.length > 1 && <DirectoryField id={ids.directory} label={t('recovery.directory')} value={chosen} directories={offered} onChange={setDirectory} />}
      </PublicForm>
      <BackToSignIn />
    </PublicCard>
  );
}

type PasswordField = 'password1' | 'password2';

function ResetForm({ login, token, email, directory }: { login: string; token: string; email: string; directory: string | undefined }) {
  const t = useT();
  const ids = { title: useId(), username: useId(), password1: useId(), password2: useId(), error: useId() };
  const check = useQuery({
    queryKey: ['recovery-check', directory ?? '', login, token],
    queryFn: ({ signal }) => api<RecoveryCheckAnswer>('/recovery/check', { method: 'POST', body: { login, token, ...(directory ? { directory } : {}) } satisfies RecoveryCheckRequest, signal }),
    staleTime: Infinity,
    retry: false,
  });
  const [values, setValues] = useState<Record<PasswordField, string>>({ password1: '', password2: '' });
  const [error, setError] = useState<{ error: unknown; field?: PasswordField } | null>(null);
  const [busy, setBusy] = useState(false);
  const [state, setState] = useState<'form' | 'spent' | 'done'>('form');
  const refs = { password1: useRef<HTMLInputElement>(null), password2: useRef<HTMLInputElement>(null) };
  const labels: Record<PasswordField, string> = { password1: t('recovery.password1'), password2: t('recovery.password2') };

  usePageTitle(t('recovery.newTitle'));

  const fail = (e: unknown, field?: PasswordField) => {
    setError({ error: e, ...(field ? { field } : {}) });
    if (field) refs[field].current?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    if (values.password1 === '') return fail({ code: 'value.invalid', message: t('recovery.passwordRequired') }, 'password1');
    if (values.password1 !== values.password2) return fail({ code: 'value.invalid', message: t('recovery.mismatch') }, 'password2');
    setBusy(true);
    try {
      const body: RecoveryResetRequest = { login, token, password1: values.password1, password2: values.password2, ...(email ? { email } : {}), ...(directory ? { directory } : {}) };
      await api<void>('/recovery/reset', { method: 'POST', body });
      setValues({ password1: '', password2: '' });
      setState('done');
    } catch (err) {
      const attribute = errorBody(err).attribute;
      if (attribute === 'token') setState('spent');
      else fail(err, attribute === 'userPassword' ? 'password1' : undefined);
    } finally {
      setBusy(false);
    }
  };

  if (state === 'done') {
    return (
      <PublicCard labelledBy={ids.title}>
        <FocusedHeading id={ids.title}>{t('recovery.doneTitle')}</FocusedHeading>
        <p role="status" className="recovery-notice">
          {t('recovery.done')}
        </p>
        <AsideLink to={paths.login()}>{t('recovery.signIn')}</AsideLink>
      </PublicCard>
    );
  }
  if (check.isPending) {
    return <WaitingCard titleId={ids.title} title={t('recovery.newTitle')} status={t('recovery.checking')} />;
  }
  if (state === 'spent' || check.isError || !check.data?.valid) {
    return (
      <PublicCard labelledBy={ids.title}>
        <FocusedHeading id={ids.title}>{t('recovery.invalidTitle')}</FocusedHeading>
        {check.isError ? <ErrorMessage error={check.error} /> : <p className="recovery-notice">{t('recovery.invalidLink')}</p>}
        <AsideLink to={recoveryUrl(directory)}>{t('recovery.askAgain')}</AsideLink>
        <BackToSignIn />
      </PublicCard>
    );
  }
  const input = (name: PasswordField) => {
    const invalid = error?.field === name;
    return (
      <div className="form-field">
        <label htmlFor={ids[name]}>{labels[name]}</label>
        <input
          ref={refs[name]}
          id={ids[name]}
          name={name}
          type="password"
          autoComplete="new-password"
          required
          autoFocus={name === 'password1'}
          value={values[name]}
          onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? ids.error : undefined}
        />
      </div>
    );
  };
  return (
    <PublicCard labelledBy={ids.title}>
      <PublicForm
        titleId={ids.title}
        title={t('recovery.newTitle')}
        intro={t('recovery.newIntro', { login })}
        introClassName="recovery-intro"
        error={error && <ErrorMessage id={ids.error} error={error.error} {...(error.field ? { where: [labels[error.field]], label: labels[error.field] } : {})} />}
        busy={busy}
        submitLabel={t('recovery.save')}
        busyLabel={t('recovery.saving')}
        onSubmit={submit}
      >
        {/* For password managers: the account the new password belongs to. */}
        <input id={ids.username} type="text" name="username" autoComplete="username" value={login} readOnly hidden />
        {input('password1')}
        {input('password2')}
      </PublicForm>
      <BackToSignIn />
    </PublicCard>
  );
}

/** /recovery: the request page, or with a mail's link the reset page. */
export function RecoveryPage() {
  const { query } = useLocation();
  const token = query.get('uniq') ?? '';
  const login = query.get('login') ?? '';
  const directory = query.get('directory') ?? undefined;
  if (token && login) return <ResetForm key={`${login}/${token}`} login={login} token={token} email={query.get('email_address') ?? ''} directory={directory} />;
  return <RequestForm directory={directory} />;
}
