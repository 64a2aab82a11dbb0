import { callTRPCProcedure, getErrorShape, getTRPCErrorFromUnknown, isTrackedEnvelope, transformTRPCResponse, TRPCError, type AnyRouter } from '@trpc/server';
import { parseConnectionParamsFromUnknown } from '@trpc/server/http';
import { parseTRPCMessage, type TRPCClientOutgoingMessage, type TRPCErrorShape, type TRPCResponseMessage } from '@trpc/server/rpc';
import type { WebSocket } from 'ws';
import { CloseCode } from './close-codes.js';
import { encodeFrame, type SharedFrameCache } from './frame-encoding.js';
import { SocketWriter, type SlowConsumerDisconnect } from './socket-writer.js';
import { badFrame, FrameRate, parseError, rateLimited, tokenExpired, type WsLimits } from './ws-limits.js';

/** The router configuration a transport needs: how to shape errors and transform payloads. */
export type WireConfig = Parameters<typeof getErrorShape>[0]['config'];

/** Who is behind a connection, as far as the transport cares. */
export interface ConnectionIdentity {
  /** The user's key (one per org and user), or null when unauthenticated. */
  userKey: string | null;
  /** When the token expires (epoch ms), or null when it does not. */
  expiresAtMs: number | null;
}

/** What every connection of one handler shares. */
export interface HandlerShared {
  router: AnyRouter;
  config: WireConfig;
  frames: SharedFrameCache;
  limits: WsLimits;
  createContext(connectionParams: Record<string, string> | null): Promise<unknown>;
  describe(ctx: unknown): ConnectionIdentity;
  onError(info: { error: TRPCError; path: string | undefined }): void;
  onSlowConsumer(info: SlowConsumerDisconnect & { userKey: string | null }): void;
  /** Counts a connection of `userKey`; false when the user already holds the most allowed. */
  admit(userKey: string): boolean;
  /** Uncounts a connection `admit` counted. */
  release(userKey: string): void;
}

type Ctx = { ok: true; value: unknown } | { ok: false };
type ProcedureType = 'query' | 'mutation' | 'subscription';

/**
 * One socket speaking tRPC's WebSocket protocol (the `wsLink` of `@trpc/client`): batching,
 * `subscription.stop`, `connectionParams`, `lastEventId`, keep-alive. Procedures run through
 * tRPC (`callTRPCProcedure`: middlewares, input parsing); errors are shaped by the router's
 * formatter. The transport's own duties live here: limits per socket, token expiry per call,
 * and backpressure (a subscription is not pulled while the socket is backed up).
 */
export class WsConnection {
  lastMessageAt = Date.now();
  isPinged = false;
  identity: ConnectionIdentity = { userKey: null, expiresAtMs: null };
  private isAdmitted = false;
  private ctx: Promise<Ctx> | null = null;
  private subscriptions: Map<string | number, AbortController> | null = null;
  private readonly rate: FrameRate;
  readonly writer: SocketWriter;

  constructor(
    private readonly shared: HandlerShared,
    readonly socket: WebSocket,
    expectsConnectionParams: boolean,
  ) {
    this.rate = new FrameRate(shared.limits.maxMessagesPerSecond);
    this.writer = new SocketWriter(socket, shared.limits, (info) => shared.onSlowConsumer({ ...info, userKey: this.identity.userKey }));
    if (!expectsConnectionParams) this.ctx = this.createContext(null);
  }

  /** Whether the token behind this socket has expired. */
  isExpired(now = Date.now()): boolean {
    return this.identity.expiresAtMs !== null && now >= this.identity.expiresAtMs;
  }

  /** Closes the socket for an expired token; the client reconnects with a fresh one. */
  closeExpired(): void {
    if (this.writer.isOpen) this.socket.close(CloseCode.TOKEN_EXPIRED, 'AUTH_001 token expired');
  }

  onMessage(text: string, isBinary: boolean): void {
    const now = Date.now();
    this.lastMessageAt = now;
    this.isPinged = false;
    if (text === 'PONG' && !isBinary) return;
    const retryAfterMs = this.rate.take(now);
    if (isBinary) return this.respondError(null, undefined, parseError('Expected JSON in a text frame'), undefined, 'unknown');
    if (text === 'PING') return this.writer.send('PONG');
    if (!this.ctx) {
      this.ctx = this.createContext(text);
      return;
    }
    const messages = this.parse(text);
    if (!messages) return;
    if (retryAfterMs > 0) {
      const error = rateLimited(`At most ${this.shared.limits.maxMessagesPerSecond} WebSocket messages per second; retry in ${retryAfterMs} ms`, retryAfterMs);
      return this.refuseAll(messages, error);
    }
    if (messages.length > this.shared.limits.maxOperationsPerFrame) {
      return this.refuseAll(messages, badFrame(`A frame may carry at most ${this.shared.limits.maxOperationsPerFrame} operations; this one has ${messages.length}`));
    }
    messages.forEach((msg, index) => {
      this.handle(msg, index).catch((cause: unknown) => this.report(getTRPCErrorFromUnknown(cause), undefined));
    });
  }

