/**
 * @message-center/client — the typed client SDK: the whole router API (over one WebSocket, or
 * queries over HTTP), a live event stream with reconnect (exponential backoff, full jitter),
 * gap-free resume and dedupe, typed errors, and a headless inbox.
 */
export { createMessageCenterClient, type MessageCenterClient, type MessageCenterClientOptions, type MessageCenterHelpers, type QueryTransport, type SystemNotification } from './client.js';
export { AutoAck, type AutoAckOptions } from './auto-ack.js';
export type { ConnectionState, KeepAliveOptions, TokenSource, WebSocketConstructor, WebSocketLike } from './connection.js';
export { APP_CODES, isMessageCenterError, toMessageCenterError, type MessageCenterError } from './errors.js';
export { LiveEvents, type ResumeCheckpoint, type RealtimeEventType, type EventOf, type UnreadCount } from './live-events.js';
export type { AppCode, DiagnosticCode, InboxMessage, LiveMessage, MessageCenterRouter, RealtimeEvent, RouterInputs, RouterOutputs, ServerErrorShape, VariableDiagnosticCode } from './router.js';
export { jitteredBackoff, type BackoffOptions } from './backoff.js';

/** Close codes the server uses on the real-time socket. */
export const CloseCode = {
  /** The token expired (`AUTH_001`); the client reconnects with a fresh one from `getToken`. */
  TOKEN_EXPIRED: 4001,
  /** The client read too slowly and the server dropped it; it resumes on reconnect. */
  SLOW_CONSUMER: 4008,
  /**
   * One frame carried more than four times the server's `MC_WS_MAX_BATCH` operations (calls made
   * in the same tick are sent as one frame): the server answered it with a single `FORMAT_001`
   * error and closed the socket. The calls of that frame fail, the client reconnects. Up to four
   * times the limit, each call fails with `FORMAT_001` instead and the socket stays open.
   */
  TOO_MANY_OPERATIONS: 4013,
  /** The user already holds the most connections the server allows (`RATE_001`); the client retries with backoff. */
  TOO_MANY_CONNECTIONS: 4029,
} as const;
