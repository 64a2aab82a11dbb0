import { describe, expect, it } from 'vitest';
import { newTimeOrderedId } from '../../domain/index.js';
import {
  NOW,
  T0,
  at,
  idsOf,
  insertAll,
  listInbox,
  makeMessage,
  readerOf,
  setState,
  toAllUsers,
  toOrg,
  toUser,
  type StoreFixture,
} from './fixtures.contract.js';

/** Messages as stored once: insert, get, scheduling, expiry purge, trending, admin listing. */
export function messagesContract(ctx: StoreFixture): void {
  describe('messages: insert and get', () => {
    it('inserts a message once: the same id again returns false and changes nothing', async () => {
      const m = makeMessage();
      expect(await ctx.store.messages.insert(m)).toBe(true);
      expect(await ctx.store.messages.insert({ ...m, title: 'Replaced?' })).toBe(false);
      expect(await ctx.store.messages.get(m.orgId, m.messageId)).toEqual(m);
    });

    it('round-trips every field, including metadata, dates, tokens and CJK text', async () => {
      const m = makeMessage({
        title: '系统维护通知 – LED wall',
        content: '今晚 22:00 维护\nline two "quoted" \u{1F4A1}',
        senderId: '1001',
        senderName: '运维中心',
        messageType: 'ANNOUNCEMENT',
        priority: 'URGENT',
        category: 'maintenance',
        metadata: {
          actionUrl: 'https://example.com/m/1?x=1&y=2',
          actionText: 'Open',
          attachments: [
            { name: 'plan.pdf', url: 'https://example.com/plan.pdf', type: 'application/pdf' },
          ],
          templateId: 'tpl-1',
          templateVersion: 3,
          businessId: 'order-77',
          customData: { nested: { list: [1, 'two', null], flag: true } },
        },
        expireTime: at(24 * 60),
        recipientCount: 250,
        readCount: 4,
        ...toOrg('org-a'),
      });
      await ctx.store.messages.insert(m);
      const back = await ctx.store.messages.get('org-a', m.messageId);
      expect(back).toEqual(m);
      expect(back?.createTime).toBeInstanceOf(Date);
      expect(back?.expireTime).toBeInstanceOf(Date);
    });

    it('gets a message only within its own org', async () => {
      const m = makeMessage({ orgId: 'org-a' });
      await ctx.store.messages.insert(m);
      expect(await ctx.store.messages.get('org-b', m.messageId)).toBeNull();
      expect(await ctx.store.messages.get('org-a', 'msg_missing')).toBeNull();
    });

    it('gets scheduled, cancelled and expired messages too (no visibility filter)', async () => {
      const scheduled = makeMessage({ status: 'SCHEDULED', deliverAt: at(500) });
      const cancelled = makeMessage({ status: 'CANCELLED' });
      const expired = makeMessage({ expireTime: at(1) });
      await insertAll(ctx.store, scheduled, cancelled, expired);
      for (const m of [scheduled, cancelled, expired])
        expect(await ctx.store.messages.get('org-a', m.messageId)).toEqual(m);
    });

    it('gets a message by audience: only when its audience is one of the given keys', async () => {
      const direct = makeMessage(toUser('u1'));
      const platform = makeMessage(toAllUsers('org-platform'));
      await insertAll(ctx.store, direct, platform);
      const u1 = readerOf('org-a', 'u1');
      const u2 = readerOf('org-a', 'u2');
      const other = readerOf('org-b', 'u7');
      expect(
        (await ctx.store.messages.getForAudiences(u1.audiences, direct.messageId))?.messageId,
      ).toBe(direct.messageId);
      expect(await ctx.store.messages.getForAudiences(u2.audiences, direct.messageId)).toBeNull();
      expect(await ctx.store.messages.getForAudiences([], direct.messageId)).toBeNull();
      expect(
        (await ctx.store.messages.getForAudiences(other.audiences, platform.messageId))?.messageId,
      ).toBe(platform.messageId);
    });
  });

  describe('messages: scheduling', () => {
    it('lists due scheduled messages oldest first, up to the limit', async () => {
      const later = makeMessage({ status: 'SCHEDULED', deliverAt: at(30) });
      const sooner = makeMessage({
        status: 'SCHEDULED',
        deliverAt: at(10),
        orgId: 'org-b',
        receiverId: 'u5',
      });
      const future = makeMessage({ status: 'SCHEDULED', deliverAt: at(90) });
      const cancelled = makeMessage({ status: 'CANCELLED', deliverAt: at(5) });
      const sent = makeMessage({ deliverAt: at(5) });
      await insertAll(ctx.store, later, sooner, future, cancelled, sent);
      expect(idsOf(await ctx.store.messages.dueScheduled(at(9), 10))).toEqual([]);
      expect(idsOf(await ctx.store.messages.dueScheduled(at(30), 10))).toEqual([
        sooner.messageId,
        later.messageId,
      ]);
      expect(idsOf(await ctx.store.messages.dueScheduled(at(30), 1))).toEqual([sooner.messageId]);
    });

    it('markSent is a compare-and-set: one caller wins, and the message becomes visible at the given seq', async () => {
      const reader = readerOf('org-a', 'u1');
      const early = makeMessage({ status: 'SCHEDULED', deliverAt: at(30), createTime: T0 });
      const direct = makeMessage({ createTime: at(10) });
      await insertAll(ctx.store, early, direct);
      expect(idsOf((await listInbox(ctx.store, reader)).items)).toEqual([direct.messageId]);

      const seq = newTimeOrderedId(at(30).getTime());
      expect(await ctx.store.messages.markSent(early.messageId, seq, at(30))).toBe(true);
      expect(
        await ctx.store.messages.markSent(
          early.messageId,
          newTimeOrderedId(at(31).getTime()),
          at(31),
        ),
      ).toBe(false);

      const stored = await ctx.store.messages.get('org-a', early.messageId);
      expect(stored).toMatchObject({ status: 'SENT', seq, updateTime: at(30) });
      // Inbox order follows seq (when it became visible), not createTime.
      const page = await listInbox(ctx.store, reader);
      expect(idsOf(page.items)).toEqual([early.messageId, direct.messageId]);
      expect(page.items[0]?.seq).toBe(seq);
      expect(await ctx.store.messages.dueScheduled(at(100), 10)).toEqual([]);
    });

    it('markSent refuses messages that are not scheduled', async () => {
      const sent = makeMessage();
      await ctx.store.messages.insert(sent);
      expect(await ctx.store.messages.markSent(sent.messageId, newTimeOrderedId(), NOW)).toBe(
        false,
      );
      expect(await ctx.store.messages.markSent('msg_missing', newTimeOrderedId(), NOW)).toBe(false);
      expect((await ctx.store.messages.get('org-a', sent.messageId))?.seq).toBe(sent.seq);
    });

    it('cancels a scheduled message once, only in its org, and never delivers it', async () => {
      const m = makeMessage({ status: 'SCHEDULED', deliverAt: at(30) });
      await ctx.store.messages.insert(m);
      expect(await ctx.store.messages.cancelScheduled('org-b', m.messageId, at(1))).toBe(false);
      expect(await ctx.store.messages.cancelScheduled('org-a', m.messageId, at(1))).toBe(true);
      expect(await ctx.store.messages.cancelScheduled('org-a', m.messageId, at(2))).toBe(false);
      expect(await ctx.store.messages.get('org-a', m.messageId)).toMatchObject({
        status: 'CANCELLED',
        updateTime: at(1),
      });
      expect(await ctx.store.messages.dueScheduled(at(100), 10)).toEqual([]);
      expect(await ctx.store.messages.markSent(m.messageId, newTimeOrderedId(), at(30))).toBe(
        false,
      );
      expect((await listInbox(ctx.store, readerOf('org-a', 'u1', [], at(100)))).items).toEqual([]);
    });
  });

  describe('messages: expiry purge', () => {
    it('deletes messages with expireTime before the cutoff, with their state rows, up to the limit', async () => {
      const u1 = readerOf('org-a', 'u1');
      const first = makeMessage({ expireTime: at(10) });
      const second = makeMessage({ expireTime: at(20), ...toOrg() });
      const atCutoff = makeMessage({ expireTime: at(30) });
      const forever = makeMessage();
      const future = makeMessage({ expireTime: at(1000) });
      await insertAll(ctx.store, first, second, atCutoff, forever, future);
      await setState(ctx.store, u1, first.messageId, { state: 'READ', readTime: at(5) }, at(5));
      await setState(ctx.store, u1, forever.messageId, { state: 'READ', readTime: at(5) }, at(5));

      expect(await ctx.store.messages.purgeExpired(at(30), 1)).toBe(1);
      expect(await ctx.store.messages.purgeExpired(at(30), 10)).toBe(1);
      expect(await ctx.store.messages.purgeExpired(at(30), 10)).toBe(0);

      expect(await ctx.store.messages.get('org-a', first.messageId)).toBeNull();
      expect(await ctx.store.messages.get('org-a', second.messageId)).toBeNull();
      expect(await ctx.store.inbox.getState('u1', first.messageId)).toBeNull();
      expect(await ctx.store.inbox.statesOfMessage('org-a', first.messageId, 10)).toEqual([]);
      for (const kept of [atCutoff, forever, future])
        expect(await ctx.store.messages.get('org-a', kept.messageId)).not.toBeNull();
      expect((await ctx.store.inbox.getState('u1', forever.messageId))?.state).toBe('READ');
    });

    it('purges search tokens too: a purged id can be reused without old text matching', async () => {
      const u1 = readerOf('org-a', 'u1');
      const old = makeMessage({ title: 'Zebracrossing', content: '斑马', expireTime: at(10) });
      await ctx.store.messages.insert(old);
      expect(await ctx.store.messages.purgeExpired(at(11), 10)).toBe(1);
      const reused = makeMessage({ messageId: old.messageId, title: 'Giraffe', content: '长颈鹿' });
      expect(await ctx.store.messages.insert(reused)).toBe(true);
      const search = (q: string) => ctx.store.inbox.search({ ...u1, q, limit: 10, offset: 0 });
      expect((await search('zebracrossing')).items).toEqual([]);
      expect((await search('斑马')).items).toEqual([]);
      expect(idsOf((await search('giraffe')).items)).toEqual([reused.messageId]);
    });
  });

  describe('messages: read counts and trending', () => {
    it('ranks visible messages created since the cutoff by readCount, per org or across orgs', async () => {
      const since = at(-60);
      const popular = makeMessage({ ...toOrg('org-a'), createTime: at(1) });
      const modest = makeMessage({ ...toUser('u1', 'org-a'), createTime: at(2) });
      const expired = makeMessage({ ...toOrg('org-a'), createTime: at(3), expireTime: at(30) });
      const tooOld = makeMessage({ ...toOrg('org-a'), createTime: at(-61) });
      const scheduled = makeMessage({
        ...toOrg('org-a'),
        status: 'SCHEDULED',
        deliverAt: at(500),
        createTime: at(4),
      });
      const otherOrg = makeMessage({ ...toOrg('org-b'), createTime: at(5) });
      await insertAll(ctx.store, popular, modest, expired, tooOld, scheduled, otherOrg);
      await ctx.store.messages.incrementReadCount(popular.messageId, 3);
      await ctx.store.messages.incrementReadCount(popular.messageId, 2);
      await ctx.store.messages.incrementReadCount(modest.messageId, 2);
      for (const m of [expired, tooOld, scheduled])
        await ctx.store.messages.incrementReadCount(m.messageId, 50);
      await ctx.store.messages.incrementReadCount(otherOrg.messageId, 7);

      const orgA = await ctx.store.messages.trending('org-a', since, NOW, 10);
      expect(idsOf(orgA)).toEqual([popular.messageId, modest.messageId]);
      expect(orgA.map((m) => m.readCount)).toEqual([5, 2]);
      expect(idsOf(await ctx.store.messages.trending(null, since, NOW, 10))).toEqual([
        otherOrg.messageId,
        popular.messageId,
        modest.messageId,
      ]);
      expect(idsOf(await ctx.store.messages.trending(null, since, NOW, 1))).toEqual([
        otherOrg.messageId,
      ]);
      expect(await ctx.store.messages.trending('org-c', since, NOW, 10)).toEqual([]);
    });
  });

  describe('messages: admin listing by org', () => {
    it('lists an org’s messages of any audience and status, newest first, with total and paging', async () => {
      const direct = makeMessage({
        ...toUser('u1'),
        createTime: at(1),
        messageType: 'NOTIFICATION',
      });
      const broadcast = makeMessage({ ...toOrg(), createTime: at(2), messageType: 'ANNOUNCEMENT' });
      const scheduled = makeMessage({
        ...toUser('u2'),
        createTime: at(3),
        status: 'SCHEDULED',
        deliverAt: at(500),
        messageType: 'NOTIFICATION',
      });
      const otherOrg = makeMessage({ ...toOrg('org-b'), createTime: at(4) });
      await insertAll(ctx.store, direct, broadcast, scheduled, otherOrg);

      const all = await ctx.store.messages.listByOrg({ orgId: 'org-a', limit: 10, offset: 0 });
      expect(idsOf(all.items)).toEqual([
        scheduled.messageId,
        broadcast.messageId,
        direct.messageId,
      ]);
      expect(all.total).toBe(3);
      const page2 = await ctx.store.messages.listByOrg({ orgId: 'org-a', limit: 2, offset: 2 });
      expect(idsOf(page2.items)).toEqual([direct.messageId]);
      expect(page2.total).toBe(3);
      const notifications = await ctx.store.messages.listByOrg({
        orgId: 'org-a',
        messageType: 'NOTIFICATION',
        limit: 10,
        offset: 0,
      });
      expect(idsOf(notifications.items)).toEqual([scheduled.messageId, direct.messageId]);
      expect(notifications.total).toBe(2);
      expect(
        idsOf((await ctx.store.messages.listByOrg({ orgId: 'org-b', limit: 10, offset: 0 })).items),
      ).toEqual([otherOrg.messageId]);
    });

    it('filters the admin listing by a search query with the inbox token rules', async () => {
      const maintenance = makeMessage({
        ...toOrg(),
        title: '系统维护通知',
        content: 'Maintenance tonight',
        createTime: at(1),
      });
      const alarm = makeMessage({
        ...toUser('u3'),
        title: 'LED屏幕告警',
        content: 'Brightness anomaly',
        createTime: at(2),
      });
      const elsewhere = makeMessage({
        ...toOrg('org-b'),
        title: '系统维护通知',
        createTime: at(3),
      });
      await insertAll(ctx.store, maintenance, alarm, elsewhere);
      const q = (query: string) =>
        ctx.store.messages.listByOrg({ orgId: 'org-a', q: query, limit: 10, offset: 0 });
      expect(idsOf((await q('维护')).items)).toEqual([maintenance.messageId]);
      expect((await q('维护')).total).toBe(1);
      expect(idsOf((await q('led')).items)).toEqual([alarm.messageId]);
      expect(idsOf((await q('bright')).items)).toEqual([alarm.messageId]);
      expect((await q('维护 brightness')).items).toEqual([]);
    });
  });
}
