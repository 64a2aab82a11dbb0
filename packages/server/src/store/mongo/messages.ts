import type { QueryFilter } from 'mongoose';
import type { StoredMessage } from '../../domain/index.js';
import type { MessageRepository, OrgMessageQuery, Page } from '../../ports/store.js';
import { docToStoredMessage, messageToDoc } from './documents.js';
import { allOf, notExpiredAt, tokenFilter } from './filters.js';
import { isDuplicateKey } from './indexes.js';
import type { MongoContext } from './context.js';
import type { MessageDoc } from './models.js';

/** Messages, stored once each (`_id` = messageId). */
export class MongoMessageRepository implements MessageRepository {
  constructor(private readonly ctx: MongoContext) {}

  private get col() {
    return this.ctx.models().messages;
  }

  async insert(message: StoredMessage): Promise<boolean> {
    try {
      await this.col.insertOne(messageToDoc(message));
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async get(orgId: string, messageId: string): Promise<StoredMessage | null> {
    const doc = await this.col.findOne({ _id: messageId, orgId }).lean<MessageDoc>();
    return doc ? docToStoredMessage(doc) : null;
  }

  async getForAudiences(
    audiences: readonly string[],
    messageId: string,
  ): Promise<StoredMessage | null> {
    const doc = await this.col
      .findOne({ _id: messageId, audience: { $in: [...audiences] } })
      .lean<MessageDoc>();
    return doc ? docToStoredMessage(doc) : null;
  }

  async dueScheduled(now: Date, limit: number): Promise<StoredMessage[]> {
    const docs = await this.col
      .find({ status: 'SCHEDULED', deliverAt: { $lte: now } })
      .sort({ deliverAt: 1, _id: 1 })
      .limit(limit)
      .lean<MessageDoc[]>();
    return docs.map(docToStoredMessage);
  }

  async markSent(messageId: string, seq: string, now: Date): Promise<boolean> {
    // Compare-and-set on status: of two schedulers firing the same message, one matches.
    const res = await this.ctx.serialize(`message:${messageId}`, () =>
      this.col.updateOne(
        { _id: messageId, status: 'SCHEDULED' },
        { $set: { status: 'SENT', seq, updateTime: now } },
      ),
    );
    return res.modifiedCount === 1;
  }

  async cancelScheduled(orgId: string, messageId: string, now: Date): Promise<boolean> {
    const res = await this.ctx.serialize(`message:${messageId}`, () =>
      this.col.updateOne(
        { _id: messageId, orgId, status: 'SCHEDULED' },
        { $set: { status: 'CANCELLED', updateTime: now } },
      ),
    );
    return res.modifiedCount === 1;
  }

  /** SENT → FAILED: every delivery path of the message failed. */
  async markFailed(orgId: string, messageId: string, now: Date): Promise<boolean> {
    const res = await this.ctx.serialize(`message:${messageId}`, () =>
      this.col.updateOne({ _id: messageId, orgId, status: 'SENT' }, { $set: { status: 'FAILED', updateTime: now } }),
    );
    return res.modifiedCount === 1;
  }

  async purgeExpired(before: Date, limit: number): Promise<number> {
    const expired = await this.col
      .find({ expireTime: { $lt: before } }, { _id: 1 })
      .sort({ expireTime: 1 })
      .limit(limit)
      .lean<Pick<MessageDoc, '_id'>[]>();
    const ids = expired.map((d) => d._id);
    if (!ids.length) return 0;
    // State rows first: if we stop in between, the message is still there (and invisible, being
    // expired), so the next sweep finds it and finishes; no orphaned rows are left behind.
    await this.ctx.models().states.deleteMany({ messageId: { $in: ids } });
    const res = await this.col.deleteMany({ _id: { $in: ids }, expireTime: { $lt: before } });
    return res.deletedCount;
  }

  async incrementReadCounts(messageIds: readonly string[]): Promise<void> {
    if (!messageIds.length) return;
    const times = new Map<string, number>();
    for (const id of messageIds) times.set(id, (times.get(id) ?? 0) + 1);
    if (!this.ctx.isSerializing()) {
      // One round trip: each document's own $inc is atomic on MongoDB.
      await this.col.bulkWrite(
        [...times].map(([id, by]) => ({ updateOne: { filter: { _id: id }, update: { $inc: { readCount: by } } } })),
        { ordered: false },
      );
      return;
    }
    await inChunks([...times], 32, ([id, by]) => this.incrementReadCount(id, by));
  }

  async incrementReadCount(messageId: string, by: number): Promise<void> {
    await this.ctx.serialize(`message:${messageId}`, () =>
      this.col.updateOne({ _id: messageId }, { $inc: { readCount: by } }),
    );
  }

  async trending(
    orgId: string | null,
    since: Date,
    now: Date,
    limit: number,
  ): Promise<StoredMessage[]> {
    const filter = allOf(
      orgId === null ? null : { orgId },
      { status: 'SENT', createTime: { $gte: since } },
      notExpiredAt(now),
    );
    const docs = await this.col
      .find(filter)
      .sort({ readCount: -1, createTime: -1, _id: -1 })
      .limit(limit)
      .lean<MessageDoc[]>();
    return docs.map(docToStoredMessage);
  }

  async listByOrg(query: OrgMessageQuery): Promise<Page<StoredMessage>> {
    const tokens =
      query.q === undefined || query.q.trim() === '' ? undefined : tokenFilter(query.q);
    if (tokens === null) return { items: [], total: 0 };
    const filter: QueryFilter<MessageDoc> = allOf(
      { orgId: query.orgId, ...(query.messageType ? { messageType: query.messageType } : {}) },
      tokens,
    );
    const [total, docs] = await Promise.all([
      this.col.countDocuments(filter),
      this.col
        .find(filter)
        .sort({ createTime: -1, _id: -1 })
        .skip(query.offset)
        .limit(query.limit)
        .lean<MessageDoc[]>(),
    ]);
    return { items: docs.map(docToStoredMessage), total };
  }
}

/** Runs `write` over `items`, at most `width` at a time (bounded load on the server). */
export async function inChunks<T>(items: readonly T[], width: number, write: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(write));
}
