import { callTRPCProcedure, getErrorShape, getTRPCErrorFromUnknown, isTrackedEnvelope, transformTRPCResponse, TRPCError, type AnyRouter } from '@trpc/server';
import { parseConnectionParamsFromUnknown } from '@trpc/server/http';
import { parseTRPCMessage, type TRPCClientOutgoingMessage, type TRPCErrorShape, type TRPCResponseMessage } from '@trpc/server/rpc';
import type { WebSocket } from 'ws';
import { CloseCode } from './close-codes.js';
import { encodeFrame, type SharedFrameCache } from './frame-encoding.js';
import { SocketWriter, type SlowConsumerDisconnect } from './socket-writer.js';
import { badFrame, parseError, PER_OPERATION_REFUSAL_FACTOR, rateLimited, takeFrame, tokenExpired, tooManyOperations, type FrameWindow, type WsLimits } from './ws-limits.js';
import { WsSubscription } from './ws-subscription.js';

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
/** A socket's subscriptions: usually exactly one, held without a map. */
type Subscriptions = WsSubscription | Map<string | number, WsSubscription> | null;

/**
 * One socket speaking tRPC's WebSocket protocol (the `wsLink` of `@trpc/client`): batching,
 * `subscription.stop`, `connectionParams`, `lastEventId`, keep-alive. Procedures run through
 * tRPC (`callTRPCProcedure`: middlewares, input parsing); errors are shaped by the router's
 * formatter. The transport's own duties live here: limits per socket, token expiry per call,
 * and backpressure (a subscription is not pulled while the socket is backed up).
 */
export class WsConnection extends SocketWriter implements FrameWindow {
  lastMessageAt = Date.now();
  isPinged = false;
  /** The user's key (one per org and user), or null when unauthenticated. */
  userKey: string | null = null;
  /** When the token expires (epoch ms), or null when it does not. */
  expiresAtMs: number | null = null;
  frameWindowStart = 0;
  framesInWindow = 0;
  private isAdmitted = false;
  /** The context while it is being created, then its outcome (the promise is not kept). */
  private ctx: Promise<Ctx> | Ctx | null = null;
  private subscriptions: Subscriptions = null;

  constructor(
    private readonly shared: HandlerShared,
    socket: WebSocket,
    expectsConnectionParams: boolean,
  ) {
    super(socket, shared.limits);
    if (!expectsConnectionParams) this.startContext(null);
  }

  /** Whether the token behind this socket has expired. */
  isExpired(now = Date.now()): boolean {
    return this.expiresAtMs !== null && now >= this.expiresAtMs;
  }

  /** Closes the socket for an expired token; the client reconnects with a fresh one. */
  closeExpired(): void {
    if (this.isOpen) this.socket.close(CloseCode.TOKEN_EXPIRED, 'AUTH_001 token expired');
  }

  protected onSlowConsumer(info: SlowConsumerDisconnect): void {
    this.shared.onSlowConsumer({ ...info, userKey: this.userKey });
  }

  onMessage(text: string, isBinary: boolean): void {
    // `ws` still delivers frames that arrive while the socket is closing; nothing can be answered.
    if (!this.isOpen) return;
    const now = Date.now();
    this.lastMessageAt = now;
    this.isPinged = false;
    if (text === 'PONG' && !isBinary) return;
    const retryAfterMs = takeFrame(this, now, this.shared.limits.maxMessagesPerSecond);
    if (isBinary) return this.respondError(null, undefined, parseError('Expected JSON in a text frame'), undefined, 'unknown');
    if (text === 'PING') return this.send('PONG');
    if (!this.ctx) return this.startContext(text);
    const messages = this.parse(text);
    if (!messages) return;
    if (retryAfterMs > 0) {
      const error = rateLimited(`At most ${this.shared.limits.maxMessagesPerSecond} WebSocket messages per second; retry in ${retryAfterMs} ms`, retryAfterMs);
      return this.refuseAll(messages, error);
    }
    if (messages.length > this.shared.limits.maxOperationsPerFrame) {
      return this.refuseAll(messages, tooManyOperations(this.shared.limits.maxOperationsPerFrame, messages.length));
    }
    messages.forEach((msg, index) => {
      this.handle(msg, index).catch((cause: unknown) => this.report(getTRPCErrorFromUnknown(cause), undefined));
    });
  }

