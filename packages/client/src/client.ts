import { createTRPCClient, splitLink, wsLink, type OperationLink, type TRPCClient, type TRPCLink } from '@trpc/client';
import { observable, type Unsubscribable } from '@trpc/server/observable';
import { SuperJSON } from 'superjson';
import type { BackoffOptions } from './backoff.js';
import { Connection, type ConnectionState, type KeepAliveOptions, type TokenSource, type WebSocketConstructor, type WsClient } from './connection.js';
import { toMessageCenterError } from './errors.js';
import { LiveEvents, type EventOf, type LiveMessage, type ResumeCheckpoint, type UnreadCount } from './live-events.js';
import { AutoAck, type AutoAckOptions } from './auto-ack.js';

/** A system notification as the app receives it (maintenance, security pop-ups). */
export type SystemNotification = EventOf<'SYSTEM_NOTIFICATION'>['notification'];
import { errorLink, timeoutLink } from './links.js';
import type { MessageCenterRouter } from './router.js';

export interface MessageCenterClientOptions {
  /** WebSocket URL of the server's tRPC endpoint, e.g. `wss://mc.example.com/trpc`. */
  url: string;
  /** More URLs to fail over to when a connection attempt does not open. */
  urls?: string[];
  /**
   * Returns the current access token; called on every (re)connect and HTTP request, so it can
   * refresh. Returning `null` (nobody signed in yet) makes the client wait, not fail. Leave it
   * out and call `setToken()` after sign-in instead.
   */
  getToken?: TokenSource;
  /** WebSocket implementation: default `globalThis.WebSocket`; on Node 20 pass the `ws` package. */
  WebSocket?: WebSocketConstructor;
  /**
   * How queries and mutations travel: over the WebSocket (default), or e.g.
   * `queriesOverHttp({ url })` from `@message-center/client/http` (the socket then carries only
   * the live stream, and opens only when something listens to it).
   */
  queries?: QueryTransport;
  /** A query or mutation without an answer after this long fails with `CONN_001` (default 10 000 ms). */
  requestTimeoutMs?: number;
  /** Ping the server when the socket is silent, to notice a dead (half-open) connection; `false` disables. */
  keepAlive?: KeepAliveOptions | false;
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

export interface MessageCenterHelpers {
  /** The live event stream (typed listeners, async iterator, resume checkpoint). */
  events: LiveEvents;
  /** Calls `listener` once per new message (deduplicated). Returns a remover. */
  onMessage(listener: (message: LiveMessage) => void): () => void;
  /**
   * Calls `listener` once per system notification (deduplicated by id: live and on-connect copies
   * can cross). Returns a remover.
   */
  onSystemNotification(listener: (notification: SystemNotification) => void): () => void;
  /** Calls `listener` with each new unread count. Returns a remover. */
  onUnreadCount(listener: (count: UnreadCount) => void): () => void;
  /** The current connection state, and a way to follow it. */
  connectionState: { readonly current: ConnectionState; subscribe(listener: (s: ConnectionState) => void): () => void };
  /** Opens the socket now instead of on first use; resolves when it is open (or the token is refused). */
  connect(): Promise<void>;
  /**
   * Signs in (or switches user): uses `token` from now on, opens a fresh socket and restarts the
   * live stream for the new user. For a refreshed token of the same user, prefer `getToken`.
   */
  setToken(token: string): Promise<void>;
  /** Signs out: closes the socket, forgets the stream position; calls wait until `setToken()`. */
  signOut(): Promise<void>;
  /** Drops the socket and opens a new one (asking `getToken` again), resuming the live stream. */
  reconnect(): Promise<void>;
  /** Closes the socket and every subscription for good. */
  close(): Promise<void>;
}

/** Builds the link for queries and mutations; `token()` resolves with a current token (waiting while there is none). */
export type QueryTransport = (ctx: { token: () => Promise<string> }) => TRPCLink<MessageCenterRouter>;

/** The typed router API (`client.messages.list.query(...)`) plus the real-time helpers. */
export type MessageCenterClient = TRPCClient<MessageCenterRouter> & MessageCenterHelpers;

/** Sends operations over the connection's current socket, opening it (after a token) on first use. */
function socketLink(conn: Connection): TRPCLink<MessageCenterRouter> {
  return (runtime) => {
    const links = new WeakMap<WsClient, OperationLink<MessageCenterRouter>>();
    return ({ op, next }) =>
      observable((observer) => {
        let sub: Unsubscribable | null = null;
        let cancelled = false;
        conn.ready().then(
          (ws) => {
            if (cancelled) return;
            let link = links.get(ws);
            if (!link) links.set(ws, (link = wsLink<MessageCenterRouter>({ client: ws, transformer: SuperJSON })(runtime)));
            sub = link({ op, next }).subscribe(observer);
          },
          (err: unknown) => observer.error(toMessageCenterError(err)),
        );
        return () => {
          cancelled = true;
          sub?.unsubscribe();
        };
      });
  };
}

/**
 * Creates a Message Center client: every query and mutation of the router, plus a live event
 * stream that reconnects with jittered backoff, resumes from the last event id and delivers each
 * message once. Nothing connects until the first call (or `connect()`).
 */
export function createMessageCenterClient(opts: MessageCenterClientOptions): MessageCenterClient {
  const WebSocketImpl = opts.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!WebSocketImpl) throw new Error('createMessageCenterClient: no global WebSocket (Node < 22): pass the `ws` package as the `WebSocket` option');
  const conn = new Connection({ urls: [opts.url, ...(opts.urls ?? [])], WebSocket: WebSocketImpl, getToken: opts.getToken ?? (() => null), backoff: opts.backoff, keepAlive: opts.keepAlive ?? {} });
  const socket = socketLink(conn);
  const transport: TRPCLink<MessageCenterRouter> = opts.queries
    ? splitLink({ condition: (op) => op.type === 'subscription', true: socket, false: opts.queries({ token: () => conn.token() }) })
    : socket;
  const onAuthError = (err: ReturnType<typeof toMessageCenterError>) => {
    if (err.appCode === 'AUTH_001') conn.unauthorized(err);
  };
  const trpc = createTRPCClient<MessageCenterRouter>({ links: [errorLink(onAuthError), timeoutLink(opts.requestTimeoutMs ?? 10_000, () => conn.token()), transport] });

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