  onClose(): void {
    if (this.subscriptions) for (const sub of this.subscriptions.values()) sub.abort();
    this.subscriptions = null;
    this.writer.closed();
    if (this.isAdmitted && this.identity.userKey !== null) this.shared.release(this.identity.userKey);
    this.isAdmitted = false;
  }

  /** The frame's operations, or null after answering a frame that is not valid tRPC. */
  private parse(text: string): TRPCClientOutgoingMessage[] | null {
    let decoded: unknown;
    try {
      decoded = JSON.parse(text) as unknown;
    } catch {
      this.respondError(null, undefined, parseError('The frame is not valid JSON'), undefined, 'unknown');
      return null;
    }
    const raw: unknown[] = Array.isArray(decoded) ? decoded : [decoded];
    const messages: TRPCClientOutgoingMessage[] = [];
    for (const m of raw) {
      try {
        messages.push(parseTRPCMessage(m, this.shared.config.transformer));
      } catch {
        const id = typeof m === 'object' && m !== null ? (m as { id?: unknown }).id : undefined;
        const validId = typeof id === 'string' || typeof id === 'number' ? id : null;
        this.respondError(validId, undefined, parseError('The frame is not a tRPC request: expected { id, method: "query" | "mutation" | "subscription" | "subscription.stop", params: { path, input } }'), undefined, 'unknown');
        return null;
      }
    }
    return messages;
  }

  /** Answers every operation of a frame with the same error (shaped once). */
  private refuseAll(messages: TRPCClientOutgoingMessage[], error: TRPCError): void {
    this.report(error, undefined);
    const shape = JSON.stringify(this.shared.config.transformer.output.serialize(this.shapeOf(error, undefined, 'unknown', undefined)));
    for (const msg of messages) {
      if (msg.id === null || msg.method === 'subscription.stop') continue;
      const rpc = msg.jsonrpc === undefined ? '' : `"jsonrpc":"2.0",`;
      this.writer.send(`{"id":${JSON.stringify(msg.id)},${rpc}"error":${shape}}`);
    }
  }

  private async createContext(paramsText: string | null): Promise<Ctx> {
    try {
      let params: Record<string, string> | null = null;
      if (paramsText !== null) {
        let msg: unknown;
        try {
          msg = JSON.parse(paramsText) as unknown;
        } catch {
          throw parseError('The first frame must be { "method": "connectionParams", "data": { … } } as JSON');
        }
        if (typeof msg !== 'object' || msg === null || (msg as { method?: unknown }).method !== 'connectionParams') {
          throw parseError('The first frame must be { "method": "connectionParams", "data": { … } }');
        }
        try {
          params = parseConnectionParamsFromUnknown((msg as { data?: unknown }).data) as Record<string, string> | null;
        } catch {
          throw parseError('connectionParams must be an object of strings');
        }
      }
      const value = await this.shared.createContext(params);
      this.identity = this.shared.describe(value);
      const { userKey } = this.identity;
      if (userKey !== null) {
        if (!this.writer.isOpen) return { ok: false };
        if (!this.shared.admit(userKey)) {
          this.respondError(null, undefined, rateLimited(`At most ${this.shared.limits.maxConnectionsPerUser} WebSocket connections per user; close another one first`), undefined, 'unknown');
          this.socket.close(CloseCode.TOO_MANY_CONNECTIONS, 'RATE_001 too many connections');
          return { ok: false };
        }
        this.isAdmitted = true;
      }
      return { ok: true, value };
    } catch (cause) {
      this.respondError(null, undefined, getTRPCErrorFromUnknown(cause), undefined, 'unknown');
      setImmediate(() => this.socket.close());
      return { ok: false };
    }
  }

