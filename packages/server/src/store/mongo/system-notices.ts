import type { SystemLevel, SystemNotification } from '../../domain/index.js';
import type { SystemNoticeRepository } from '../../ports/store-admin.js';
import type { MongoContext } from './context.js';
import { isDuplicateKey } from './indexes.js';
import type { SystemNoticeDoc } from './models-admin.js';

const ALL_ORGS = '*';

const fromDoc = (d: SystemNoticeDoc): SystemNotification => ({
  notificationId: d._id,
  orgId: d.orgId === ALL_ORGS ? null : d.orgId,
  level: d.level as SystemLevel,
  title: d.title,
  content: d.content,
  actions: d.actions,
  senderId: d.senderId,
  createTime: d.createTime,
  expireTime: d.expireTime,
});

/** System notifications and per-user dismissals on MongoDB. */
export function mongoSystemNotices(ctx: MongoContext): SystemNoticeRepository {
  const notices = () => ctx.models().systemNotices;
  const dismissals = () => ctx.models().systemDismissals;

  return {
    async insert(n) {
      const { notificationId, orgId, ...rest } = n;
      try {
        await notices().create({ _id: notificationId, orgId: orgId ?? ALL_ORGS, ...rest });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    },

    async get(orgId, notificationId) {
      const doc = await notices()
        .findOne({ _id: notificationId, orgId: { $in: [orgId, ALL_ORGS] } })
        .lean<SystemNoticeDoc>();
      return doc ? fromDoc(doc) : null;
    },

    async pendingFor(orgId, userId, now, limit) {
      // A user dismisses few notices; active ones are few too (bounded by `limit` on both sides).
      const docs = await notices()
        .find({ orgId: { $in: [orgId, ALL_ORGS] }, expireTime: { $gt: now } })
        .sort({ createTime: 1, _id: 1 })
        .limit(limit * 4)
        .lean<SystemNoticeDoc[]>();
      if (!docs.length) return [];
      const dismissed = await dismissals()
        .find(
          { orgId, userId, notificationId: { $in: docs.map((d) => d._id) } },
          { _id: 0, notificationId: 1 },
        )
        .lean<{ notificationId: string }[]>();
      const gone = new Set(dismissed.map((d) => d.notificationId));
      return docs
        .filter((d) => !gone.has(d._id))
        .slice(0, limit)
        .map(fromDoc);
    },

    async dismiss(orgId, userId, notificationId, now) {
      await dismissals()
        .updateOne(
          { orgId, userId, notificationId },
          { $setOnInsert: { createTime: now } },
          { upsert: true },
        )
        .catch((error: unknown) => {
          if (!isDuplicateKey(error)) throw error;
        });
    },

    async list(orgId, state, now, limit, offset) {
      const filter: Record<string, unknown> =
        orgId === null ? {} : { orgId: { $in: [orgId, ALL_ORGS] } };
      if (state === 'ACTIVE') filter.expireTime = { $gt: now };
      if (state === 'EXPIRED') filter.expireTime = { $lte: now };
      const [total, docs] = await Promise.all([
        notices().countDocuments(filter),
        notices()
          .find(filter)
          .sort({ createTime: -1, _id: -1 })
          .skip(offset)
          .limit(limit)
          .lean<SystemNoticeDoc[]>(),
      ]);
      return { items: docs.map(fromDoc), total };
    },

    async purgeExpired(before, limit) {
      const docs = await notices()
        .find({ expireTime: { $lt: before } }, { _id: 1 })
        .limit(limit)
        .lean<{ _id: string }[]>();
      if (!docs.length) return 0;
      const ids = docs.map((d) => d._id);
      await dismissals().deleteMany({ notificationId: { $in: ids } });
      const res = await notices().deleteMany({ _id: { $in: ids } });
      return res.deletedCount;
    },
  };
}
