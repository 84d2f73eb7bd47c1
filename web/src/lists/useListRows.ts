// Rows of a list fetched by blocks of BLOCK_SIZE: the blocks on screen, plus the next one ahead. A jump (new
// parameters, or the first move after a pause) fetches its blocks at once; while the grid is being scrolled through,
// they are fetched once the blocks on screen stop changing (no requests for blocks flown over). Each block is its own
// query, so scrolling back is instant and a block scrolled past is cancelled.
import { useEffect, useReducer, useRef } from 'react';
import { useQueries, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ListRow, ListRowsAnswer } from '../api/contract.ts';
import { fetchBlock, rowsKey } from './listRequests.ts';
import { BLOCK_SIZE } from './listState.ts';

/** Start loading a block (nothing when it is in the cache or on its way). */
export function prefetchBlock(client: QueryClient, management: string, params: string, block: number): Promise<void> {
  return client.prefetchQuery({ queryKey: rowsKey(management, params, block), queryFn: ({ signal }) => fetchBlock(management, params, block, { signal }) });
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

/** The blocks holding the rows between `first` and `last` (indexes). */
export function blocksBetween(first: number, last: number): number[] {
  const blocks: number[] = [];
  if (first >= 0 && last >= first) for (let b = Math.floor(first / BLOCK_SIZE); b <= Math.floor(last / BLOCK_SIZE); b++) blocks.push(b);
  return blocks;
}

/** While the blocks on screen keep changing this often, the grid is being scrolled through: wait until they settle. */
const SETTLE_MS = 90;
/** A change after this long a pause is a jump (or the start of a scroll): its blocks are fetched at once. */
const PAUSE_MS = 250;

/** When the blocks on screen last changed, to tell a jump from a scroll through, and the blocks last fetched. */
class Motion {
  params: string;
  key: string;
  at = -Infinity;
  jump = true;
  /** The blocks whose queries are observed (fetched). */
  settled: string;
  constructor(params: string, key: string) {
    this.params = params;
    this.key = key;
    this.settled = key;
  }
  /** Whether a move made now would be a jump. */
  isPaused(now = performance.now()): boolean {
    return now - this.at > PAUSE_MS;
  }
  /** The blocks on screen are `key` (rendering); the same blocks again give the same answer. */
  see(params: string, key: string): void {
    if (params === this.params && key === this.key) return;
    const now = performance.now();
    this.jump = params !== this.params || this.isPaused(now);
    this.params = params;
    this.key = key;
    this.at = now;
  }
}

const parseBlocks = (key: string): number[] => (key ? key.split(',').map(Number) : []);

/**
 * The blocks to fetch: those wanted, at once after a jump; during a fast scroll, once the blocks on screen have
 * stopped changing for SETTLE_MS. Decided while rendering, so a jump's requests leave with the render that shows it.
 */
function useSettledBlocks(params: string, wanted: number[]): { blocks: number[]; motion: Motion } {
  const key = wanted.join(',');
  const motion = useRef<Motion | null>(null);
  motion.current ??= new Motion(params, key);
  const m = motion.current;
  m.see(params, key);
  if (m.jump) m.settled = key;
  const [, settle] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (m.settled === key) return;
    const id = setTimeout(() => {
      m.settled = key;
      settle();
    }, SETTLE_MS);
    return () => clearTimeout(id);
  }, [m, params, key]);
  return { blocks: parseBlocks(m.settled), motion: m };
}

export interface ListRowsView {
  /** Known once a block answered (undefined while the first block of these parameters loads). */
  total: number | undefined;
  rowAt(index: number): ListRow | undefined;
  error: unknown;
  fetching: boolean;
  /**
   * The grid was scrolled to show rows `first`…`last` (from its scroll event, before it renders them): when that is a
   * jump, their blocks are asked for now, so the request does not wait for the placeholders to be drawn.
   */
  scrolled(first: number, last: number): void;
}

/**
 * The rows between `first` and `last` (indexes; -1 when nothing is on screen yet). `probe` is the index to load
 * first when the total is not known yet (the row restored from the URL).
 */
export function useListRows(management: string, params: string, first: number, last: number, probe: number): ListRowsView {
  const client = useQueryClient();

  // The total already known for these parameters (a block in the cache), before any request.
  let cachedTotal: number | undefined;
  const wanted = blocksBetween(first, last);
  if (!wanted.length) {
    const probeBlock = Math.floor(probe / BLOCK_SIZE);
    cachedTotal = client.getQueryData<ListRowsAnswer>(rowsKey(management, params, probeBlock))?.total;
    wanted.push(cachedTotal !== undefined && probe >= cachedTotal ? 0 : probeBlock);
  }
  const { blocks, motion } = useSettledBlocks(params, wanted);

  const results = useQueries({
    queries: blocks.map((block) => ({
      queryKey: rowsKey(management, params, block),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchBlock(management, params, block, { signal }),
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
    void prefetchBlock(client, management, params, lastBlock + 1);
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
    scrolled: (from, to) => {
      if (!motion.isPaused()) return;
      const end = total === undefined ? to : Math.min(to, total - 1);
      for (const block of blocksBetween(Math.max(0, from), end)) void prefetchBlock(client, management, params, block);
    },
  };
}
