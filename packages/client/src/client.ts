import { createTRPCClient, createWSClient, wsLink, type TRPCClient } from '@trpc/client';
import type { MessageCenterRouter } from './router.js';
import { SuperJSON } from 'superjson';
import { jitteredBackoff, type BackoffOptions } from './backoff.js';
import { UrlRotation } from './failover.js';
import { LiveEvents, type LiveMessage, type ResumeCheckpoint, type UnreadCount } from './live-events.js';

/** A WebSocket constructor: the browser's, or `ws` in Node. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocket;

export interface MessageCenterClientOptions {
  /** WebSocket URL of the server's tRPC endpoint, e.g. `wss://mc.example.com/trpc`. */
  url: string;
  /** More URLs to fail over to when a connection attempt does not open. */
  urls?: string[];
  /** Returns a current access token; called on every (re)connect, so it can refresh. */
  getToken: () => string | null | Promise<string | null>;
  /** WebSocket implementation (default: `globalThis.WebSocket`; pass `ws` in older Node). */
  WebSocket?: WebSocketConstructor;
  /** Resume the event stream where an earlier session of the app left off. */
  resumeFrom?: ResumeCheckpoint | null;
  /** Reconnect backoff (exponential with full jitter). */
  backoff?: BackoffOptions;
  /** How many message ids to remember for dedupe (default 5000). */
  dedupeSize?: number;
}

/** Connection state of the client's WebSocket. */
export type ConnectionState =
  | { state: 'idle' }
  | { state: 'connecting'; error: unknown }
  | { state: 'connected' };

export interface MessageCenterHelpers {
  /** The live event stream (typed listeners, async iterator, resume checkpoint). */
  events: LiveEvents;
  /** Calls `listener` once per new message (deduplicated). Returns a remover. */
  onMessage(listener: (message: LiveMessage) => void): () => void;
  /** Calls `listener` with each new unread count. Returns a remover. */
  onUnreadCount(listener: (count: UnreadCount) => void): () => void;
  /** The current connection state, and a way to follow it. */
  connectionState: { readonly current: ConnectionState; subscribe(listener: (s: ConnectionState) => void): () => void };
  /** Closes the socket and every subscription. */
  close(): Promise<void>;
}

/** The typed router API (`client.messages.list.query(...)`) plus the real-time helpers. */
export type MessageCenterClient = TRPCClient<MessageCenterRouter> & MessageCenterHelpers;

const HELPER_KEYS = new Set(['events', 'onMessage', 'onUnreadCount', 'connectionState', 'close']);

/**
 * Creates a Message Center client over one WebSocket: every query and mutation of the router,
 * plus a live event stream that reconnects with jittered backoff, refreshes its token through
 * `getToken`, resumes from the last event id and delivers each message once.
 */
export function createMessageCenterClient(opts: MessageCenterClientOptions): MessageCenterClient {
  const WebSocketImpl = opts.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!WebSocketImpl) throw new Error('createMessageCenterClient: no WebSocket available; pass the `ws` package as `WebSocket`');
  const rotation = new UrlRotation([opts.url, ...(opts.urls ?? [])]);
  let state: ConnectionState = { state: 'idle' };
  const stateListeners = new Set<(s: ConnectionState) => void>();

  const wsClient = createWSClient({
    url: () => rotation.current(),
    WebSocket: WebSocketImpl as unknown as typeof WebSocket,
    connectionParams: async () => {
      const token = await opts.getToken();
      return token ? { token } : {};
    },
    retryDelayMs: (attempt) => jitteredBackoff(attempt, opts.backoff),
    onOpen: () => rotation.opened(),
    onClose: () => rotation.closed(),
  });
  wsClient.connectionState.subscribe({
    next: (s) => {
      state = s.state === 'pending' ? { state: 'connected' } : s.state === 'connecting' ? { state: 'connecting', error: s.error } : { state: 'idle' };
      for (const l of stateListeners) l(state);
    },
  });
  const trpc = createTRPCClient<MessageCenterRouter>({ links: [wsLink({ client: wsClient, transformer: SuperJSON })] });

  const events = new LiveEvents(
    (lastEventId, handlers) => {
      const sub = trpc.realtime.events.subscribe(lastEventId ? { lastEventId } : undefined, {
        onData: (tracked) => handlers.onEvent(tracked.id, tracked.data),
        onError: handlers.onError,
      });
      return () => sub.unsubscribe();
    },
    { dedupeSize: opts.dedupeSize, resumeFrom: opts.resumeFrom ?? null },
  );

  const helpers: MessageCenterHelpers = {
    events,
    onMessage: (listener) => events.on('MESSAGE', (e) => listener(e.message)),
    onUnreadCount: (listener) => events.onUnreadCount(listener),
    connectionState: {
      get current() {
        return state;
      },
      subscribe(listener) {
        stateListeners.add(listener);
        return () => stateListeners.delete(listener);
      },
    },
    async close() {
      events.stop();
      await wsClient.close();
    },
  };

  const helperOf = (key: string): unknown => (helpers as unknown as Record<string, unknown>)[key];
  return new Proxy(trpc, {
    get(target, key) {
      if (typeof key === 'string' && HELPER_KEYS.has(key)) return helperOf(key);
      return (target as Record<string | symbol, unknown>)[key];
    },
  }) as MessageCenterClient;
}
