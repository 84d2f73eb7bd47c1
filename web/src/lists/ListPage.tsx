// A management list (users, groups, departments, ACL…): department breadcrumb, search, filters, a virtualised grid
// of server-paginated rows, multi-selection with bulk actions, creation and column settings.
// All of its state is in the URL query string, so a view can be bookmarked and shared.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, apiUrl } from '../api/client.ts';
import type { ListColumn, ListRow, ListRowsAnswer, TypeDescription } from '../api/contract.ts';
import { useI18n } from '../i18n/index.tsx';
import { navigate, paths, useLocation } from '../router.tsx';
import { useSignedIn } from '../session.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Icon } from '../components/Icon.tsx';
import { BulkBar } from './BulkBar.tsx';
import type { CellContext, RowAction } from './cells.tsx';
import { ColumnsDialog } from './ColumnsDialog.tsx';
import { CreateActions } from './CreateActions.tsx';
import { DeletedObjects } from '../snapshots/DeletedObjects.tsx';
import { DepartmentBar } from './DepartmentBar.tsx';
import { FilterPanel } from './FilterPanel.tsx';
import { plural } from './format.ts';
import { ListGrid, type GridStatus } from './ListGrid.tsx';
import { BLOCK_SIZE, rowsParams, topIndex, urlColumns } from './listState.ts';
import { definitionKey, fetchDefinition, rowsKey } from './listRequests.ts';
import { SearchBox } from './SearchBox.tsx';
import { useBulk } from './useBulk.tsx';
import { prefetchBlock } from './useListRows.ts';
import './lists.css';

/** The server's complaint about the search (an invalid raw LDAP filter), shown under the search box. */
function isSearchError(error: unknown): boolean {
  return error instanceof ApiError && error.body.attribute === 'q';
}

