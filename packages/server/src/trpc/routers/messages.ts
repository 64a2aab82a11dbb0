import { z } from 'zod';
import {
  AckInput,
  BatchDeleteInput,
  BatchReadInput,
  BroadcastInput,
  ListInput,
  MessageIdOnly,
  OrgMessagesInput,
  SearchInput,
  SendInput,
  SendManyInput,
  SendToGroupInput,
  type Principal,
} from '../../domain/index.js';
import { adminProcedure, router, senderProcedure, userProcedure } from '../trpc.js';

const actor = (ctx: { principal: Principal; sessionId: string | null }) => ({
  principal: ctx.principal,
  sessionId: ctx.sessionId,
});

/** `messages.*` (SPEC §4). */
export const messagesRouter = router({
  send: senderProcedure.input(SendInput).mutation(({ ctx, input }) => ctx.services.messaging.send(ctx.principal, input)),
  /** Up to 1,000 sends in one call; per-item results in item order. */
  sendMany: senderProcedure.input(SendManyInput).mutation(({ ctx, input }) => ctx.services.messaging.sendMany(ctx.principal, input)),
  sendToGroup: senderProcedure.input(SendToGroupInput).mutation(({ ctx, input }) => ctx.services.messaging.sendToGroup(ctx.principal, input)),
  broadcast: adminProcedure.input(BroadcastInput).mutation(({ ctx, input }) => ctx.services.messaging.broadcast(ctx.principal, input)),

  list: userProcedure.input(ListInput).query(({ ctx, input }) => ctx.services.inbox.list(ctx.principal, input)),
  get: userProcedure.input(MessageIdOnly).query(({ ctx, input }) => ctx.services.inbox.get(ctx.principal, input.messageId)),
  markRead: userProcedure.input(MessageIdOnly).mutation(({ ctx, input }) => ctx.services.inbox.markRead(actor(ctx), input.messageId)),
  markUnread: userProcedure.input(MessageIdOnly).mutation(({ ctx, input }) => ctx.services.inbox.markUnread(actor(ctx), input.messageId)),
  batchRead: userProcedure.input(BatchReadInput).mutation(({ ctx, input }) => ctx.services.inbox.batchRead(actor(ctx), input)),
  archive: userProcedure
    .input(MessageIdOnly.extend({ archived: z.boolean().default(true) }))
    .mutation(({ ctx, input }) => ctx.services.inbox.archive(actor(ctx), input.messageId, input.archived)),
  delete: userProcedure.input(MessageIdOnly).mutation(({ ctx, input }) => ctx.services.inbox.delete(actor(ctx), input.messageId)),
  batchDelete: userProcedure.input(BatchDeleteInput).mutation(({ ctx, input }) => ctx.services.inbox.batchDelete(actor(ctx), input.messageIds)),
  unreadCount: userProcedure.query(({ ctx }) => ctx.services.inbox.unreadCount(ctx.principal)),
  search: userProcedure.input(SearchInput).query(({ ctx, input }) => ctx.services.inbox.search(ctx.principal, input)),
  ack: userProcedure.input(AckInput).mutation(({ ctx, input }) => ctx.services.inbox.ack(actor(ctx), input)),

  /** Admin: an org's messages (any audience), optionally searched. */
  orgList: adminProcedure.input(OrgMessagesInput).query(({ ctx, input }) => ctx.services.messageAdmin.list(ctx.principal, input)),
  /** Admin: per-recipient state of one of the org's messages. */
  recipients: adminProcedure
    .input(MessageIdOnly.extend({ limit: z.number().int().min(1).max(1000).default(200) }))
    .query(({ ctx, input }) => ctx.services.messageAdmin.recipients(ctx.principal, input.messageId, input.limit)),
});
