import { describe, expect, it } from 'vitest';
import type { Store } from '../../ports/store.js';
import {
  NOW,
  at,
  idsOf,
  insertAll,
  listInbox,
  makeMessage,
  readerOf,
  setState,
  toAllUsers,
  toGroup,
  toOrg,
  toUser,
  type StoreFixture,
  type TestReader,
} from './fixtures.contract.js';

/** Everything a reader can see a message through, so visibility is checked on every path. */
async function seenBy(store: Store, r: TestReader, messageId: string, q: string) {
  const scope = { userId: r.userId, audiences: r.audiences, now: r.now };
  const list = idsOf((await listInbox(store, r)).items).includes(messageId);
  const get = (await store.inbox.get({ ...scope, messageId })) !== null;
  const since = idsOf(await store.inbox.since({ ...scope, afterSeq: '', limit: 100 })).includes(
    messageId,
  );
  const search = idsOf(
    (await store.inbox.search({ ...scope, q, limit: 100, offset: 0 })).items,
  ).includes(messageId);
  const unreadIds = (await store.inbox.unreadIds({ ...scope, limit: 100 })).includes(messageId);
  return { list, get, since, search, unreadIds };
}

const EVERYWHERE = { list: true, get: true, since: true, search: true, unreadIds: true };
const NOWHERE = { list: false, get: false, since: false, search: false, unreadIds: false };

