'use client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createApiClient, type ApiClient } from './api-client';
import type { Principal, RouterInputs } from './api-types';
import { requiredContext } from './context';
import { csrfHeaders } from './csrf-client';

export type SessionStatus = 'loading' | 'signedOut' | 'signedIn';
export type DevSignIn = RouterInputs['auth']['devSignIn'];

interface Session {
  status: SessionStatus;
  principal: Principal | null;
  api: ApiClient;
  /** Hands the token to the console's server, which verifies it and keeps it in an httpOnly cookie. */
  signIn: (token: string) => Promise<void>;
  /** The server's development sign-in, done by the console's server: the token stays there. */
  devSignIn: (who: DevSignIn) => Promise<void>;
  signOut: () => Promise<void>;
}

const [SessionContext, useSessionContext] = requiredContext<Session>(
  'useSession needs a SessionProvider',
);

/** A failed `/api/session` call as an Error that `describeError` and field errors understand. */
class SessionError extends Error {
  constructor(
    message: string,
    readonly data: { appCode?: string; fieldPaths?: string[] },
  ) {
    super(message);
  }
}

async function callSession(method: 'POST' | 'DELETE', body?: unknown): Promise<Principal | null> {
  const res = await fetch('/api/session', {
    method,
    headers: { 'content-type': 'application/json', ...csrfHeaders() },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const json = (await res.json().catch(() => ({}))) as {
    principal?: Principal;
    error?: { message: string; data?: { appCode?: string; fieldPaths?: string[] } };
  };
  if (!res.ok)
    throw new SessionError(json.error?.message ?? `HTTP ${res.status}`, json.error?.data ?? {});
  return json.principal ?? null;
}

/**
 * The signed-in principal and the typed API client. The bearer token lives only in an httpOnly,
 * SameSite=Strict cookie set by the console's server (`/api/session`): no script in the page,
 * including an injected one, can read it, and every call goes through the console's `/trpc`.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [principal, setPrincipal] = useState<Principal | null>(null);
  const [queryClient] = useState(
    () =>
      new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }),
  );
  const api = useMemo(() => createApiClient(), []);

  const enter = useCallback(
    (who: Principal | null) => {
      queryClient.clear();
      setPrincipal(who);
      setStatus(who ? 'signedIn' : 'signedOut');
    },
    [queryClient],
  );
  const signIn = useCallback(
    async (token: string) => enter(await callSession('POST', { token })),
    [enter],
  );
  const devSignIn = useCallback(
    async (who: DevSignIn) => enter(await callSession('POST', { dev: who })),
    [enter],
  );
  const signOut = useCallback(async () => {
    await callSession('DELETE').catch(() => undefined);
    enter(null);
  }, [enter]);

  // A session cookie from an earlier visit: the server says whether it is still good.
  useEffect(() => {
    api.auth.whoami.query().then(
      (who) => enter(who),
      () => enter(null),
    );
  }, [api, enter]);

  const value = useMemo<Session>(
    () => ({ status, principal, api, signIn, devSignIn, signOut }),
    [status, principal, api, signIn, devSignIn, signOut],
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
