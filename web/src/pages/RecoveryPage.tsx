// Password recovery by mail, signed out: at /recovery the request for a link, and at the link the mail gives
// (/recovery?uniq=…&login=…&email_address=…, FusionDirectory's parameters) the choice of a new password.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { RecoveryAvailability, RecoveryCheckAnswer, RecoveryCheckRequest, RecoveryRequest, RecoveryRequestAnswer, RecoveryResetRequest } from '../api/contract.ts';
import { ErrorMessage, errorBody } from '../components/ErrorMessage.tsx';
import { Icon } from '../components/Icon.tsx';
import { LanguageSelect } from '../components/LanguageSelect.tsx';
import { ThemeToggle } from '../components/ThemeToggle.tsx';
import { useT } from '../i18n/index.tsx';
import { Link, paths, useLocation } from '../router.tsx';
import '../components/ui.css';
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

/** The card of the signed-out pages, with the language and theme switches above it. */
function Card({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  const t = useT();
  return (
    <main id="main" className="signin">
      <div className="signin-tools">
        <LanguageSelect />
        <ThemeToggle />
      </div>
      <div className="signin-main">
        <section className="signin-card" aria-labelledby={labelledBy}>
          <div className="signin-brand">
            <Icon name="key" size={28} />
            <span>{t('common.product')}</span>
          </div>
          {children}
        </section>
      </div>
    </main>
  );
}

/** A heading that takes the focus when it appears, so a screen reader reads the new state of the page. */
function FocusedHeading({ id, children }: { id: string; children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 id={id} ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

function BackToSignIn() {
  const t = useT();
  return (
    <p className="signin-aside">
      <Link to={paths.login()}>{t('recovery.backToSignIn')}</Link>
    </p>
  );
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

  useEffect(() => {
    document.title = `${t('recovery.title')} · ${t('common.product')}`;
  }, [t]);

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
      <Card labelledBy={ids.title}>
        <FocusedHeading id={ids.title}>{t('recovery.sentTitle')}</FocusedHeading>
        <p role="status" className="recovery-notice">
          {t('recovery.sent')}
        </p>
        <BackToSignIn />
      </Card>
    );
  }
  if (availability.isPending) {
    return (
      <Card labelledBy={ids.title}>
        <h1 id={ids.title}>{t('recovery.title')}</h1>
        <p role="status">{t('common.loading')}</p>
      </Card>
    );
  }
  if (offered.length === 0) {
    return (
      <Card labelledBy={ids.title}>
        <h1 id={ids.title}>{t('recovery.title')}</h1>
        {availability.isError ? <ErrorMessage error={availability.error} /> : <p className="recovery-notice">{t('recovery.unavailable')}</p>}
        <BackToSignIn />
      </Card>
    );
  }
  const invalidEmail = error !== null;
  return (
    <Card labelledBy={ids.title}>
      <form noValidate onSubmit={(e) => void submit(e)} aria-labelledby={ids.title}>
        <h1 id={ids.title}>{t('recovery.title')}</h1>
        <p className="muted recovery-intro">{t('recovery.intro')}</p>
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
        {offered.length > 1 && (
          <div className="form-field">
            <label htmlFor={ids.directory}>{t('recovery.directory')}</label>
            <select id={ids.directory} name="directory" value={chosen} onChange={(e) => setDirectory(e.target.value)}>
              {offered.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </div>
        )}
        {error !== null && <ErrorMessage id={ids.error} error={error} />}
        <button type="submit" className="button primary signin-submit" aria-disabled={busy || undefined}>
          {busy ? t('recovery.sending') : t('recovery.send')}
        </button>
      </form>
      <BackToSignIn />
    </Card>
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

  useEffect(() => {
    document.title = `${t('recovery.newTitle')} · ${t('common.product')}`;
  }, [t]);

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
      <Card labelledBy={ids.title}>
        <FocusedHeading id={ids.title}>{t('recovery.doneTitle')}</FocusedHeading>
        <p role="status" className="recovery-notice">
          {t('recovery.done')}
        </p>
        <p className="signin-aside">
          <Link to={paths.login()}>{t('recovery.signIn')}</Link>
        </p>
      </Card>
    );
  }
  if (check.isPending) {
    return (
      <Card labelledBy={ids.title}>
        <h1 id={ids.title}>{t('recovery.newTitle')}</h1>
        <p role="status">{t('recovery.checking')}</p>
      </Card>
    );
  }
  if (state === 'spent' || check.isError || !check.data?.valid) {
    return (
      <Card labelledBy={ids.title}>
        <FocusedHeading id={ids.title}>{t('recovery.invalidTitle')}</FocusedHeading>
        {check.isError ? <ErrorMessage error={check.error} /> : <p className="recovery-notice">{t('recovery.invalidLink')}</p>}
        <p className="signin-aside">
          <Link to={recoveryUrl(directory)}>{t('recovery.askAgain')}</Link>
        </p>
        <BackToSignIn />
      </Card>
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
    <Card labelledBy={ids.title}>
      <form noValidate onSubmit={(e) => void submit(e)} aria-labelledby={ids.title}>
        <h1 id={ids.title}>{t('recovery.newTitle')}</h1>
        <p className="muted recovery-intro">{t('recovery.newIntro', { login })}</p>
        {/* For password managers: the account the new password belongs to. */}
        <input id={ids.username} type="text" name="username" autoComplete="username" value={login} readOnly hidden />
        {input('password1')}
        {input('password2')}
        {error && <ErrorMessage id={ids.error} error={error.error} {...(error.field ? { where: [labels[error.field]], label: labels[error.field] } : {})} />}
        <button type="submit" className="button primary signin-submit" aria-disabled={busy || undefined}>
          {busy ? t('recovery.saving') : t('recovery.save')}
        </button>
      </form>
      <BackToSignIn />
    </Card>
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
