import type { IncomingMessage } from 'node:http';
import type { AnyRouter, TRPCError } from '@trpc/server';
import type { WebSocket, WebSocketServer } from 'ws';
import { encodeFrame, SharedFrameCache, type WireTransformer } from './frame-encoding.js';
import type { SlowConsumerDisconnect } from './socket-writer.js';
import { WsConnection, type ConnectionIdentity, type HandlerShared, type WireConfig } from './ws-connection.js';
import type { WsLimits } from './ws-limits.js';

const OPEN = 1;
/** After expiry, streams get this long to send their `ERROR` event before the socket is closed anyway. */
const EXPIRY_GRACE_MS = 1_000;

export interface WsHandlerOptions<TContext> {
  wss: WebSocketServer;
  router: AnyRouter;
  /** The router's transformer and error formatter (the same ones `initTRPC` was given). */
  wire: { transformer: WireTransformer; errorFormatter: WireConfig['errorFormatter'] };
  /** Called once per connection, with the `connectionParams` the client sent (or null). */
  createContext: (connectionParams: Record<string, string> | null) => Promise<TContext>;
  /** Who the context belongs to (for the per-user limit) and when its token expires. */
  describe: (ctx: TContext) => ConnectionIdentity;
  onError: (info: { error: TRPCError; path: string | undefined }) => void;
  onSlowConsumer: (info: SlowConsumerDisconnect & { userKey: string | null }) => void;
  /** Ping after this much silence from the client; close when `pongWaitMs` more pass silently. */
  keepAlive: { pingMs: number; pongWaitMs: number };
  limits: WsLimits;
  /** Told of every socket opened (+1) and closed (-1). */
  connectionsChanged?: (delta: 1 | -1) => void;
}

/** A running WebSocket handler. */
export interface WsHandler {
  /** Tells every client to reconnect (before shutdown). */
  broadcastReconnectNotification(): void;
  /** Stops the keep-alive timer. */
  close(): void;
  /** Drops every open socket at once (shutdown, after the reconnect notification). */
  terminateAll(): void;
}

/**
 * Serves tRPC on `wss` (see `WsConnection`) with little state per connection: tens of thousands
 * of mostly idle subscribers are the normal load here. Each connection is one small object (and
 * one per subscription) instead of the few dozen closures, promises and timers of
 * `@trpc/server/adapters/ws`; keep-alive and token expiry are checked for every socket from one
 * shared timer.
 */
export function serveTrpcOverWebSocket<TContext>(opts: WsHandlerOptions<TContext>): WsHandler {
  // The transport shapes errors with the router's own formatter; `getErrorShape` reads
  // `errorFormatter` and `isDev`, `transformTRPCResponse` and `parseTRPCMessage` the transformer.
  const config = {
    transformer: { input: opts.wire.transformer, output: opts.wire.transformer },
    errorFormatter: opts.wire.errorFormatter,
    isDev: false,
  } as unknown as WireConfig;
  const connectionsByUser = new Map<string, number>();
  const shared: HandlerShared = {
    router: opts.router,
    config,
    frames: new SharedFrameCache(opts.wire.transformer),
    limits: opts.limits,
    createContext: opts.createContext,
    describe: (ctx) => opts.describe(ctx as TContext),
    onError: opts.onError,
    onSlowConsumer: opts.onSlowConsumer,
    admit(userKey) {
      const held = connectionsByUser.get(userKey) ?? 0;
      if (held >= opts.limits.maxConnectionsPerUser) return false;
      connectionsByUser.set(userKey, held + 1);
      return true;
    },
    release(userKey) {
      const held = (connectionsByUser.get(userKey) ?? 1) - 1;
      if (held > 0) connectionsByUser.set(userKey, held);
      else connectionsByUser.delete(userKey);
    },
  };
  const connections = new Map<WebSocket, WsConnection>();
  // Listeners shared by every socket (`this` is the socket): no closures per connection.
  function onSocketMessage(this: WebSocket, data: Buffer, isBinary: boolean): void {
    connections.get(this)?.onMessage(data.toString('utf8'), isBinary);
  }
  function onSocketClose(this: WebSocket): void {
    const conn = connections.get(this);
    if (!conn) return;
    conn.onClose();
    connections.delete(this);
    opts.connectionsChanged?.(-1);
  }
  function onSocketError(): void {
    // `ws` emits 'close' after 'error'; without a listener the error would crash the process.
  }
  opts.wss.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    const expectsParams = new URL(req.url ?? '/', 'http://localhost').searchParams.get('connectionParams') === '1';
    socket.on('message', onSocketMessage);
    // `on`, not `once`: 'close' fires once anyway, and `once` wraps the listener in two objects per socket.
    socket.on('close', onSocketClose);
    socket.on('error', onSocketError);
    // The only registry of open sockets (the HTTP server keeps none): one entry per socket.
    connections.set(socket, new WsConnection(shared, socket, expectsParams));
    opts.connectionsChanged?.(1);
  });
  const { pingMs, pongWaitMs } = opts.keepAlive;
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [socket, conn] of connections) {
      if (socket.readyState !== OPEN) continue;
      if (conn.isExpired(now - EXPIRY_GRACE_MS)) {
        conn.closeExpired();
        continue;
      }
      const silentMs = now - conn.lastMessageAt;
      if (conn.isPinged && silentMs >= pingMs + pongWaitMs) socket.terminate();
      else if (!conn.isPinged && silentMs >= pingMs) {
        conn.isPinged = true;
        conn.send('PING');
      }
    }
  }, Math.max(250, Math.min(1_000, Math.floor(Math.min(pingMs, pongWaitMs) / 10))));
  sweep.unref();
  return {
    broadcastReconnectNotification(): void {
      const frame = encodeFrame({ id: null, method: 'reconnect' });
      for (const conn of connections.values()) conn.send(frame);
    },
    close(): void {
      clearInterval(sweep);
    },
    terminateAll(): void {
      for (const socket of [...connections.keys()]) socket.terminate();
    },
  };
}
