import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createMemoryBus } from '../../src/bus/memory/index.js';
import { BusEventPublisher } from '../../src/realtime/bus-events.js';
import { createBuiltInDirectory } from '../../src/services/built-in-directory.js';
import { compactDiff } from '../../src/services/audit-service.js';
import { DeliveryService } from '../../src/services/delivery-service.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { periodStart } from '../../src/services/stats-service.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { newMessageId, type Principal, type StoredMessage } from '../../src/domain/index.js';
import type { Store } from '../../src/ports/store.js';

const T0 = new Date('2026-03-02T08:00:00Z');
const message = (): StoredMessage => ({
  messageId: newMessageId(T0.getTime()),
  orgId: 'acme',
  audience: 'org:acme',
  seq: newMessageId(T0.getTime()).slice(4),
  status: 'SENT',
  senderId: 'boss',
  senderName: 'Boss',
  receiverType: 'ORGANIZATION',
  receiverId: 'acme',
  messageType: 'ANNOUNCEMENT',
  title: 't',
  content: 'c',
  priority: 'NORMAL',
  category: 'GENERAL',
  metadata: {},
  tokens: [],
  deliverAt: null,
  expireTime: null,
  createTime: T0,
  updateTime: T0,
  recipientCount: 1000,
  readCount: 0,
});
const user = (i: number): Principal => ({ userId: `u${i}`, orgId: 'acme', roles: ['user'] });

describe('delivery batching (real SQLite store)', () => {
  let store: Store;
  let deps: ServiceDeps;
  beforeEach(async () => {
    store = createSqliteStore({ file: ':memory:' });
    await store.start();
    const bus = createMemoryBus();
    deps = {
      store,
      bus,
      directory: createBuiltInDirectory(store),
      events: new BusEventPublisher(bus),
      logger: pino({ level: 'silent' }),
      now: () => T0,
      limits: { sendsPerUserPerMinute: 1e6, sendsPerOrgPerMinute: 1e6 },
      timeZone: 'UTC',
    };
  });
  afterEach(() => store.close());

  it('writes nothing per recipient: 1,000 deliveries land in one flush, each counted once', async () => {
    const m = message();
    await store.messages.insert(m);
    // A long interval: only the explicit flush may write.
    const deliveries = new DeliveryService(deps, { flushIntervalMs: 60_000, maxBatch: 10_000 });
    for (let i = 0; i < 1000; i++) deliveries.reached(user(i), m);
    for (let i = 0; i < 1000; i++) deliveries.reached(user(i), m); // second devices
    expect(await store.inbox.getState('acme:u0', m.messageId)).toBeNull();
    expect(await store.stats.range('acme', '2026-03-02', '2026-03-02')).toEqual([]);
    await deliveries.flush();
    expect(await store.inbox.getState('acme:u999', m.messageId)).toMatchObject({
      state: 'DELIVERED',
      deliveredTime: T0,
    });
    expect((await store.stats.range('acme', '2026-03-02', '2026-03-02'))[0]).toMatchObject({
      delivered: 1000,
    });
    // Reconnects and another instance reporting the same deliveries change nothing.
    const otherInstance = new DeliveryService(deps, { flushIntervalMs: 60_000 });
    for (let i = 0; i < 1000; i++) otherInstance.reached(user(i), m);
    await otherInstance.flush();
    expect((await store.stats.range('acme', '2026-03-02', '2026-03-02'))[0]).toMatchObject({
      delivered: 1000,
    });
  });

  it('flushes on its own after the interval or at the batch size, and settles waiters', async () => {
    const m = message();
    await store.messages.insert(m);
    const deliveries = new DeliveryService(deps, { flushIntervalMs: 20, maxBatch: 3 });
    deliveries.reached(user(1), m);
    expect(deliveries.hasReached(user(1), m.messageId)).toBe(true);
    await deliveries.settled();
    expect(await store.inbox.getState('acme:u1', m.messageId)).toMatchObject({
      state: 'DELIVERED',
    });
    for (const i of [2, 3, 4]) deliveries.reached(user(i), m);
    await deliveries.settled();
    expect((await store.stats.range('acme', '2026-03-02', '2026-03-02'))[0]).toMatchObject({
      delivered: 4,
    });
  });

  it('never writes inside the turn that reports: a full batch flushes on a later turn, in slices', async () => {
    const m = message();
    await store.messages.insert(m);
    const deliveries = new DeliveryService(deps, { flushIntervalMs: 60_000, maxBatch: 100 });
    // 2,500 recipients: past the batch size, so a flush is due — but not before this turn ends.
    for (let i = 0; i < 2500; i++) deliveries.reached(user(i), m);
    expect(await store.inbox.getState('acme:u0', m.messageId)).toBeNull();
    expect(deliveries.hasReached(user(2499), m.messageId)).toBe(true);
    expect(deliveries.hasReached(user(2500), m.messageId)).toBe(false);
    await deliveries.settled();
    expect(await store.inbox.getState('acme:u2499', m.messageId)).toMatchObject({ state: 'DELIVERED', deliveredTime: T0 });
    expect((await store.stats.range('acme', '2026-03-02', '2026-03-02'))[0]).toMatchObject({ delivered: 2500 });
  });

  it('lets a fan-out in progress finish first: rows are written once a turn passes without reports', async () => {
    const m = message();
    await store.messages.insert(m);
    const deliveries = new DeliveryService(deps, { flushIntervalMs: 60_000, maxBatch: 10, maxQuietWaitMs: 60_000 });
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    // A fan-out in slices: 20 recipients reported per turn for 30 turns.
    for (let t = 0; t < 30; t++) {
      for (let i = 0; i < 20; i++) deliveries.reached(user(t * 20 + i), m);
      await turn();
      expect(await store.inbox.getState('acme:u0', m.messageId)).toBeNull();
    }
    await deliveries.settled();
    expect((await store.stats.range('acme', '2026-03-02', '2026-03-02'))[0]).toMatchObject({ delivered: 600 });
  });
});

describe('audit diffs and statistics periods', () => {
  it('masks secret-looking keys and bounds the size', () => {
    expect(compactDiff({ name: 'x', webhookSecret: 's3cr3t', nested: { authToken: 't' } })).toBe(
      '{"name":"x","webhookSecret":"[redacted]","nested":{"authToken":"[redacted]"}}',
    );
    const big = compactDiff({ userIds: Array.from({ length: 10_000 }, (_, i) => `user-${i}`) });
    expect(big.length).toBe(2_000);
    expect(big.endsWith('…')).toBe(true);
  });

  it('puts a day into its ISO week (Monday) and month', () => {
    expect(periodStart('2026-03-01', 'week')).toBe('2026-02-23');
    expect(periodStart('2026-03-02', 'week')).toBe('2026-03-02');
    expect(periodStart('2026-03-08', 'week')).toBe('2026-03-02');
    expect(periodStart('2026-03-31', 'month')).toBe('2026-03-01');
    expect(periodStart('2026-03-31', 'day')).toBe('2026-03-31');
  });
});
