// Calls to Trousseau's UI API: JSON in and out, the CSRF header on writes, and the shared error object as ApiError.
import type { SessionInfo, UiError } from './contract.ts';

/** An answer that is not 2xx, carrying the server's error object. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: UiError;
  constructor(status: number, body: UiError) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

let csrfToken = '';
let language = 'en';

/** Set by the session once signed in; sent as X-CSRF-Token on every state-changing request. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** The interface language, sent as Accept-Language so labels and messages come back translated. */
export function setApiLanguage(lang: string): void {
  language = lang;
}

/** Listeners told when the server says the session is gone (401), so the shell can ask to sign in again. */
const expiredListeners = new Set<() => void>();
export function onSessionExpired(listener: () => void): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: URLSearchParams | Record<string, string | undefined>;
  signal?: AbortSignal;
  /** Do not broadcast a 401 as an expired session (the sign-in call itself). */
  quietUnauthorized?: boolean;
}

function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = query instanceof URLSearchParams ? query : new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Call the UI API.
 * @example const def = await api<ListDefinition>('/lists/users');
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/ui/api${path}${queryString(options.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, { code: 'network', message: (e as Error).message });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error: UiError =
      body && typeof body === 'object' && 'code' in body ? (body as UiError) : { code: 'internal', message: `HTTP ${response.status}` };
    if (response.status === 401 && !options.quietUnauthorized) for (const l of expiredListeners) l();
    throw new ApiError(response.status, error);
  }
  return body as T;
}

/** The URL of a UI API resource (CSV export links). */
export function apiUrl(path: string, query?: RequestOptions['query']): string {
  return `/ui/api${path}${queryString(query)}`;
}

/**
 * The session the server knows from the cookie; null when signed out.
 * @example const session = await fetchSession();
 */
export async function fetchSession(): Promise<SessionInfo | null> {
  try {
    return await api<SessionInfo>('/session', { quietUnauthorized: true });
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}
