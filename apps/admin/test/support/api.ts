import type { AppRouter } from '@message-center/server';
import { createTRPCClient, createWSClient, httpLink, wsLink } from '@trpc/client';
import superjson from 'superjson';
import WebSocket from 'ws';

/** A typed client straight to the server (not through the console), as another app would use. */
export function serverClient(serverUrl: string, token?: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${serverUrl}/trpc`,
        transformer: superjson,
        headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
      }),
    ],
  });
}

/** A token from the server's dev sign-in. */
export async function devToken(
  serverUrl: string,
  who: { userId: string; orgId: string; roles: ('user' | 'sender' | 'admin' | 'platform')[] },
) {
  const { token } = await serverClient(serverUrl).auth.devSignIn.mutate(who);
  return token;
}

export interface InboxListener {
  /** Every event received so far. */
  events: unknown[];
  /** Resolves with the first event whose JSON contains `text`. */
  waitFor: (text: string, timeoutMs?: number) => Promise<unknown>;
  close: () => Promise<void>;
}

/** A user's live inbox: `realtime.events` over a real WebSocket. */
export async function listenToInbox(serverUrl: string, token: string): Promise<InboxListener> {
  const wsClient = createWSClient({
    url: `${serverUrl.replace(/^http/, 'ws')}/trpc`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: { token },
  });
  const client = createTRPCClient<AppRouter>({
    links: [wsLink({ client: wsClient, transformer: superjson })],
  });
  const events: unknown[] = [];
  const waiters: { text: string; resolve(e: unknown): void }[] = [];
  let started!: () => void;
  const isStarted = new Promise<void>((r) => (started = r));
  const sub = client.realtime.events.subscribe(
    {},
    {
      onStarted: () => started(),
      onData: (event) => {
        events.push(event);
        const json = JSON.stringify(event);
        for (const w of waiters.filter((w) => json.includes(w.text))) w.resolve(event);
      },
    },
  );
  await isStarted;
  return {
    events,
    waitFor(text, timeoutMs = 15_000) {
      const seen = events.find((e) => JSON.stringify(e).includes(text));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no event containing "${text}" within ${timeoutMs} ms; got ${JSON.stringify(events)}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({ text, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
    async close() {
      sub.unsubscribe();
      await wsClient.close();
    },
  };
}
