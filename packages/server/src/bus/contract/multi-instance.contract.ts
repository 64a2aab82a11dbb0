import { describe, expect, it } from 'vitest';
import { subscribeInbox, uniqueName, type BusContractContext } from './support.contract.js';

/** Two buses on one backend stand for two server instances behind a load balancer. */
export function describeMultiInstanceContract({ openBus }: BusContractContext): void {
  describe('several instances on one backend', () => {
    it('deliver each publish to subscribers on every instance, the publisher included', async () => {
      const [a, b] = await Promise.all([openBus(), openBus()]);
      const channel = uniqueName('fanout');
      const onA = await subscribeInbox(a, channel);
      const onB = await subscribeInbox(b, channel);
      await a.publish(channel, 'from a');
      await b.publish(channel, 'from b');
      await onA.waitForCount(2);
      await onB.waitForCount(2);
      expect(onA.payloads.sort()).toEqual(['from a', 'from b']);
      expect(onB.payloads.sort()).toEqual(['from a', 'from b']);
    });

    it('share presence', async () => {
      const [a, b] = await Promise.all([openBus(), openBus()]);
      const org = uniqueName('org');
      const onA = { orgId: org, userId: 'u1', sessionId: 's-a', instanceId: 'a', connectedAt: 1 };
      const onB = { orgId: org, userId: 'u1', sessionId: 's-b', instanceId: 'b', connectedAt: 2 };
      await a.presence.connect(onA, 60_000);
      await b.presence.connect(onB, 60_000);
      expect(await b.presence.onlineUsers(org)).toEqual(['u1']);
      expect(await a.presence.sessionCount(org)).toBe(2);
      expect(await a.presence.disconnect(onA)).toBe(false);
      expect(await b.presence.disconnect(onB)).toBe(true);
      expect(await a.presence.isOnline(org, ['u1'])).toEqual({ u1: false });
    });

    it('share rate limit buckets without over-granting', async () => {
      const [a, b] = await Promise.all([openBus(), openBus()]);
      const key = uniqueName('org-sends');
      const rule = { capacity: 10, refillPerSecond: 0.001 };
      const decisions = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).rateLimits.take(key, rule)),
      );
      expect(decisions.filter((d) => d.isAllowed)).toHaveLength(10);
    });

    it('share locks', async () => {
      const [a, b] = await Promise.all([openBus(), openBus()]);
      const name = uniqueName('scheduler');
      expect(await a.locks.acquire(name, 'instance-a', 60_000)).toBe(true);
      expect(await b.locks.acquire(name, 'instance-b', 60_000)).toBe(false);
      await b.locks.release(name, 'instance-b');
      expect(await b.locks.acquire(name, 'instance-b', 60_000)).toBe(false);
      await a.locks.release(name, 'instance-a');
      expect(await b.locks.acquire(name, 'instance-b', 60_000)).toBe(true);
    });
  });
}