  /** Signs in as `token`'s user, or out (`null`): a new socket, and the stream starts over. */
  const switchUser = async (token: string | null): Promise<void> => {
    conn.setTokenSource(() => token);
    events.stop();
    await conn.drop();
    events.reset();
    events.resume();
  };
  const helpers: MessageCenterHelpers = {
    events,
    onMessage: (listener) => events.on('MESSAGE', (e) => listener(e.message)),
    onSystemNotification: (listener) =>
      events.on('SYSTEM_NOTIFICATION', ({ notification }) => {
        if (shownNotices.has(notification.notificationId)) return;
        if (shownNotices.size >= 1_000) shownNotices.clear();
        shownNotices.add(notification.notificationId);
        listener(notification);
      }),
    onUnreadCount: (listener) => events.onUnreadCount(listener),
    connectionState: {
      get current() {
        return conn.state;
      },
      subscribe: (listener) => conn.subscribe(listener),
    },
    async connect() {
      await conn.ready();
    },
    setToken: (token) => switchUser(token),
    // Listeners stay; the stream reopens (waiting for a token) for whoever signs in next.
    signOut: () => switchUser(null),
    async reconnect() {
      if (opts.getToken) conn.setTokenSource(opts.getToken);
      events.stop();
      await conn.drop();
      events.resume();
    },
    async close() {
      autoAck?.stop();
      events.stop();
      await conn.close();
    },
  };

  // The helpers' own keys are the only names they take from the tRPC proxy (no router has them).
  const byName = helpers as unknown as Record<string | symbol, unknown>;
  return new Proxy(trpc, {
    get(target, key) {
      return (Object.hasOwn(helpers, key) ? byName : (target as Record<string | symbol, unknown>))[key];
    },
  }) as MessageCenterClient;
}
