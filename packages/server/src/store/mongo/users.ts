import type { UserRepository } from '../../ports/store.js';
import { isDuplicateKey } from './indexes.js';
import type { MongoContext } from './context.js';
import type { UserDoc } from './models.js';
import { compositeKey } from '../../domain/composite-key.js';

/** Users seen in tokens: the built-in directory of an org's members. */
export function mongoUsers(ctx: MongoContext): UserRepository {
  const col = () => ctx.models().users;

  return {
    async touch(orgId, userId, name, now) {
      const set: Partial<UserDoc> = { updateTime: now };
      const setOnInsert: Partial<UserDoc> = { createTime: now };
      // An unknown name keeps the one we have (or starts empty).
      if (name === undefined) setOnInsert.name = null;
      else set.name = name;
      const write = () =>
        col().updateOne(
          { orgId, userId },
          { $set: set, $setOnInsert: setOnInsert },
          { upsert: true, setDefaultsOnInsert: false },
        );
      await ctx.serialize(compositeKey('user', orgId, userId), async () => {
        try {
          await write();
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          await write();
        }
      });
    },

    async count(orgId) {
      return col().countDocuments(orgId === null ? {} : { orgId });
    },

    async listIds(orgId, afterUserId, limit) {
      const filter = afterUserId === null ? { orgId } : { orgId, userId: { $gt: afterUserId } };
      const docs = await col()
        .find(filter, { _id: 0, userId: 1 })
        .sort({ userId: 1 })
        .limit(limit)
        .lean<Pick<UserDoc, 'userId'>[]>();
      return docs.map((d) => d.userId);
    },
  };
}
