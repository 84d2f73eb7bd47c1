// The virtualised grid of a list: one tab stop, arrows move the active row (aria-activedescendant), Enter opens,
// Space selects; only the rows on screen exist in the DOM and only their blocks are fetched.
import { memo, useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ListColumn, ListRow, ListRowsAnswer, UiChoice } from '../api/contract.ts';
import { navigate, paths } from '../router.tsx';
import { Icon } from '../components/Icon.tsx';
import { Cell, columnLabel, columnWidth, type CellContext } from './cells.tsx';
import { BLOCK_SIZE, sortAttribute } from './listState.ts';
import { rowsKey } from './listRequests.ts';
import { loadedRows, useListRows } from './useListRows.ts';
import { useRowWindow } from './useRowWindow.ts';

export const ROW_HEIGHT = 32;
const HEAD_HEIGHT = 34;
/** When the grid stops scrolling for this long, the top row goes to the URL (`at`). */
const AT_DELAY_MS = 300;

export interface GridStatus {
  total: number | undefined;
  error: unknown;
  fetching: boolean;
}

export interface ListGridProps {
  management: string;
  label: string;
  columns: ListColumn[];
  columnAttributes: UiChoice[];
  /** The rows request's parameters (rowsParams().toString()). */
  params: string;
  sort: string | null;
  desc: boolean;
  /** The top row to show first (from the URL). */
  initialTop: number;
  selection: ReadonlyMap<string, ListRow>;
  onSelectionChange(next: Map<string, ListRow>): void;
  ctx: CellContext;
  onSort(attribute: string): void;
  onTopChange(index: number): void;
  onStatus(status: GridStatus): void;
  /** The Delete key: delete the selection, or the active row. */
  onDeleteKey(rows: ListRow[]): void;
  /** Shown over the grid when the list is empty. */
  emptyText: string;
  describedBy?: string;
  selectAllLabel: string;
  selectRowLabel(row: ListRow): string;
}

interface RowProps {
  id: string;
  index: number;
  row: ListRow;
  columns: ListColumn[];
  firstLink: number;
  selected: boolean;
  active: boolean;
  ctx: CellContext;
  checkLabel: string;
  onCheck(index: number, row: ListRow, shift: boolean): void;
  onPointer(index: number): void;
}

const GridRow = memo(function GridRow({ id, index, row, columns, firstLink, selected, active, ctx, checkLabel, onCheck, onPointer }: RowProps) {
  return (
    <div
      id={id}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-dn={row.dn}
      className={`list-row ${selected ? 'is-selected' : ''} ${active ? 'is-active' : ''} ${row.template ? 'is-template' : ''}`}
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
      onMouseDown={(e) => {
        // Checkboxes and buttons act without taking the focus from the grid (arrows keep working).
        if ((e.target as HTMLElement).closest('input,button')) e.preventDefault();
        onPointer(index);
      }}
      onDoubleClick={(e) => {
        if ((e.target as HTMLElement).closest('a,button,input')) return;
        navigate(paths.object(row.type, row.dn));
      }}
    >
      <div role="gridcell" className="cell cell-select">
        <input
          type="checkbox"
          tabIndex={-1}
          checked={selected}
          aria-label={checkLabel}
          onChange={() => undefined}
          onClick={(e) => onCheck(index, row, e.shiftKey)}
        />
      </div>
      {columns.map((c, i) => (
        <div key={i} role="gridcell" className={`cell cell-${c.kind}`}>
          <Cell column={c} values={row.cells[i] ?? []} row={row} isFirstLink={i === firstLink} ctx={ctx} />
        </div>
      ))}
    </div>
  );
});

/** A row still loading: empty cells whose placeholder bars are drawn by the style sheet (nothing to compute). */
const BusyRow = memo(function BusyRow({ index, columns }: { index: number; columns: number }) {
  const cells = [<div key="s" role="gridcell" className="cell cell-select" />];
  for (let i = 0; i < columns; i++) cells.push(<div key={i} role="gridcell" className="cell" />);
  return (
    <div role="row" aria-rowindex={index + 2} aria-busy="true" className="list-row is-busy" style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}>
      {cells}
    </div>
  );
});

