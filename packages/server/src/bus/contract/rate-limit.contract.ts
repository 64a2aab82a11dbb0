import { describe, expect, it } from 'vitest';
import { uniqueName, waitFor, type BusContractContext } from './support.contract.js';

/** Refills so slowly that nothing comes back during a test. */
const noRefill = { capacity: 10, refillPerSecond: 0.001 };

export function describeRateLimitContract({ openBus }: BusContractContext): void {
  describe('rate limits', () => {
    it('allows the capacity, then refuses with a sensible retryAfterMs', async () => {
      const { rateLimits } = await openBus();
      const key = uniqueName('sender');
      const rule = { capacity: 3, refillPerSecond: 1 };
      const decisions = [];
      for (let i = 0; i < 4; i++) decisions.push(await rateLimits.take(key, rule));
      expect(decisions.map((d) => d.isAllowed)).toEqual([true, true, true, false]);
      expect(decisions.slice(0, 3).map((d) => d.remaining)).toEqual([2, 1, 0]);
      expect(decisions.slice(0, 3).every((d) => d.retryAfterMs === 0)).toBe(true);
      const refused = decisions[3]!;
      expect(refused.remaining).toBe(0);
      // One token at 1/s: due within a second, and not instantly.
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(1000);
    });

    it('refills over time', async () => {
      const { rateLimits } = await openBus();
      const key = uniqueName('sender');
      const rule = { capacity: 2, refillPerSecond: 20 };
      await rateLimits.take(key, rule, 2);
      await waitFor(async () => (await rateLimits.take(key, rule)).isAllowed, 'a refilled token');
    });

    it('never holds more than its capacity however long it idles', async () => {
      const { rateLimits } = await openBus();
      const key = uniqueName('sender');
      const rule = { capacity: 2, refillPerSecond: 1000 };
      await rateLimits.take(key, rule);
      // 100 ms at 1000/s would be 100 tokens if the bucket were not capped.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await rateLimits.take(key, rule, 2)).toMatchObject({ isAllowed: true, remaining: 0 });
    });

    it('charges the given cost and waits for the whole cost', async () => {
      const { rateLimits } = await openBus();
      const key = uniqueName('bulk');
      const rule = { capacity: 5, refillPerSecond: 0.5 };
      const first = await rateLimits.take(key, rule, 4);
      expect(first).toMatchObject({ isAllowed: true, remaining: 1 });
      const second = await rateLimits.take(key, rule, 3);
      expect(second.isAllowed).toBe(false);
      expect(second.remaining).toBe(1);
      // Two more tokens at 0.5/s: about four seconds, minus the little that already refilled.
      expect(second.retryAfterMs).toBeGreaterThan(2000);
      expect(second.retryAfterMs).toBeLessThanOrEqual(4000);
    });

    it('never over-grants under concurrent takes', async () => {
      const { rateLimits } = await openBus();
      const key = uniqueName('burst');
      const decisions = await Promise.all(
        Array.from({ length: 50 }, () => rateLimits.take(key, noRefill)),
      );
      expect(decisions.filter((d) => d.isAllowed)).toHaveLength(10);
    });

    it('keeps buckets apart by key', async () => {
      const { rateLimits } = await openBus();
      const rule = { capacity: 1, refillPerSecond: 0.001 };
      const user = uniqueName('user');
      expect((await rateLimits.take(user, rule)).isAllowed).toBe(true);
      expect((await rateLimits.take(user, rule)).isAllowed).toBe(false);
      expect((await rateLimits.take(uniqueName('user'), rule)).isAllowed).toBe(true);
    });

    it('rejects rules no bucket can honour', async () => {
      const { rateLimits } = await openBus();
      const key = uniqueName('bad');
      await expect(rateLimits.take(key, { capacity: 0, refillPerSecond: 1 })).rejects.toThrow(
        RangeError,
      );
      await expect(rateLimits.take(key, { capacity: 1, refillPerSecond: 0 })).rejects.toThrow(
        RangeError,
      );
      await expect(rateLimits.take(key, { capacity: 1, refillPerSecond: 1 }, 2)).rejects.toThrow(
        RangeError,
      );
    });
  });
}
