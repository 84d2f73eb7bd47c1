// The organisation chart of SupAnn structures (/supann/chart?q=…): the problems found among them (cycles of parents,
// parents no structure has, codes given twice) with links to the structures, then the hierarchy drawn left to right —
// zoom with the buttons or Ctrl + wheel, search to highlight and reach structures, click one to open its editor — and
// the same hierarchy as a tree view for the keyboard and screen readers.
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Icon } from '../components/Icon.tsx';
import { useT } from '../i18n/index.tsx';
import { Link, navigate, paths, useLocation } from '../router.tsx';
import { CHART_PATH } from './chart.ts';
import { ancestorsOf, layoutChart, linkPath, NODE_HEIGHT, NODE_WIDTH, searchNodes, type ChartLayout, type ChartNode } from './chartLayout.ts';
import type { UiStructuresAnswer } from './contract.ts';
import { StructureTree, editorPath } from './StructureTree.tsx';
import '../editor/editor.css';
import './orgChart.css';

const ZOOM_MIN = 0.3;
const ZOOM_MAX = 2;
const clampZoom = (z: number) => Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, Math.round(z * 100) / 100));

/** A name cut to what a box holds (the whole name is in its tooltip and in the tree view). */
function fit(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function OrgChartPage() {
  const t = useT();
  const ids = useId();
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const answer = useQuery({ queryKey: ['supann', 'structures'], queryFn: ({ signal }) => api<UiStructuresAnswer>('/supann/structures', { signal }) });
  const layout = useMemo(() => (answer.data ? layoutChart(answer.data) : undefined), [answer.data]);

  return (
    <div className="editor-page org-chart-page">
      <h1 className="editor-title">{t('supann.chart.title')}</h1>
      <p className="muted org-intro">{t('supann.chart.intro')}</p>
      {answer.error ? (
        <ErrorMessage error={answer.error} title={t('supann.chart.failed')} />
      ) : !answer.data || !layout ? (
        <p role="status" className="muted">
          {t('common.loading')}
        </p>
      ) : layout.nodes.length === 0 ? (
        <p className="org-empty">
          {t('supann.chart.empty')} <Link to={paths.list('supannStructures')}>{t('supann.chart.toList')}</Link>
        </p>
      ) : (
        <ChartView key={ids} answer={answer.data} layout={layout} q={q} />
      )}
    </div>
  );
}

function ChartView({ answer, layout, q }: { answer: UiStructuresAnswer; layout: ChartLayout; q: string }) {
  const t = useT();
  const ids = useId();
  const [draft, setDraft] = useState(q);
  const [zoom, setZoom] = useState(1);
  const [current, setCurrent] = useState(0);
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(layout.nodes.filter((n) => n.depth < 1).map((n) => n.id)));
  const [focusId, setFocusId] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  const matches = useMemo(() => searchNodes(layout, q), [layout, q]);
  const matchIds = useMemo(() => new Set(matches.map((m) => m.id)), [matches]);
  const target = matches.length > 0 ? matches[Math.min(current, matches.length - 1)] : undefined;
  const byCode = useMemo(() => new Map(layout.nodes.map((n) => [n.structure.code.toLowerCase(), n])), [layout]);

  useEffect(() => setDraft(q), [q]);
  useEffect(() => setCurrent(0), [q]);
  // Matches are shown in the tree view too: their branches open.
  useEffect(() => {
    if (matches.length === 0) return;
    setExpanded((before) => {
      const next = new Set(before);
      for (const m of matches) for (const a of ancestorsOf(m)) next.add(a.id);
      return next;
    });
  }, [matches]);
  // The current match is brought into the middle of the drawing.
  useEffect(() => {
    const box = scroller.current;
    if (!box || !target) return;
    box.scrollTo({ left: Math.max(0, (target.x + NODE_WIDTH / 2) * zoom - box.clientWidth / 2), top: Math.max(0, (target.y + NODE_HEIGHT / 2) * zoom - box.clientHeight / 2), behavior: 'smooth' });
  }, [target, zoom]);
  // Ctrl + wheel zooms the drawing (not the page); the listener is not passive so the browser's own zoom is stopped.
  useEffect(() => {
    const box = scroller.current;
    if (!box) return;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey) return;
      e.preventDefault();
      setZoom((z) => clampZoom(z * (e.deltaY < 0 ? 1.1 : 1 / 1.1)));
    };
    box.addEventListener('wheel', onWheel, { passive: false });
    return () => box.removeEventListener('wheel', onWheel);
  }, []);

  const search = (text: string) => {
    const next = new URLSearchParams();
    if (text.trim() !== '') next.set('q', text.trim());
    navigate(`${CHART_PATH}${next.toString() ? `?${next.toString()}` : ''}`, { replace: true });
  };
  const step = (delta: number) => matches.length > 0 && setCurrent((c) => (c + delta + matches.length) % matches.length);
  const open = (node: ChartNode) => {
    const to = editorPath(node);
    if (to) navigate(to);
  };
  const structureLink = (code: string): ReactNode => {
    const node = byCode.get(code.toLowerCase());
    const to = node ? editorPath(node) : null;
    return to && node ? (
      <Link to={to}>
        {node.structure.name} (<code>{code}</code>)
      </Link>
    ) : (
      <code>{code}</code>
    );
  };
  const problems = answer.problems;
  const problemCount = problems.cycles.length + problems.dangling.length + problems.duplicates.length;
  const totalMembers = layout.nodes.reduce((sum, n) => sum + n.structure.members, 0);

  return (
    <>
      {problemCount > 0 && (
        <section className="org-problems" aria-labelledby={`${ids}-problems`}>
          <h2 id={`${ids}-problems`} className="org-section-title">
            <Icon name="shield" /> {t('supann.chart.problems', { count: problemCount })}
          </h2>
          <ul>
            {problems.cycles.map((cycle) => (
              <li key={`cycle:${cycle.join('>')}`}>
                <span className="org-problem-kind">{t('supann.chart.cycle')}</span>{' '}
                {[...cycle, cycle[0]!].map((code, i) => (
                  <span key={i}>
                    {i > 0 && (
                      <>
                        <span aria-hidden="true"> → </span>
                        <span className="visually-hidden"> {t('supann.chart.childOf')} </span>
                      </>
                    )}
                    {structureLink(code)}
                  </span>
                ))}
              </li>
            ))}
            {problems.dangling.map((d) => (
              <li key={`dangling:${d.dn}:${d.parent}`}>
                <span className="org-problem-kind">{t('supann.chart.danglingKind')}</span> {structureLink(d.code)} {t('supann.chart.dangling', { parent: d.parent })}
              </li>
            ))}
            {problems.duplicates.map((d) => (
              <li key={`duplicate:${d.code}`}>
                <span className="org-problem-kind">{t('supann.chart.duplicateKind')}</span> {t('supann.chart.duplicate', { code: d.code, count: d.dns.length })}{' '}
                {d.dns.map((dn) => (
                  <code key={dn} className="dn">
                    {dn}
                  </code>
                ))}
              </li>
            ))}
          </ul>
        </section>
      )}

      <div className="org-toolbar" role="toolbar" aria-label={t('supann.chart.toolbar')}>
        <form
          className="org-search search-field"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.trim() === q) step(1);
            else search(draft);
          }}
        >
          <label htmlFor={`${ids}-search`}>{t('supann.chart.search')}</label>
          <input id={`${ids}-search`} type="search" value={draft} placeholder={t('supann.chart.searchPlaceholder')} onChange={(e) => setDraft(e.target.value)} onBlur={() => draft.trim() !== q && search(draft)} />
          <button type="submit" className="button small">
            <Icon name="search" /> {t('supann.chart.find')}
          </button>
          <button type="button" className="icon-button" aria-label={t('supann.chart.previous')} title={t('supann.chart.previous')} disabled={matches.length < 2} onClick={() => step(-1)}>
            <Icon name="up" />
          </button>
          <button type="button" className="icon-button" aria-label={t('supann.chart.next')} title={t('supann.chart.next')} disabled={matches.length < 2} onClick={() => step(1)}>
            <Icon name="down" />
          </button>
          <span role="status" className="org-matches muted">
            {q === '' ? '' : matches.length === 0 ? t('supann.chart.noMatch') : t('supann.chart.matchOf', { current: Math.min(current, matches.length - 1) + 1, count: matches.length })}
          </span>
        </form>
        <div className="org-zoom">
          <button type="button" className="icon-button" aria-label={t('supann.chart.zoomOut')} title={t('supann.chart.zoomOut')} disabled={zoom <= ZOOM_MIN} onClick={() => setZoom((z) => clampZoom(z / 1.25))}>
            <span aria-hidden="true" className="org-zoom-sign">−</span>
          </button>
          <button type="button" className="button small" aria-label={t('supann.chart.zoomReset', { percent: Math.round(zoom * 100) })} onClick={() => setZoom(1)}>
            {Math.round(zoom * 100)} %
          </button>
          <button type="button" className="icon-button" aria-label={t('supann.chart.zoomIn')} title={t('supann.chart.zoomIn')} disabled={zoom >= ZOOM_MAX} onClick={() => setZoom((z) => clampZoom(z * 1.25))}>
            <span aria-hidden="true" className="org-zoom-sign">+</span>
          </button>
        </div>
      </div>
      <p className="muted org-summary">
        {t('supann.chart.summary', { count: layout.nodes.length, members: totalMembers })} <span className="org-legend-line" aria-hidden="true" /> {t('supann.chart.legendTree')}{' '}
        <span className="org-legend-line is-extra" aria-hidden="true" /> {t('supann.chart.legendExtra')} <span className="org-legend-box is-problem" aria-hidden="true" /> {t('supann.chart.legendProblem')}
      </p>

      {/* Focusable, so the keyboard scrolls it (arrows) and zooms it (+, -, 0) too. */}
      <div
        className="org-canvas"
        ref={scroller}
        data-zoom={zoom}
        tabIndex={0}
        role="region"
        aria-label={t('supann.chart.canvas')}
        onKeyDown={(e) => {
          const next = e.key === '+' || e.key === '=' ? zoom * 1.25 : e.key === '-' ? zoom / 1.25 : e.key === '0' ? 1 : undefined;
          if (next === undefined || e.ctrlKey || e.metaKey || e.altKey) return;
          e.preventDefault();
          setZoom(clampZoom(next));
        }}
      >
        <svg
          role="img"
          aria-label={t('supann.chart.drawing', { count: layout.nodes.length })}
          width={Math.max(1, layout.width * zoom)}
          height={Math.max(1, layout.height * zoom)}
          viewBox={`0 0 ${Math.max(1, layout.width)} ${Math.max(1, layout.height)}`}
          className="org-svg"
        >
          <g className="org-links">
            {layout.links.map((l, i) => (
              <path key={i} d={linkPath(l)} className={l.tree ? 'org-link' : 'org-link is-extra'} />
            ))}
          </g>
          {layout.nodes.map((n) => {
            const s = n.structure;
            const badge = String(s.members);
            const badgeWidth = 22 + badge.length * 7;
            const classes = ['org-node', s.type === 'etablissement' ? 'is-establishment' : '', n.problem ? 'is-problem' : '', matchIds.has(n.id) ? 'is-match' : '', n === target ? 'is-current' : '', editorPath(n) ? 'is-link' : ''];
            return (
              <g key={n.id} className={classes.filter(Boolean).join(' ')} transform={`translate(${n.x},${n.y})`} data-code={s.code} onClick={() => open(n)}>
                <title>{[`${s.name} (${s.code})`, s.description, t('supann.chart.members', { count: s.members })].filter(Boolean).join('\n')}</title>
                <rect className="org-node-box" width={NODE_WIDTH} height={NODE_HEIGHT} rx={7} />
                <text x={12} y={23} className="org-node-name">
                  {fit(s.name, 22)}
                </text>
                <text x={12} y={43} className="org-node-code">
                  {fit(s.code, 17)}
                </text>
                <g transform={`translate(${NODE_WIDTH - badgeWidth - 8},${NODE_HEIGHT - 27})`} className="org-node-badge">
                  <rect width={badgeWidth} height={19} rx={9.5} />
                  <path d="M8 9.5a2.6 2.6 0 1 0 0-5.2 2.6 2.6 0 0 0 0 5.2zM3.6 15c0-2.4 2-3.7 4.4-3.7s4.4 1.3 4.4 3.7" transform="translate(1,0)" className="org-node-badge-icon" />
                  <text x={17} y={14}>
                    {badge}
                  </text>
                </g>
              </g>
            );
          })}
        </svg>
      </div>

      <section className="org-tree-section" aria-labelledby={`${ids}-tree`}>
        <h2 id={`${ids}-tree`} className="org-section-title">
          {t('supann.chart.treeTitle')}
        </h2>
        <p className="muted org-tree-hint">{t('supann.chart.treeHint')}</p>
        <StructureTree layout={layout} expanded={expanded} onExpandedChange={setExpanded} matches={matchIds} focusId={focusId} onFocusChange={setFocusId} labelledBy={`${ids}-tree`} />
      </section>
    </>
  );
}
