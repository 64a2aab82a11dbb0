import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../domain/index.js';
import type { InboxBatch } from '../../ports/store.js';
import { at, idsOf, insertAll, listInbox, makeMessage, readerOf, setState, toOrg, toUser } from './fixtures.contract.js';
import type { StoreFixture, TestReader } from './fixtures.contract.js';

const batchOf = (r: TestReader, messageIds: readonly string[], now: Date = r.now): InboxBatch => ({
  userId: r.userId,
  orgId: r.orgId,
  audiences: r.audiences,
  now,
  messageIds,
});

/** Messages a batch by `u1` of `org-a` must never touch: expired, another user's, another org's. */
async function insertOutOfReach(ctx: StoreFixture): Promise<Record<'expired' | 'othersMessage' | 'otherOrg', StoredMessage>> {
  const [expired, othersMessage, otherOrg] = await insertAll(ctx.store, makeMessage({ expireTime: at(1) }), makeMessage(toUser('u2')), makeMessage(toOrg('org-b')));
  return { expired: expired!, othersMessage: othersMessage!, otherOrg: otherOrg! };
}

/** Batch read and delete: one call per batch, only visible messages, exact "before" rows. */
export function inboxBatchesContract(ctx: StoreFixture): void {
  const u1 = readerOf('org-a', 'u1');
  const u2 = readerOf('org-a', 'u2');

  describe('inbox: batch read', () => {
    it('marks the visible unread ones read and returns each as it was before', async () => {
      const [fresh, delivered, reread, alreadyRead, deleted] = await insertAll(ctx.store, ...Array.from({ length: 5 }, () => makeMessage()));
      const { expired, othersMessage, otherOrg } = await insertOutOfReach(ctx);
      await setState(ctx.store, u1, delivered!.messageId, { state: 'DELIVERED', deliveredTime: at(2), archived: true });
      await setState(ctx.store, u1, reread!.messageId, { state: 'READ', readTime: at(3), deliveredTime: at(3) });
      await setState(ctx.store, u1, reread!.messageId, { state: 'UNREAD' });
      await setState(ctx.store, u1, alreadyRead!.messageId, { state: 'READ', readTime: at(4), deliveredTime: at(4) });
      await setState(ctx.store, u1, deleted!.messageId, { state: 'DELETED', deleteTime: at(5) });
      const all = [fresh, delivered, reread, alreadyRead, deleted, expired, othersMessage, otherOrg, makeMessage()];

      const changed = await ctx.store.inbox.markReadMany(batchOf(u1, idsOf(all.map((m) => m!))));

      expect(idsOf(changed).sort()).toEqual(idsOf([fresh!, delivered!, reread!]).sort());
      const before = new Map(changed.map((item) => [item.messageId, item]));
      expect(before.get(fresh!.messageId)).toMatchObject({ state: 'UNREAD', readTime: null, deliveredTime: null });
      expect(before.get(delivered!.messageId)).toMatchObject({ state: 'DELIVERED', readTime: null, deliveredTime: at(2) });
      expect(before.get(reread!.messageId)).toMatchObject({ state: 'UNREAD', readTime: at(3) });
      for (const id of idsOf([fresh!, delivered!, reread!])) {
        const row = await ctx.store.inbox.getState(u1.userId, id);
        expect(row).toMatchObject({ state: 'READ', readTime: u1.now, orgId: 'org-a' });
      }
      expect((await ctx.store.inbox.getState(u1.userId, fresh!.messageId))?.deliveredTime).toEqual(u1.now);
      // What was there stays: the first delivery time, the archive flag, a deleted row, others' rows.
      expect(await ctx.store.inbox.getState(u1.userId, delivered!.messageId)).toMatchObject({ deliveredTime: at(2), archived: true });
      expect(await ctx.store.inbox.getState(u1.userId, alreadyRead!.messageId)).toMatchObject({ readTime: at(4) });
      expect(await ctx.store.inbox.getState(u1.userId, deleted!.messageId)).toMatchObject({ state: 'DELETED' });
      expect(await ctx.store.inbox.getState(u1.userId, othersMessage.messageId)).toBeNull();
      expect(await ctx.store.inbox.getState(u1.userId, otherOrg.messageId)).toBeNull();
      expect((await ctx.store.inbox.unreadCount(u1)).total).toBe(0);
      expect((await ctx.store.inbox.unreadCount(u2)).total).toBe(1);
    });

    it('answers an empty batch with nothing, and a repeated batch with nothing new', async () => {
      const [m] = await insertAll(ctx.store, makeMessage());
      expect(await ctx.store.inbox.markReadMany(batchOf(u1, []))).toEqual([]);
      expect(idsOf(await ctx.store.inbox.markReadMany(batchOf(u1, [m!.messageId])))).toEqual([m!.messageId]);
      expect(await ctx.store.inbox.markReadMany(batchOf(u1, [m!.messageId], at(70)))).toEqual([]);
    });

    it('racing batches (and single upserts) report each message exactly once', async () => {
      const messages = await insertAll(ctx.store, ...Array.from({ length: 12 }, () => makeMessage()));
      const ids = idsOf(messages);
      const [a, b, c, single] = await Promise.all([
        ctx.store.inbox.markReadMany(batchOf(u1, ids)),
        ctx.store.inbox.markReadMany(batchOf(u1, [...ids].reverse())),
        ctx.store.inbox.markReadMany(batchOf(u1, ids.slice(3, 9))),
        setState(ctx.store, u1, ids[5]!, { state: 'READ', readTime: at(6) }),
      ]);
      const reported = [...idsOf(a), ...idsOf(b), ...idsOf(c), ...(single?.readTime ? [] : [ids[5]!])];
      expect(reported.sort()).toEqual([...ids].sort());
    });

    it('handles a batch of hundreds in one call', async () => {
      const messages = Array.from({ length: 300 }, () => makeMessage(toOrg()));
      for (const m of messages) await ctx.store.messages.insert(m);
      const changed = await ctx.store.inbox.markReadMany(batchOf(u1, idsOf(messages)));
      expect(changed).toHaveLength(300);
      expect((await ctx.store.inbox.unreadCount(u1)).total).toBe(0);
      expect((await ctx.store.inbox.unreadCount(u2)).total).toBe(300);
    }, 120_000);
  });

  describe('inbox: batch delete', () => {
    it('deletes the visible ones, keeps others’ and other orgs’ messages, and reports what it deleted', async () => {
      const [mine, readOne, gone] = await insertAll(ctx.store, ...Array.from({ length: 3 }, () => makeMessage()));
      const { expired, othersMessage, otherOrg } = await insertOutOfReach(ctx);
      await setState(ctx.store, u1, readOne!.messageId, { state: 'READ', readTime: at(2), archived: true });
      await setState(ctx.store, u1, gone!.messageId, { state: 'DELETED', deleteTime: at(3) });

      const deleted = await ctx.store.inbox.deleteMany(batchOf(u1, idsOf([mine!, readOne!, gone!, expired, othersMessage, otherOrg])));

      expect([...deleted].sort()).toEqual(idsOf([mine!, readOne!]).sort());
      expect(await ctx.store.inbox.getState(u1.userId, readOne!.messageId)).toMatchObject({ state: 'DELETED', deleteTime: u1.now, readTime: at(2) });
      expect(await ctx.store.inbox.getState(u1.userId, gone!.messageId)).toMatchObject({ deleteTime: at(3) });
      expect((await listInbox(ctx.store, u1)).total).toBe(0);
      expect(idsOf((await listInbox(ctx.store, u2)).items)).toEqual([othersMessage.messageId]);
      expect(await ctx.store.inbox.deleteMany(batchOf(u1, []))).toEqual([]);
      expect(await ctx.store.inbox.deleteMany(batchOf(u1, [mine!.messageId]))).toEqual([]);
    });
  });

  describe('messages: read counts in bulk', () => {
    it('adds one per listing and ignores unknown ids', async () => {
      const [a, b] = await insertAll(ctx.store, makeMessage(), makeMessage());
      await ctx.store.messages.incrementReadCounts([a!.messageId, b!.messageId, a!.messageId, 'msg_unknown']);
      await ctx.store.messages.incrementReadCounts([]);
      expect((await ctx.store.messages.get('org-a', a!.messageId))?.readCount).toBe(2);
      expect((await ctx.store.messages.get('org-a', b!.messageId))?.readCount).toBe(1);
    });
  });
}
