// A small history router: the path says which page, the query string holds the page's state (list filters, sort…).
import { createContext, useContext, useEffect, useState, type AnchorHTMLAttributes, type ReactNode } from 'react';

export interface Location {
  path: string;
  query: URLSearchParams;
}

function current(): Location {
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}

const listeners = new Set<() => void>();

/** Go to a path (with its query string); `replace` keeps the history entry (list state edits). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  for (const l of listeners) l();
}

/** Guards consulted before leaving the page (unsaved changes); a guard returning false cancels. */
const leaveGuards = new Set<() => boolean>();
export function addLeaveGuard(guard: () => boolean): () => void {
  leaveGuards.add(guard);
  return () => leaveGuards.delete(guard);
}
export function mayLeave(): boolean {
  for (const g of leaveGuards) if (!g()) return false;
  return true;
}

const LocationContext = createContext<Location>(current());

export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState<Location>(current);
  useEffect(() => {
    let shown = window.location.href;
    const update = () => {
      shown = window.location.href;
      setLocation(current());
    };
    // Back/Forward with unsaved changes: the guard may refuse, and the address goes back to the page shown.
    const onPop = () => {
      if (!mayLeave()) {
        window.history.pushState(null, '', shown);
        return;
      }
      update();
    };
    listeners.add(update);
    window.addEventListener('popstate', onPop);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', onPop);
    };
  }, []);
  return <LocationContext.Provider value={location}>{children}</LocationContext.Provider>;
}

export function useLocation(): Location {
  return useContext(LocationContext);
}

/** Match `/objects/:type/:dn` against a path; params are URL-decoded. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const a = path.split('/');
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const part = p[i]!;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(a[i]!);
    else if (part !== a[i]) return null;
  }
  return params;
}

/** Paths of the pages, so links are built in one place. */
export const paths = {
  login: () => '/login',
  list: (id: string, query?: URLSearchParams) => `/lists/${encodeURIComponent(id)}${query && query.toString() ? `?${query.toString()}` : ''}`,
  object: (type: string, dn: string, tab?: string) => `/objects/${encodeURIComponent(type)}/${encodeURIComponent(dn)}${tab ? `?tab=${encodeURIComponent(tab)}` : ''}`,
  create: (type: string, options: { base?: string; template?: string; asTemplate?: boolean; copyOf?: string } = {}) => {
    const q = new URLSearchParams();
    if (options.base) q.set('base', options.base);
    if (options.template) q.set('template', options.template);
    if (options.copyOf) q.set('copyOf', options.copyOf);
    if (options.asTemplate) q.set('asTemplate', '1');
    return `/new/${encodeURIComponent(type)}${q.toString() ? `?${q.toString()}` : ''}`;
  },
  account: () => '/account',
};

/** An in-app link: a real <a href> (open in a new tab works), navigating without reload on a plain click. */
export function Link({ to, replace, onClick, ...rest }: { to: string; replace?: boolean } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  return (
    <a
      href={to}
      {...rest}
      onClick={(e) => {
        onClick?.(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        if (mayLeave()) navigate(to, replace ? { replace } : {});
      }}
    />
  );
}
