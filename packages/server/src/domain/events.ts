import type { InboxState, MessageType } from './enums.js';
import type { Message } from './message.js';
import type { SystemNotification } from './system.js';

/** A message as the real-time stream delivers it: the message, its stream position and the reader's state. */
export type LiveMessage = Message & { seq: string; state: InboxState; archived: boolean };

/**
 * What `realtime.events` yields (seed §6.2.2). Every event travels inside `tracked(id, event)`;
 * the id is the resume cursor (see `event-ids.ts`).
 */
export type RealtimeEvent =
  | { type: 'MESSAGE'; message: LiveMessage }
  | {
      /** The reader changed these messages on another device (or connection). */
      type: 'MESSAGE_UPDATED';
      messageIds: string[];
      /** New state, or null when only `archived` changed. */
      state: InboxState | null;
      archived: boolean | null;
      at: Date;
    }
  | { type: 'UNREAD_COUNT'; total: number; byType: Record<MessageType, number> }
  | { type: 'SYSTEM_NOTIFICATION'; notification: SystemNotification }
  | { type: 'ONLINE_STATUS'; userId: string; isOnline: boolean; at: Date }
  | { type: 'ERROR'; appCode: string; message: string };

export type RealtimeEventType = RealtimeEvent['type'];

/** What `stats.live` yields every couple of seconds. */
export interface LiveStats {
  connections: number;
  onlineUsers: number;
  messagesPerSecond: number;
  at: Date;
}