export function ListPage({ management }: { management: string }) {
  const { t, lang } = useI18n();
  const session = useSignedIn();
  const { query } = useLocation();

  const definition = useQuery({
    queryKey: definitionKey(management),
    queryFn: ({ signal }) => fetchDefinition(management, { signal }),
  });
  const def = definition.data;

  /** Change the list's URL state (replacing the history entry); any change but scrolling goes back to the top. */
  const update = useCallback(
    (mutate: (q: URLSearchParams) => void, options: { keepAt?: boolean } = {}) => {
      // Read the URL of now, not of the last render: a debounced search and a scroll may both write.
      if (window.location.pathname !== paths.list(management)) return;
      const current = new URLSearchParams(window.location.search);
      const next = new URLSearchParams(current);
      mutate(next);
      if (!options.keepAt) next.delete('at');
      if (next.toString() !== current.toString()) navigate(paths.list(management, next), { replace: true });
    },
    [management],
  );

  const params = useMemo(() => rowsParams(query, management).toString(), [query, management]);
  const trialColumns = useMemo(() => urlColumns(query), [query]);
  const columns: ListColumn[] = trialColumns ?? def?.columns ?? [];
  const base = query.get('base') || session.baseDN;
  const [initialTop] = useState(() => topIndex(query));

  // The first rows do not need the definition: ask for them alongside it (the grid finds them in the cache). Opened
  // from the address bar, both are already on their way (main.tsx, listRequests.ts).
  const client = useQueryClient();
  const [firstParams] = useState(params);
  useEffect(() => {
    void prefetchBlock(client, management, firstParams, Math.floor(initialTop / BLOCK_SIZE));
  }, [client, management, firstParams, initialTop]);

  /** While a search is typed, the first rows of each text are asked for at once: the list follows as typing pauses. */
  const typed = useRef<readonly unknown[] | null>(null);
  const onTyping = useCallback(
    (text: string) => {
      if (window.location.pathname !== paths.list(management)) return;
      const next = new URLSearchParams(window.location.search);
      if (text) next.set('q', text);
      else next.delete('q');
      const nextParams = rowsParams(next, management).toString();
      // The text typed before this one is not wanted any more, unless something shows it.
      const previous = typed.current;
      if (previous && client.getQueryCache().find({ queryKey: previous, exact: true })?.getObserversCount() === 0) void client.cancelQueries({ queryKey: previous, exact: true });
      typed.current = rowsKey(management, nextParams, 0);
      void prefetchBlock(client, management, nextParams, 0);
    },
    [client, management],
  );

  // ---- selection (cleared when the rows asked for change) ----
  const [selection, setSelection] = useState<Map<string, ListRow>>(() => new Map());
  const [selectionParams, setSelectionParams] = useState(params);
  if (selectionParams !== params) {
    setSelectionParams(params);
    setSelection(new Map());
  }

  // ---- what the grid reports ----
  // The first rows may already be here (asked for with the page): their total from the start. A report saying
  // nothing new does not redraw the page.
  const [status, setStatus] = useState<GridStatus>(() => ({
    total: client.getQueryData<ListRowsAnswer>(rowsKey(management, params, Math.floor(initialTop / BLOCK_SIZE)))?.total,
    error: null,
    fetching: false,
  }));
  const onStatus = useCallback((next: GridStatus) => setStatus((s) => (s.total === next.total && s.error === next.error && s.fetching === next.fetching ? s : next)), []);
  const lastTotal = useRef<number | undefined>(undefined);
  if (status.total !== undefined) lastTotal.current = status.total;
  const searchError = isSearchError(status.error) ? status.error : null;
  const rowsError = status.error && !searchError ? status.error : null;

  const bulk = useBulk(def, session.baseDN, (action, succeeded) => {
    if (action !== 'delete' || !succeeded.length) return;
    const next = new Map(selection);
    for (const dn of succeeded) next.delete(dn);
    setSelection(next);
  });
  const requestRef = useRef(bulk.request);
  requestRef.current = bulk.request;

  // ---- labels of tabs for the properties column (from the types' descriptions, else the "has tab" filters) ----
  const wantsTabs = columns.some((c) => c.kind === 'PropertiesColumn');
  const typeDescriptions = useQueries({
    queries: (wantsTabs && def ? def.types : []).map((ty) => ({
      queryKey: ['types', ty.id],
      queryFn: ({ signal }: { signal: AbortSignal }) => api<TypeDescription>(`/types/${encodeURIComponent(ty.id)}`, { signal }),
      staleTime: 300_000,
    })),
  });
  // The tabs' labels: from the "has tab" filters of the definition, refined by the descriptions once they are here.
  // Summed up as text, so that descriptions bringing nothing new leave the cells' context (and every row) alone.
  const tabLabelsKey = useMemo(() => {
    const tabs = new Map<string, { label: string; shown: boolean }>();
    for (const f of def?.filters ?? []) if (f.kind === 'tab') tabs.set(`${f.type}/${f.tab}`, { label: f.label, shown: true });
    for (const d of typeDescriptions) for (const tab of d.data?.tabs ?? []) tabs.set(`${d.data!.id}/${tab.id}`, { label: tab.label, shown: !tab.alwaysActive });
    return JSON.stringify([...tabs]);
    // typeDescriptions changes identity every render; its data is summed up by dataUpdatedAt.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [def, typeDescriptions.map((d) => d.dataUpdatedAt).join(',')]);
  const ctx = useMemo<CellContext>(() => {
    const typeLabels = new Map((def?.types ?? []).map((ty) => [ty.id, ty.label]));
    const tabs = new Map(JSON.parse(tabLabelsKey) as Array<[string, { label: string; shown: boolean }]>);
    return {
      t,
      lang,
      typeLabel: (type) => typeLabels.get(type) ?? type,
      tabLabels: (row) =>
        row.tabs.flatMap((tab) => {
          const known = tabs.get(`${row.type}/${tab}`);
          return known?.shown ? [known.label] : [];
        }),
      actions: new Set(def?.actions ?? []),
      onAction: (action: RowAction, row: ListRow) => requestRef.current(action, [row]),
      // A copy is created in the source's department: offered where the user may create objects of the type there.
      canCopy: (row: ListRow) => {
        const type = def?.types.find((ty) => ty.id === row.type);
        if (!type?.canCreate || row.template) return false;
        const dn = row.dn.toLowerCase();
        return type.createBases === undefined || type.createBases.some((b) => dn.endsWith(`,${b.toLowerCase()}`));
      },
    };
  }, [def, t, lang, tabLabelsKey]);

  useEffect(() => {
    if (def) document.title = `${def.label} – ${t('common.product')}`;
  }, [def, t]);

  const [filtersOpen, setFiltersOpen] = useState(false);
  const [columnsOpen, setColumnsOpen] = useState(false);
  const [listNotice, setListNotice] = useState('');
  const columnsButton = useRef<HTMLButtonElement>(null);

  const onSort = useCallback(
    (attribute: string) =>
      update((q) => {
        if (q.get('sort')?.toLowerCase() === attribute.toLowerCase()) {
          if (q.get('desc') === '1') q.delete('desc');
          else q.set('desc', '1');
        } else {
          q.set('sort', attribute);
          q.delete('desc');
        }
      }),
    [update],
  );
  const onTopChange = useCallback((index: number) => update((q) => (index > 0 ? q.set('at', String(index)) : q.delete('at')), { keepAt: true }), [update]);

  if (definition.isError) {
    return (
      <div className="list-page">
        <ErrorMessage error={definition.error} />
      </div>
    );
  }
  if (!def) {
    return (
      <div className="list-page" aria-busy="true">
        <p className="muted">{t('common.loading')}</p>
      </div>
    );
  }

  const total = status.total ?? (status.error ? undefined : lastTotal.current);
  const exportQuery = new URLSearchParams(params);
  for (const dn of selection.keys()) exportQuery.append('dn', dn);
  const hrefForBase = (dn: string) => {
    const q = new URLSearchParams(query);
    q.delete('at');
    if (dn.toLowerCase() === session.baseDN.toLowerCase()) q.delete('base');
    else q.set('base', dn);
    return paths.list(management, q);
  };

  return (
    <div className="list-page">
      <div className="list-header">
        <div className="list-title">
          <h1>{def.label}</h1>
          <DepartmentBar
            base={base}
            root={session.baseDN}
            list={management}
            hrefFor={hrefForBase}
            onChoose={(dn) => navigate(hrefForBase(dn), { replace: true })}
          />
        </div>
        <div className="list-header-actions">
          <CreateActions def={def} management={management} base={base} root={session.baseDN} />
          <DeletedObjects def={def} management={management} base={base} onRestored={setListNotice} />
          <button ref={columnsButton} type="button" className="button" onClick={() => setColumnsOpen(true)}>
            <Icon name="columns" />
            {t('lists.columns')}
            {trialColumns && <span className="list-badge badge-trial">{t('lists.columnsTrial')}</span>}
          </button>
        </div>
      </div>

      <div className={`list-layout ${filtersOpen ? 'filters-open' : ''}`}>
        <div className="list-main">
          <div className="list-toolbar">
            <SearchBox
              value={query.get('q') ?? ''}
              onSearch={(text) => update((q) => (text ? q.set('q', text) : q.delete('q')))}
              onTyping={onTyping}
              error={searchError}
              attributes={def.searchAttributes.map((a) => def.columnAttributes.find((c) => c.value === a)?.label ?? a)}
            />
            <span className={`list-total ${status.fetching ? 'is-fetching' : ''}`} data-testid="list-total" aria-live="polite" aria-atomic="true">
              {total === undefined ? (status.error ? '' : t('common.loading')) : plural(t, lang, 'lists.total', total)}
            </span>
            <button
              type="button"
              className="button filters-toggle"
              aria-expanded={filtersOpen}
              aria-controls={`filters-${management}`}
              onClick={() => setFiltersOpen(!filtersOpen)}
            >
              <Icon name="filter" />
              {t('lists.filters')}
            </button>
          </div>
          <BulkBar
            def={def}
            selection={selection}
            runner={bulk}
            onClear={() => setSelection(new Map())}
            exportHref={apiUrl(`/lists/${encodeURIComponent(management)}/export.csv`, exportQuery)}
          />
          <p role="status" className={listNotice ? 'list-notice' : 'list-notice empty'}>
            {listNotice}
          </p>
          {rowsError !== null && <ErrorMessage error={rowsError} />}
          <p id={`grid-help-${management}`} className="visually-hidden">
            {t('lists.gridHelp')}
          </p>
          <ListGrid
            management={management}
            label={def.label}
            columns={columns}
            columnAttributes={def.columnAttributes}
            params={params}
            sort={query.get('sort')}
            desc={query.get('desc') === '1'}
            initialTop={initialTop}
            selection={selection}
            onSelectionChange={setSelection}
            ctx={ctx}
            onSort={onSort}
            onTopChange={onTopChange}
            onStatus={onStatus}
            onDeleteKey={(rows) => def.actions.includes('delete') && bulk.request('delete', rows)}
            emptyText={query.get('q') || [...query.keys()].some((k) => k !== 'base' && k !== 'scope' && k !== 'sort' && k !== 'desc' && k !== 'cols') ? t('lists.emptyFiltered') : t('lists.empty')}
            describedBy={`grid-help-${management}`}
            selectAllLabel={t('lists.selectAllLoaded')}
            selectRowLabel={(row) => t('lists.selectRow', { name: row.name })}
          />
        </div>
        <FilterPanel id={`filters-${management}`} def={def} management={management} query={query} onChange={update} />
      </div>

      {bulk.dialogs}
      {columnsOpen && (
        <ColumnsDialog
          def={def}
          columns={columns}
          onClose={() => {
            setColumnsOpen(false);
            requestAnimationFrame(() => columnsButton.current?.focus());
          }}
          onApply={(cols) => update((q) => (cols ? q.set('cols', JSON.stringify(cols)) : q.delete('cols')), { keepAt: true })}
        />
      )}
    </div>
  );
}
