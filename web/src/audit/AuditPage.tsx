// The audit page (/audit, FusionDirectory's "Audit" under Reporting): search the audit trail by date range, action,
// object type, author and object; pages newest first; CSV export of the search; the detail of an event with the values
// it changed (FusionDirectory 1.5's JSON) or the attribute names (older events).
import { useId, useState, type FormEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, apiUrl } from '../api/client.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useI18n } from '../i18n/index.tsx';
import { AUDIT_ACTIONS, relativeTime, type AuditEvent, type AuditPageAnswer } from './contract.ts';
import './audit.css';

export { AUDIT_PATH } from './contract.ts';

const PAGE_SIZE = 50;

interface Filters {
  from: string;
  to: string;
  action: string;
  type: string;
  author: string;
  object: string;
}
const NO_FILTERS: Filters = { from: '', to: '', action: '', type: '', author: '', object: '' };

export function AuditPage() {
  const { t, lang } = useI18n();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [cursors, setCursors] = useState<string[]>([]);
  const [detail, setDetail] = useState<AuditEvent | null>(null);
  const cursor = cursors.at(-1);
  const ids = { from: useId(), to: useId(), action: useId(), type: useId(), author: useId(), object: useId() };
  const query = { ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== '')) };

  const page = useQuery({
    queryKey: ['audit', JSON.stringify(filters), cursor ?? ''],
    queryFn: ({ signal }) => api<AuditPageAnswer>('/audit', { query: { ...query, limit: String(PAGE_SIZE), cursor }, signal }),
    placeholderData: keepPreviousData,
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCursors([]);
    setFilters(draft);
  };
  const field = (name: keyof Filters, type = 'text') => (
    <div className="audit-field">
      <label htmlFor={ids[name]}>{t(`audit.filter.${name}`)}</label>
      <input id={ids[name]} type={type} value={draft[name]} onChange={(e) => setDraft({ ...draft, [name]: e.target.value })} />
    </div>
  );

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      <form role="search" onSubmit={submit} className="audit-filters">
        {field('from', 'date')}
        {field('to', 'date')}
        <div className="audit-field">
          <label htmlFor={ids.action}>{t('audit.filter.action')}</label>
          <select id={ids.action} value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
            <option value="">{t('audit.filter.anyAction')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`audit.action.${a}`)}
              </option>
            ))}
          </select>
        </div>
        {field('type')}
        {field('author')}
        {field('object')}
        <button type="submit" className="button primary">{t('audit.search')}</button>
        <a className="button" href={apiUrl('/audit.csv', query)} download="audit.csv">
          {t('audit.export')}
        </a>
      </form>
      {page.error ? <ErrorMessage error={page.error} /> : null}
      <div className="audit-table-wrap">
      <table className="audit-table" aria-busy={page.isFetching} aria-describedby="audit-title">
        <thead>
          <tr>
            <th scope="col">{t('audit.col.time')}</th>
            <th scope="col">{t('audit.col.action')}</th>
            <th scope="col">{t('audit.col.type')}</th>
            <th scope="col">{t('audit.col.object')}</th>
            <th scope="col">{t('audit.col.author')}</th>
            <th scope="col">{t('audit.col.ip')}</th>
            <th scope="col">{t('audit.col.result')}</th>
          </tr>
        </thead>
        <tbody>
          {(page.data?.events ?? []).map((e) => (
            <tr key={e.dn}>
              <td>
                <button type="button" className="link" onClick={() => setDetail(e)} title={e.time}>
                  <time dateTime={e.time}>{new Date(e.time).toLocaleString(lang)}</time>
                </button>
              </td>
              <td>{t(`audit.action.${e.action}`)}</td>
              <td>{e.objectType}</td>
              <td>{e.object}</td>
              <td>{e.author}</td>
              <td>{e.authorIp}</td>
              <td>{e.result}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      {page.data && page.data.events.length === 0 ? <p>{t('audit.none')}</p> : null}
      <nav className="audit-pages" aria-label={t('audit.pages')}>
        <button type="button" className="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          {t('audit.newer')}
        </button>
        <button type="button" className="button" disabled={!page.data?.next} onClick={() => page.data?.next && setCursors([...cursors, page.data.next])}>
          {t('audit.older')}
        </button>
      </nav>
      {detail ? (
        <Dialog
          open
          title={t('audit.detail.title')}
          onClose={() => setDetail(null)}
          className="audit-detail"
          actions={
            <button type="button" className="button" onClick={() => setDetail(null)}>
              {t('common.close')}
            </button>
          }
        >
          <dl className="audit-detail-fields">
            <dt>{t('audit.col.time')}</dt>
            <dd>
              {new Date(detail.time).toLocaleString(lang)} ({relativeTime(detail.time, lang)})
            </dd>
            <dt>{t('audit.col.action')}</dt>
            <dd>{t(`audit.action.${detail.action}`)}</dd>
            <dt>{t('audit.col.type')}</dt>
            <dd>{detail.objectType}</dd>
            <dt>{t('audit.col.object')}</dt>
            <dd>{detail.object}</dd>
            <dt>{t('audit.col.author')}</dt>
            <dd>{detail.author}</dd>
            <dt>{t('audit.col.ip')}</dt>
            <dd>{detail.authorIp}</dd>
            <dt>{t('audit.col.result')}</dt>
            <dd>{detail.result}</dd>
          </dl>
          {detail.changes ? (
            <table className="audit-table">
              <caption>{t('audit.detail.changes')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.detail.attribute')}</th>
                  <th scope="col">{t('audit.detail.newValues')}</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(detail.changes).map(([name, values]) => (
                  <tr key={name}>
                    <th scope="row">{name}</th>
                    <td>{values.length > 0 ? values.join(', ') : t('audit.detail.removed')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : detail.attributes.length > 0 ? (
            <p>
              {t('audit.detail.attributes')} {detail.attributes.join(', ')}
            </p>
          ) : null}
        </Dialog>
      ) : null}
    </section>
  );
}
