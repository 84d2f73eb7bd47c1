// Which page the path shows; signed-out users see the sign-in page.
import { useEffect } from 'react';
import { matchPath, navigate, paths, useLocation } from './router.tsx';
import { useSession } from './session.tsx';
import { Shell } from './components/Shell.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { ListPage } from './lists/ListPage.tsx';
import { EditorPage } from './editor/EditorPage.tsx';
import { AccountPage } from './editor/AccountPage.tsx';
import { useT } from './i18n/index.tsx';

function Page() {
  const { path } = useLocation();
  const t = useT();
  let m: Record<string, string> | null;
  if ((m = matchPath('/lists/:id', path))) return <ListPage key={m.id} management={m.id!} />;
  if ((m = matchPath('/objects/:type/:dn', path))) return <EditorPage key={`${m.type}/${m.dn}`} type={m.type!} dn={m.dn!} />;
  if ((m = matchPath('/new/:type', path))) return <EditorPage key={`new/${m.type}`} type={m.type!} dn={null} />;
  if (path === paths.account()) return <AccountPage />;
  return <p role="alert">{t('common.notFound')}</p>;
}

export function App() {
  const { session } = useSession();
  const { path } = useLocation();
  useEffect(() => {
    if (session && (path === '/' || path === paths.login())) {
      // Users are what help desks open first; otherwise the first list the menu offers.
      const lists = session.menu.flatMap((s) => s.entries).filter((e) => e.kind === 'list');
      const first = lists.find((e) => e.id === 'users') ?? lists[0];
      navigate(first ? paths.list(first.id) : paths.account(), { replace: true });
    }
  }, [session, path]);
  if (session === undefined) return null;
  if (session === null) return <SignInPage />;
  return (
    <Shell>
      <Page />
    </Shell>
  );
}
