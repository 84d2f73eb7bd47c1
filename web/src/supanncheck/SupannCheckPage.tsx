// The SupAnn check (/supann/check): runs the checker on the server, shows its progress as it streams, then the rules
// broken, grouped, with their count and first entries; the whole report as JSON, every finding as CSV.
import { useRef, useState } from 'react';
import { apiUrl } from '../api/client.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useT } from '../i18n/index.tsx';
import { Link, paths } from '../router.tsx';
import type { SupannCheckEvent, SupannCheckProgress, SupannCheckReport } from './contract.ts';
import './supannCheck.css';

/** The page's path (also the id of its menu entry, `supann/check`). */
export const SUPANN_CHECK_PATH = '/supann/check';

/** Reads an NDJSON body line by line. */
async function* ndjson<T>(body: ReadableStream<Uint8Array>): AsyncGenerator<T> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let rest = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    rest += decoder.decode(value, { stream: true });
    let newline: number;
    while ((newline = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, newline).trim();
      rest = rest.slice(newline + 1);
      if (line) yield JSON.parse(line) as T;
    }
  }
  if (rest.trim()) yield JSON.parse(rest) as T;
}

export function SupannCheckPage() {
  const t = useT();
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<SupannCheckProgress | null>(null);
  const [report, setReport] = useState<SupannCheckReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const result = useRef<HTMLHeadingElement>(null);

  const run = async () => {
    setRunning(true);
    setReport(null);
    setError(null);
    setProgress(null);
    try {
      const response = await fetch(apiUrl('/supann/check'), { credentials: 'same-origin', headers: { accept: 'application/x-ndjson' } });
      if (!response.ok || !response.body) {
        setError((await response.json().catch(() => null)) ?? { code: 'internal', message: response.statusText });
        return;
      }
      for await (const event of ndjson<SupannCheckEvent>(response.body)) {
        if (event.type === 'progress') setProgress(event.progress);
        else if (event.type === 'report') setReport(event.report);
        else setError(event.error);
      }
      requestAnimationFrame(() => result.current?.focus());
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
    }
  };

  const downloadJson = () => {
    if (!report) return;
    const url = URL.createObjectURL(new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'supann-check.json';
    a.click();
    URL.revokeObjectURL(url);
  };

  const errors = report?.rules.filter((r) => r.severity === 'error').reduce((n, r) => n + r.count, 0) ?? 0;
  return (
    <div className="editor-page supann-check-page">
      <h1 className="editor-title">{t('supannCheck.title')}</h1>
      <p className="muted">{t('supannCheck.intro')}</p>
      <div className="supann-check-actions">
        <button type="button" className="button primary" onClick={() => void run()} aria-disabled={running || undefined} disabled={running}>
          {running ? t('supannCheck.running') : report ? t('supannCheck.again') : t('supannCheck.run')}
        </button>
        {report && (
          <>
            <a className="button" href={apiUrl('/supann/check.csv')} download>
              {t('supannCheck.downloadCsv')}
            </a>
            <button type="button" className="button" onClick={downloadJson}>
              {t('supannCheck.downloadJson')}
            </button>
          </>
        )}
      </div>
      {running && progress && (
        <div className="supann-check-progress">
          <label htmlFor="supann-check-progress">
            {t('supannCheck.progress', { phase: t(`supannCheck.phase.${progress.phase}`), done: progress.done, total: progress.total })}
          </label>
          <progress id="supann-check-progress" max={Math.max(progress.total, 1)} value={progress.done} />
        </div>
      )}
      {error !== null && <ErrorMessage error={error} title={t('supannCheck.failed', { message: '' })} />}
      {report && (
        <section aria-labelledby="supann-check-result">
          <h2 id="supann-check-result" ref={result} tabIndex={-1}>
            {report.rules.length === 0 ? t('supannCheck.clean') : t('supannCheck.found', { findings: report.findings, errors, warnings: report.findings - errors })}
          </h2>
          <p className="muted">
            {t('supannCheck.summary', { structures: report.checked.structures, people: report.checked.people, groups: report.checked.groups, seconds: (report.durationMs / 1000).toFixed(1) })}
          </p>
          {report.rules.length > 0 && (
            <table className="supann-check-table">
              <thead>
                <tr>
                  <th scope="col">{t('supannCheck.severity')}</th>
                  <th scope="col">{t('supannCheck.rule')}</th>
                  <th scope="col">{t('supannCheck.count')}</th>
                  <th scope="col">{t('supannCheck.first')}</th>
                </tr>
              </thead>
              <tbody>
                {report.rules.map((r) => (
                  <tr key={r.id} className={`severity-${r.severity}`}>
                    <td>{r.severity === 'error' ? t('supannCheck.error') : t('supannCheck.warning')}</td>
                    <th scope="row">
                      {r.title}
                      <code className="rule-id">{r.id}</code>
                    </th>
                    <td className="count">{r.count}</td>
                    <td>
                      <ul className="first-entries">
                        {r.first.map((f, i) => (
                          <li key={`${f.dn}-${i}`}>
                            <Link to={paths.object(r.id.startsWith('structure.') ? 'entite' : r.id.startsWith('group.') ? 'ogroup' : 'user', f.dn)}>{f.dn}</Link>
                            <span className="muted"> — {f.message}</span>
                          </li>
                        ))}
                        {r.count > r.first.length && <li className="muted">{t('supannCheck.more', { n: r.count - r.first.length })}</li>}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  );
}
