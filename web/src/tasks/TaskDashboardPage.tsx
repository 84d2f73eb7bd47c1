// The task dashboard (/tasks/dashboard, FusionDirectory's "Dashboard" of tasks): sub-task counts per status as filter
// buttons, a type filter, the main tasks with Run now / Renew failed / Remove completed, a page of sub-tasks with the
// error of a failed one, and a live refresh while anything is scheduled or running.
import { useEffect, useId, useRef, useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link, navigate, paths, useLocation } from '../router.tsx';
import type { DashboardAnswer, DashboardSubTask, DashboardTask, StatusCounts, TaskActionAnswer } from './contract.ts';
import { STATUSES, dashboardPath, filtersOf, isPending, typeKey, type DashboardFilters } from './dashboard.ts';
import './tasks.css';

export { TASKS_DASHBOARD_PATH } from './dashboard.ts';

/** Sub-tasks per page. */
const PAGE_SIZE = 50;
/** How often the page asks again while something is pending (ms). */
const REFRESH_MS = 2000;

export function TaskDashboardPage() {
  const { t, has, lang } = useI18n();
  const { query } = useLocation();
  const queries = useQueryClient();
  const filters = filtersOf(query);
  const filterKey = JSON.stringify(filters);
  // The cursors of the pages before the one shown (the server's cursors are opaque: "Previous" goes back through them).
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [detail, setDetail] = useState<DashboardSubTask | null>(null);
  const [busy, setBusy] = useState(false);
  const [announce, setAnnounce] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const typeId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    setCursors([]);
    setSelected(new Set());
  }, [filterKey]);

  const dashboard = useQuery({
    queryKey: ['tasks', 'dashboard', filterKey, cursor ?? ''],
    queryFn: ({ signal }) =>
      api<DashboardAnswer>('/tasks/dashboard', {
        query: { status: filters.status, type: filters.type, master: filters.master, limit: String(PAGE_SIZE), cursor },
        signal,
      }),
    staleTime: 0,
    placeholderData: keepPreviousData,
    // Live while anything is scheduled or running; quiet once everything is done or failed.
    refetchInterval: (q) => (isPending(q.state.data) ? REFRESH_MS : false),
  });
  const data = dashboard.data;

  const typeLabel = (type: string) => (has(typeKey(type)) ? t(typeKey(type)) : type);
  const setFilters = (next: DashboardFilters) => navigate(dashboardPath(next), { replace: true });

  const act = async (path: string, body: unknown, message: (answer: TaskActionAnswer) => string) => {
    setBusy(true);
    setFailure(null);
    try {
      const answer = await api<TaskActionAnswer>(path, { method: 'POST', body });
      setAnnounce(message(answer));
      setSelected(new Set());
    } catch (e) {
      setFailure(e);
    } finally {
      setBusy(false);
      await queries.invalidateQueries({ queryKey: ['tasks', 'dashboard'] });
    }
  };

  const runNow = (task: DashboardTask) =>
    act('/tasks/run', { master: task.dn }, (a) =>
      a.notBefore ? t('tasks.ranWaiting', { name: task.name, time: new Date(a.notBefore).toLocaleTimeString(lang) }) : t('tasks.ran', { name: task.name, done: a.done, failed: a.failed ?? 0 }),
    );
  const renewFailed = (task: DashboardTask) => act('/tasks/renew', { master: task.dn }, (a) => t('tasks.renewed', { n: a.done }));
  const renewSelected = () => act('/tasks/renew', { dns: [...selected] }, (a) => t('tasks.renewed', { n: a.done }));
  const removeCompleted = (task?: DashboardTask) => act('/tasks/remove-completed', task ? { master: task.dn } : {}, (a) => t('tasks.removed', { n: a.done }));

  const counts: StatusCounts | undefined = data ? (filters.type ? (data.counts.byType[filters.type] ?? { total: 0, scheduled: 0, running: 0, completed: 0, failed: 0 }) : data.counts) : undefined;
  const types = data ? Object.keys(data.counts.byType).sort() : [];
  if (filters.type && !types.includes(filters.type)) types.push(filters.type);
  const masterTask = filters.master ? data?.tasks.find((x) => x.dn.toLowerCase() === filters.master!.toLowerCase()) : undefined;
  const failedOnPage = data?.subTasks.filter((s) => s.status === 'failed') ?? [];
  const number = new Intl.NumberFormat(lang);

  const toggle = (dn: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(dn);
      else next.delete(dn);
      return next;
    });

  return (
    <div className="editor-page tasks-dashboard">
      <h1 className="editor-title" ref={headingRef} tabIndex={-1}>
        {t('tasks.dashboard.title')}
      </h1>
      <p className="muted">
        {t('tasks.dashboard.intro')} {data && t('tasks.timezone', { zone: data.timezone })}
      </p>

      <div className="tasks-filters">
        <div role="group" aria-label={t('tasks.filter.status')} className="tasks-status-filter">
          <button type="button" className="button" aria-pressed={!filters.status} onClick={() => setFilters({ ...filters, status: undefined })}>
            {t('tasks.status.all')} <span className="count">{counts ? number.format(counts.total) : '…'}</span>
          </button>
          {STATUSES.map((s) => (
            <button key={s} type="button" className={`button status-${s}`} aria-pressed={filters.status === s} onClick={() => setFilters({ ...filters, status: filters.status === s ? undefined : s })}>
              {t(`tasks.status.${s}`)} <span className="count">{counts ? number.format(counts[s]) : '…'}</span>
            </button>
          ))}
        </div>
        <div className="tasks-type-filter">
          <label htmlFor={typeId}>{t('tasks.filter.type')}</label>
          <select id={typeId} value={filters.type ?? ''} onChange={(e) => setFilters({ ...filters, type: e.target.value || undefined })}>
            <option value="">{t('tasks.filter.anyType')}</option>
            {types.map((ty) => (
              <option key={ty} value={ty}>
                {typeLabel(ty)}
              </option>
            ))}
          </select>
        </div>
        {isPending(data) && (
          <span className="tasks-live muted">
            <span className="live-dot" aria-hidden="true" /> {t('tasks.live')}
          </span>
        )}
      </div>

      <div role="status" className={announce ? 'notice' : 'notice empty'}>
        {announce}
      </div>
      {failure !== null && <ErrorMessage error={failure} title={t('tasks.actionFailed')} />}
      {dashboard.error && <ErrorMessage error={dashboard.error} title={t('tasks.loadFailed')} />}

      <section aria-labelledby="tasks-main-title">
        <div className="tasks-section-head">
          <h2 id="tasks-main-title">{t('tasks.main.title')}</h2>
          {filters.master && (
            <button type="button" className="button small" onClick={() => setFilters({ ...filters, master: undefined })}>
              {t('tasks.main.showAll')}
            </button>
          )}
          <button type="button" className="button small" disabled={busy || !data || data.counts.completed === 0} onClick={() => void removeCompleted(filters.master ? masterTask : undefined)}>
            {filters.master ? t('tasks.removeCompletedOf') : t('tasks.removeCompletedAll')}
          </button>
        </div>
        {data && data.tasks.length === 0 ? (
          <p className="muted">{t('tasks.main.none')}</p>
        ) : (
          <div className="tasks-table-wrap">
            <table className="tasks-table">
              <caption className="visually-hidden">{t('tasks.main.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tasks.col.name')}</th>
                  <th scope="col">{t('tasks.col.type')}</th>
                  <th scope="col">{t('tasks.col.schedule')}</th>
                  <th scope="col">{t('tasks.col.created')}</th>
                  <th scope="col">{t('tasks.col.lastRun')}</th>
                  <th scope="col">{t('tasks.col.repeat')}</th>
                  <th scope="col">{t('tasks.col.subTasks')}</th>
                  <th scope="col">{t('tasks.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {data?.tasks.map((task) => (
                  <tr key={task.dn} aria-current={filters.master && task.dn.toLowerCase() === filters.master.toLowerCase() ? 'true' : undefined}>
                    <th scope="row">
                      <Link to={paths.object('tasks', task.dn)}>{task.name}</Link>
                    </th>
                    <td>{task.typeLabel || '—'}</td>
                    <td>{task.schedule || '—'}</td>
                    <td>{task.created || '—'}</td>
                    <td>{task.lastRun || '—'}</td>
                    <td>{task.repeatable ? (has(`tasks.cycle.${task.cycle ?? ''}`) ? t(`tasks.cycle.${task.cycle ?? ''}`) : (task.cycle ?? t('tasks.yes'))) : t('tasks.no')}</td>
                    <td className="tasks-counts">
                      <button type="button" className="button quiet small" onClick={() => setFilters({ ...filters, master: task.dn })}>
                        {t('tasks.main.counts', { total: task.counts.total, scheduled: task.counts.scheduled + task.counts.running, completed: task.counts.completed, failed: task.counts.failed })}
                        <span className="visually-hidden"> {t('tasks.main.showSubTasks', { name: task.name })}</span>
                      </button>
                    </td>
                    <td className="tasks-actions">
                      <button type="button" className="button small primary" disabled={busy || task.counts.scheduled === 0} onClick={() => void runNow(task)} aria-label={t('tasks.runNowOf', { name: task.name })}>
                        {t('tasks.runNow')}
                      </button>
                      {task.counts.failed > 0 && (
                        <button type="button" className="button small" disabled={busy} onClick={() => void renewFailed(task)} aria-label={t('tasks.renewFailedOf', { n: task.counts.failed, name: task.name })}>
                          {t('tasks.renewFailed', { n: task.counts.failed })}
                        </button>
                      )}
                      {task.counts.completed > 0 && (
                        <button type="button" className="button small" disabled={busy} onClick={() => void removeCompleted(task)} aria-label={t('tasks.removeCompletedOfName', { name: task.name })}>
                          {t('tasks.removeCompleted')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="tasks-sub-title">
        <div className="tasks-section-head">
          <h2 id="tasks-sub-title">{masterTask ? t('tasks.sub.titleOf', { name: masterTask.name }) : t('tasks.sub.title')}</h2>
          {data && <span className="muted">{t('tasks.sub.matching', { n: number.format(data.matching) })}</span>}
          <button type="button" className="button small" disabled={busy || selected.size === 0} onClick={() => void renewSelected()}>
            {t('tasks.renewSelected', { n: selected.size })}
          </button>
        </div>
        {data && data.subTasks.length === 0 ? (
          <p className="muted">{t('tasks.sub.none')}</p>
        ) : (
          <div className="tasks-table-wrap">
            <table className="tasks-table sub-tasks" aria-busy={dashboard.isFetching || undefined}>
              <caption className="visually-hidden">{t('tasks.sub.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label={t('tasks.selectAllFailed')}
                      disabled={failedOnPage.length === 0}
                      checked={failedOnPage.length > 0 && failedOnPage.every((s) => selected.has(s.dn))}
                      onChange={(e) => setSelected(e.target.checked ? new Set(failedOnPage.map((s) => s.dn)) : new Set())}
                    />
                  </th>
                  <th scope="col">{t('tasks.col.task')}</th>
                  <th scope="col">{t('tasks.col.type')}</th>
                  <th scope="col">{t('tasks.col.recipient')}</th>
                  <th scope="col">{t('tasks.col.schedule')}</th>
                  <th scope="col">{t('tasks.col.status')}</th>
                </tr>
              </thead>
              <tbody>
                {data?.subTasks.map((sub) => (
                  <tr key={sub.dn} className={`status-${sub.status}`}>
                    <td>
                      {sub.status === 'failed' && (
                        <input type="checkbox" aria-label={t('tasks.selectOne', { recipient: sub.recipient || sub.cn })} checked={selected.has(sub.dn)} onChange={(e) => toggle(sub.dn, e.target.checked)} />
                      )}
                    </td>
                    <td>
                      <Link to={paths.object('tasks', sub.master)}>{sub.masterName}</Link>
                    </td>
                    <td>{typeLabel(sub.type)}</td>
                    <th scope="row" className="recipient">
                      {sub.recipientIsDn ? <Link to={paths.object('user', sub.recipient)}>{sub.recipient}</Link> : sub.recipient || '—'}
                    </th>
                    <td>{sub.schedule || '—'}</td>
                    <td className="status">
                      <span className={`status-badge status-${sub.status}`}>{t(`tasks.status.one.${sub.status}`)}</span>
                      {sub.status === 'failed' && (
                        <>
                          {' '}
                          <span className="error-preview" title={sub.statusText}>
                            {sub.statusText.length > 60 ? `${sub.statusText.slice(0, 60)}…` : sub.statusText}
                          </span>{' '}
                          <button type="button" className="button small" onClick={() => setDetail(sub)} aria-label={t('tasks.detailsOf', { recipient: sub.recipient || sub.cn })}>
                            {t('tasks.details')}
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {(cursors.length > 0 || data?.next) && (
          <nav className="tasks-pager" aria-label={t('tasks.pager')}>
            <button type="button" className="button small" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
              {t('tasks.previous')}
            </button>
            <span className="muted">{t('tasks.page', { n: cursors.length + 1 })}</span>
            <button type="button" className="button small" disabled={!data?.next} onClick={() => data?.next && setCursors((c) => [...c, data.next!])}>
              {t('tasks.next')}
            </button>
          </nav>
        )}
      </section>

      <Dialog
        open={detail !== null}
        title={t('tasks.detail.title')}
        onClose={() => setDetail(null)}
        actions={
          <>
            {detail && (
              <button
                type="button"
                className="button primary"
                disabled={busy}
                onClick={() => {
                  const dn = detail.dn;
                  setDetail(null);
                  void act('/tasks/renew', { dns: [dn] }, (a) => t('tasks.renewed', { n: a.done }));
                }}
              >
                {t('tasks.renew')}
              </button>
            )}
            <button type="button" className="button" onClick={() => setDetail(null)}>
              {t('common.close')}
            </button>
          </>
        }
      >
        {detail && (
          <dl className="tasks-detail">
            <dt>{t('tasks.col.task')}</dt>
            <dd>
              <Link to={paths.object('tasks', detail.master)}>{detail.masterName}</Link>
            </dd>
            <dt>{t('tasks.col.recipient')}</dt>
            <dd>{detail.recipientIsDn ? <Link to={paths.object('user', detail.recipient)}>{detail.recipient}</Link> : detail.recipient || '—'}</dd>
            <dt>{t('tasks.col.schedule')}</dt>
            <dd>{detail.schedule}</dd>
            <dt>{t('tasks.detail.error')}</dt>
            <dd>
              <pre className="tasks-error-text">{detail.statusText}</pre>
            </dd>
            <dt>{t('tasks.detail.dn')}</dt>
            <dd>
              <code className="dn">{detail.dn}</code>
            </dd>
          </dl>
        )}
      </Dialog>
    </div>
  );
}
