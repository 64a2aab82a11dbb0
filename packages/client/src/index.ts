/**
 * @message-center/client — the typed client SDK: the whole router API over one WebSocket and a
 * live event stream with reconnect (exponential backoff, full jitter), gap-free resume and dedupe.
 */
export { createMessageCenterClient, type MessageCenterClient, type MessageCenterClientOptions, type MessageCenterHelpers, type ConnectionState, type WebSocketConstructor, type SystemNotification } from './client.js';
export { AutoAck, type AutoAckOptions } from './auto-ack.js';
export { LiveEvents, type ResumeCheckpoint, type RealtimeEvent, type RealtimeEventType, type EventOf, type LiveMessage, type UnreadCount } from './live-events.js';
export { jitteredBackoff, type BackoffOptions } from './backoff.js';

/** Close codes the server uses on the real-time socket. */
export const CloseCode = {
  /** The token expired (`AUTH_001`); the client reconnects with a fresh one from `getToken`. */
  TOKEN_EXPIRED: 4001,
  /** The client read too slowly and the server dropped it; it resumes on reconnect. */
  SLOW_CONSUMER: 4008,
} as const;
