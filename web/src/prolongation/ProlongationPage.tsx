// Account prolongation, signed out: the link of a reminder mail (/prolongation?token=…&task=…) leads here; the user
// gives his login and his account's end date moves forward (POST /ui/api/prolongation). See docs/lifecycle.md.
import { useId, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { ErrorMessage, errorBody } from '../components/ErrorMessage.tsx';
import { AsideLink, FocusedHeading, PublicCard, PublicForm, usePageTitle, WaitingCard } from '../components/PublicPage.tsx';
import { useI18n, useT } from '../i18n/index.tsx';
import { paths, useLocation } from '../router.tsx';
import './prolongation.css';

/** Where a reminder mail's link leads. */
export const PROLONGATION_PATH = '/prolongation';

/** The answers of the API (src/http/ui-api/prolongationApi.ts). */
interface LinkAnswer {
  valid: boolean;
  task?: string;
}
interface ProlongationAnswer {
  task: string;
  endDate?: string;
  posixEndDate?: string;
}

const METHODS = ['uid', 'mail', 'EPPN', 'supannAlias'] as const;
type Method = (typeof METHODS)[number];

/** `YYYY-MM-DD` as a long date in the page's language. */
function useLongDate(): (day: string) => string {
  const { lang } = useI18n();
  return (day) => {
    const [y, m, d] = day.split('-').map(Number);
    if (!y || !m || !d) return day;
    return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
  };
}

function ProlongationForm({ token, task, directory }: { token: string; task: string; directory: string | undefined }) {
  const t = useT();
  const longDate = useLongDate();
  const ids = { title: useId(), login: useId(), method: useId(), error: useId() };
  const query = { token, task, ...(directory ? { directory } : {}) };
  const check = useQuery({
    queryKey: ['prolongation-check', directory ?? '', token, task],
    queryFn: ({ signal }) => api<LinkAnswer>('/prolongation', { query, signal, quietUnauthorized: true }),
    staleTime: Infinity,
    retry: false,
  });
  const [login, setLogin] = useState('');
  const [method, setMethod] = useState<Method>('uid');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ProlongationAnswer | null>(null);
  const loginRef = useRef<HTMLInputElement>(null);

  usePageTitle(t('prolongation.title'));

  const fail = (e: unknown) => {
    setError(e);
    loginRef.current?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    if (login.trim() === '') return fail({ code: 'value.invalid', message: t('prolongation.loginRequired') });
    setBusy(true);
    try {
      setDone(await api<ProlongationAnswer>('/prolongation', { method: 'POST', body: { ...query, login: login.trim(), method }, quietUnauthorized: true }));
    } catch (err) {
      // The server's one refusal for a wrong link or login, said in the page's language.
      fail(errorBody(err).attribute === 'token' ? { code: 'value.invalid', message: t('prolongation.refused') } : err);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <PublicCard labelledBy={ids.title}>
        <FocusedHeading id={ids.title}>{t('prolongation.doneTitle')}</FocusedHeading>
        <p role="status" className="prolongation-notice">
          {done.endDate
            ? t('prolongation.doneUntil', { date: longDate(done.endDate) })
            : done.posixEndDate
              ? t('prolongation.donePosixUntil', { date: longDate(done.posixEndDate) })
              : t('prolongation.done')}
        </p>
        <AsideLink to={paths.login()}>{t('prolongation.signIn')}</AsideLink>
      </PublicCard>
    );
  }
  if (check.isPending) {
    return <WaitingCard titleId={ids.title} title={t('prolongation.title')} status={t('prolongation.checking')} />;
  }
  if (check.isError || !check.data?.valid) {
    return (
      <PublicCard labelledBy={ids.title}>
        <FocusedHeading id={ids.title}>{t('prolongation.invalidTitle')}</FocusedHeading>
        {check.isError && errorBody(check.error).code !== 'value.invalid' ? <ErrorMessage error={check.error} /> : <p className="prolongation-notice">{t('prolongation.invalidLink')}</p>}
      </PublicCard>
    );
  }
  const invalid = error !== null;
  return (
    <PublicCard labelledBy={ids.title}>
      <PublicForm
        titleId={ids.title}
        title={t('prolongation.title')}
        intro={t('prolongation.intro', { task: check.data.task ?? task })}
        introClassName="prolongation-intro"
        error={invalid && <ErrorMessage id={ids.error} error={error} />}
        busy={busy}
        submitLabel={t('prolongation.submit')}
        busyLabel={t('prolongation.submitting')}
        onSubmit={submit}
      >
        <div className="form-field">
          <label htmlFor={ids.method}>{t('prolongation.method')}</label>
          <select id={ids.method} name="method" value={method} onChange={(e) => setMethod(e.target.value as Method)}>
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`prolongation.method.${m}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={ids.login}>{t('prolongation.login')}</label>
          <input
            ref={loginRef}
            id={ids.login}
            name="login"
            type={method === 'mail' ? 'email' : 'text'}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
            value={login}
            onChange={(e) => {
              setLogin(e.target.value);
              setError(null);
            }}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? ids.error : undefined}
          />
        </div>
      </PublicForm>
    </PublicCard>
  );
}

/** /prolongation?token=…&task=…: the form of a reminder mail's link. */
export function ProlongationPage() {
  const { query } = useLocation();
  const t = useT();
  const id = useId();
  const token = query.get('token') ?? '';
  const task = query.get('task') ?? '';
  const directory = query.get('directory') ?? undefined;
  if (token === '' || task === '') {
    return (
      <PublicCard labelledBy={id}>
        <FocusedHeading id={id}>{t('prolongation.invalidTitle')}</FocusedHeading>
        <p className="prolongation-notice">{t('prolongation.invalidLink')}</p>
      </PublicCard>
    );
  }
  return <ProlongationForm key={`${token}/${task}`} token={token} task={task} directory={directory} />;
}
