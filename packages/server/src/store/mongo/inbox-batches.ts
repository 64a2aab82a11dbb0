import type { InboxItem, InboxState } from '../../domain/index.js';
import type { InboxBatch, InboxRepository } from '../../ports/store.js';
import type { MongoContext } from './context.js';
import { docToInboxItem, docToStateRow } from './documents.js';
import { allOf, visibleTo } from './filters.js';
import { isDuplicateKey } from './indexes.js';
import { inChunks } from './messages.js';
import type { MessageDoc, MongoModels, StateDoc } from './models.js';

/** Single-row writes in flight at once for one batch: hides round trips without swamping the server. */
const WIDTH = 32;

/** A visible message of the batch, and whether the user already has a state row for it. */
interface Candidate {
  item: InboxItem;
  hasRow: boolean;
}

/**
 * Batch state changes without multi-document transactions. One read finds the batch's visible
 * messages and the user's rows; messages without a row (the usual case: never touched) get
 * theirs in one unordered `insertMany`, where the unique (messageId, userId) index makes each
 * insert a compare-and-set; the rest (rows that exist, or were created by a racing writer
 * meanwhile) take one atomic conditional update each, a few at a time.
 */
export function mongoInboxBatches(ctx: MongoContext): Pick<InboxRepository, 'markReadMany' | 'deleteMany'> {
  const models = () => ctx.models();

  return {
    async markReadMany(batch) {
      const m = models();
      const candidates = (await visibleOfBatch(m, batch)).filter((c) => c.item.state !== 'READ');
      const fresh = candidates.filter((c) => !c.hasRow).map((c) => c.item);
      const inserted = await insertRows(m, batch, fresh, 'READ');
      const changed = fresh.filter((item) => inserted.has(item.messageId));
      const rest = candidates.filter((c) => !inserted.has(c.item.messageId)).map((c) => c.item);
      await inChunks(rest, WIDTH, async (item) => {
        const before = await ctx.serialize(`state:${item.messageId}:${batch.userId}`, () => markRead(m, batch, item));
        if (before === 'lost') return;
        changed.push(before ? { ...item, state: before.state, archived: before.archived, deliveredTime: before.deliveredTime, readTime: before.readTime } : item);
      });
      // In the store's order (newest first), not in completion order.
      const order = new Map(candidates.map((c, i) => [c.item.messageId, i]));
      return changed.sort((a, b) => order.get(a.messageId)! - order.get(b.messageId)!);
    },

    async deleteMany(batch) {
      const m = models();
      const visible = await visibleOfBatch(m, batch);
      const inserted = await insertRows(m, batch, visible.filter((c) => !c.hasRow).map((c) => c.item), 'DELETED');
      const rest = visible.filter((c) => !inserted.has(c.item.messageId)).map((c) => c.item.messageId);
      if (rest.length) {
        // Deleting is idempotent: one multi-document update, whatever raced with it.
        await m.states.updateMany(
          { userId: batch.userId, messageId: { $in: rest } },
          { $set: { state: 'DELETED', deleteTime: batch.now, updateTime: batch.now } },
        );
      }
      return visible.map((c) => c.item.messageId);
    },
  };
}

/** The batch's messages the user can see (not expired, not deleted), newest first. */
async function visibleOfBatch(m: MongoModels, batch: InboxBatch): Promise<Candidate[]> {
  if (!batch.messageIds.length) return [];
  const docs = await m.messages
    .find(allOf(visibleTo(batch.audiences, batch.now), { _id: { $in: [...batch.messageIds] } }))
    .sort({ seq: -1 })
    .lean<MessageDoc[]>();
  if (!docs.length) return [];
  const rows = await m.states.find({ userId: batch.userId, messageId: { $in: docs.map((d) => d._id) } }).lean<StateDoc[]>();
  const byMessage = new Map(rows.map((r) => [r.messageId, r]));
  return docs
    .map((d) => ({ item: docToInboxItem(d, byMessage.get(d._id)), hasRow: byMessage.has(d._id) }))
    .filter((c) => c.item.state !== 'DELETED');
}

/**
 * Inserts a `state` row for each item in one unordered write. Returns the ids it inserted; an
 * item whose insert hit the unique index got a row from a racing writer first.
 */
async function insertRows(m: MongoModels, batch: InboxBatch, items: readonly InboxItem[], state: InboxState): Promise<Set<string>> {
  if (!items.length) return new Set();
  const at = batch.now;
  const docs: StateDoc[] = items.map((item) => ({
    messageId: item.messageId,
    userId: batch.userId,
    orgId: batch.orgId,
    state,
    archived: false,
    deliveredTime: state === 'READ' ? at : null,
    readTime: state === 'READ' ? at : null,
    deleteTime: state === 'DELETED' ? at : null,
    createTime: at,
    updateTime: at,
  }));
  const refused = new Set<number>();
  try {
    await m.states.collection.insertMany(docs, { ordered: false });
  } catch (error) {
    const writeErrors = writeErrorsOf(error);
    if (!writeErrors || writeErrors.some((e) => e.code !== 11000)) throw error;
    for (const e of writeErrors) refused.add(e.index);
  }
  return new Set(items.filter((_, i) => !refused.has(i)).map((item) => item.messageId));
}

/** The per-document errors of an unordered bulk write, or null for any other error. */
function writeErrorsOf(error: unknown): { index: number; code: number }[] | null {
  const list = (error as { writeErrors?: unknown } | null)?.writeErrors;
  if (!list) return null;
  const all = Array.isArray(list) ? list : [list];
  return all.map((e: { index?: number; code?: number; err?: { index?: number; code?: number } }) => ({
    index: e.index ?? e.err?.index ?? -1,
    code: e.code ?? e.err?.code ?? 0,
  }));
}

/**
 * Marks one message READ unless it already is (or was deleted meanwhile). Returns the row it
 * replaced, null when it created the row, or 'lost' when another writer got there first.
 */
async function markRead(m: MongoModels, batch: InboxBatch, item: InboxItem): Promise<StateDoc | null | 'lost'> {
  const at = batch.now;
  try {
    const before = await m.states
      .findOneAndUpdate(
        { messageId: item.messageId, userId: batch.userId, state: { $nin: ['READ', 'DELETED'] } },
        {
          $set: { state: 'READ', readTime: at, deliveredTime: item.deliveredTime ?? at, updateTime: at },
          $setOnInsert: { orgId: batch.orgId, archived: false, deleteTime: null, createTime: at },
        },
        { upsert: true, returnDocument: 'before', setDefaultsOnInsert: false },
      )
      .lean<StateDoc>();
    return before ? docToStateRow(before) : null;
  } catch (error) {
    // No unread row matched, so the upsert tried to insert one beside the existing READ or
    // DELETED row: the unique index refused it, meaning someone else changed it first.
    if (isDuplicateKey(error)) return 'lost';
    if (isDuplicateKey((error as { cause?: unknown }).cause)) return 'lost';
    throw error;
  }
}
