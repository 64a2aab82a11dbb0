import { TRPCError } from '@trpc/server';
import { AppCode, AppError } from '../../domain/index.js';
import type { BackpressureLimits } from './socket-writer.js';

/** Per-socket and per-user bounds of the WebSocket transport (see `config.ts` for the variables). */
export interface WsLimits extends BackpressureLimits {
  /** Live subscriptions one socket may hold (`MC_WS_MAX_SUBSCRIPTIONS`). */
  maxSubscriptionsPerSocket: number;
  /** Operations one frame (a batch) may carry (`MC_WS_MAX_BATCH`). */
  maxOperationsPerFrame: number;
  /** WebSocket connections one user may hold on this instance (`MC_WS_MAX_CONNECTIONS_PER_USER`). */
  maxConnectionsPerUser: number;
  /** Frames one socket may send per second (`MC_WS_MESSAGES_PER_SECOND`). */
  maxMessagesPerSecond: number;
}

/**
 * Frames per second of one socket, counted in fixed one-second windows: two numbers kept on the
 * connection itself, and a breach says exactly when the next window opens.
 */
export interface FrameWindow {
  frameWindowStart: number;
  framesInWindow: number;
}

/** Counts a frame of `w`; returns 0 when it is allowed, else the milliseconds until one will be. */
export function takeFrame(w: FrameWindow, now: number, perSecond: number): number {
  if (now - w.frameWindowStart >= 1000) {
    w.frameWindowStart = now;
    w.framesInWindow = 0;
  }
  w.framesInWindow += 1;
  return w.framesInWindow <= perSecond ? 0 : w.frameWindowStart + 1000 - now;
}

/**
 * Up to this many times `MC_WS_MAX_BATCH`, an oversized frame has each of its operations refused
 * with its own error; past it the frame gets one error and the socket is closed
 * (`CloseCode.TOO_MANY_OPERATIONS`).
 *
 * Per-operation answers matter to honest clients: a stock `wsLink` sends every call made in the
 * same tick as one frame and settles a call only from a response carrying its id, so an app that
 * overshoots the limit must see each call rejected with the limit in the message. Each of those
 * answers costs a parse and a write, so the count must be bounded: at four times the limit the
 * refusal is no more operations than four frames within the limit, each of which would run a real
 * procedure. A frame past that is not an overshoot but an attempt to make the server write
 * thousands of frames; answering it costs one `JSON.parse` (its bytes are bounded by
 * `MC_MAX_BODY_BYTES`, the `maxPayload` of the socket) and one write, whatever the count.
 */
export const PER_OPERATION_REFUSAL_FACTOR = 4;

/** `BAD_REQUEST` + `FORMAT_001` for a frame carrying `count` operations, more than `limit`. */
export function tooManyOperations(limit: number, count: number): TRPCError {
  return badFrame(`A frame may carry at most ${limit} operations; this one has ${count}`);
}

/** `TOO_MANY_REQUESTS` + `RATE_001`, with `retryAfterMs` when waiting helps. */
export function rateLimited(message: string, retryAfterMs?: number): TRPCError {
  const cause = new AppError(AppCode.RATE_LIMITED, message, retryAfterMs === undefined ? {} : { retryAfterMs });
  return new TRPCError({ code: 'TOO_MANY_REQUESTS', message, cause });
}

/** `BAD_REQUEST` + `FORMAT_001`. */
export function badFrame(message: string): TRPCError {
  return new TRPCError({ code: 'BAD_REQUEST', message, cause: new AppError(AppCode.INVALID_INPUT, message, { fieldPaths: [] }) });
}

/** `PARSE_ERROR` with a message a person can act on (never the parser's own exception text). */
export function parseError(message: string): TRPCError {
  return new TRPCError({ code: 'PARSE_ERROR', message, cause: new AppError(AppCode.INVALID_INPUT, message, { fieldPaths: [] }) });
}

/** `UNAUTHORIZED` + `AUTH_001` for a call on a socket whose token has expired. */
export function tokenExpired(): TRPCError {
  const message = 'The token expired; reconnect with a fresh one';
  return new TRPCError({ code: 'UNAUTHORIZED', message, cause: new AppError(AppCode.AUTH_FAILED, message) });
}
