import type { AuditEntry } from '../../domain/index.js';
import type { AuditRepository } from '../../ports/store-admin.js';
import type { MongoContext } from './context.js';
import { isDuplicateKey } from './indexes.js';
import type { AuditDoc } from './models-admin.js';

const fromDoc = ({ _id, ...rest }: AuditDoc): AuditEntry => ({ auditId: _id, ...rest });

/** The operation log on MongoDB. */
export function mongoAudit(ctx: MongoContext): AuditRepository {
  const col = () => ctx.models().auditLog;

  return {
    async insert(e) {
      const { auditId, ...rest } = e;
      try {
        await col().create({ _id: auditId, ...rest });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    },

    async list(q) {
      const filter: Record<string, unknown> = q.orgId === null ? {} : { orgId: q.orgId };
      if (q.action !== undefined) filter.action = q.action;
      if (q.actorId !== undefined) filter.actorId = q.actorId;
      if (q.from || q.to)
        filter.createTime = {
          ...(q.from ? { $gte: q.from } : {}),
          ...(q.to ? { $lte: q.to } : {}),
        };
      const [total, docs] = await Promise.all([
        col().countDocuments(filter),
        col()
          .find(filter)
          .sort({ createTime: -1, _id: -1 })
          .skip(q.offset)
          .limit(q.limit)
          .lean<AuditDoc[]>(),
      ]);
      return { items: docs.map(fromDoc), total };
    },

    async purgeBefore(before, limit) {
      const docs = await col()
        .find({ createTime: { $lt: before } }, { _id: 1 })
        .limit(limit)
        .lean<{ _id: string }[]>();
      if (!docs.length) return 0;
      const res = await col().deleteMany({ _id: { $in: docs.map((d) => d._id) } });
      return res.deletedCount;
    },
  };
}
