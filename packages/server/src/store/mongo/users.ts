import type { UserContact } from '../../domain/index.js';
import type { UserRepository } from '../../ports/store.js';
import { isDuplicateKey } from './indexes.js';
import type { MongoContext } from './context.js';
import type { UserDoc } from './models.js';
import { compositeKey } from '../../domain/composite-key.js';

/** Users seen in tokens: the built-in directory of an org's members. */
export function mongoUsers(ctx: MongoContext): UserRepository {
  const col = () => ctx.models().users;
  const toContact = (d: UserDoc): UserContact => ({
    orgId: d.orgId,
    userId: d.userId,
    name: d.name ?? null,
    email: d.email ?? null,
    phone: d.phone ?? null,
    timeZone: d.timeZone ?? null,
    locale: d.locale ?? null,
    createTime: d.createTime,
    updateTime: d.updateTime,
  });

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

    async upsert(orgId, userId, patch, now) {
      const set: Record<string, unknown> = { updateTime: now };
      for (const [field, value] of Object.entries(patch)) if (value !== undefined) set[field] = value;
      const write = () =>
        col()
          .findOneAndUpdate({ orgId, userId }, { $set: set, $setOnInsert: { createTime: now } }, { upsert: true, returnDocument: 'after', setDefaultsOnInsert: false })
          .lean<UserDoc>();
      const doc = await ctx.serialize(`user:${orgId}:${userId}`, async () => {
        try {
          return await write();
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
          return write();
        }
      });
      if (!doc) throw new Error(`user ${userId} could not be written`);
      return toContact(doc);
    },

    async get(orgId, userId) {
      const doc = await col().findOne({ orgId, userId }).lean<UserDoc>();
      return doc ? toContact(doc) : null;
    },
  };
}
