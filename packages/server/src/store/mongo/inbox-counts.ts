import type { MessageType } from '../../domain/index.js';
import type { InboxRepository, UserInboxSummary } from '../../ports/store.js';
import { allOf, visibleTo } from './filters.js';
import { marksOf } from './inbox-marks.js';
import type { MessageDoc, MongoModels } from './models.js';

type Counts = Pick<InboxRepository, 'unreadCount' | 'userSummary'>;
type Reader = { userId: string; audiences: readonly string[]; now: Date };

/**
 * Exact counts without scanning other users' data: visible messages are counted per type by
 * one `$group` over the inbox index (audience IN keys, status), then the reader's marked
 * messages that are visible are looked up by id and taken off. Cost grows with the reader's
 * inbox and marks, never with the number of recipients of a broadcast.
 */
export function mongoInboxCounts(models: () => MongoModels): Counts {
  return {
    async unreadCount(query) {
      const m = models();
      const [visible, marks] = await Promise.all([
        visibleByType(m, query),
        marksOf(m, query.userId, { read: true, archived: false }),
      ]);
      const marked = await typesOfVisible(m, query, [...marks.read, ...marks.deleted]);
      for (const type of marked.values()) visible.set(type, (visible.get(type) ?? 0) - 1);
      const byType: Partial<Record<MessageType, number>> = {};
      let total = 0;
      for (const [type, n] of visible) {
        if (n <= 0) continue;
        byType[type] = n;
        total += n;
      }
      return { total, byType };
    },

    async userSummary(query) {
      const m = models();
      const [visible, marks] = await Promise.all([
        visibleByType(m, query),
        marksOf(m, query.userId, { read: true, archived: true }),
      ]);
      const marked = await typesOfVisible(m, query, [
        ...marks.read,
        ...marks.deleted,
        ...marks.archived,
      ]);
      const byType = new Map([...visible].map(([type, n]) => [type, { total: n, unread: n }]));
      const summary: UserInboxSummary = { total: 0, unread: 0, read: 0, archived: 0, byType: {} };
      for (const [id, type] of marked) {
        const counts = byType.get(type);
        if (!counts) continue;
        if (marks.deleted.has(id)) {
          counts.total -= 1;
          counts.unread -= 1;
          continue;
        }
        if (marks.read.has(id)) {
          counts.unread -= 1;
          summary.read += 1;
        }
        if (marks.archived.has(id)) summary.archived += 1;
      }
      for (const [type, counts] of byType) {
        if (counts.total <= 0) continue;
        summary.byType[type] = counts;
        summary.total += counts.total;
        summary.unread += counts.unread;
      }
      return summary;
    },
  };
}

/** Visible messages per type: one `$group` with `$sum` (supported by FerretDB 1.x). */
async function visibleByType(m: MongoModels, reader: Reader): Promise<Map<MessageType, number>> {
  const groups = await m.messages.aggregate<{ _id: MessageType; n: number }>([
    { $match: visibleTo(reader.audiences, reader.now) },
    { $group: { _id: '$messageType', n: { $sum: 1 } } },
  ]);
  return new Map(groups.map((g) => [g._id, g.n]));
}

/** The type of each of `ids` that is visible to the reader (others are not counted anyway). */
async function typesOfVisible(
  m: MongoModels,
  reader: Reader,
  ids: string[],
): Promise<Map<string, MessageType>> {
  if (!ids.length) return new Map();
  const docs = await m.messages
    .find(allOf(visibleTo(reader.audiences, reader.now), { _id: { $in: [...new Set(ids)] } }), {
      _id: 1,
      messageType: 1,
    })
    .lean<Pick<MessageDoc, '_id' | 'messageType'>[]>();
  return new Map(docs.map((d) => [d._id, d.messageType]));
}
