import { createTRPCClient, createWSClient, wsLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@message-center/server';
import superjson from 'superjson';
import { jitteredBackoff, type BackoffOptions } from './backoff.js';
import { UrlRotation } from './failover.js';
import { LiveEvents, type EventOf, type LiveMessage, type ResumeCheckpoint, type UnreadCount } from './live-events.js';
import { AutoAck, type AutoAckOptions } from './auto-ack.js';

/** A system notification as the app receives it (maintenance, security pop-ups). */
export type SystemNotification = EventOf<'SYSTEM_NOTIFICATION'>['notification'];

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
  /**
   * Acknowledge received messages as DELIVERED, batched (default on). `false` turns it off;
   * the server still counts messages it wrote to the connection.
   */
  autoAck?: boolean | AutoAckOptions;
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
  /**
   * Calls `listener` once per system notification (deduplicated by id; shown again after a
   * reconnect only if the user has not dismissed it and the app reloaded). Returns a remover.
   */
  onSystemNotification(listener: (notification: SystemNotification) => void): () => void;
  /** Calls `listener` with each new unread count. Returns a remover. */
  onUnreadCount(listener: (count: UnreadCount) => void): () => void;
  /** The current connection state, and a way to follow it. */
  connectionState: { readonly current: ConnectionState; subscribe(listener: (s: ConnectionState) => void): () => void };
  /** Closes the socket and every subscription. */
  close(): Promise<void>;
}

/** The typed router API (`client.messages.list.query(...)`) plus the real-time helpers. */
export type MessageCenterClient = TRPCClient<AppRouter> & MessageCenterHelpers;

const HELPER_KEYS = new Set(['events', 'onMessage', 'onSystemNotification', 'onUnreadCount', 'connectionState', 'close']);

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
  const trpc = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient, transformer: superjson })] });

  const autoAck = opts.autoAck === false ? null : new AutoAck((messageId) => trpc.messages.ack.mutate({ messageId, status: 'DELIVERED' }), opts.autoAck === true ? {} : opts.autoAck);
  const shownNotices = new Set<string>();
  const events = new LiveEvents(
    (lastEventId, handlers) => {
      const sub = trpc.realtime.events.subscribe(lastEventId ? { lastEventId } : undefined, {
        onData: (tracked) => {
          handlers.onEvent(tracked.id, tracked.data);
          if (autoAck && tracked.data.type === 'MESSAGE' && tracked.data.message.state === 'UNREAD') autoAck.add(tracked.data.message.messageId);
        },
        onError: handlers.onError,
      });
      return () => sub.unsubscribe();
    },
    { dedupeSize: opts.dedupeSize, resumeFrom: opts.resumeFrom ?? null },
  );

  const helpers: MessageCenterHelpers = {
    events,
    onMessage: (listener) => events.on('MESSAGE', (e) => listener(e.message)),
    onSystemNotification: (listener) =>
      events.on('SYSTEM_NOTIFICATION', ({ notification }) => {
        // Live and on-connect copies of one notification can cross; show it once.
        if (shownNotices.has(notification.notificationId)) return;
        if (shownNotices.size >= 1_000) shownNotices.clear();
        shownNotices.add(notification.notificationId);
        listener(notification);
      }),
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
      autoAck?.stop();
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
