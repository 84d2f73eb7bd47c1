// The signed-in session: loaded at start, set at sign-in, cleared at sign-out or when the server says it expired.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, fetchSession, onSessionExpired, setCsrfToken } from './api/client.ts';
import type { SessionInfo, SignInRequest } from './api/contract.ts';

interface SessionValue {
  /** undefined while loading, null when signed out. */
  session: SessionInfo | null | undefined;
  /** The session ended while the user was working (idle timeout): the shell asks to sign in again in place. */
  expired: boolean;
  signIn(request: SignInRequest): Promise<SessionInfo>;
  signOut(): Promise<void>;
  /** Reload the session (menu after a rights change, language). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** `initial`: the session call already started (main.tsx), so that it runs alongside the page's first requests. */
export function SessionProvider({ children, initial }: { children: ReactNode; initial?: Promise<SessionInfo | null> }) {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);
  const queries = useQueryClient();

  const adopt = useCallback((info: SessionInfo | null) => {
    setCsrfToken(info?.csrf ?? '');
    setSession(info);
  }, []);

  const refresh = useCallback(async () => {
    adopt(await fetchSession());
  }, [adopt]);

  const [first] = useState(() => initial ?? fetchSession());
  useEffect(() => {
    first.then(adopt, () => adopt(null));
  }, [first, adopt]);

  useEffect(
    () =>
      onSessionExpired(() => {
        setExpired(true);
      }),
    [],
  );

  const signIn = useCallback(
    async (request: SignInRequest) => {
      const info = await api<SessionInfo>('/session', { method: 'POST', body: request, quietUnauthorized: true });
      adopt(info);
      setExpired(false);
      await queries.invalidateQueries();
      return info;
    },
    [adopt, queries],
  );

  const signOut = useCallback(async () => {
    try {
      await api('/session', { method: 'DELETE', quietUnauthorized: true });
    } finally {
      adopt(null);
      setExpired(false);
      queries.clear();
    }
  }, [adopt, queries]);

  return <SessionContext.Provider value={{ session, expired, signIn, signOut, refresh }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The session of a signed-in page (the shell renders pages only when signed in). */
export function useSignedIn(): SessionInfo {
  const { session } = useSession();
  if (!session) throw new Error('useSignedIn on a signed-out page');
  return session;
}
