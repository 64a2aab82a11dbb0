import type { InboxState, Message, SystemNotification } from '../domain/index.js';

/** A change of some messages' state by one user (so their other devices update). */
export interface StateChange {
  orgId: string;
  userId: string;
  messageIds: string[];
  /** New state for all of `messageIds`; null when only `archived` changed. */
  state: InboxState | null;
  archived: boolean | null;
  /** Session that made the change (so it need not be echoed back to it). */
  originSessionId: string | null;
  at: Date;
}

/** A message that became visible, with its audience key and stream position. */
export interface VisibleMessage {
  message: Message;
  audience: string;
  seq: string;
}

/**
 * The event publisher port: how services announce what happened, after the store write
 * succeeded. The real-time layer implements it over the bus (`realtime/bus-events.ts`); services
 * never see the wire format, the channels or the connections.
 */
export interface EventPublisher {
  /** A message became visible to its audience (`seq` is its stream position). */
  messageVisible(message: Message, audience: string, seq: string): Promise<void>;
  /** Several messages became visible at once (a batch send): one publish per channel, not per message. */
  messagesVisible(items: VisibleMessage[]): Promise<void>;
  /** A user's state of some messages changed. */
  stateChanged(change: StateChange): Promise<void>;
  /** Group membership of these users changed: their audiences must be recomputed. */
  membershipChanged(orgId: string, userIds: string[]): Promise<void>;
  /** A user came online (first live connection) or went offline (last one closed). */
  presenceChanged(orgId: string, userId: string, isOnline: boolean, at: Date): Promise<void>;
  /** A system notification for one org, or every org when `orgId` is null. */
  system(orgId: string | null, notification: SystemNotification): Promise<void>;
}
