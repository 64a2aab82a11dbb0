import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServerHandle } from '../../../test/support/redis-server.js';
import { describeBusContract } from '../contract.js';
import { createRedisBus } from './index.js';

let server: RedisServerHandle;
let keyspace = 0;

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

// Each test gets its own key prefix: a fresh, empty backend on the same redis-server.
describeBusContract('redis', () => {
  const keyPrefix = `contract${++keyspace}:`;
  return () => createRedisBus({ url: server.url, keyPrefix });
});

describe('redis bus options', () => {
  it('fails fast on a missing or malformed url', () => {
    expect(() => createRedisBus({ url: '' })).toThrow(/url.*required/);
    expect(() => createRedisBus({} as { url: string })).toThrow(/url.*required/);
    expect(() => createRedisBus({ url: 'not a url' })).toThrow(/not a valid URL/);
    expect(() => createRedisBus({ url: 'http://127.0.0.1:6379' })).toThrow(/redis:\/\//);
  });

  it('rejects a key prefix that would break Cluster hash tags', () => {
    expect(() => createRedisBus({ url: 'redis://127.0.0.1', keyPrefix: '{mc}:' })).toThrow(
      /keyPrefix/,
    );
  });

  it('names itself without credentials', () => {
    const bus = createRedisBus({ url: 'redis://user:secret@127.0.0.1:6390/2' });
    expect(bus.name).toBe('redis(127.0.0.1:6390)');
  });

  it('rejects start when Redis is unreachable, and leaves nothing running', async () => {
    const unused = await startRedisServer();
    await unused.stop();
    const bus = createRedisBus({ url: unused.url });
    await expect(bus.start()).rejects.toThrow(/cannot connect to Redis at 127\.0\.0\.1:\d+/);
    expect(bus.isReady()).toBe(false);
    await bus.close();
  });

  it('refuses commands before start instead of connecting behind the caller', async () => {
    const bus = createRedisBus({ url: server.url });
    await expect(bus.publish('c', 'p')).rejects.toThrow(/not started/);
    await expect(bus.locks.acquire('l', 'o', 1000)).rejects.toThrow(/not started/);
    await bus.close();
  });
});

describe('redis bus subscriptions', () => {
  it('reports a throwing handler and still delivers to the other subscribers', async () => {
    const errors: string[] = [];
    const bus = createRedisBus({
      url: server.url,
      keyPrefix: 'handlers:',
      onHandlerError: (_error, channel) => errors.push(channel),
    });
    await bus.start();
    const received: string[] = [];
    await bus.subscribe('c', () => {
      throw new Error('boom');
    });
    await bus.subscribe('c', (payload) => received.push(payload));
    await bus.publish('c', 'p');
    await expect.poll(() => received).toEqual(['p']);
    expect(errors).toEqual(['c']);
    await bus.close();
  });
});

describe('redis key layout (README.md)', () => {
  let raw: Redis;
  beforeAll(async () => {
    raw = new Redis(server.url);
  });
  afterAll(async () => {
    await raw.quit();
  });

  it('keeps presence in expiring sorted sets under one hash tag per org', async () => {
    const bus = createRedisBus({ url: server.url, keyPrefix: 'layout:' });
    await bus.start();
    const session = { orgId: 'o1', userId: 'u1', sessionId: 's1', instanceId: 'i', connectedAt: 0 };
    await bus.presence.connect(session, 60_000);
    const before = Date.now();
    for (const key of [
      'layout:presence:{org:o1}:sessions',
      'layout:presence:{org:o1}:users',
      'layout:presence:{org:o1}:user:u1',
      'layout:presence:sessions',
    ]) {
      expect(await raw.type(key)).toBe('zset');
      const ttl = await raw.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
    const expiresAt = Number(await raw.zscore('layout:presence:{org:o1}:sessions', 's1'));
    expect(expiresAt).toBeGreaterThan(before);
    expect(await raw.zscore('layout:presence:sessions', '["o1","s1"]')).not.toBeNull();
    const slots = ['sessions', 'users', 'user:u1'].map((suffix) =>
      clusterSlot(`layout:presence:{org:o1}:${suffix}`),
    );
    expect(new Set(slots).size).toBe(1);
    expect(clusterSlot('layout:presence:{org:o2}:users')).not.toBe(slots[0]);

    await bus.rateLimits.take('sender:u1', { capacity: 5, refillPerSecond: 1 });
    expect(await raw.hgetall('layout:rate:sender:u1')).toMatchObject({ tokens: '4' });
    const bucketTtl = await raw.pttl('layout:rate:sender:u1');
    expect(bucketTtl).toBeGreaterThan(0);
    expect(bucketTtl).toBeLessThanOrEqual(2000);

    await bus.locks.acquire('scheduler', 'instance-a', 30_000);
    expect(await raw.get('layout:lock:scheduler')).toBe('instance-a');
    expect(await raw.pttl('layout:lock:scheduler')).toBeGreaterThan(0);

    await bus.presence.disconnect(session);
    expect(await raw.exists('layout:presence:{org:o1}:user:u1')).toBe(0);
    expect(await raw.zcard('layout:presence:sessions')).toBe(0);
    await bus.close();
  });

  it('publishes on prefixed channels', async () => {
    const bus = createRedisBus({ url: server.url, keyPrefix: 'layout:' });
    await bus.start();
    const listener = raw.duplicate();
    const received = new Promise<string>((resolve) =>
      listener.on('message', (channel: string, payload: string) =>
        resolve(`${channel} ${payload}`),
      ),
    );
    await listener.subscribe('layout:ch:org:o1');
    await bus.publish('org:o1', 'hello');
    expect(await received).toBe('layout:ch:org:o1 hello');
    await listener.quit();
    await bus.close();
  });
});

/** The Redis Cluster slot of a key: CRC16 (XMODEM) of its hash tag, or of the whole key. */
function clusterSlot(key: string): number {
  const open = key.indexOf('{');
  const close = open >= 0 ? key.indexOf('}', open + 1) : -1;
  const hashed = close > open + 1 ? key.slice(open + 1, close) : key;
  let crc = 0;
  for (const byte of Buffer.from(hashed)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % 16384;
}
