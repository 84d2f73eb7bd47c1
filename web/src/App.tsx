// Which page the path shows; signed-out users see the sign-in page. `mountApp` renders it with its providers (queries,
// language, router, session), once main.tsx has sent the page's first requests.
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from './api/client.ts';
import type { SessionInfo } from './api/contract.ts';
import { I18nProvider } from './i18n/index.tsx';
import { adoptRequests, type StartedRequests } from './lists/listRequests.ts';
import { RouterProvider, matchPath, navigate, paths, useLocation } from './router.tsx';
import { SessionProvider, useSession } from './session.tsx';
import './styles.css';
import { Shell } from './components/Shell.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { RECOVERY_PATH, RecoveryPage } from './pages/RecoveryPage.tsx';
import { PROLONGATION_PATH, ProlongationPage } from './prolongation/ProlongationPage.tsx';
import { ListPage } from './lists/ListPage.tsx';
import { EditorPage } from './editor/EditorPage.tsx';
import { AccountPage } from './editor/AccountPage.tsx';
import { ExpiredPasswordPage } from './editor/ExpiredPasswordPage.tsx';
import { SecondFactorRequiredPage } from './account/SecondFactorRequiredPage.tsx';
import { AclExplainPage } from './acl/AclExplainPage.tsx';
import { EXPLAIN_PATH } from './acl/explain.ts';
import { OrgChartPage } from './supann/OrgChartPage.tsx';
import { CHART_PATH } from './supann/chart.ts';
import { SUPANN_CHECK_PATH, SupannCheckPage } from './supanncheck/SupannCheckPage.tsx';
import { TASKS_DASHBOARD_PATH, TaskDashboardPage } from './tasks/TaskDashboardPage.tsx';
import { AUDIT_PATH, AuditPage } from './audit/AuditPage.tsx';
import { useT } from './i18n/index.tsx';

function Page() {
  const { path } = useLocation();
  const t = useT();
  let m: Record<string, string> | null;
  if ((m = matchPath('/lists/:id', path))) return <ListPage key={m.id} management={m.id!} />;
  if ((m = matchPath('/objects/:type/:dn', path))) return <EditorPage key={`${m.type}/${m.dn}`} type={m.type!} dn={m.dn!} />;
  if ((m = matchPath('/new/:type', path))) return <EditorPage key={`new/${m.type}`} type={m.type!} dn={null} />;
  if (path === paths.account()) return <AccountPage />;
  if (path === EXPLAIN_PATH) return <AclExplainPage />;
  if (path === SUPANN_CHECK_PATH) return <SupannCheckPage />;
  if (path === CHART_PATH) return <OrgChartPage />;
  if (path === TASKS_DASHBOARD_PATH) return <TaskDashboardPage />;
  if (path === AUDIT_PATH) return <AuditPage />;
  return <p role="alert">{t('common.notFound')}</p>;
}

export function App() {
  const { session } = useSession();
  const { path } = useLocation();
  useEffect(() => {
    if (session && !session.mustChangePassword && !session.mustEnrolSecondFactor && (path === '/' || path === paths.login())) {
      // Users are what help desks open first; otherwise the first list the menu offers.
      const lists = session.menu.flatMap((s) => s.entries).filter((e) => e.kind === 'list');
      const first = lists.find((e) => e.id === 'users') ?? lists[0];
      navigate(first ? paths.list(first.id) : paths.account(), { replace: true });
    }
  }, [session, path]);
  // Password recovery is a signed-out page, reached from the sign-in page or a mail's link.
  if (path === RECOVERY_PATH) return <RecoveryPage />;
  // Account prolongation too: a reminder mail's link, signed out.
  if (path === PROLONGATION_PATH) return <ProlongationPage />;
  if (session === undefined) return null;
  if (session === null) return <SignInPage />;
  if (session.mustChangePassword) {
    return (
      <Shell>
        <ExpiredPasswordPage />
      </Shell>
    );
  }
  // A required second factor, once the password is settled (docs/second-factors.md).
  if (session.mustEnrolSecondFactor) {
    return (
      <Shell>
        <SecondFactorRequiredPage />
      </Shell>
    );
  }
  return (
    <Shell>
      <Page />
    </Shell>
  );
}

/** What main.tsx started before the app's code was loaded. */
export interface Boot {
  session: Promise<SessionInfo | null>;
  /** A list page's definition and first rows (null on other pages). */
  list: StartedRequests | null;
}

/** How long a signed-in list page waits, once the session is known, for its first rows before it renders without. */
const LIST_WAIT_MS = 200;

/**
 * The session, given once the list's first answers are in too (a warm list answers within milliseconds of the
 * session; a cold one, read through slapd, may take seconds: then the page renders first). One render with the rows,
 * rather than one with placeholders followed at once by another.
 */
function sessionWithList(boot: Boot): Promise<SessionInfo | null> {
  const { list } = boot;
  if (!list) return boot.session;
  const answers = Promise.allSettled(list.requests.map((r) => r.answer));
  const wait = () => new Promise<void>((resolve) => setTimeout(resolve, LIST_WAIT_MS));
  return boot.session.then(async (session) => {
    if (session) await Promise.race([answers, wait()]);
    return session;
  });
}

/**
 * Render the app into `root`, taking over the requests already on their way.
 * @example mountApp(document.getElementById('root')!, { session: fetchSession(), list: null });
 */
export function mountApp(root: HTMLElement, boot: Boot): void {
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        // Errors the user must act on (rights, not found, invalid filter) are not retried.
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      },
    },
  });
  if (boot.list) adoptRequests(queryClient, boot.list);
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <RouterProvider>
            <SessionProvider initial={sessionWithList(boot)}>
              <App />
            </SessionProvider>
          </RouterProvider>
        </I18nProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
