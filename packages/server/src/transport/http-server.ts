import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { WebSocketServer } from 'ws';
import type { Logger } from 'pino';
import { appRouter } from '../trpc/root.js';
import type { Telemetry } from '../ports/telemetry.js';
import { formatError, wireTransformer, type Context, type ContextFactory } from '../trpc/trpc.js';
import { inboxUserKey } from '../domain/index.js';
import type { SlowConsumerDisconnect } from './ws/socket-writer.js';
import { newSessionId } from './ws/session-id.js';
import { serveTrpcOverWebSocket, type WsHandler } from './ws/trpc-ws-handler.js';
import { serveWithStockAdapter } from './ws/stock-ws-handler.js';
import type { WsLimits } from './ws/ws-limits.js';
import { createRestHandler } from './rest/handler.js';
import { createTrpcHttpHandler } from './trpc-http-handler.js';
import { answerClientError } from './client-errors.js';

export interface HttpServerOptions {
  contexts: ContextFactory;
  telemetry: Telemetry;
  /**
   * Answers `GET /metrics` on this port (checking the metrics token itself); null = metrics are
   * not served here at all (they have their own listener).
   */
  serveMetrics: ((req: IncomingMessage, res: ServerResponse) => void) | null;
  /** Most calls one HTTP batch request may carry; larger batches are refused whole. */
  maxBatchSize: number;
  logger: Logger;
  /** Readiness: every dependency reachable. */
  readiness: () => Promise<{ isReady: boolean; checks: Record<string, boolean> }>;
  /** Allowed WebSocket `Origin` values; empty = any origin (and requests without one). */
  allowedOrigins: string[];
  maxBodyBytes: number;
  /** Idle keep-alive timeout of HTTP connections (`MC_HTTP_KEEP_ALIVE_MS`); Node's default is 5 s. */
  keepAliveMs?: number;
  /** Bounds of the WebSocket transport (per socket, per user). */
  wsLimits: WsLimits;
  /**
   * Which WebSocket handler serves `/trpc`: the transport's own (default), or `@trpc/server`'s
   * stock adapter — kept only so benchmarks can compare the two in one run.
   */
  wsHandler?: 'message-center' | 'trpc-stock';
  /** Origins allowed to call `/api/v1` from a browser (`MC_CORS_ORIGINS`; `*` = any). */
  corsOrigins?: string[];
}

/** A socket the server dropped for reading too slowly. */
export type SlowConsumerEvent = SlowConsumerDisconnect & { userKey: string | null };

