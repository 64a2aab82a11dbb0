import type { Principal, SystemNotification } from '../domain/index.js';

/** What the real-time layer knows about a message it wrote to a connection. */
export interface DeliveredMessage {
  messageId: string;
  orgId: string;
  messageType: string;
  createTime: Date;
}

/**
 * Delivery accounting: the real-time layer reports each message it wrote to a live connection;
 * the implementation records first deliveries in batches (never a store write per call).
 */
export interface DeliveryRecorder {
  /** The message was written to one of `recipient`'s live connections. Never throws, never waits. */
  written(recipient: Principal, message: DeliveredMessage): void;
}

/**
 * System notifications a connecting user has not seen yet: shown on connect until they expire
 * or the user dismisses them.
 */
export interface PendingNotices {
  pendingFor(recipient: Principal): Promise<SystemNotification[]>;
}
