// Rows of a list fetched by blocks of BLOCK_SIZE: only the blocks on screen (once scrolling settles), plus the next
// one ahead. Each block is its own query, so scrolling back is instant and a block scrolled past is cancelled.
import { useEffect, useRef, useState } from 'react';
import { useQueries, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { ListRow, ListRowsAnswer } from '../api/contract.ts';
import { BLOCK_SIZE } from './listState.ts';

/** Cache key of one block; `['lists', management]` prefixes everything of a list, `['lists', management, 'rows']` its rows. */
export function rowsKey(management: string, params: string, block: number) {
  return ['lists', management, 'rows', params, block] as const;
}

export function fetchBlock(management: string, params: string, block: number, signal?: AbortSignal): Promise<ListRowsAnswer> {
  const query = new URLSearchParams(params);
  query.set('offset', String(block * BLOCK_SIZE));
  query.set('limit', String(BLOCK_SIZE));
  return api<ListRowsAnswer>(`/lists/${encodeURIComponent(management)}/rows`, { query, ...(signal ? { signal } : {}) });
}

/** Every row already loaded for these parameters, with its index (for "select all loaded"). */
export function loadedRows(client: QueryClient, management: string, params: string): Array<{ index: number; row: ListRow }> {
  const out: Array<{ index: number; row: ListRow }> = [];
  for (const [key, data] of client.getQueriesData<ListRowsAnswer>({ queryKey: ['lists', management, 'rows', params] })) {
    if (!data) continue;
    const block = key[4] as number;
    data.rows.forEach((row, i) => out.push({ index: block * BLOCK_SIZE + i, row }));
  }
  return out.sort((a, b) => a.index - b.index);
}

/** While the blocks on screen keep changing this often, the grid is being scrolled through: wait until they settle. */
const SETTLE_MS = 90;
/** A change after this long a pause is a jump (or the start of a scroll): its blocks are fetched at once. */
const PAUSE_MS = 250;

/**
 * The blocks to fetch: those wanted, at once after a pause or a change of parameters; during a fast scroll, once the
 * blocks on screen have stopped changing (no requests for blocks flown over).
 */
function useSettledBlocks(params: string, wanted: number[]): number[] {
  const key = wanted.join(',');
  const [settled, setSettled] = useState({ params, key });
  const latest = useRef({ params, key });
  latest.current = { params, key };
  const lastChange = useRef(0);
  useEffect(() => {
    if (settled.params === latest.current.params && settled.key === latest.current.key) return;
    const now = performance.now();
    const paused = now - lastChange.current > PAUSE_MS;
    lastChange.current = now;
    const delay = settled.params !== latest.current.params || paused ? 0 : SETTLE_MS;
    const id = setTimeout(() => setSettled(latest.current), delay);
    return () => clearTimeout(id);
  }, [params, key, settled]);
  if (settled.params !== params) return wanted;
  return settled.key ? settled.key.split(',').map(Number) : [];
}

export interface ListRowsView {
  /** Known once a block answered (undefined while the first block of these parameters loads). */
  total: number | undefined;
  rowAt(index: number): ListRow | undefined;
  error: unknown;
  fetching: boolean;
}

/**
 * The rows between `first` and `last` (indexes; -1 when nothing is on screen yet). `probe` is the index to load
 * first when the total is not known yet (the row restored from the URL).
 */
export function useListRows(management: string, params: string, first: number, last: number, probe: number): ListRowsView {
  const client = useQueryClient();

  // The total already known for these parameters (a block in the cache), before any request.
  let cachedTotal: number | undefined;
  const wanted: number[] = [];
  if (first >= 0 && last >= first) for (let b = Math.floor(first / BLOCK_SIZE); b <= Math.floor(last / BLOCK_SIZE); b++) wanted.push(b);
  if (!wanted.length) {
    const probeBlock = Math.floor(probe / BLOCK_SIZE);
    cachedTotal = client.getQueryData<ListRowsAnswer>(rowsKey(management, params, probeBlock))?.total;
    wanted.push(cachedTotal !== undefined && probe >= cachedTotal ? 0 : probeBlock);
  }
  const blocks = useSettledBlocks(params, wanted);

  const results = useQueries({
    queries: blocks.map((block) => ({
      queryKey: rowsKey(management, params, block),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchBlock(management, params, block, signal),
    })),
  });

  // The rows of every block on screen: answered ones, or already in the cache while the settle delay runs.
  const byBlock = new Map<number, ListRowsAnswer>();
  let total: number | undefined;
  let newest = -1;
  results.forEach((r, i) => {
    if (!r.data) return;
    byBlock.set(blocks[i]!, r.data);
    if (r.dataUpdatedAt > newest) {
      newest = r.dataUpdatedAt;
      total = r.data.total;
    }
  });
  for (const b of wanted) {
    if (byBlock.has(b)) continue;
    const data = client.getQueryData<ListRowsAnswer>(rowsKey(management, params, b));
    if (data) {
      byBlock.set(b, data);
      total ??= data.total;
    }
  }
  total ??= cachedTotal;

  // Read ahead: the block after the last one on screen.
  const lastBlock = blocks.length ? Math.max(...blocks) : -1;
  useEffect(() => {
    if (total === undefined || lastBlock < 0 || (lastBlock + 1) * BLOCK_SIZE >= total) return;
    void client.prefetchQuery({ queryKey: rowsKey(management, params, lastBlock + 1), queryFn: ({ signal }) => fetchBlock(management, params, lastBlock + 1, signal) });
  }, [client, management, params, lastBlock, total]);

  const failed = results.find((r) => r.error);
  return {
    total,
    // Rows of blocks off screen come from the cache (keys pressed faster than the grid redraws).
    rowAt: (index) => {
      const block = Math.floor(index / BLOCK_SIZE);
      const data = byBlock.get(block) ?? client.getQueryData<ListRowsAnswer>(rowsKey(management, params, block));
      return data?.rows[index % BLOCK_SIZE];
    },
    error: failed ? failed.error : null,
    fetching: results.some((r) => r.isFetching),
  };
}
