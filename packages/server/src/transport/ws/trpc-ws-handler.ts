import type { IncomingMessage } from 'node:http';
import { callTRPCProcedure, getErrorShape, getTRPCErrorFromUnknown, isTrackedEnvelope, transformTRPCResponse, TRPCError, type AnyRouter, type inferRouterContext } from '@trpc/server';
import { parseConnectionParamsFromUnknown } from '@trpc/server/http';
import { parseTRPCMessage, type TRPCClientOutgoingMessage, type TRPCErrorShape, type TRPCResponseMessage } from '@trpc/server/rpc';
import type { WebSocket, WebSocketServer } from 'ws';

const OPEN = 1;

/** The JSON codec of the frames (see `realtime/shared-encoding.ts`). */
export interface FrameEncoder {
  encode(message: unknown): string;
  decode(data: string): unknown;
  /** The encoded data frame of a tracked event when it can be shared between recipients (else null). */
  sharedDataFrame?(subscriptionId: string | number, jsonrpc: '2.0' | undefined, eventId: string, data: unknown): Buffer | null;
}

export interface WsConnectionsOptions<TRouter extends AnyRouter> {
  wss: WebSocketServer;
  router: TRouter;
  encoder: FrameEncoder;
  /** Called once per connection, with the `connectionParams` the client sent (or null). */
  createContext: (socket: WebSocket, connectionParams: Record<string, string> | null) => Promise<inferRouterContext<TRouter>>;
  onError: (info: { error: TRPCError; path: string | undefined }) => void;
  /** Ping after this much silence from the client; close when `pongWaitMs` more pass silently. */
  keepAlive: { pingMs: number; pongWaitMs: number };
}

type Ctx = { ok: true; value: unknown } | { ok: false; error: TRPCError };

/**
 * tRPC's WebSocket protocol (the `wsLink` of `@trpc/client`) served with little state per
 * connection: tens of thousands of mostly idle subscribers are the normal load here. Compared
 * with `@trpc/server/adapters/ws` this keeps one small object per connection and one per
 * subscription instead of a few dozen closures, promises and timers, and checks keep-alive for
 * every socket from one shared timer. Procedures still run through tRPC (`callTRPCProcedure`:
 * middlewares, input parsing, error formatting), so behaviour and wire format are the same.
 */
class WsConnection {
  lastMessageAt = Date.now();
  isPinged = false;
  private ctx: Promise<Ctx> | null = null;
  private subscriptions: Map<string | number, AbortController> | null = null;

  constructor(
    private readonly shared: SharedState,
    readonly socket: WebSocket,
    expectsConnectionParams: boolean,
  ) {
    if (!expectsConnectionParams) this.ctx = this.createContext(null);
  }

  onMessage(text: string, isBinary: boolean): void {
    this.lastMessageAt = Date.now();
    this.isPinged = false;
    if (isBinary) return this.respondError(null, undefined, new TRPCError({ code: 'PARSE_ERROR', message: 'Expected JSON in a text frame' }), undefined, 'unknown');
    if (text === 'PONG') return;
    if (text === 'PING') return void this.socket.send('PONG');
    if (!this.ctx) {
      this.ctx = this.createContext(text);
      return;
    }
    let messages: TRPCClientOutgoingMessage[];
    try {
      const decoded = this.shared.opts.encoder.decode(text);
      const raw: unknown[] = Array.isArray(decoded) ? decoded : [decoded];
      messages = raw.map((m) => parseTRPCMessage(m, this.shared.transformer));
    } catch (cause) {
      return this.respondError(null, undefined, new TRPCError({ code: 'PARSE_ERROR', cause }), undefined, 'unknown');
    }
    messages.forEach((msg, index) => {
      this.handle(msg, index).catch((cause: unknown) => this.report(getTRPCErrorFromUnknown(cause), undefined));
    });
  }

  onClose(): void {
    if (this.subscriptions) for (const sub of this.subscriptions.values()) sub.abort();
    this.subscriptions = null;
  }

