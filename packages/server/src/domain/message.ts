import { z } from 'zod';
import { FreeJsonObject } from './free-json.js';
import type { InboxState, MessageStatus, MessageType, Priority, ReceiverType } from './enums.js';
import type { TemplateVariable } from './template.js';

export const Attachment = z.object({
  name: z.string().min(1).max(256),
  url: z.string().min(1).max(2048),
  type: z.string().max(128).default('file'),
});
export type Attachment = z.infer<typeof Attachment>;

/** Free-form extension data on a message (seed §4.2.1 `metadata`). */
export const MessageMetadata = z
  .object({
    actionUrl: z.string().max(2048).optional(),
    actionText: z.string().max(128).optional(),
    attachments: z.array(Attachment).max(20).optional(),
    templateId: z.string().max(128).optional(),
    templateVersion: z.number().int().positive().optional(),
    businessId: z.string().max(256).optional(),
    customData: FreeJsonObject.optional(),
  })
  .strict();
export type MessageMetadata = z.infer<typeof MessageMetadata>;

/**
 * How to re-render a templated message for each recipient (`recipient.id`, `recipient.name`)
 * while it is stored once. Kept in stored metadata; never returned to readers.
 */
export interface Personalization {
  title: string;
  content: string;
  values: Record<string, unknown>;
  timeZone: string;
  /** The template's variable declarations (defaults, types) at send time. */
  variables?: TemplateVariable[];
  /**
   * The render clock in epoch ms: when the message became visible (its `deliverAt`, else its
   * send time). A number, not a Date, so it survives every store's JSON round trip unchanged.
   */
  renderedAtMs?: number;
}

/** Metadata as stored: the public fields plus the server-only personalization. */
export type StoredMetadata = MessageMetadata & { personalization?: Personalization };

/** A message as stored: once, whatever the number of recipients. */
export interface Message {
  messageId: string;
  orgId: string;
  senderId: string;
  senderName: string;
  receiverType: ReceiverType;
  /** userId for USER, groupId for USER_GROUP / ROLE, orgId for ORGANIZATION, `*` for ALL_USERS. */
  receiverId: string;
  messageType: MessageType;
  title: string;
  content: string;
  priority: Priority;
  category: string;
  metadata: StoredMetadata;
  status: MessageStatus;
  deliverAt: Date | null;
  expireTime: Date | null;
  createTime: Date;
  updateTime: Date;
}

/**
 * A message as the store keeps it: the public fields plus what the adapters index.
 */
export interface StoredMessage extends Message {
  /** Audience key (see `audience.ts`): which inboxes the message appears in. */
  audience: string;
  /**
   * Stream position: a time-ordered id given when the message became visible (at send, or when a
   * scheduled message fired). Inbox order, list cursors and real-time replay all follow it.
   * Empty while the message is SCHEDULED.
   */
  seq: string;
  /** Search tokens of title + content (see `search-tokens.ts`). */
  tokens: string[];
  /** Recipients resolved at send time (1 for USER; group size; known org users). */
  recipientCount: number;
  /** How many recipients have read it (for trending). */
  readCount: number;
}

/** One recipient's copy of a message: the message plus that user's state. */
export interface InboxItem extends Message {
  seq: string;
  state: InboxState;
  archived: boolean;
  deliveredTime: Date | null;
  readTime: Date | null;
}

/** A per-user state row. Rows exist only once a user's state of a message changed. */
export interface InboxStateRow {
  messageId: string;
  userId: string;
  orgId: string;
  state: InboxState;
  archived: boolean;
  deliveredTime: Date | null;
  readTime: Date | null;
  deleteTime: Date | null;
  createTime: Date;
  updateTime: Date;
}

/** Public projection of a stored message (drops index-only fields). */
export function toMessage(m: Message): Message {
  return {
    messageId: m.messageId,
    orgId: m.orgId,
    senderId: m.senderId,
    senderName: m.senderName,
    receiverType: m.receiverType,
    receiverId: m.receiverId,
    messageType: m.messageType,
    title: m.title,
    content: m.content,
    priority: m.priority,
    category: m.category,
    metadata: m.metadata,
    status: m.status,
    deliverAt: m.deliverAt,
    expireTime: m.expireTime,
    createTime: m.createTime,
    updateTime: m.updateTime,
  };
}
