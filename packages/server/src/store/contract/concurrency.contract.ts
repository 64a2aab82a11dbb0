import { describe, expect, it } from 'vitest';
import { newTimeOrderedId } from '../../domain/index.js';
import {
  at,
  makeGroup,
  makeMessage,
  readerOf,
  toOrg,
  type StoreFixture,
} from './fixtures.contract.js';

const CALLERS = 40;
const times = <T>(n: number, f: (i: number) => Promise<T>): Promise<T[]> =>
  Promise.all(Array.from({ length: n }, (_, i) => f(i)));

/**
 * Many callers at once: atomic writes lose no update, and compare-and-set operations have
 * exactly one winner (services rely on this to count reads and deliveries once).
 */
export function concurrencyContract(ctx: StoreFixture): void {
  describe('concurrency', () => {
    it('concurrent upserts of one state row: exactly one caller sees the row before the first read', async () => {
      const m = makeMessage();
      await ctx.store.messages.insert(m);
      const prevs = await times(CALLERS, (i) =>
        ctx.store.inbox.upsertState(
          { userId: 'u1', orgId: 'org-a', messageId: m.messageId, now: at(i) },
          { state: 'READ', readTime: at(i) },
        ),
      );
      expect(prevs.filter((p) => p === null || p.readTime === null)).toHaveLength(1);
      const rows = await ctx.store.inbox.statesOfMessage('org-a', m.messageId, 100);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.state).toBe('READ');
    });

    it('concurrent upserts for many users keep one row each', async () => {
      const m = makeMessage(toOrg());
      await ctx.store.messages.insert(m);
      await times(CALLERS, (i) =>
        ctx.store.inbox.upsertState(
          { userId: `user-${i}`, orgId: 'org-a', messageId: m.messageId, now: at(1) },
          { state: 'READ' },
        ),
      );
      expect(await ctx.store.inbox.statesOfMessage('org-a', m.messageId, 1000)).toHaveLength(
        CALLERS,
      );
      expect((await ctx.store.inbox.unreadCount(readerOf('org-a', 'user-7'))).total).toBe(0);
      expect((await ctx.store.inbox.unreadCount(readerOf('org-a', 'someone-else'))).total).toBe(1);
    });

    it('concurrent counter increments lose no update', async () => {
      await times(CALLERS * 2, (i) =>
        ctx.store.stats.increment('org-a', '2025-03-01', i % 2 === 0 ? 'ALERT' : 'SYSTEM', {
          total: 1,
          delivered: 2,
          read: 1,
          readTimeSum: 0.5,
        }),
      );
      const rows = await ctx.store.stats.range('org-a', '2025-03-01', '2025-03-01');
      for (const type of ['ALERT', 'SYSTEM']) {
        expect(rows.find((r) => r.messageType === type)).toMatchObject({
          total: CALLERS,
          delivered: CALLERS * 2,
          read: CALLERS,
          readTimeSum: CALLERS / 2,
        });
      }
    });

    it('concurrent read-count increments lose no update', async () => {
      const m = makeMessage(toOrg());
      await ctx.store.messages.insert(m);
      await times(CALLERS, () => ctx.store.messages.incrementReadCount(m.messageId, 1));
      expect((await ctx.store.messages.get('org-a', m.messageId))?.readCount).toBe(CALLERS);
    });

    it('concurrent markSent calls deliver a scheduled message once', async () => {
      const m = makeMessage({ status: 'SCHEDULED', deliverAt: at(1) });
      await ctx.store.messages.insert(m);
      const results = await times(CALLERS, () =>
        ctx.store.messages.markSent(m.messageId, newTimeOrderedId(at(1).getTime()), at(1)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('concurrent claims of one idempotency key have one winner; the rest get its id', async () => {
      const results = await times(CALLERS, (i) =>
        ctx.store.idempotency.claim('org-a', 'same-key', `msg_${i}`, at(0), at(-60)),
      );
      const winners = results
        .map((r, i) => (r === null ? `msg_${i}` : null))
        .filter((r): r is string => r !== null);
      expect(winners).toHaveLength(1);
      expect(new Set(results.filter((r) => r !== null))).toEqual(new Set(winners));
    });

    it('concurrent member additions lose no member', async () => {
      await ctx.store.groups.create(makeGroup());
      await times(CALLERS, (i) =>
        ctx.store.groups.addMembers('org-a', 'group-1', [`m${i}`], at(1)),
      );
      expect((await ctx.store.groups.get('org-a', 'group-1'))?.members).toHaveLength(CALLERS);
    });
  });
}
