import type { QueryFilter } from 'mongoose';
import type { InboxItem } from '../../domain/index.js';
import type { InboxQuery, InboxRepository, InboxSearch, Page } from '../../ports/store.js';
import { allOf, tokenFilter, visibleTo } from './filters.js';
import { mongoInboxCounts } from './inbox-counts.js';
import { idCondition, marksOf, withStates } from './inbox-marks.js';
import { mongoInboxBatches } from './inbox-batches.js';
import { mongoInboxStates } from './inbox-states.js';
import { mongoDeliveries } from './deliveries.js';
import type { MongoContext } from './context.js';
import type { MessageDoc, MongoModels } from './models.js';

/**
 * A user's inbox, fan-out on read: the reader's messages are found by `audience IN (keys)` on
 * the inbox index, the reader's own state rows are fetched by a second indexed query, and the
 * two are joined here (FerretDB 1.x has no `$lookup`). Pages sort by `seq` alone: stream
 * positions are unique, and a sort that matches the index lets MongoDB merge the per-audience
 * index ranges instead of sorting the inbox in memory.
 */
export function mongoInbox(ctx: MongoContext): InboxRepository {
  const models = () => ctx.models();
  return {
    list: (query) => list(models(), query),

    async since(query) {
      const m = models();
      const marks = await marksOf(m, query.userId, { read: false, archived: false });
      const filter = allOf(
        visibleTo(query.audiences, query.now),
        { seq: { $gt: query.afterSeq } },
        idCondition(marks, { state: 'ALL' }),
      );
      const docs = await m.messages
        .find(filter)
        .sort({ seq: 1 })
        .limit(query.limit)
        .lean<MessageDoc[]>();
      return withStates(m, query.userId, docs);
    },

    async get(query) {
      const m = models();
      const doc = await m.messages
        .findOne(allOf(visibleTo(query.audiences, query.now), { _id: query.messageId }))
        .lean<MessageDoc>();
      if (!doc) return null;
      const [item] = await withStates(m, query.userId, [doc]);
      return item && item.state !== 'DELETED' ? item : null;
    },

    search: (query) => search(models(), query),

    async unreadIds(query) {
      const m = models();
      const marks = await marksOf(m, query.userId, { read: true, archived: false });
      const filter = allOf(
        visibleTo(query.audiences, query.now),
        query.messageType ? { messageType: query.messageType } : null,
        idCondition(marks, { state: 'UNREAD' }),
      );
      const docs = await m.messages
        .find(filter, { _id: 1 })
        .sort({ seq: -1 })
        .limit(query.limit)
        .lean<Pick<MessageDoc, '_id'>[]>();
      return docs.map((d) => d._id);
    },

    ...mongoInboxCounts(models),
    ...mongoInboxStates(ctx),
    ...mongoInboxBatches(ctx),
    ...mongoDeliveries(ctx),
  };
}

async function list(m: MongoModels, query: InboxQuery): Promise<Page<InboxItem>> {
  const marks = await marksOf(m, query.userId, {
    read: query.state !== 'ALL',
    archived: query.archived !== undefined,
  });
  const filter = allOf(
    visibleTo(query.audiences, query.now),
    optionalEquals({
      messageType: query.messageType,
      category: query.category,
      priority: query.priority,
    }),
    idCondition(marks, { state: query.state, archived: query.archived }),
  );
  // The total counts the whole filtered inbox; a cursor only moves the window.
  const window =
    query.beforeSeq === undefined ? filter : allOf(filter, { seq: { $lt: query.beforeSeq } });
  const offset = query.beforeSeq === undefined ? query.offset : 0;
  const [total, docs] = await Promise.all([
    m.messages.countDocuments(filter),
    m.messages.find(window).sort({ seq: -1 }).skip(offset).limit(query.limit).lean<MessageDoc[]>(),
  ]);
  return { items: await withStates(m, query.userId, docs), total };
}

async function search(m: MongoModels, query: InboxSearch): Promise<Page<InboxItem>> {
  const tokens = tokenFilter(query.q);
  if (!tokens) return { items: [], total: 0 };
  const marks = await marksOf(m, query.userId, { read: false, archived: false });
  const createTime: Record<string, Date> = {};
  if (query.startDate) createTime.$gte = query.startDate;
  if (query.endDate) createTime.$lte = query.endDate;
  const filter = allOf(
    visibleTo(query.audiences, query.now),
    tokens,
    optionalEquals({ category: query.category, messageType: query.messageType }),
    Object.keys(createTime).length ? { createTime } : null,
    idCondition(marks, { state: 'ALL' }),
  );
  const [total, docs] = await Promise.all([
    m.messages.countDocuments(filter),
    m.messages
      .find(filter)
      .sort({ seq: -1 })
      .skip(query.offset)
      .limit(query.limit)
      .lean<MessageDoc[]>(),
  ]);
  return { items: await withStates(m, query.userId, docs), total };
}

/** Equality conditions for the filters that are set. */
function optionalEquals(fields: Record<string, string | undefined>): QueryFilter<MessageDoc> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}