  private async createContext(paramsText: string | null): Promise<Ctx> {
    try {
      let params: Record<string, string> | null = null;
      if (paramsText !== null) {
        let msg: unknown;
        try {
          msg = this.shared.opts.encoder.decode(paramsText);
          if (typeof msg !== 'object' || msg === null) throw new Error('Message was not an object');
        } catch (cause) {
          throw new TRPCError({ code: 'PARSE_ERROR', message: 'Malformed TRPCConnectionParamsMessage', cause });
        }
        params = parseConnectionParamsFromUnknown((msg as { data?: unknown }).data) as Record<string, string> | null;
      }
      return { ok: true, value: await this.shared.opts.createContext(this.socket, params) };
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      this.respondError(null, undefined, error, undefined, 'unknown');
      setImmediate(() => this.socket.close());
      return { ok: false, error };
    }
  }

  private async handle(msg: TRPCClientOutgoingMessage, batchIndex: number): Promise<void> {
    const { id, jsonrpc } = msg;
    if (id === null) return this.respondError(null, jsonrpc, new TRPCError({ code: 'PARSE_ERROR', message: '`id` is required' }), undefined, 'unknown');
    if (msg.method === 'subscription.stop') return void this.subscriptions?.get(id)?.abort();
    const { path, lastEventId } = msg.params;
    const type = msg.method;
    let input = msg.params.input;
    if (lastEventId !== undefined) input = typeof input === 'object' && input !== null ? { ...input, lastEventId } : (input ?? { lastEventId });
    if (type === 'subscription' && this.subscriptions?.has(id)) {
      return this.respondError(id, jsonrpc, new TRPCError({ code: 'BAD_REQUEST', message: `Duplicate id ${id}` }), path, type, input);
    }
    const abort = new AbortController();
    if (type === 'subscription') (this.subscriptions ??= new Map()).set(id, abort);
    let iterator: AsyncIterator<unknown> | null = null;
    let isCompleted = false;
    try {
      const ctx = await this.ctx!;
      if (!ctx.ok) return; // already answered, and the socket is closing
      if (abort.signal.aborted || (type === 'subscription' && this.socket.readyState !== OPEN)) return;
      const result: unknown = await callTRPCProcedure({ router: this.shared.opts.router, path, getRawInput: async () => input, ctx: ctx.value, type, signal: abort.signal, batchIndex });
      const isIterable = typeof result === 'object' && result !== null && Symbol.asyncIterator in result;
      if (type !== 'subscription') {
        if (isIterable) throw new TRPCError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: `Cannot return an async iterable or observable from a ${type} procedure with WebSockets` });
        return this.respond({ id, jsonrpc, result: { type: 'data', data: result } });
      }
      if (!isIterable) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `Subscription ${path} did not return an observable or a AsyncGenerator` });
      iterator = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      if (abort.signal.aborted || this.socket.readyState !== OPEN) return;
      this.respond({ id, jsonrpc, result: { type: 'started' } });
      // Our streams end by themselves once the signal aborts, so `next()` is awaited plainly
      // rather than raced against the signal (which costs promises per event).
      for (;;) {
        const next = await iterator.next();
        if (next.done) isCompleted = true;
        if (next.done || abort.signal.aborted) break;
        const value: unknown = next.value;
        if (isTrackedEnvelope(value)) {
          const [eventId, data] = value;
          const frame = this.shared.opts.encoder.sharedDataFrame?.(id, jsonrpc, eventId, data);
          if (frame) {
            if (this.socket.readyState === OPEN) this.socket.send(frame, { binary: false });
            continue;
          }
          this.respond({ id, jsonrpc, result: { type: 'data', id: eventId, data: { id: eventId, data } } });
        } else {
          this.respond({ id, jsonrpc, result: { type: 'data', data: value } });
        }
      }
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      if (abort.signal.aborted && error.code === 'INTERNAL_SERVER_ERROR' && (error.cause as { name?: string } | undefined)?.name === 'AbortError') return;
      if (!abort.signal.aborted) return this.respondError(id, jsonrpc, error, path, type, input);
      this.report(error, path);
    } finally {
      if (type === 'subscription' && !isCompleted && !abort.signal.aborted) abort.abort();
      if (!isCompleted) await iterator?.return?.().catch((cause: unknown) => this.report(getTRPCErrorFromUnknown(cause), path));
      if (type === 'subscription' && this.subscriptions?.get(id) === abort) this.subscriptions.delete(id);
    }
    if (type === 'subscription') this.respond({ id, jsonrpc, result: { type: 'stopped' } });
  }

  private respond(message: TRPCResponseMessage): void {
    if (this.socket.readyState !== OPEN) return;
    this.socket.send(this.shared.opts.encoder.encode(transformTRPCResponse(this.shared.config, message)));
  }

  private respondError(id: string | number | null, jsonrpc: '2.0' | undefined, error: TRPCError, path: string | undefined, type: 'query' | 'mutation' | 'subscription' | 'unknown', input?: unknown): void {
    this.report(error, path);
    let shape: TRPCErrorShape;
    try {
      shape = getErrorShape({ config: this.shared.config, error, type, path, input, ctx: undefined }) as TRPCErrorShape;
    } catch {
      shape = { code: -32603, message: 'Internal server error', data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 } };
    }
    this.respond({ id, jsonrpc, error: shape });
  }

  private report(error: TRPCError, path: string | undefined): void {
    try {
      this.shared.opts.onError({ error, path });
    } catch {
      // a failing error hook must not take the connection down
    }
  }
}

