import { applyWSSHandler } from '@trpc/server/adapters/ws';
import type { AnyRouter, TRPCError } from '@trpc/server';
import type { WebSocket, WebSocketServer } from 'ws';
import type { WsHandler } from './trpc-ws-handler.js';

/**
 * `@trpc/server`'s own WebSocket adapter, kept so the benchmarks can measure it beside the
 * custom handler in the same run (`bench/lib/stock-server.mjs`). It has no backpressure, no
 * per-socket limits and no per-call token expiry, so the reference server does not use it.
 */
export function serveWithStockAdapter<TContext>(opts: {
  wss: WebSocketServer;
  router: AnyRouter;
  createContext: (connectionParams: Record<string, string> | null) => Promise<TContext>;
  onError: (info: { error: TRPCError; path: string | undefined }) => void;
  keepAlive: { pingMs: number; pongWaitMs: number };
  connectionsChanged?: (delta: 1 | -1) => void;
}): WsHandler {
  const sockets = new Set<WebSocket>();
  function onSocketClose(this: WebSocket): void {
    if (sockets.delete(this)) opts.connectionsChanged?.(-1);
  }
  opts.wss.on('connection', (socket: WebSocket) => {
    sockets.add(socket);
    opts.connectionsChanged?.(1);
    socket.on('close', onSocketClose);
  });
  const handler = applyWSSHandler({
    wss: opts.wss,
    router: opts.router,
    createContext: ({ info }) => opts.createContext((info.connectionParams ?? null) as Record<string, string> | null),
    onError: ({ error, path }) => opts.onError({ error, path }),
    keepAlive: { enabled: true, pingMs: opts.keepAlive.pingMs, pongWaitMs: opts.keepAlive.pongWaitMs },
  });
  return {
    // The stock adapter walks `wss.clients`, which this server does not track (one Set less per socket).
    broadcastReconnectNotification: () => {
      if (opts.wss.clients) handler.broadcastReconnectNotification();
    },
    close: () => undefined,
    terminateAll: () => {
      for (const socket of [...sockets]) socket.terminate();
    },
  };
}
