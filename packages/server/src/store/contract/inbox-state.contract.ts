import { describe, expect, it } from 'vitest';
import {
  at,
  insertAll,
  makeMessage,
  nonZero,
  readerOf,
  setState,
  toAllUsers,
  toOrg,
  type StoreFixture,
} from './fixtures.contract.js';

/** Per-user state rows and the counts derived from them. */
export function inboxStateContract(ctx: StoreFixture): void {
  const u1 = readerOf('org-a', 'u1');

  describe('inbox: unread counts', () => {
    it('counts unread exactly, in total and by type, through reads, deliveries, deletes and unreads', async () => {
      const [n1, n2, n3, a1, a2] = await insertAll(
        ctx.store,
        makeMessage({ messageType: 'NOTIFICATION' }),
        makeMessage({ messageType: 'NOTIFICATION' }),
        makeMessage({ messageType: 'NOTIFICATION' }),
        makeMessage({ messageType: 'ALERT' }),
        makeMessage({ messageType: 'ALERT' }),
        makeMessage({ messageType: 'SYSTEM', ...toOrg() }),
        makeMessage({ messageType: 'SYSTEM', receiverId: 'u2' }),
      );
      const count = async () => {
        const c = await ctx.store.inbox.unreadCount(u1);
        return { total: c.total, byType: nonZero(c.byType) };
      };
      expect(await count()).toEqual({ total: 6, byType: { NOTIFICATION: 3, ALERT: 2, SYSTEM: 1 } });
      await setState(ctx.store, u1, a1!.messageId, { state: 'READ', readTime: at(1) });
      expect(await count()).toEqual({ total: 5, byType: { NOTIFICATION: 3, ALERT: 1, SYSTEM: 1 } });
      await setState(ctx.store, u1, n1!.messageId, { state: 'DELIVERED', deliveredTime: at(2) });
      await setState(ctx.store, u1, n2!.messageId, { archived: true });
      expect((await count()).total).toBe(5);
      await setState(ctx.store, u1, n3!.messageId, { state: 'DELETED', deleteTime: at(3) });
      expect(await count()).toEqual({ total: 4, byType: { NOTIFICATION: 2, ALERT: 1, SYSTEM: 1 } });
      await setState(ctx.store, u1, a1!.messageId, { state: 'UNREAD' });
      expect(await count()).toEqual({ total: 5, byType: { NOTIFICATION: 2, ALERT: 2, SYSTEM: 1 } });
      await setState(ctx.store, u1, a1!.messageId, { state: 'READ' });
      await setState(ctx.store, u1, a2!.messageId, { state: 'READ' });
      expect(await count()).toEqual({ total: 3, byType: { NOTIFICATION: 2, SYSTEM: 1 } });
    });

    it('lists unread ids, optionally of one type, up to the limit', async () => {
      const [n1, n2, readOne, a1, deleted] = await insertAll(
        ctx.store,
        makeMessage({ messageType: 'NOTIFICATION' }),
        makeMessage({ messageType: 'NOTIFICATION', ...toOrg() }),
        makeMessage({ messageType: 'NOTIFICATION' }),
        makeMessage({ messageType: 'ALERT' }),
        makeMessage({ messageType: 'ALERT' }),
        makeMessage({ messageType: 'ALERT', receiverId: 'u2' }),
        makeMessage({ messageType: 'ALERT', expireTime: at(1) }),
      );
      await setState(ctx.store, u1, readOne!.messageId, { state: 'READ' });
      await setState(ctx.store, u1, deleted!.messageId, { state: 'DELETED' });
      const ids = (extra: { messageType?: 'ALERT' | 'NOTIFICATION'; limit?: number } = {}) =>
        ctx.store.inbox.unreadIds({
          userId: u1.userId,
          audiences: u1.audiences,
          now: u1.now,
          limit: 100,
          ...extra,
        });
      expect((await ids()).sort()).toEqual([n1!, n2!, a1!].map((m) => m.messageId).sort());
      expect(await ids({ messageType: 'ALERT' })).toEqual([a1!.messageId]);
      expect((await ids({ messageType: 'NOTIFICATION' })).sort()).toEqual(
        [n1!.messageId, n2!.messageId].sort(),
      );
      const limited = await ids({ limit: 2 });
      expect(limited).toHaveLength(2);
      expect([n1!, n2!, a1!].map((m) => m.messageId)).toEqual(expect.arrayContaining(limited));
    });

    it('summarizes a user’s inbox: visible, unread, read, archived, by type', async () => {
      const [n1, n2, a1, a2] = await insertAll(
        ctx.store,
        makeMessage({ messageType: 'NOTIFICATION' }),
        makeMessage({ messageType: 'NOTIFICATION' }),
        makeMessage({ messageType: 'ALERT' }),
        makeMessage({ messageType: 'ALERT' }),
        makeMessage({ messageType: 'ALERT', expireTime: at(1) }),
        makeMessage({ messageType: 'SYSTEM', receiverId: 'u2' }),
      );
      await setState(ctx.store, u1, n1!.messageId, { archived: true });
      await setState(ctx.store, u1, n2!.messageId, { state: 'READ', archived: true });
      await setState(ctx.store, u1, a1!.messageId, { state: 'DELIVERED' });
      await setState(ctx.store, u1, a2!.messageId, { state: 'DELETED' });
      const summary = await ctx.store.inbox.userSummary(u1);
      expect({ ...summary, byType: {} }).toEqual({
        total: 3,
        unread: 2,
        read: 1,
        archived: 2,
        byType: {},
      });
      expect(summary.byType.NOTIFICATION).toEqual({ total: 2, unread: 1 });
      expect(summary.byType.ALERT).toEqual({ total: 1, unread: 1 });
      expect(summary.byType.SYSTEM?.total ?? 0).toBe(0);
    });
  });

  describe('inbox: state rows', () => {
    it('has no row until the first change (= UNREAD)', async () => {
      const m = makeMessage();
      await ctx.store.messages.insert(m);
      expect(await ctx.store.inbox.getState('u1', m.messageId)).toBeNull();
    });

    it('upserts a row, returns the row before each change, and keeps fields the patch leaves out', async () => {
      const m = makeMessage();
      await ctx.store.messages.insert(m);
      const key = { userId: 'u1', orgId: 'org-a', messageId: m.messageId };
      expect(
        await ctx.store.inbox.upsertState({ ...key, now: at(1) }, { archived: true }),
      ).toBeNull();
      const created = {
        ...key,
        state: 'UNREAD',
        archived: true,
        deliveredTime: null,
        readTime: null,
        deleteTime: null,
        createTime: at(1),
        updateTime: at(1),
      };
      expect(await ctx.store.inbox.getState('u1', m.messageId)).toEqual(created);

      expect(
        await ctx.store.inbox.upsertState(
          { ...key, now: at(2) },
          { state: 'READ', readTime: at(2), deliveredTime: at(2) },
        ),
      ).toEqual(created);
      const read = {
        ...created,
        state: 'READ',
        readTime: at(2),
        deliveredTime: at(2),
        updateTime: at(2),
      };
      expect(await ctx.store.inbox.getState('u1', m.messageId)).toEqual(read);

      // null clears a date; undefined keeps it.
      expect(
        await ctx.store.inbox.upsertState(
          { ...key, now: at(3) },
          { readTime: null, deliveredTime: undefined },
        ),
      ).toEqual(read);
      expect(await ctx.store.inbox.getState('u1', m.messageId)).toEqual({
        ...read,
        readTime: null,
        updateTime: at(3),
      });
    });

    it('keeps one row per (message, user), and separate rows per user', async () => {
      const m = makeMessage(toOrg());
      await ctx.store.messages.insert(m);
      const u2 = readerOf('org-a', 'u2');
      await setState(ctx.store, u1, m.messageId, { state: 'DELIVERED' }, at(1));
      await setState(ctx.store, u1, m.messageId, { state: 'READ' }, at(2));
      await setState(ctx.store, u1, m.messageId, { archived: true }, at(3));
      await setState(ctx.store, u2, m.messageId, { state: 'DELETED' }, at(4));
      const rows = await ctx.store.inbox.statesOfMessage('org-a', m.messageId, 10);
      expect(rows.map((r) => [r.userId, r.state, r.archived]).sort()).toEqual([
        ['u1', 'READ', true],
        ['u2', 'DELETED', false],
      ]);
    });

    it('lists the recipient states of a message within the reader org, up to the limit', async () => {
      const everyone = makeMessage(toAllUsers('org-platform'));
      const other = makeMessage(toOrg());
      await insertAll(ctx.store, everyone, other);
      for (const user of ['u1', 'u2', 'u3'])
        await setState(ctx.store, readerOf('org-a', user), everyone.messageId, { state: 'READ' });
      await setState(ctx.store, readerOf('org-b', 'u9'), everyone.messageId, { state: 'READ' });
      await setState(ctx.store, u1, other.messageId, { state: 'READ' });

      const inA = await ctx.store.inbox.statesOfMessage('org-a', everyone.messageId, 10);
      expect(inA.map((r) => r.userId).sort()).toEqual(['u1', 'u2', 'u3']);
      expect(inA.every((r) => r.orgId === 'org-a' && r.messageId === everyone.messageId)).toBe(
        true,
      );
      expect(
        (await ctx.store.inbox.statesOfMessage('org-b', everyone.messageId, 10)).map(
          (r) => r.userId,
        ),
      ).toEqual(['u9']);
      expect(await ctx.store.inbox.statesOfMessage('org-a', everyone.messageId, 2)).toHaveLength(2);
      expect(await ctx.store.inbox.statesOfMessage('org-b', other.messageId, 10)).toEqual([]);
    });
  });
}
