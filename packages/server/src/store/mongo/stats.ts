import type { DailyCounter } from '../../domain/index.js';
import type { StatsRepository } from '../../ports/store.js';
import { isDuplicateKey } from './indexes.js';
import type { MongoContext } from './context.js';
import type { DailyStatsDoc } from './models.js';
import { compositeKey } from '../../domain/composite-key.js';

/**
 * Daily counters bumped with one `$inc` upsert each: statistics never scan messages, and
 * concurrent increments from several instances add up (the server applies `$inc` atomically).
 */
export function mongoStats(ctx: MongoContext): StatsRepository {
  const col = () => ctx.models().dailyStats;

  return {
    async increment(orgId, day, messageType, delta) {
      const inc = {
        total: delta.total ?? 0,
        delivered: delta.delivered ?? 0,
        read: delta.read ?? 0,
        readTimeSum: delta.readTimeSum ?? 0,
      };
      const write = () =>
        col().updateOne({ orgId, day, messageType }, { $inc: inc }, { upsert: true });
      await ctx.serialize(compositeKey('stats', orgId, day, messageType), async () => {
        try {
          await write();
        } catch (error) {
          // Two first increments of a new row race on the unique index: the loser retries as an update.
          if (!isDuplicateKey(error)) throw error;
          await write();
        }
      });
    },

    async range(orgId, startDay, endDay) {
      const filter = {
        ...(orgId === null ? {} : { orgId }),
        day: { $gte: startDay, $lte: endDay },
      };
      const docs = await col()
        .find(filter)
        .sort({ day: 1, orgId: 1, messageType: 1 })
        .lean<DailyStatsDoc[]>();
      return docs.map((d): DailyCounter => ({
        orgId: d.orgId,
        day: d.day,
        messageType: d.messageType,
        total: d.total ?? 0,
        delivered: d.delivered ?? 0,
        read: d.read ?? 0,
        readTimeSum: d.readTimeSum ?? 0,
      }));
    },
  };
}