  onClose(): void {
    const subs = this.subscriptions;
    this.subscriptions = null;
    if (subs instanceof Map) for (const sub of subs.values()) sub.abort.abort();
    else subs?.abort.abort();
    this.writerClosed();
    if (this.isAdmitted && this.userKey !== null) this.shared.release(this.userKey);
    this.isAdmitted = false;
  }

  /**
   * The frame's operations, or null after answering a frame that is not valid tRPC, or one with
   * so many operations that it is refused whole and the socket closed (checked before any
   * operation is parsed, see `PER_OPERATION_REFUSAL_FACTOR`).
   */
  private parse(text: string): TRPCClientOutgoingMessage[] | null {
    let decoded: unknown;
    try {
      decoded = JSON.parse(text) as unknown;
    } catch {
      this.respondError(null, undefined, parseError('The frame is not valid JSON'), undefined, 'unknown');
      return null;
    }
    const raw: unknown[] = Array.isArray(decoded) ? decoded : [decoded];
    const limit = this.shared.limits.maxOperationsPerFrame;
    if (raw.length > limit * PER_OPERATION_REFUSAL_FACTOR) {
      this.respondError(null, undefined, tooManyOperations(limit, raw.length), undefined, 'unknown');
      this.socket.close(CloseCode.TOO_MANY_OPERATIONS, 'FORMAT_001 too many operations in one frame');
      return null;
    }
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
      this.send(`{"id":${JSON.stringify(msg.id)},${rpc}"error":${shape}}`);
    }
  }

  private startContext(paramsText: string | null): void {
    const pending = this.createContext(paramsText);
    // Still pending (the usual case): calls wait for it; `createContext` replaces it with its outcome.
    this.ctx ??= pending;
  }

  private async createContext(paramsText: string | null): Promise<Ctx> {
    const outcome = await this.contextOutcome(paramsText);
    this.ctx = outcome;
    return outcome;
  }

  private async contextOutcome(paramsText: string | null): Promise<Ctx> {
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
      const { userKey, expiresAtMs } = this.shared.describe(value);
      this.userKey = userKey;
      this.expiresAtMs = expiresAtMs;
      if (userKey !== null) {
        if (!this.isOpen) return { ok: false };
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
      this.subscription(id)?.abort.abort();
      // A stream waiting for the socket to drain must notice the stop now.
      return this.wakeAll();
    }
    const { path, lastEventId } = msg.params;
    let input = msg.params.input;
    if (lastEventId !== undefined) input = typeof input === 'object' && input !== null ? { ...input, lastEventId } : (input ?? { lastEventId });
    if (msg.method === 'subscription') return this.subscribe(id, jsonrpc, path, input, batchIndex);
    // The literal, not the parsed frame's copy of the word.
    const type: ProcedureType = msg.method === 'query' ? 'query' : 'mutation';
    const { signal } = new AbortController();
    try {
      const ctx = await this.ctx!;
      if (!ctx.ok) return; // already answered, and the socket is closing
      if (this.isExpired()) {
        this.respondError(id, jsonrpc, tokenExpired(), path, type, input);
        return this.closeExpired();
      }
      const result: unknown = await callTRPCProcedure({ router: this.shared.router, path, getRawInput: async () => input, ctx: ctx.value, type, signal, batchIndex });
      if (isAsyncIterable(result)) throw new TRPCError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: `Cannot return an async iterable from a ${type} procedure over WebSocket` });
      this.respond({ id, jsonrpc, result: { type: 'data', data: result } });
    } catch (cause) {
      this.respondError(id, jsonrpc, getTRPCErrorFromUnknown(cause), path, type, input);
    }
  }

  /** Starts a subscription; once it runs, its own small loop (`WsSubscription.pump`) goes on alone. */
  private async subscribe(id: string | number, jsonrpc: '2.0' | undefined, path: string, input: unknown, batchIndex: number): Promise<void> {
    if (this.subscription(id)) return this.respondError(id, jsonrpc, badFrame(`Duplicate id ${id}`), path, 'subscription', input);
    if (this.subscriptionCount() >= this.shared.limits.maxSubscriptionsPerSocket) {
      return this.respondError(id, jsonrpc, rateLimited(`At most ${this.shared.limits.maxSubscriptionsPerSocket} subscriptions per connection; stop one first`), path, 'subscription', input);
    }
    const sub = new WsSubscription(this, id, jsonrpc, path);
    this.addSubscription(sub);
    const { signal } = sub.abort;
    try {
      const ctx = await this.ctx!;
      if (!ctx.ok) return await sub.end(false); // already answered, and the socket is closing
      if (this.isExpired()) {
        this.respondError(id, jsonrpc, tokenExpired(), path, 'subscription', input);
        await sub.end(false);
        return this.closeExpired();
      }
      if (signal.aborted || !this.isOpen) return await sub.end(false);
      const result: unknown = await callTRPCProcedure({ router: this.shared.router, path, getRawInput: async () => input, ctx: ctx.value, type: 'subscription', signal, batchIndex });
      if (!isAsyncIterable(result)) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `Subscription ${path} did not return an async iterable` });
      sub.iterator = result[Symbol.asyncIterator]();
      if (signal.aborted || !this.isOpen) return await sub.end(false);
      this.respond({ id, jsonrpc, result: { type: 'started' } });
    } catch (cause) {
      const isAnswered = sub.failed(getTRPCErrorFromUnknown(cause));
      await sub.end(false);
      if (!isAnswered) this.streamEnded(id, jsonrpc);
      return;
    }
    sub.pump();
  }

  /**
   * A stream ended: the client hears `stopped`. One that ended because the token expired is not
   * "stopped" for the client: the socket closes instead, and the client resubscribes on its
   * fresh connection.
   */
  streamEnded(id: string | number, jsonrpc: '2.0' | undefined): void {
    if (this.isExpired()) return this.closeExpired();
    this.respond({ id, jsonrpc, result: { type: 'stopped' } });
  }

  private subscription(id: string | number): WsSubscription | undefined {
    const subs = this.subscriptions;
    if (subs instanceof Map) return subs.get(id);
    return subs?.id === id ? subs : undefined;
  }

  private subscriptionCount(): number {
    const subs = this.subscriptions;
    return subs instanceof Map ? subs.size : subs ? 1 : 0;
  }

  private addSubscription(sub: WsSubscription): void {
    const subs = this.subscriptions;
    if (subs === null) this.subscriptions = sub;
    else if (subs instanceof Map) subs.set(sub.id, sub);
    else this.subscriptions = new Map([[subs.id, subs], [sub.id, sub]]);
  }

  /** Forgets a subscription that ended (if it is still the one under its id). */
  removeSubscription(sub: WsSubscription): void {
    const subs = this.subscriptions;
    if (subs === sub) this.subscriptions = null;
    else if (subs instanceof Map && subs.get(sub.id) === sub) {
      subs.delete(sub.id);
      if (subs.size === 0) this.subscriptions = null;
    }
  }

  /** Sends one event of subscription `id`. */
  sendEvent(id: string | number, jsonrpc: '2.0' | undefined, value: unknown): void {
    if (!isTrackedEnvelope(value)) return this.respond({ id, jsonrpc, result: { type: 'data', data: value } });
    const [eventId, data] = value;
    const frame = this.shared.frames.dataFrame(id, jsonrpc, eventId, data);
    if (frame) return this.send(frame);
    this.respond({ id, jsonrpc, result: { type: 'data', id: eventId, data: { id: eventId, data } } });
  }

  private respond(message: TRPCResponseMessage): void {
    if (!this.isOpen) return;
    this.send(encodeFrame(transformTRPCResponse(this.shared.config, message)));
  }

  private shapeOf(error: TRPCError, path: string | undefined, type: ProcedureType | 'unknown', input: unknown): TRPCErrorShape {
    try {
      return getErrorShape({ config: this.shared.config, error, type, path, input, ctx: undefined }) as TRPCErrorShape;
    } catch {
      return { code: -32603, message: 'Internal server error', data: { code: 'INTERNAL_SERVER_ERROR', httpStatus: 500 } };
    }
  }

  /** Answers operation `id` with `error`, shaped by the router's formatter. */
  respondError(id: string | number | null, jsonrpc: '2.0' | undefined, error: TRPCError, path: string | undefined, type: ProcedureType | 'unknown', input?: unknown): void {
    this.report(error, path);
    this.respond({ id, jsonrpc, error: this.shapeOf(error, path, type, input) });
  }

  /** Tells the handler's error hook. */
  report(error: TRPCError, path: string | undefined): void {
    try {
      this.shared.onError({ error, path });
    } catch {
      // a failing error hook must not take the connection down
    }
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
