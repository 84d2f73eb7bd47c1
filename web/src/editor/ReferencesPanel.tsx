// The References tab: the objects whose fields name this one (read-only), with links to them.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { ReferencesAnswer, TypeDescription } from '../api/contract.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useT } from '../i18n/index.tsx';
import { Link, paths } from '../router.tsx';
import { rememberName } from './widgets/dnNames.ts';

export function ReferencesPanel({ type, dn, description }: { type: string; dn: string; description: TypeDescription }) {
  const t = useT();
  const references = useQuery({
    queryKey: ['references', type, dn],
    queryFn: async ({ signal }) => {
      const answer = await api<ReferencesAnswer>(`/objects/${encodeURIComponent(type)}/${encodeURIComponent(dn)}/references`, { signal });
      for (const r of answer.references) rememberName(r.dn, r.name);
      return answer;
    },
  });
  if (references.isPending) return <p className="muted">{t('common.loading')}</p>;
  if (references.isError) return <ErrorMessage error={references.error} />;
  const list = references.data.references;
  if (list.length === 0) return <p className="muted">{t('editor.references.none', { name: description.label })}</p>;
  return (
    <table className="references">
      <caption className="visually-hidden">{t('editor.references.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('editor.references.object')}</th>
          <th scope="col">{t('editor.references.dn')}</th>
          <th scope="col">{t('editor.references.fields')}</th>
        </tr>
      </thead>
      <tbody>
        {list.map((r) => (
          <tr key={r.dn}>
            <td>{r.type ? <Link to={paths.object(r.type, r.dn)}>{r.name}</Link> : r.name}</td>
            <td className="dn">{r.dn}</td>
            <td>{r.fields.map((f) => f.label).join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
