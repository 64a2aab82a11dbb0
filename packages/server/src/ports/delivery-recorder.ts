import type { Principal, SystemNotification } from '../domain/index.js';

/** What the real-time layer knows about a message it wrote to a connection. */
export interface DeliveredMessage {
  messageId: string;
  orgId: string;
  messageType: string;
  createTime: Date;
}

/**
 * Delivery accounting: the real-time layer reports each message it wrote to a live connection
 * (and the inbox each DELIVERED acknowledgement); the implementation records first deliveries in
 * batches (never a store write per call).
 */
export interface DeliveryRecorder {
  /**
   * The message reached one of `recipient`'s devices: written to a live connection, or
   * acknowledged by the SDK. Never throws, never waits.
   */
  reached(recipient: Principal, message: DeliveredMessage): void;
  /**
   * True when this instance already saw `messageId` reach `recipient` (so an acknowledgement of
   * it needs no store read: the server wrote it to that user's connection itself).
   */
  hasReached(recipient: Principal, messageId: string): boolean;
  /** Resolves once everything reported so far is in the store (for read-your-writes callers). */
  settled(): Promise<void>;
}

/**
 * System notifications a connecting user has not seen yet: shown on connect until they expire
 * or the user dismisses them.
 */
export interface PendingNotices {
  pendingFor(recipient: Principal): Promise<SystemNotification[]>;
}
