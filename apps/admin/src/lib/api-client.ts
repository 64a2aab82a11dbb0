import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from './api-types';
import { csrfHeaders } from './csrf-client';

export type ApiClient = ReturnType<typeof createTRPCClient<AppRouter>>;

/**
 * A typed tRPC client that talks only to this console's own `/trpc` route, which adds the
 * session's bearer token from an httpOnly cookie and forwards to the server. Queries and
 * mutations go over HTTP (mutations carry the CSRF header); subscriptions such as `stats.live`
 * are Server-Sent Events through the same route, so the page never needs the token.
 */
export function createApiClient(): ApiClient {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url: '/trpc', transformer: superjson }),
        false: httpBatchLink({ url: '/trpc', transformer: superjson, headers: csrfHeaders }),
      }),
    ],
  });
}