type RouterConfig = Parameters<typeof getErrorShape>[0]['config'];

interface SharedState {
  opts: WsConnectionsOptions<AnyRouter>;
  config: RouterConfig;
  transformer: RouterConfig['transformer'];
}

/**
 * Serves `router` on `wss` (see `WsConnection`). Returns how to tell every client to reconnect
 * and how to stop the keep-alive timer.
 */
export function serveTrpcOverWebSocket<TRouter extends AnyRouter>(opts: WsConnectionsOptions<TRouter>) {
  const config = opts.router._def._config as unknown as RouterConfig;
  const shared: SharedState = { opts, config, transformer: config.transformer };
  const connections = new Map<WebSocket, WsConnection>();
  // Listeners shared by every socket (`this` is the socket): no closures per connection.
  function onSocketMessage(this: WebSocket, data: Buffer, isBinary: boolean): void {
    connections.get(this)?.onMessage(data.toString('utf8'), isBinary);
  }
  function onSocketClose(this: WebSocket): void {
    connections.get(this)?.onClose();
    connections.delete(this);
  }
  function onSocketError(): void {
    // `ws` emits 'close' after 'error'; without a listener the error would crash the process.
  }
  opts.wss.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    const expectsParams = new URL(req.url ?? '/', 'http://localhost').searchParams.get('connectionParams') === '1';
    socket.on('message', onSocketMessage);
    socket.once('close', onSocketClose);
    socket.on('error', onSocketError);
    connections.set(socket, new WsConnection(shared, socket, expectsParams));
  });
  const { pingMs, pongWaitMs } = opts.keepAlive;
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [socket, conn] of connections) {
      if (socket.readyState !== OPEN) continue;
      const silentMs = now - conn.lastMessageAt;
      if (conn.isPinged && silentMs >= pingMs + pongWaitMs) socket.terminate();
      else if (!conn.isPinged && silentMs >= pingMs) {
        conn.isPinged = true;
        socket.send('PING');
      }
    }
  }, Math.max(250, Math.min(5_000, Math.floor(Math.min(pingMs, pongWaitMs) / 10))));
  sweep.unref();
  return {
    broadcastReconnectNotification(): void {
      const frame = opts.encoder.encode({ id: null, method: 'reconnect' });
      for (const socket of connections.keys()) if (socket.readyState === OPEN) socket.send(frame);
    },
    close(): void {
      clearInterval(sweep);
    },
  };
}
