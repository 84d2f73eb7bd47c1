// The requests of a list page: its definition and its rows by blocks, with their cache keys. The first ones leave as
// the app starts (main.tsx), alongside the session call and before the app's code is loaded, and are handed to the
// query cache once it exists: the page then draws its rows in its first render. No React here, for that reason.
import type { QueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../api/client.ts';
import type { ListDefinition, ListRowsAnswer } from '../api/contract.ts';
import { BLOCK_SIZE, rowsParams, topIndex } from './listState.ts';

/** Cache key of a list's definition. */
export function definitionKey(management: string) {
  return ['lists', management, 'def'] as const;
}

/** Cache key of one block; `['lists', management]` prefixes everything of a list, `['lists', management, 'rows']` its rows. */
export function rowsKey(management: string, params: string, block: number) {
  return ['lists', management, 'rows', params, block] as const;
}

interface FetchOptions {
  signal?: AbortSignal;
  /** Signed out, a 401 is an answer, not a session that expired under the user's feet. */
  quietUnauthorized?: boolean;
}

export function fetchDefinition(management: string, options: FetchOptions = {}): Promise<ListDefinition> {
  return api<ListDefinition>(`/lists/${encodeURIComponent(management)}`, options);
}

export function fetchBlock(management: string, params: string, block: number, options: FetchOptions = {}): Promise<ListRowsAnswer> {
  const query = new URLSearchParams(params);
  query.set('offset', String(block * BLOCK_SIZE));
  query.set('limit', String(BLOCK_SIZE));
  return api<ListRowsAnswer>(`/lists/${encodeURIComponent(management)}/rows`, { query, ...options });
}

/** Requests started before the query cache exists, with the key each answer goes under and how to ask again. */
export interface StartedRequests {
  requests: Array<{ key: readonly unknown[]; answer: Promise<unknown>; again(signal: AbortSignal): Promise<unknown> }>;
}

/**
 * When `location` is a list page, ask for its definition and the block of rows it shows (quietly: signed out, the
 * sign-in page shows instead and the list asks again later). Null on other pages.
 * @example const started = startListRequests(window.location);
 */
export function startListRequests(location: { pathname: string; search: string }): StartedRequests | null {
  const m = /^\/lists\/([^/]+)$/.exec(location.pathname);
  if (!m) return null;
  let management: string;
  try {
    management = decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
  const query = new URLSearchParams(location.search);
  const params = rowsParams(query, management).toString();
  const block = Math.floor(topIndex(query) / BLOCK_SIZE);
  const requests = [
    { key: definitionKey(management), answer: fetchDefinition(management, { quietUnauthorized: true }), again: (signal: AbortSignal) => fetchDefinition(management, { signal }) },
    { key: rowsKey(management, params, block), answer: fetchBlock(management, params, block, { quietUnauthorized: true }), again: (signal: AbortSignal) => fetchBlock(management, params, block, { signal }) },
  ];
  // Their failures are the query cache's business, once it takes them (until then they are not "unhandled").
  for (const r of requests) r.answer.catch(() => undefined);
  return { requests };
}

/**
 * Hand requests started early to the query cache: each answer becomes its query's first fetch (a retry asks again).
 * A 401 (signed out) is forgotten rather than kept as the query's error.
 */
export function adoptRequests(client: QueryClient, started: StartedRequests): void {
  for (const { key, answer, again } of started.requests) {
    let first: Promise<unknown> | null = answer;
    const queryFn = ({ signal }: { signal: AbortSignal }) => {
      const p = first ?? again(signal);
      first = null;
      return p;
    };
    void client.prefetchQuery({ queryKey: key, queryFn }).then(() => {
      const { error } = client.getQueryState(key) ?? {};
      if (error instanceof ApiError && error.status === 401) client.removeQueries({ queryKey: key, exact: true });
    });
  }
}
