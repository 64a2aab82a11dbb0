import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServerHandle } from '../../../test/support/redis-server.js';
import { subscribeInbox, uniqueName, waitFor } from '../contract/support.contract.js';
import type { Bus } from '../../ports/bus.js';
import { createRedisBus } from './index.js';

let server: RedisServerHandle;
const opened: Bus[] = [];

beforeAll(async () => {
  server = await startRedisServer();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((bus) => bus.close()));
});
afterAll(async () => {
  await server?.stop();
});

async function openBus(): Promise<Bus> {
  const bus = createRedisBus({ url: server.url, keyPrefix: 'faults:', maxReconnectDelayMs: 200 });
  opened.push(bus);
  await bus.start();
  return bus;
}

function recordConnectionChanges(bus: Bus): boolean[] {
  const changes: boolean[] = [];
  bus.onConnectionChange((isConnected) => changes.push(isConnected));
  return changes;
}

describe('redis bus when Redis restarts', () => {
  it('reports the outage, reconnects, and delivers on its old subscriptions again', async () => {
    const bus = await openBus();
    const changes = recordConnectionChanges(bus);
    const channel = uniqueName('resubscribe');
    const inbox = await subscribeInbox(bus, channel);

    await server.restart();
    await waitFor(() => changes.length >= 2, 'the bus to report down, then up');
    expect(changes).toEqual([false, true]);
    expect(bus.isReady()).toBe(true);

    // Subscribed before the restart, never again by hand: ioredis re-subscribed on its own.
    const publisher = await openBus();
    await publisher.publish(channel, 'after restart');
    await inbox.waitForCount(1);
    expect(inbox.payloads).toEqual(['after restart']);
  });

  it('rejects calls at once while Redis is down, and works again after', async () => {
    const bus = await openBus();
    const changes = recordConnectionChanges(bus);
    await server.stop();
    try {
      await waitFor(() => changes.includes(false), 'the bus to notice the outage');
      expect(bus.isReady()).toBe(false);
      const startedAt = Date.now();
      await expect(bus.publish('down', 'p')).rejects.toThrow();
      await expect(bus.subscribe('down', () => undefined)).rejects.toThrow();
      await expect(
        bus.rateLimits.take('down', { capacity: 1, refillPerSecond: 1 }),
      ).rejects.toThrow();
      // "At once" with a margin a busy machine cannot eat: a queued call would wait forever.
      expect(Date.now() - startedAt).toBeLessThan(3000);
    } finally {
      await server.restart();
    }
    await waitFor(() => bus.isReady(), 'the bus to reconnect');
    expect(changes).toEqual([false, true]);
    const inbox = await subscribeInbox(bus, 'down');
    await bus.publish('down', 'back');
    await inbox.waitForCount(1);
  });

  it('runs its scripts again after Redis lost its script cache', async () => {
    const bus = await openBus();
    const org = uniqueName('org');
    const session = { orgId: org, userId: 'u1', sessionId: 's1', instanceId: 'i', connectedAt: 0 };
    await bus.rateLimits.take('scripts', { capacity: 2, refillPerSecond: 0.001 });
    await bus.presence.connect(session, 60_000);

    await server.restart();
    await waitFor(() => bus.isReady(), 'the bus to reconnect');

    // The restarted Redis is empty: a fresh bucket and no sessions.
    expect(
      await bus.rateLimits.take('scripts', { capacity: 2, refillPerSecond: 0.001 }),
    ).toMatchObject({
      isAllowed: true,
      remaining: 1,
    });
    expect(await bus.presence.sessionCount(org)).toBe(0);
    await bus.presence.connect(session, 60_000);
    expect(await bus.presence.onlineUsers(org)).toEqual(['u1']);
    expect(await bus.presence.disconnect(session)).toBe(true);
    expect(await bus.locks.acquire('scripts', 'a', 10_000)).toBe(true);
  });
});
