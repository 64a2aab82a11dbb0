import { z } from 'zod';
import { GroupType, MessageType, Priority } from './enums.js';
import { ExternalId } from './ids.js';
import { MessageMetadata } from './message.js';

/** Limits on message size; oversized input is refused with FORMAT_001. */
export const LIMITS = {
  titleChars: 200,
  contentChars: 20_000,
  categoryChars: 64,
  pageSizeMax: 100,
  batchIdsMax: 500,
  searchQueryChars: 200,
} as const;

const MessageIdInput = z.string().min(1).max(64);

/** The message fields shared by every send variant (SPEC §4 `messages.send`). */
export const MessageContent = z.object({
  messageType: MessageType,
  title: z.string().trim().min(1).max(LIMITS.titleChars),
  content: z.string().max(LIMITS.contentChars),
  priority: Priority.default('NORMAL'),
  category: z.string().trim().max(LIMITS.categoryChars).default('GENERAL'),
  metadata: MessageMetadata.default({}),
  expireTime: z.coerce.date<Date | string>().optional(),
  deliverAt: z.coerce.date<Date | string>().optional(),
  idempotencyKey: z.string().min(1).max(128).optional(),
  /** Display name of the sender; defaults to the caller's name. */
  senderName: z.string().max(128).optional(),
});
export type MessageContent = z.infer<typeof MessageContent>;

export const SendInput = MessageContent.extend({ receiverId: ExternalId });
export type SendInput = z.infer<typeof SendInput>;

export const SendToGroupInput = MessageContent.extend({
  groupId: ExternalId,
  groupType: z.enum(['USER_GROUP', 'ROLE', 'ORGANIZATION']),
});
export type SendToGroupInput = z.infer<typeof SendToGroupInput>;

export const BroadcastInput = MessageContent.extend({
  scope: z.enum(['ORGANIZATION', 'ALL_USERS']),
});
export type BroadcastInput = z.infer<typeof BroadcastInput>;

/** Most items one `messages.sendMany` call may carry. */
export const SEND_MANY_MAX = 1_000;

/**
 * One item of `messages.sendMany`: the fields of `send`, addressed to exactly one of a user
 * (`receiverId`), a group (`groupId` + `groupType`) or a scope (`scope`).
 */
export const SendManyItem = MessageContent.extend({
  receiverId: ExternalId.optional(),
  groupId: ExternalId.optional(),
  groupType: z.enum(['USER_GROUP', 'ROLE', 'ORGANIZATION']).optional(),
  scope: z.enum(['ORGANIZATION', 'ALL_USERS']).optional(),
}).superRefine((item, ctx) => {
  const targets = [item.receiverId !== undefined, item.groupId !== undefined || item.groupType !== undefined, item.scope !== undefined].filter(Boolean).length;
  if (targets !== 1) {
    ctx.addIssue({ code: 'custom', path: ['receiverId'], message: 'give exactly one target: receiverId, groupId with groupType, or scope' });
  } else if ((item.groupId === undefined) !== (item.groupType === undefined)) {
    ctx.addIssue({ code: 'custom', path: [item.groupId === undefined ? 'groupId' : 'groupType'], message: 'groupId and groupType go together' });
  }
});
export type SendManyItem = z.infer<typeof SendManyItem>;

/**
 * `messages.sendMany`. Items are validated one by one by the service, so one bad item is
 * answered with its own error instead of failing the whole batch; here only the envelope is
 * checked (1 to SEND_MANY_MAX objects).
 */
export const SendManyInput = z.object({
  items: z
    .array(z.custom<z.input<typeof SendManyItem>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { message: 'each item must be an object' }))
    .min(1)
    .max(SEND_MANY_MAX),
});
export type SendManyInput = z.infer<typeof SendManyInput>;

const Paging = {
  page: z.number().int().min(1).max(10_000).default(1),
  size: z.number().int().min(1).max(LIMITS.pageSizeMax).default(20),
};

export const ListInput = z
  .object({
    ...Paging,
    cursor: z.string().min(1).max(64).optional(),
    state: z.enum(['UNREAD', 'READ', 'ALL']).default('ALL'),
    messageType: MessageType.optional(),
    category: z.string().max(LIMITS.categoryChars).optional(),
    priority: Priority.optional(),
    archived: z.boolean().optional(),
  })
  .default({ page: 1, size: 20, state: 'ALL' });
export type ListInput = z.infer<typeof ListInput>;

export const MessageIdOnly = z.object({ messageId: MessageIdInput });

export const BatchReadInput = z.union([
  z.object({ messageIds: z.array(MessageIdInput).min(1).max(LIMITS.batchIdsMax) }),
  z.object({ all: z.literal(true), messageType: MessageType.optional() }),
]);
export type BatchReadInput = z.infer<typeof BatchReadInput>;

export const BatchDeleteInput = z.object({ messageIds: z.array(MessageIdInput).min(1).max(LIMITS.batchIdsMax) });

export const SearchInput = z.object({
  q: z.string().trim().min(1).max(LIMITS.searchQueryChars),
  category: z.string().max(LIMITS.categoryChars).optional(),
  messageType: MessageType.optional(),
  startDate: z.coerce.date<Date | string>().optional(),
  endDate: z.coerce.date<Date | string>().optional(),
  ...Paging,
});
export type SearchInput = z.infer<typeof SearchInput>;

export const AckInput = z.object({
  messageId: MessageIdInput,
  status: z.enum(['DELIVERED', 'READ', 'FAILED']),
  errorMessage: z.string().max(1000).optional(),
});
export type AckInput = z.infer<typeof AckInput>;

export const GroupCreateInput = z.object({
  groupId: ExternalId.optional(),
  name: z.string().trim().min(1).max(128),
  type: GroupType.default('USER_GROUP'),
  description: z.string().max(1000).default(''),
  members: z.array(ExternalId).max(10_000).default([]),
});
export const GroupUpdateInput = z.object({
  groupId: ExternalId,
  name: z.string().trim().min(1).max(128).optional(),
  description: z.string().max(1000).optional(),
});
export const GroupMembersInput = z.object({
  groupId: ExternalId,
  userIds: z.array(ExternalId).min(1).max(10_000),
});
export const GroupIdInput = z.object({ groupId: ExternalId });
export const GroupListInput = z
  .object({ type: GroupType.optional(), ...Paging })
  .default({ page: 1, size: 20 });

const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');

export const StatsOverviewInput = z.object({
  startDate: DateOnly,
  endDate: DateOnly,
  groupBy: z.enum(['day', 'week', 'month']).default('day'),
  /** Platform operators only: another org, or `*` for every org. */
  orgId: z.string().min(1).max(128).optional(),
});
export const TrendingInput = z
  .object({
    period: z.enum(['24h', '7d', '30d']).default('7d'),
    limit: z.number().int().min(1).max(100).default(10),
    orgId: z.string().min(1).max(128).optional(),
  })
  .default({ period: '7d', limit: 10 });

export const OrgMessagesInput = z.object({
  q: z.string().trim().max(LIMITS.searchQueryChars).optional(),
  messageType: MessageType.optional(),
  ...Paging,
});

export const PresenceStatusInput = z.object({ userIds: z.array(ExternalId).min(1).max(1000) });