export interface HttpServer {
  server: Server;
  wss: WebSocketServer;
  /** Tells every WebSocket client to reconnect (before shutdown), then closes the WS server. */
  closeWebSockets(): Promise<void>;
  /** Calls `listener` whenever a socket is dropped for reading too slowly. Returns a remover. */
  onSlowConsumer(listener: (e: SlowConsumerEvent) => void): () => void;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/**
 * One port: tRPC over HTTP and WebSocket at `/trpc`, plus `/healthz`, `/readyz`, and `/metrics`
 * when a metrics token is configured (otherwise metrics have their own listener).
 */
export function createHttpServer(opts: HttpServerOptions): HttpServer {
  const stockHandler = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: opts.maxBodyBytes,
    // One POST must not run hundreds of mutations past the per-call checks: refuse it whole.
    maxBatchSize: opts.maxBatchSize,
    createContext: ({ req }) => opts.contexts.http(req),
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') opts.logger.error({ err: error.cause ?? error, path }, 'request failed');
    },
  });
  // Plain queries and mutations skip the Fetch API conversion of the stock adapter; anything
  // else (subscriptions, streaming, unknown paths, wrong methods…) is still answered by it.
  const trpcHandler = createTrpcHttpHandler<Context>({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: opts.maxBodyBytes,
    maxBatchSize: opts.maxBatchSize,
    createContext: (req) => opts.contexts.http(req),
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') opts.logger.error({ err: error.cause ?? error, path }, 'request failed');
    },
    fallback: stockHandler,
  });

  const rest = createRestHandler({ contexts: opts.contexts, maxBodyBytes: opts.maxBodyBytes, corsOrigins: opts.corsOrigins ?? [], logger: opts.logger });

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (url === '/healthz') return json(res, 200, { status: 'ok' });
    if (url === '/readyz') {
      void opts.readiness().then(
        (r) => json(res, r.isReady ? 200 : 503, { status: r.isReady ? 'ready' : 'degraded', checks: r.checks }),
        () => json(res, 503, { status: 'degraded', checks: {} }),
      );
      return;
    }
    if (url === '/metrics') {
      // Never anonymous on the API port: only behind the token check, else as if absent.
      if (!opts.serveMetrics) return json(res, 404, { error: 'Not found' });
      return opts.serveMetrics(req, res);
    }
    if (url.startsWith('/trpc/')) {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        opts.telemetry.requestCompleted?.(req.method === 'GET' ? 'query' : 'mutation', Number(process.hrtime.bigint() - started) / 1e9);
      });
      return trpcHandler(req, res);
    }
    if (url === '/api/v1' || url.startsWith('/api/v1/') || url.startsWith('/api/v1?')) return rest(req, res);
    json(res, 404, { error: 'Not found', paths: ['/trpc', '/api/v1', '/healthz', '/readyz'] });
  });

  server.on('clientError', answerClientError);
  // Node closes an idle keep-alive connection after 5 s. A client that sends its next request as
  // the server closes gets ECONNRESET, and a proxy with a longer idle timeout (60 s is common)
  // hits that race on every quiet connection. The headers deadline stays above the idle one.
  if (opts.keepAliveMs !== undefined) {
    server.keepAliveTimeout = opts.keepAliveMs;
    server.headersTimeout = Math.max(server.headersTimeout, opts.keepAliveMs + 1_000);
  }

  // No compression: a deflate context per socket costs far more memory than the frames save.
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxBodyBytes, perMessageDeflate: false, clientTracking: false });
  const slowConsumerListeners = new Set<(e: SlowConsumerEvent) => void>();
  const trpcOverWs = serveWebSocket(wss, opts, (e) => {
    opts.logger.warn(e, 'disconnected a slow consumer');
    for (const l of slowConsumerListeners) l(e);
  });
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/trpc' && path !== '/trpc/') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    const origin = req.headers.origin;
    if (opts.allowedOrigins.length && (!origin || !opts.allowedOrigins.includes(origin))) {
      opts.logger.warn({ origin }, 'WebSocket refused: origin not allowed');
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  return {
    server,
    wss,
    async closeWebSockets() {
      trpcOverWs.broadcastReconnectNotification();
      await new Promise((r) => setTimeout(r, 100));
      trpcOverWs.close();
      trpcOverWs.terminateAll();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
    onSlowConsumer(listener) {
      slowConsumerListeners.add(listener);
      return () => slowConsumerListeners.delete(listener);
    },
  };
}

function serveWebSocket(wss: WebSocketServer, opts: HttpServerOptions, onSlowConsumer: (e: SlowConsumerEvent) => void): WsHandler {
  const createContext = (connectionParams: Record<string, string> | null) => opts.contexts.ws(connectionParams, newSessionId());
  const onError = ({ error, path }: { error: { code: string; cause?: unknown }; path: string | undefined }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') opts.logger.error({ err: error.cause ?? error, path }, 'ws request failed');
  };
  // Ping after 30 s of silence; no answer within 30 s more (60 s in all) and the socket is dropped.
  const keepAlive = { pingMs: 30_000, pongWaitMs: 30_000 };
  // The handler is the only registry of open sockets (one entry per socket, not one per layer).
  const connectionsChanged = (delta: 1 | -1) => opts.telemetry.connectionsChanged?.(delta);
  if (opts.wsHandler === 'trpc-stock') return serveWithStockAdapter({ wss, router: appRouter, createContext, onError, keepAlive, connectionsChanged });
  return serveTrpcOverWebSocket<Context>({
    wss,
    router: appRouter,
    wire: { transformer: wireTransformer, errorFormatter: formatError },
    createContext,
    describe: (ctx) => ({
      userKey: ctx.principal ? inboxUserKey(ctx.principal.orgId, ctx.principal.userId) : null,
      expiresAtMs: ctx.principal?.expiresAt !== undefined ? ctx.principal.expiresAt * 1000 : null,
    }),
    onError,
    onSlowConsumer,
    keepAlive,
    limits: opts.wsLimits,
    connectionsChanged,
  });
}