export function ListGrid(props: ListGridProps) {
  const { management, label, columns, columnAttributes, params, sort, desc, initialTop, selection, ctx } = props;
  const client = useQueryClient();
  const gridId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const selectAllRef = useRef<HTMLInputElement>(null);
  // The size of the list when its first rows are already here (asked for with the page): drawn in the first render.
  const [count, setCount] = useState(() => client.getQueryData<ListRowsAnswer>(rowsKey(management, params, Math.floor(initialTop / BLOCK_SIZE)))?.total ?? 0);
  /** Active row index; -1 is the header row (where `activeCol` says which header); null before the grid is entered. */
  const [active, setActive] = useState<number | null>(null);
  const [activeCol, setActiveCol] = useState(0);
  const lastParams = useRef(params);

  // Rows on screen, from the scroll position (rows have a fixed height); the active row stays drawn while scrolled
  // away, so aria-activedescendant always points somewhere.
  const scrolledRef = useRef<(first: number, last: number) => void>(() => undefined);
  const { first, last, indexes, scrollTo } = useRowWindow({
    count,
    scrollRef,
    rowHeight: ROW_HEIGHT,
    headHeight: HEAD_HEIGHT,
    overscan: 8,
    initialScrollTop: count > 0 ? Math.min(initialTop, count - 1) * ROW_HEIGHT : 0,
    keep: active,
    onScrolled: (from, to) => scrolledRef.current(from, to),
  });

  // Until the layout effect below scrolls a new query back to the top, the range on screen is the old query's:
  // ask for the first block instead.
  const paramsChanged = lastParams.current !== params;
  const view = useListRows(management, params, paramsChanged ? -1 : first, paramsChanged ? -1 : last, paramsChanged ? 0 : initialTop);
  // A jump's rows are asked for from the scroll event itself, before the placeholders are drawn.
  scrolledRef.current = view.scrolled;
  // The grid takes the size the server gives (a new total redraws it at once).
  if (view.total !== undefined && view.total !== count) setCount(view.total);
  // A refused request (an invalid filter): no rows rather than placeholders waiting forever.
  else if (view.total === undefined && view.error && count !== 0) setCount(0);

  const { onStatus } = props;
  useEffect(() => onStatus({ total: view.total, error: view.error, fetching: view.fetching }), [onStatus, view.total, view.error, view.fetching]);

  // Where the view was (from the URL): scrolled to once the total is known. A new query starts at the top.
  const restored = useRef(false);
  useLayoutEffect(() => {
    if (lastParams.current !== params) {
      lastParams.current = params;
      restored.current = true;
      scrollTo(0);
      setActive(null);
      anchor.current = null;
      return;
    }
    if (!restored.current && count > 0) {
      restored.current = true;
      if (initialTop > 0) scrollTo(Math.min(initialTop, count - 1) * ROW_HEIGHT);
    }
  }, [params, count, initialTop, scrollTo]);

  // The top row goes to the URL once scrolling stops.
  const atTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const { onTopChange } = props;
  useEffect(() => () => clearTimeout(atTimer.current), []);
  const onScroll = () => {
    clearTimeout(atTimer.current);
    atTimer.current = setTimeout(() => {
      const el = scrollRef.current;
      if (el) onTopChange(Math.floor(el.scrollTop / ROW_HEIGHT));
    }, AT_DELAY_MS);
  };

  // ---- selection ----
  const selectionRef = useRef(selection);
  selectionRef.current = selection;
  const viewRef = useRef(view);
  viewRef.current = view;
  const anchor = useRef<number | null>(null);
  const { onSelectionChange } = props;
  const changeRef = useRef(onSelectionChange);
  changeRef.current = onSelectionChange;

  const rowsBetween = useCallback(
    (a: number, b: number) => {
      const [from, to] = a < b ? [a, b] : [b, a];
      return loadedRows(client, management, params).filter((r) => r.index >= from && r.index <= to);
    },
    [client, management, params],
  );

  const onCheck = useCallback(
    (index: number, row: ListRow, shift: boolean) => {
      const next = new Map(selectionRef.current);
      const select = !next.has(row.dn);
      if (shift && anchor.current !== null) {
        for (const r of rowsBetween(anchor.current, index)) {
          if (select) next.set(r.row.dn, r.row);
          else next.delete(r.row.dn);
        }
      } else if (select) next.set(row.dn, row);
      else next.delete(row.dn);
      anchor.current = index;
      changeRef.current(next);
    },
    [rowsBetween],
  );

  const onPointer = useCallback((index: number) => {
    setActive(index);
    scrollRef.current?.focus({ preventScroll: true });
  }, []);

  const loaded = loadedRows(client, management, params);
  const loadedSelected = loaded.filter((r) => selection.has(r.row.dn)).length;
  const allLoadedSelected = loaded.length > 0 && loadedSelected === loaded.length;
  useEffect(() => {
    if (selectAllRef.current) selectAllRef.current.indeterminate = loadedSelected > 0 && !allLoadedSelected;
  });
  const toggleAllLoaded = () => {
    const next = new Map(selection);
    if (allLoadedSelected) for (const r of loaded) next.delete(r.row.dn);
    else for (const r of loaded) next.set(r.row.dn, r.row);
    onSelectionChange(next);
  };

  // ---- keyboard ----
  const ensureVisible = (index: number) => {
    const el = scrollRef.current;
    if (!el || index < 0) return;
    const top = index * ROW_HEIGHT;
    const viewport = el.clientHeight - HEAD_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + viewport) el.scrollTop = top + ROW_HEIGHT - viewport;
  };
  const topVisible = () => Math.min(Math.max(0, Math.ceil((scrollRef.current?.scrollTop ?? 0) / ROW_HEIGHT)), Math.max(0, count - 1));
  const headerCount = columns.length + 1;
  const sortOf = (col: number) => (col > 0 ? sortAttribute(columns[col - 1]!) : null);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.target as HTMLElement) !== e.currentTarget) return;
    const el = scrollRef.current;
    const page = Math.max(1, Math.floor(((el?.clientHeight ?? 400) - HEAD_HEIGHT) / ROW_HEIGHT) - 1);
    const cur = active;
    const lastIndex = count - 1;
    let next: number | null = null;
    switch (e.key) {
      case 'ArrowDown':
        next = cur === null ? (count ? topVisible() : -1) : Math.min(cur + 1, lastIndex);
        if (cur === -1) next = count ? 0 : -1;
        break;
      case 'ArrowUp':
        next = cur === null ? (count ? topVisible() : -1) : Math.max(cur - 1, -1);
        break;
      case 'PageDown':
        next = count ? Math.min(Math.max(cur ?? 0, 0) + page, lastIndex) : -1;
        break;
      case 'PageUp':
        next = count ? Math.max(Math.max(cur ?? 0, 0) - page, 0) : -1;
        break;
      case 'Home':
        if (cur === -1 && !e.ctrlKey) setActiveCol(0);
        else next = count ? 0 : -1;
        break;
      case 'End':
        if (cur === -1 && !e.ctrlKey) setActiveCol(headerCount - 1);
        else next = count ? lastIndex : -1;
        break;
      case 'ArrowLeft':
      case 'ArrowRight':
        if (cur !== -1) return;
        setActiveCol(Math.min(Math.max(activeCol + (e.key === 'ArrowLeft' ? -1 : 1), 0), headerCount - 1));
        break;
      case 'Enter': {
        if (cur === -1) {
          const attr = sortOf(activeCol);
          if (attr) props.onSort(attr);
          else if (activeCol === 0) toggleAllLoaded();
        } else if (cur !== null) {
          const row = view.rowAt(cur);
          if (row) navigate(paths.object(row.type, row.dn));
        }
        break;
      }
      case ' ': {
        if (cur === -1) {
          if (activeCol === 0) toggleAllLoaded();
          else {
            const attr = sortOf(activeCol);
            if (attr) props.onSort(attr);
          }
        } else if (cur !== null) {
          const row = view.rowAt(cur);
          if (row) onCheck(cur, row, e.shiftKey);
        }
        break;
      }
      case 'Escape':
        if (!selection.size) return;
        onSelectionChange(new Map());
        break;
      case 'Delete': {
        const rows = selection.size ? [...selection.values()] : cur !== null && cur >= 0 ? [view.rowAt(cur)].filter((r): r is ListRow => !!r) : [];
        if (!rows.length) return;
        props.onDeleteKey(rows);
        break;
      }
      default:
        if ((e.key === 'a' || e.key === 'A') && (e.ctrlKey || e.metaKey)) {
          const next = new Map(selection);
          for (const r of loaded) next.set(r.row.dn, r.row);
          onSelectionChange(next);
          break;
        }
        return;
    }
    e.preventDefault();
    if (next === null) return;
    if (e.shiftKey && next >= 0 && (e.key === 'ArrowDown' || e.key === 'ArrowUp' || e.key.startsWith('Page') || e.key === 'Home' || e.key === 'End')) {
      const from = anchor.current ?? (cur !== null && cur >= 0 ? cur : next);
      const sel = new Map(selection);
      for (const r of rowsBetween(from, next)) sel.set(r.row.dn, r.row);
      anchor.current = from;
      onSelectionChange(sel);
    } else if (next >= 0 && !e.shiftKey) anchor.current = next;
    setActive(next);
    ensureVisible(next);
  };

  const firstLink = columns.findIndex((c) => c.kind === 'LinkColumn');
  const template = ['2.25rem', ...columns.map(columnWidth)].join(' ');
  const minWidth = `${2.25 + columns.reduce((n, c) => n + (c.kind === 'ObjectTypeColumn' ? 2.5 : c.kind === 'ActionsColumn' ? 6.75 : 9), 0)}rem`;
  const rendered = new Set(indexes);
  // Before the first answer: a few placeholder rows rather than an empty box.
  const skeleton = view.total === undefined && count === 0 && !view.error ? 8 : 0;
  const activeId =
    active === -1 ? `${gridId}-h${activeCol}` : active !== null && rendered.has(active) ? `${gridId}-r${active}` : undefined;

  return (
    <div className="list-grid-wrap">
      <div
        ref={scrollRef}
        role="grid"
        aria-label={label}
        aria-rowcount={view.total !== undefined ? view.total + 1 : -1}
        aria-colcount={columns.length + 1}
        aria-multiselectable="true"
        aria-activedescendant={activeId}
        aria-describedby={props.describedBy}
        aria-busy={view.total === undefined && !view.error ? true : undefined}
        data-testid="list-grid"
        tabIndex={0}
        className="list-grid"
        style={{ ['--grid-columns' as string]: template, ['--grid-min' as string]: minWidth }}
        onKeyDown={onKeyDown}
        onScroll={onScroll}
        onFocus={(e) => {
          if (e.target === e.currentTarget && active === null) setActive(count ? topVisible() : -1);
        }}
      >
        <div role="rowgroup" className="list-head">
          <div
            role="row"
            aria-rowindex={1}
            className={`list-row list-header-row ${active === -1 ? 'is-active' : ''}`}
            onMouseDown={(e) => {
              e.preventDefault();
              scrollRef.current?.focus({ preventScroll: true });
            }}
          >
            <div role="columnheader" id={`${gridId}-h0`} className={`cell cell-select ${active === -1 && activeCol === 0 ? 'is-active' : ''}`}>
              <input
                ref={selectAllRef}
                type="checkbox"
                tabIndex={-1}
                aria-label={props.selectAllLabel}
                checked={allLoadedSelected}
                disabled={!loaded.length}
                onChange={toggleAllLoaded}
              />
            </div>
            {columns.map((c, i) => {
              const attr = sortAttribute(c);
              const sorted = !!attr && !!sort && attr.toLowerCase() === sort.toLowerCase();
              const text = columnLabel(c, columnAttributes, ctx.t);
              const iconOnly = c.kind === 'ObjectTypeColumn';
              return (
                <div
                  key={i}
                  role="columnheader"
                  id={`${gridId}-h${i + 1}`}
                  aria-sort={sorted ? (desc ? 'descending' : 'ascending') : undefined}
                  className={`cell cell-${c.kind} ${attr ? 'is-sortable' : ''} ${active === -1 && activeCol === i + 1 ? 'is-active' : ''}`}
                  title={attr ? ctx.t('lists.sortBy', { column: text }) : undefined}
                  onClick={() => {
                    setActive(-1);
                    setActiveCol(i + 1);
                    if (attr) props.onSort(attr);
                  }}
                >
                  <span className={iconOnly ? 'visually-hidden' : 'header-text'}>{text}</span>
                  {sorted && <Icon name={desc ? 'sortDesc' : 'sortAsc'} size={14} className="sort-icon" />}
                </div>
              );
            })}
          </div>
        </div>
        <div role="rowgroup" className="list-body" style={{ height: Math.max(count, skeleton) * ROW_HEIGHT }}>
          {Array.from({ length: skeleton }, (_, i) => (
            <BusyRow key={`s${i}`} index={i} columns={columns.length} />
          ))}
          {indexes.map((index) => {
            const row = view.rowAt(index);
            if (!row) return <BusyRow key={`b${index}`} index={index} columns={columns.length} />;
            return (
              <GridRow
                key={index}
                id={`${gridId}-r${index}`}
                index={index}
                row={row}
                columns={columns}
                firstLink={firstLink}
                selected={selection.has(row.dn)}
                active={active === index}
                ctx={ctx}
                checkLabel={props.selectRowLabel(row)}
                onCheck={onCheck}
                onPointer={onPointer}
              />
            );
          })}
        </div>
      </div>
      {view.total === 0 && !view.error && <p className="grid-empty">{props.emptyText}</p>}
    </div>
  );
}
