/**
 * @message-center/client/http — queries and mutations as batched HTTP requests, the WebSocket
 * only for the live stream. A separate entry so apps that do not use it do not download it.
 */
import { httpBatchLink } from '@trpc/client';
import { SuperJSON } from 'superjson';
import type { QueryTransport } from '@message-center/client';

export interface QueriesOverHttpOptions {
  /** HTTP URL of the server's tRPC endpoint, e.g. `https://mc.example.com/trpc`. */
  url: string;
  /** `fetch` to use (default `globalThis.fetch`). */
  fetch?: typeof fetch;
  /** Most calls per batched request (default 10). */
  maxItems?: number;
}

/**
 * Sends queries and mutations over HTTP (batched, `Authorization: Bearer <token>`), for
 * `createMessageCenterClient({ ..., queries: queriesOverHttp({ url }) })`.
 */
export function queriesOverHttp(opts: QueriesOverHttpOptions): QueryTransport {
  return ({ token }) =>
    httpBatchLink({
      url: opts.url,
      transformer: SuperJSON,
      fetch: opts.fetch,
      maxItems: opts.maxItems ?? 10,
      headers: async () => ({ authorization: `Bearer ${await token()}` }),
    });
}
