// The Security tab of a user (FusionDirectory's "Security" tab, fd-plugins.md §2.14), drawn under the user editor's
// header through editorExtras: sign-ins, sign-outs, failures, password changes, lock and unlock, second-factor
// changes, with author, origin address and relative time (GET /ui/api/audit/security).
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { EditorExtraProps } from '../editor/editorExtras.ts';
import { useI18n } from '../i18n/index.tsx';
import { relativeTime, securityKind, type AuditEvent } from './contract.ts';
import './audit.css';

export function SecurityPanel({ dn }: EditorExtraProps) {
  const { t, lang } = useI18n();
  const events = useQuery({
    queryKey: ['audit', 'security', dn ?? ''],
    queryFn: ({ signal }) => api<{ events: AuditEvent[] }>('/audit/security', { query: { dn: dn ?? '' }, signal }),
    enabled: dn !== null,
    retry: false,
  });
  // Nothing for a user being created, nor for those who may not read the trail (403) or without the plugin (501).
  if (dn === null || events.error || !events.data) return null;
  return (
    <details className="security-panel">
      <summary>{t('audit.security.title', { count: String(events.data.events.length) })}</summary>
      {events.data.events.length === 0 ? (
        <p>{t('audit.security.none')}</p>
      ) : (
        <table className="audit-table">
          <thead>
            <tr>
              <th scope="col">{t('audit.security.event')}</th>
              <th scope="col">{t('audit.col.author')}</th>
              <th scope="col">{t('audit.col.ip')}</th>
              <th scope="col">{t('audit.col.time')}</th>
              <th scope="col">{t('audit.col.result')}</th>
            </tr>
          </thead>
          <tbody>
            {events.data.events.map((e) => (
              <tr key={e.dn}>
                <td>{t(securityKind(e))}</td>
                <td>{e.author}</td>
                <td>{e.authorIp}</td>
                <td>
                  <time dateTime={e.time} title={new Date(e.time).toLocaleString(lang)}>
                    {relativeTime(e.time, lang)}
                  </time>
                </td>
                <td>{e.result}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