/** Who sees what: audiences, expiry, scheduling, deletion, broadcast state, replay. */
export function inboxVisibilityContract(ctx: StoreFixture): void {
  const u1 = readerOf('org-a', 'u1');
  const u2 = readerOf('org-a', 'u2');

  describe('inbox: visibility', () => {
    it('hides a message from every query once expireTime <= now', async () => {
      const expiresNow = makeMessage({ title: 'Expiring', expireTime: NOW });
      const expiresLater = makeMessage({
        title: 'Lasting',
        expireTime: new Date(NOW.getTime() + 1),
      });
      await insertAll(ctx.store, expiresNow, expiresLater);
      expect(await seenBy(ctx.store, u1, expiresNow.messageId, 'expiring')).toEqual(NOWHERE);
      expect(await seenBy(ctx.store, u1, expiresLater.messageId, 'lasting')).toEqual(EVERYWHERE);
      const earlier = readerOf('org-a', 'u1', [], at(59));
      expect(await seenBy(ctx.store, earlier, expiresNow.messageId, 'expiring')).toEqual(
        EVERYWHERE,
      );
      expect((await ctx.store.inbox.unreadCount(u1)).total).toBe(1);
      expect((await ctx.store.inbox.userSummary(u1)).total).toBe(1);
      expect((await listInbox(ctx.store, u1)).total).toBe(1);
    });

    it('shows only SENT messages: scheduled, cancelled, failed and expired-status ones stay hidden', async () => {
      const hidden = await insertAll(
        ctx.store,
        makeMessage({ title: 'Hidden', status: 'SCHEDULED', deliverAt: at(30) }),
        makeMessage({ title: 'Hidden', status: 'CANCELLED' }),
        makeMessage({ title: 'Hidden', status: 'FAILED' }),
        makeMessage({ title: 'Hidden', status: 'EXPIRED' }),
      );
      for (const m of hidden)
        expect(await seenBy(ctx.store, u1, m.messageId, 'hidden')).toEqual(NOWHERE);
      expect(await ctx.store.inbox.unreadCount(u1)).toMatchObject({ total: 0 });
      expect((await ctx.store.inbox.userSummary(u1)).total).toBe(0);
    });

    it('hides a deleted message for that user only', async () => {
      const broadcast = makeMessage({ ...toOrg(), title: 'Townhall' });
      await ctx.store.messages.insert(broadcast);
      await setState(ctx.store, u1, broadcast.messageId, { state: 'DELETED', deleteTime: at(5) });
      expect(await seenBy(ctx.store, u1, broadcast.messageId, 'townhall')).toEqual(NOWHERE);
      expect((await ctx.store.inbox.unreadCount(u1)).total).toBe(0);
      expect((await ctx.store.inbox.userSummary(u1)).total).toBe(0);
      expect(await seenBy(ctx.store, u2, broadcast.messageId, 'townhall')).toEqual(EVERYWHERE);
      expect((await ctx.store.inbox.unreadCount(u2)).total).toBe(1);
    });

    it('shows an org broadcast, stored once, to every user of that org only, with independent state', async () => {
      const broadcast = makeMessage({ ...toOrg('org-a'), title: 'Quarterly review' });
      await ctx.store.messages.insert(broadcast);
      const u3 = readerOf('org-a', 'u3');
      for (const r of [u1, u2, u3])
        expect(await seenBy(ctx.store, r, broadcast.messageId, 'quarterly')).toEqual(EVERYWHERE);
      expect(
        await seenBy(ctx.store, readerOf('org-b', 'u4'), broadcast.messageId, 'quarterly'),
      ).toEqual(NOWHERE);

      await setState(ctx.store, u1, broadcast.messageId, { state: 'READ', readTime: at(10) });
      await setState(ctx.store, u3, broadcast.messageId, { archived: true });
      const stateOf = async (r: TestReader) => (await listInbox(ctx.store, r)).items[0];
      expect(await stateOf(u1)).toMatchObject({ state: 'READ', archived: false, readTime: at(10) });
      expect(await stateOf(u2)).toMatchObject({ state: 'UNREAD', archived: false, readTime: null });
      expect(await stateOf(u3)).toMatchObject({ state: 'UNREAD', archived: true });
      expect((await ctx.store.inbox.unreadCount(u1)).total).toBe(0);
      expect((await ctx.store.inbox.unreadCount(u2)).total).toBe(1);
    });

    it('shows a group message to readers whose audiences include the group', async () => {
      const opsMessage = makeMessage({ ...toGroup('ops', 'org-a'), title: 'Rota' });
      await ctx.store.messages.insert(opsMessage);
      const member = readerOf('org-a', 'u1', ['ops', 'sales']);
      expect(await seenBy(ctx.store, member, opsMessage.messageId, 'rota')).toEqual(EVERYWHERE);
      expect(
        await seenBy(ctx.store, readerOf('org-a', 'u2', ['sales']), opsMessage.messageId, 'rota'),
      ).toEqual(NOWHERE);
      expect(
        await seenBy(ctx.store, readerOf('org-b', 'u1', ['ops']), opsMessage.messageId, 'rota'),
      ).toEqual(NOWHERE);
    });

    it('shows an ALL_USERS message in every org', async () => {
      const everyone = makeMessage({ ...toAllUsers('org-platform'), title: 'Platform upgrade' });
      await ctx.store.messages.insert(everyone);
      const inB = readerOf('org-b', 'u9');
      for (const r of [u1, inB])
        expect(await seenBy(ctx.store, r, everyone.messageId, 'platform')).toEqual(EVERYWHERE);
      await setState(ctx.store, inB, everyone.messageId, { state: 'READ', readTime: at(3) });
      expect((await listInbox(ctx.store, inB)).items[0]?.state).toBe('READ');
      expect((await listInbox(ctx.store, u1)).items[0]?.state).toBe('UNREAD');
    });
  });

  describe('inbox: get and since', () => {
    it('gets one item with the reader’s state, or null outside the reader’s audiences', async () => {
      const m = makeMessage(toUser('u1'));
      await ctx.store.messages.insert(m);
      await setState(ctx.store, u1, m.messageId, {
        state: 'DELIVERED',
        deliveredTime: at(2),
        archived: true,
      });
      const item = await ctx.store.inbox.get({ ...u1, messageId: m.messageId });
      expect(item).toMatchObject({
        messageId: m.messageId,
        title: m.title,
        seq: m.seq,
        state: 'DELIVERED',
        archived: true,
        deliveredTime: at(2),
        readTime: null,
      });
      expect(await ctx.store.inbox.get({ ...u2, messageId: m.messageId })).toBeNull();
      expect(await ctx.store.inbox.get({ ...u1, messageId: 'msg_missing' })).toBeNull();
    });

    it('replays visible messages after a cursor in ascending seq order, up to the limit', async () => {
      const messages = await insertAll(
        ctx.store,
        makeMessage(toUser('u1')),
        makeMessage(toOrg()),
        makeMessage(toUser('u2')),
        makeMessage(toUser('u1')),
        makeMessage(toAllUsers('org-platform')),
        makeMessage(toUser('u1')),
      );
      const mine = messages.filter((m) => m.audience !== 'u:org-a:u2');
      await setState(ctx.store, u1, mine[2]!.messageId, { state: 'READ', readTime: at(4) });
      const since = (afterSeq: string, limit: number) =>
        ctx.store.inbox.since({ ...u1, afterSeq, limit });
      expect(idsOf(await since('', 100))).toEqual(idsOf(mine));
      expect(idsOf(await since(mine[1]!.seq, 2))).toEqual(idsOf(mine.slice(2, 4)));
      expect((await since(mine[1]!.seq, 2))[0]).toMatchObject({
        state: 'READ',
        readTime: at(4),
        seq: mine[2]!.seq,
      });
      expect(await since(mine.at(-1)!.seq, 100)).toEqual([]);
    });
  });
}
