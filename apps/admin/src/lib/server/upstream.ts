import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '../api-types';
import { serverUrl } from '../runtime-config';

/** A typed client from the console's server to the Message Center server, as `token` (or no one). */
export function upstreamClient(token: string | null) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${serverUrl()}/trpc`,
        transformer: superjson,
        headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
      }),
    ],
  });
}
