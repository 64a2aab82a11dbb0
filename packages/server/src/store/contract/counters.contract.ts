import { describe, expect, it } from 'vitest';
import { at, type StoreFixture } from './fixtures.contract.js';

/** Daily statistics counters, the known-users directory, and send idempotency keys. */
export function countersContract(ctx: StoreFixture): void {
  describe('stats counters', () => {
    it('creates a counter row on first increment and adds partial deltas to it', async () => {
      await ctx.store.stats.increment('org-a', '2025-03-01', 'ALERT', { total: 10 });
      await ctx.store.stats.increment('org-a', '2025-03-01', 'ALERT', {
        delivered: 4,
        read: 2,
        readTimeSum: 90.5,
      });
      await ctx.store.stats.increment('org-a', '2025-03-01', 'ALERT', { read: 1, readTimeSum: 30 });
      expect(await ctx.store.stats.range('org-a', '2025-03-01', '2025-03-01')).toEqual([
        {
          orgId: 'org-a',
          day: '2025-03-01',
          messageType: 'ALERT',
          total: 10,
          delivered: 4,
          read: 3,
          readTimeSum: 120.5,
        },
      ]);
    });

    it('returns rows in an inclusive day range, for one org or all orgs', async () => {
      const bump = (org: string, day: string, total: number) =>
        ctx.store.stats.increment(org, day, 'NOTIFICATION', { total });
      await bump('org-a', '2025-02-28', 1);
      await bump('org-a', '2025-03-01', 2);
      await bump('org-a', '2025-03-02', 3);
      await bump('org-a', '2025-03-03', 4);
      await bump('org-b', '2025-03-02', 5);
      await ctx.store.stats.increment('org-a', '2025-03-02', 'ALERT', { total: 6 });
      const key = (rows: { orgId: string; day: string; messageType: string; total: number }[]) =>
        rows.map((r) => `${r.orgId} ${r.day} ${r.messageType} ${r.total}`).sort();
      expect(key(await ctx.store.stats.range('org-a', '2025-03-01', '2025-03-02'))).toEqual([
        'org-a 2025-03-01 NOTIFICATION 2',
        'org-a 2025-03-02 ALERT 6',
        'org-a 2025-03-02 NOTIFICATION 3',
      ]);
      expect(key(await ctx.store.stats.range(null, '2025-03-02', '2025-03-02'))).toEqual([
        'org-a 2025-03-02 ALERT 6',
        'org-a 2025-03-02 NOTIFICATION 3',
        'org-b 2025-03-02 NOTIFICATION 5',
      ]);
      expect(await ctx.store.stats.range('org-c', '2025-01-01', '2025-12-31')).toEqual([]);
    });
  });

  describe('users', () => {
    it('records users once per org, counts them, and lists ids in order by pages', async () => {
      for (const id of ['u3', 'u1', 'u2', 'u1'])
        await ctx.store.users.touch('org-a', id, `User ${id}`, at(1));
      await ctx.store.users.touch('org-a', 'u4', undefined, at(2));
      await ctx.store.users.touch('org-b', 'u1', 'Other', at(1));
      expect(await ctx.store.users.count('org-a')).toBe(4);
      expect(await ctx.store.users.count('org-b')).toBe(1);
      expect(await ctx.store.users.count('org-c')).toBe(0);
      expect(await ctx.store.users.count(null)).toBe(5);
      expect(await ctx.store.users.listIds('org-a', null, 2)).toEqual(['u1', 'u2']);
      expect(await ctx.store.users.listIds('org-a', 'u2', 2)).toEqual(['u3', 'u4']);
      expect(await ctx.store.users.listIds('org-a', 'u4', 2)).toEqual([]);
      expect(await ctx.store.users.listIds('org-b', null, 10)).toEqual(['u1']);
    });
  });

  describe('idempotency keys', () => {
    it('returns null to the first claim and the first message id to repeats within the window', async () => {
      const window = at(-24 * 60);
      expect(
        await ctx.store.idempotency.claim('org-a', 'send-1', 'msg_1', at(0), window),
      ).toBeNull();
      expect(
        await ctx.store.idempotency.claim('org-a', 'send-1', 'msg_2', at(5), at(5 - 24 * 60)),
      ).toBe('msg_1');
      expect(
        await ctx.store.idempotency.claim('org-a', 'send-1', 'msg_1', at(6), at(6 - 24 * 60)),
      ).toBe('msg_1');
      expect(
        await ctx.store.idempotency.claim('org-b', 'send-1', 'msg_3', at(5), window),
      ).toBeNull();
      expect(
        await ctx.store.idempotency.claim('org-a', 'send-2', 'msg_4', at(5), window),
      ).toBeNull();
    });

    it('replaces a claim older than notBefore', async () => {
      expect(await ctx.store.idempotency.claim('org-a', 'k', 'msg_old', at(0), at(-60))).toBeNull();
      expect(
        await ctx.store.idempotency.claim('org-a', 'k', 'msg_new', at(120), at(60)),
      ).toBeNull();
      expect(await ctx.store.idempotency.claim('org-a', 'k', 'msg_later', at(121), at(61))).toBe(
        'msg_new',
      );
    });
  });
}
