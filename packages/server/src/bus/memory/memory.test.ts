import { describe, expect, it } from 'vitest';
import { describeBusContract } from '../contract.js';
import { createMemoryBus, createMemoryBusBackend } from './index.js';

describeBusContract('memory', () => {
  const backend = createMemoryBusBackend();
  return () => createMemoryBus({ backend });
});

describe('memory bus', () => {
  it('reports a throwing handler and still delivers to the other subscribers', async () => {
    const errors: Array<{ error: unknown; channel: string }> = [];
    const bus = createMemoryBus({
      onHandlerError: (error, channel) => errors.push({ error, channel }),
    });
    await bus.start();
    const received: string[] = [];
    await bus.subscribe('c', () => {
      throw new Error('boom');
    });
    await bus.subscribe('c', (payload) => received.push(payload));
    await bus.publish('c', 'p');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(received).toEqual(['p']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.channel).toBe('c');
    await bus.close();
  });

  it('sweeps expired sessions, idle buckets and expired leases', async () => {
    const backend = createMemoryBusBackend();
    const bus = createMemoryBus({ backend, sweepIntervalMs: 20 });
    await bus.start();
    const session = { orgId: 'o', userId: 'u', sessionId: 's', instanceId: 'i', connectedAt: 0 };
    await bus.presence.connect(session, 30);
    await bus.rateLimits.take('k', { capacity: 1, refillPerSecond: 100 });
    await bus.locks.acquire('l', 'owner', 30);
    expect(backend.sessions.size + backend.buckets.size + backend.leases.size).toBe(3);
    await expect
      .poll(() => backend.sessions.size + backend.buckets.size + backend.leases.size, {
        timeout: 5000,
      })
      .toBe(0);
    await bus.close();
  });

  it('refuses to publish before start', async () => {
    await expect(createMemoryBus().publish('c', 'p')).rejects.toThrow(/not started/);
  });
});
