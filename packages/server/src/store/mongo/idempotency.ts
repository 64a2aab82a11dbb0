import type { IdempotencyRepository } from '../../ports/store.js';
import type { MongoContext } from './context.js';
import { isDuplicateKey } from './indexes.js';
import type { IdempotencyDoc } from './models.js';
import { compositeKey } from '../../domain/composite-key.js';

const MAX_ATTEMPTS = 5;

/**
 * Send-side idempotency keys, unique on (orgId, key). A claim is one conditional upsert: it
 * replaces a claim older than the window, or inserts when there is none. When a live claim
 * exists the upsert collides on the unique index, and that claim's message id is returned.
 */
export function mongoIdempotency(ctx: MongoContext): IdempotencyRepository {
  const col = () => ctx.models().idempotencyKeys;

  async function claim(
    orgId: string,
    key: string,
    messageId: string,
    now: Date,
    notBefore: Date,
  ): Promise<string | null> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        await col().updateOne(
          { orgId, key, createTime: { $lt: notBefore } },
          { $set: { messageId, createTime: now } },
          { upsert: true },
        );
        return null;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const existing = await col().findOne({ orgId, key }).lean<IdempotencyDoc>();
      if (existing && existing.createTime >= notBefore) return existing.messageId;
      // The live claim disappeared or aged out between the two reads: claim again.
    }
    throw new Error(
      `idempotency key "${key}" is contended; giving up after ${MAX_ATTEMPTS} attempts`,
    );
  }

  return {
    claim(orgId, key, messageId, now, notBefore) {
      return ctx.serialize(compositeKey('idempotency', orgId, key), () =>
        claim(orgId, key, messageId, now, notBefore),
      );
    },
  };
}
