// "Rights here…": from an object's editor to "what can this user do here" on that object, for those the menu offers it to.
import { useT } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { useSignedIn } from '../session.tsx';
import { EXPLAIN_PATH, explainPath } from './explain.ts';

export function RightsHereLink({ dn }: { dn: string }) {
  const t = useT();
  const session = useSignedIn();
  const offered = session.menu.some((s) => s.entries.some((e) => e.kind === 'page' && `/${e.id}` === EXPLAIN_PATH));
  if (!offered) return null;
  return (
    <Link to={explainPath({ dn })} className="button small">
      {t('acl.explain.link')}
    </Link>
  );
}