  private async handle(msg: TRPCClientOutgoingMessage, batchIndex: number): Promise<void> {
    const { id, jsonrpc } = msg;
    if (id === null) return this.respondError(null, jsonrpc, parseError('`id` is required'), undefined, 'unknown');
    if (msg.method === 'subscription.stop') {
      this.subscriptions?.get(id)?.abort();
      // A stream waiting for the socket to drain must notice the stop now.
      return this.writer.wakeAll();
    }
    const { path, lastEventId } = msg.params;
    const type: ProcedureType = msg.method;
    let input = msg.params.input;
    if (lastEventId !== undefined) input = typeof input === 'object' && input !== null ? { ...input, lastEventId } : (input ?? { lastEventId });
    if (type === 'subscription') {
      if (this.subscriptions?.has(id)) return this.respondError(id, jsonrpc, badFrame(`Duplicate id ${id}`), path, type, input);
      if ((this.subscriptions?.size ?? 0) >= this.shared.limits.maxSubscriptionsPerSocket) {
        return this.respondError(id, jsonrpc, rateLimited(`At most ${this.shared.limits.maxSubscriptionsPerSocket} subscriptions per connection; stop one first`), path, type, input);
      }
    }
    const abort = new AbortController();
    if (type === 'subscription') (this.subscriptions ??= new Map()).set(id, abort);
    let iterator: AsyncIterator<unknown> | null = null;
    let isCompleted = false;
    try {
      const ctx = await this.ctx!;
      if (!ctx.ok) return; // already answered, and the socket is closing
      if (this.isExpired()) {
        this.respondError(id, jsonrpc, tokenExpired(), path, type, input);
        return this.closeExpired();
      }
      if (abort.signal.aborted || (type === 'subscription' && !this.writer.isOpen)) return;
      const result: unknown = await callTRPCProcedure({ router: this.shared.router, path, getRawInput: async () => input, ctx: ctx.value, type, signal: abort.signal, batchIndex });
      const isIterable = typeof result === 'object' && result !== null && Symbol.asyncIterator in result;
      if (type !== 'subscription') {
        if (isIterable) throw new TRPCError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: `Cannot return an async iterable from a ${type} procedure over WebSocket` });
        return this.respond({ id, jsonrpc, result: { type: 'data', data: result } });
      }
      if (!isIterable) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `Subscription ${path} did not return an async iterable` });
      iterator = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      if (abort.signal.aborted || !this.writer.isOpen) return;
      this.respond({ id, jsonrpc, result: { type: 'started' } });
      // Our streams end by themselves once the signal aborts, so `next()` is awaited plainly
      // rather than raced against the signal (which costs promises per event).
      for (;;) {
        // Backpressure: pull nothing while the socket is backed up; the stream's own queue is bounded.
        if (this.writer.isBackedUp() && !(await this.writer.drained(abort.signal))) break;
        const next = await iterator.next();
        if (next.done) isCompleted = true;
        if (next.done || abort.signal.aborted) break;
        this.sendEvent(id, jsonrpc, next.value);
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
    if (type !== 'subscription') return;
    // A stream that ended because the token expired is not "stopped" for the client: the socket
    // closes instead, and the client resubscribes on its fresh connection.
    if (this.isExpired()) return this.closeExpired();
    this.respond({ id, jsonrpc, result: { type: 'stopped' } });
  }

  private sendEvent(id: string | number, jsonrpc: '2.0' | undefined, value: unknown): void {
    if (!isTrackedEnvelope(value)) return this.respond({ id, jsonrpc, result: { type: 'data', data: value } });
    const [eventId, data] = value;
    const frame = this.shared.frames.dataFrame(id, jsonrpc, eventId, data);
    if (frame) return this.writer.send(frame);
    this.respond({ id, jsonrpc, result: { type: 'data', id: eventId, data: { id: eventId, data } } });
  }

  private respond(message: TRPCResponseMessage): void {
    if (!this.writer.isOpen) return;
    this.writer.send(encodeFrame(transformTRPCResponse(this.shared.config, message)));
  }

  private shapeOf(error: TRPCError, path: string | undefined, type: ProcedureType | 'unknown', input: unknown): TRPCErrorShape {
    try {
      return getErrorShape({ config: this.shared.config, error, type, path, input, ctx: undefined }) as TRPCErrorShape;
    } catch {
      return { code: -32603, message: 'Internal server error', data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 } };
    }
  }

  private respondError(id: string | number | null, jsonrpc: '2.0' | undefined, error: TRPCError, path: string | undefined, type: ProcedureType | 'unknown', input?: unknown): void {
    this.report(error, path);
    this.respond({ id, jsonrpc, error: this.shapeOf(error, path, type, input) });
  }

  private report(error: TRPCError, path: string | undefined): void {
    try {
      this.shared.onError({ error, path });
    } catch {
      // a failing error hook must not take the connection down
    }
  }
}
