'use client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createApiClient, type ApiClient } from './api-client';
import type { Principal } from './api-types';
import { requiredContext } from './context';
import { resolveWsUrl } from './ws-url';

const TOKEN_KEY = 'mc.token';

export type SessionStatus = 'loading' | 'signedOut' | 'signedIn';

interface Session {
  status: SessionStatus;
  principal: Principal | null;
  api: ApiClient;
  /** Verifies the token with `auth.whoami`, then keeps it; throws when the server refuses it. */
  signIn: (token: string) => Promise<void>;
  signOut: () => void;
}

const [SessionContext, useSessionContext] = requiredContext<Session>(
  'useSession needs a SessionProvider',
);

/**
 * Holds the bearer token (localStorage), the signed-in principal and the typed API client. The
 * token never leaves the browser except as the `Authorization` header / WebSocket
 * `connectionParams` of calls to the server.
 */
export function SessionProvider({ wsUrl, children }: { wsUrl: string; children: ReactNode }) {
  const tokenRef = useRef<string | null>(null);
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [principal, setPrincipal] = useState<Principal | null>(null);
  const [queryClient] = useState(
    () =>
      new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }),
  );
  const { api, closeSocket } = useMemo(
    () => createApiClient({ getToken: () => tokenRef.current, wsUrl: resolveWsUrl(wsUrl) }),
    [wsUrl],
  );

  const signOut = useCallback(() => {
    localStorage.removeItem(TOKEN_KEY);
    tokenRef.current = null;
    closeSocket();
    queryClient.clear();
    setPrincipal(null);
    setStatus('signedOut');
  }, [api, closeSocket, queryClient]);

  const signIn = useCallback(
    async (token: string) => {
      const previous = tokenRef.current;
      tokenRef.current = token.trim();
      try {
        const who = await api.auth.whoami.query();
        localStorage.setItem(TOKEN_KEY, tokenRef.current);
        closeSocket(); // a live socket still carries the previous identity
        queryClient.clear();
        setPrincipal(who);
        setStatus('signedIn');
      } catch (err) {
        tokenRef.current = previous;
        throw err;
      }
    },
    [api, closeSocket, queryClient],
  );

  useEffect(() => {
    const saved = localStorage.getItem(TOKEN_KEY);
    if (!saved) {
      setStatus('signedOut');
      return;
    }
    signIn(saved).catch(() => signOut());
  }, [signIn, signOut]);

  const value = useMemo<Session>(
    () => ({ status, principal, api, signIn, signOut }),
    [status, principal, api, signIn, signOut],
  );
  return (
    <QueryClientProvider client={queryClient}>
      <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
    </QueryClientProvider>
  );
}

/** The session: who is signed in, and the API client to call the server with. */
export function useSession(): Session {
  return useSessionContext();
}

/** The typed tRPC client of the current session. */
export function useApi(): ApiClient {
  return useSession().api;
}
