import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  wsLink,
  type TRPCLink,
} from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from './api-types';

export interface ApiClientOptions {
  /** The bearer token to send, read on every request. */
  getToken: () => string | null;
  /** WebSocket URL of the server's `/trpc` endpoint, for subscriptions. */
  wsUrl: string;
}

export type ApiClient = ReturnType<typeof createTRPCClient<AppRouter>>;

/** The client plus a way to drop its WebSocket (the tRPC client is a proxy: it cannot carry extra methods). */
export interface ApiConnection {
  api: ApiClient;
  /** Closes the subscription socket; the next subscription opens a new one. */
  closeSocket: () => void;
}

/**
 * A typed tRPC client: queries and mutations over HTTP to this console's own `/trpc` route
 * (forwarded to the server), subscriptions over the server's WebSocket. The socket opens only
 * when a subscription starts, so pages without live data never hold a connection.
 */
export function createApiClient(opts: ApiClientOptions): ApiConnection {
  let ws: ReturnType<typeof createWSClient> | null = null;
  let subscriptions: TRPCLink<AppRouter> | null = null;
  const lazyWsLink: TRPCLink<AppRouter> = (runtime) => (ctx) => {
    if (!subscriptions) {
      ws = createWSClient({
        url: opts.wsUrl,
        lazy: { enabled: true, closeMs: 5_000 },
        connectionParams: () => ({ token: opts.getToken() ?? '' }),
      });
      subscriptions = wsLink<AppRouter>({ client: ws, transformer: superjson });
    }
    return subscriptions(runtime)(ctx);
  };
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: lazyWsLink,
        false: httpBatchLink({
          url: '/trpc',
          transformer: superjson,
          headers: (): Record<string, string> => {
            const token = opts.getToken();
            return token ? { authorization: `Bearer ${token}` } : {};
          },
        }),
      }),
    ],
  });
  return {
    api: client,
    closeSocket() {
      void ws?.close();
    },
  };
}
