import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../domain/index.js';
import {
  at,
  idsOf,
  insertAll,
  listInbox,
  makeMessage,
  readerOf,
  setState,
  toOrg,
  toUser,
  type StoreFixture,
} from './fixtures.contract.js';

/** Ids of `messages` newest first (reverse of insertion order). */
const newestFirst = (messages: readonly StoredMessage[]): string[] => idsOf(messages).reverse();

/** The inbox list: order, item shape, filters, offset and cursor paging, totals. */
export function inboxListContract(ctx: StoreFixture): void {
  const u1 = readerOf('org-a', 'u1');

  describe('inbox: list', () => {
    it('shows a user their own direct messages and nobody else’s', async () => {
      const mine = makeMessage(toUser('u1'));
      const theirs = makeMessage(toUser('u2'));
      const sameIdOtherOrg = makeMessage(toUser('u1', 'org-b'));
      await insertAll(ctx.store, mine, theirs, sameIdOtherOrg);
      expect(idsOf((await listInbox(ctx.store, u1)).items)).toEqual([mine.messageId]);
      expect(idsOf((await listInbox(ctx.store, readerOf('org-a', 'u2'))).items)).toEqual([
        theirs.messageId,
      ]);
      expect(idsOf((await listInbox(ctx.store, readerOf('org-b', 'u1'))).items)).toEqual([
        sameIdOtherOrg.messageId,
      ]);
      expect((await listInbox(ctx.store, readerOf('org-a', 'u3'))).total).toBe(0);
    });

    it('returns items newest first by seq, each with the message and the reader’s state', async () => {
      const messages = [
        makeMessage({
          createTime: at(1),
          messageType: 'ALERT',
          priority: 'HIGH',
          metadata: { actionUrl: '/devices/7' },
        }),
        makeMessage({ createTime: at(2), ...toOrg() }),
        makeMessage({ createTime: at(3), category: 'billing' }),
      ];
      await insertAll(ctx.store, ...messages);
      const page = await listInbox(ctx.store, u1);
      expect(idsOf(page.items)).toEqual(newestFirst(messages));
      expect(page.total).toBe(3);
      const first = messages[0]!;
      expect(page.items[2]).toMatchObject({
        messageId: first.messageId,
        orgId: 'org-a',
        senderId: first.senderId,
        senderName: first.senderName,
        receiverType: 'USER',
        receiverId: 'u1',
        messageType: 'ALERT',
        title: first.title,
        content: first.content,
        priority: 'HIGH',
        category: first.category,
        metadata: { actionUrl: '/devices/7' },
        status: 'SENT',
        deliverAt: null,
        expireTime: null,
        createTime: at(1),
        updateTime: at(1),
        seq: first.seq,
        state: 'UNREAD',
        archived: false,
        deliveredTime: null,
        readTime: null,
      });
    });

    it('filters by read state: UNREAD (no row, UNREAD or DELIVERED), READ, ALL; DELETED never shows', async () => {
      const [noRow, delivered, read, unreadAgain, deleted] = await insertAll(
        ctx.store,
        makeMessage({ title: 'no row' }),
        makeMessage({ title: 'delivered' }),
        makeMessage({ title: 'read' }),
        makeMessage({ title: 'unread again' }),
        makeMessage({ title: 'deleted' }),
      );
      await setState(ctx.store, u1, delivered!.messageId, {
        state: 'DELIVERED',
        deliveredTime: at(5),
      });
      await setState(ctx.store, u1, read!.messageId, { state: 'READ', readTime: at(6) });
      await setState(ctx.store, u1, unreadAgain!.messageId, { state: 'READ', readTime: at(6) });
      await setState(ctx.store, u1, unreadAgain!.messageId, { state: 'UNREAD' });
      await setState(ctx.store, u1, deleted!.messageId, { state: 'DELETED', deleteTime: at(7) });

      const unread = await listInbox(ctx.store, u1, { state: 'UNREAD' });
      expect(idsOf(unread.items)).toEqual(newestFirst([noRow!, delivered!, unreadAgain!]));
      expect(unread.total).toBe(3);
      const readOnly = await listInbox(ctx.store, u1, { state: 'READ' });
      expect(idsOf(readOnly.items)).toEqual([read!.messageId]);
      expect(readOnly.items[0]).toMatchObject({ state: 'READ', readTime: at(6) });
      const all = await listInbox(ctx.store, u1, { state: 'ALL' });
      expect(idsOf(all.items)).toEqual(newestFirst([noRow!, delivered!, read!, unreadAgain!]));
      expect(all.items.find((i) => i.messageId === delivered!.messageId)).toMatchObject({
        state: 'DELIVERED',
        deliveredTime: at(5),
      });
    });

    it('filters by message type, category and priority, alone and combined', async () => {
      const [alertHigh, alertLow, notice, billing] = await insertAll(
        ctx.store,
        makeMessage({ messageType: 'ALERT', priority: 'HIGH', category: 'device' }),
        makeMessage({ messageType: 'ALERT', priority: 'LOW', category: 'device' }),
        makeMessage({ messageType: 'NOTIFICATION', priority: 'HIGH', category: 'device' }),
        makeMessage({ messageType: 'BUSINESS', priority: 'HIGH', category: 'billing' }),
      );
      expect(idsOf((await listInbox(ctx.store, u1, { messageType: 'ALERT' })).items)).toEqual(
        newestFirst([alertHigh!, alertLow!]),
      );
      expect(idsOf((await listInbox(ctx.store, u1, { category: 'billing' })).items)).toEqual([
        billing!.messageId,
      ]);
      expect(idsOf((await listInbox(ctx.store, u1, { priority: 'HIGH' })).items)).toEqual(
        newestFirst([alertHigh!, notice!, billing!]),
      );
      const combined = await listInbox(ctx.store, u1, {
        messageType: 'ALERT',
        priority: 'HIGH',
        category: 'device',
      });
      expect(idsOf(combined.items)).toEqual([alertHigh!.messageId]);
      expect(combined.total).toBe(1);
      expect((await listInbox(ctx.store, u1, { messageType: 'SYSTEM' })).total).toBe(0);
    });

    it('filters by archived: true = only archived, false = only not archived, unset = both', async () => {
      const [kept, archived, unarchived] = await insertAll(
        ctx.store,
        makeMessage(),
        makeMessage(),
        makeMessage(),
      );
      await setState(ctx.store, u1, archived!.messageId, { archived: true });
      await setState(ctx.store, u1, unarchived!.messageId, { archived: true });
      await setState(ctx.store, u1, unarchived!.messageId, { archived: false });
      const onlyArchived = await listInbox(ctx.store, u1, { archived: true });
      expect(idsOf(onlyArchived.items)).toEqual([archived!.messageId]);
      expect(onlyArchived.items[0]).toMatchObject({ archived: true, state: 'UNREAD' });
      expect(idsOf((await listInbox(ctx.store, u1, { archived: false })).items)).toEqual(
        newestFirst([kept!, unarchived!]),
      );
      expect((await listInbox(ctx.store, u1)).total).toBe(3);
      expect((await listInbox(ctx.store, u1, { archived: true, state: 'UNREAD' })).total).toBe(1);
    });

    it('pages by offset: disjoint pages, newest first, total counts the whole filtered inbox', async () => {
      const messages = await insertAll(
        ctx.store,
        ...Array.from({ length: 7 }, (_, i) => makeMessage({ title: `m${i}` })),
      );
      const pages = [];
      for (const offset of [0, 3, 6, 9])
        pages.push(await listInbox(ctx.store, u1, { limit: 3, offset }));
      expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1, 0]);
      expect(pages.map((p) => p.total)).toEqual([7, 7, 7, 7]);
      expect(pages.flatMap((p) => idsOf(p.items))).toEqual(newestFirst(messages));
    });

    it('pages by cursor (beforeSeq) with offset ignored, and keeps the total of the whole inbox', async () => {
      const messages = await insertAll(
        ctx.store,
        ...Array.from({ length: 7 }, (_, i) => makeMessage({ title: `m${i}` })),
      );
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let round = 0; round < 5; round++) {
        const page = await listInbox(
          ctx.store,
          u1,
          cursor === undefined ? { limit: 3 } : { limit: 3, offset: 99, beforeSeq: cursor },
        );
        expect(page.total).toBe(7);
        seen.push(...idsOf(page.items));
        if (page.items.length < 3) break;
        cursor = page.items.at(-1)!.seq;
      }
      expect(seen).toEqual(newestFirst(messages));
    });

    it('combines the cursor with filters', async () => {
      const messages = await insertAll(
        ctx.store,
        ...Array.from({ length: 6 }, (_, i) =>
          makeMessage({ messageType: i % 2 === 0 ? 'ALERT' : 'SYSTEM' }),
        ),
      );
      const alerts = messages.filter((m) => m.messageType === 'ALERT');
      const newestAlert = alerts.at(-1)!;
      const page = await listInbox(ctx.store, u1, {
        messageType: 'ALERT',
        beforeSeq: newestAlert.seq,
        limit: 10,
      });
      expect(idsOf(page.items)).toEqual(newestFirst(alerts.slice(0, -1)));
      expect(page.total).toBe(3);
    });
  });
}
