import type { DeliveryRecord, InboxRepository } from '../../ports/store.js';
import type { MongoContext } from './context.js';
import { isDuplicateKey } from './indexes.js';

/** Records written at once; keeps a flush of a large broadcast from opening thousands of requests. */
const CONCURRENCY = 32;

/**
 * First deliveries on MongoDB. Each record is up to three conditional single-document writes
 * that each change the row only if it has no `deliveredTime`, so of any number of racing callers
 * exactly one sees a change: insert-if-missing, then UNREAD → DELIVERED, then set the time on a
 * row already in another state (READ, DELETED) that was never counted as delivered.
 */
export function mongoDeliveries(ctx: MongoContext): Pick<InboxRepository, 'recordDeliveries'> {
  const rows = () => ctx.models().states;

  const recordOne = async (r: DeliveryRecord, at: Date): Promise<boolean> =>
    ctx.serialize(`state:${r.messageId}:${r.userId}`, async () => {
      const key = { messageId: r.messageId, userId: r.userId };
      try {
        const inserted = await rows().updateOne(
          key,
          {
            $setOnInsert: {
              orgId: r.orgId,
              state: 'DELIVERED',
              archived: false,
              deliveredTime: at,
              readTime: null,
              deleteTime: null,
              createTime: at,
              updateTime: at,
            },
          },
          { upsert: true, setDefaultsOnInsert: false },
        );
        if (inserted.upsertedCount === 1) return true;
      } catch (error) {
        // Another writer inserted the row first: fall through to the conditional updates.
        if (!isDuplicateKey(error)) throw error;
      }
      const unread = await rows().updateOne(
        { ...key, deliveredTime: null, state: 'UNREAD' },
        { $set: { deliveredTime: at, state: 'DELIVERED', updateTime: at } },
      );
      if (unread.modifiedCount === 1) return true;
      const other = await rows().updateOne(
        { ...key, deliveredTime: null },
        { $set: { deliveredTime: at, updateTime: at } },
      );
      return other.modifiedCount === 1;
    });

  return {
    async recordDeliveries(records, at) {
      const changed: boolean[] = [];
      for (let i = 0; i < records.length; i += CONCURRENCY) {
        const chunk = records.slice(i, i + CONCURRENCY);
        changed.push(...(await Promise.all(chunk.map((r) => recordOne(r, at)))));
      }
      return records.filter((_, i) => changed[i] === true);
    },
  };
}
