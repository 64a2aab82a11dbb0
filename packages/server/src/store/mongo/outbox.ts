import { randomUUID } from 'node:crypto';
import type { Delivery } from '../../domain/index.js';
import type { OutboxRepository } from '../../ports/store-routing.js';
import { applyOutcome } from '../routing-docs.js';
import type { MongoContext } from './context.js';
import type { OutboxDoc } from './models-routing.js';

const NO_LEASE = new Date(0);

const toDoc = (d: Delivery): OutboxDoc => ({
  _id: d.deliveryId,
  orgId: d.orgId,
  messageId: d.messageId,
  status: d.status,
  nextAttemptAt: d.nextAttemptAt,
  leaseUntil: d.leaseUntil ?? NO_LEASE,
  leaseToken: d.leaseToken,
  createTime: d.createTime,
  doc: d,
});

/**
 * The outbox on MongoDB. A claim is one `findOneAndUpdate` per job whose filter requires a free
 * or expired lease, so on MongoDB two instances never lease the same job; completing is a
 * compare-and-set on the lease token (fencing). FerretDB 1.x does not apply such updates
 * atomically across processes: there, in-process claims are serialized and one instance
 * should run the worker.
 */
export function mongoOutbox(ctx: MongoContext): OutboxRepository {
  const col = () => ctx.models().outbox;
  const read = async (deliveryId: string) =>
    (await col().findById(deliveryId).lean<OutboxDoc>())?.doc ?? null;
  return {
    async enqueue(jobs) {
      if (!jobs.length) return;
      await col().bulkWrite(
        jobs.map((d) => ({
          updateOne: {
            filter: { _id: d.deliveryId },
            update: { $setOnInsert: toDoc(d) },
            upsert: true,
          },
        })),
        { ordered: false },
      );
    },

    async claimDue(now, owner, leaseMs, limit) {
      return ctx.serialize('outbox:claim', async () => {
        const claimed: Delivery[] = [];
        for (let i = 0; i < limit; i++) {
          const token = randomUUID();
          const leaseUntil = new Date(now.getTime() + leaseMs);
          const before = await col()
            .findOneAndUpdate(
              { status: 'PENDING', nextAttemptAt: { $lte: now }, leaseUntil: { $lte: now } },
              {
                $set: {
                  leaseUntil,
                  leaseToken: token,
                  'doc.leaseOwner': owner,
                  'doc.leaseToken': token,
                  'doc.leaseUntil': leaseUntil,
                  'doc.updateTime': now,
                },
                $inc: { 'doc.attempts': 1 },
              },
              { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
            )
            .lean<OutboxDoc>();
          if (!before) break;
          claimed.push(before.doc);
        }
        return claimed;
      });
    },

    async complete(deliveryId, leaseToken, outcome, now) {
      return ctx.serialize(`outbox:${deliveryId}`, async () => {
        const d = await read(deliveryId);
        if (!d || d.status !== 'PENDING' || d.leaseToken !== leaseToken) return false;
        const { _id: _ignored, ...set } = toDoc(applyOutcome(d, outcome, now));
        const r = await col().updateOne(
          { _id: deliveryId, status: 'PENDING', leaseToken },
          { $set: set },
        );
        return r.modifiedCount === 1;
      });
    },

    async get(orgId, deliveryId) {
      const d = await read(deliveryId);
      return d && d.orgId === orgId ? d : null;
    },

    async listByMessage(orgId, messageId, limit) {
      const docs = await col()
        .find({ orgId, messageId })
        .sort({ createTime: 1, _id: 1 })
        .limit(limit)
        .lean<OutboxDoc[]>();
      return docs.map((x) => x.doc);
    },

    async retry(orgId, deliveryId, now) {
      return ctx.serialize(`outbox:${deliveryId}`, async () => {
        const d = await read(deliveryId);
        if (!d || d.orgId !== orgId || d.status !== 'FAILED') return null;
        const again: Delivery = {
          ...d,
          status: 'PENDING',
          attempts: 0,
          nextAttemptAt: now,
          leaseOwner: null,
          leaseToken: null,
          leaseUntil: null,
          updateTime: now,
        };
        const { _id: _ignored, ...set } = toDoc(again);
        const r = await col().updateOne({ _id: deliveryId, status: 'FAILED' }, { $set: set });
        return r.modifiedCount === 1 ? again : null;
      });
    },
  };
}
