import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import superjson from 'superjson';
import { httpClient, tokenFor } from '../support/server.js';
import { expectAppError } from '../e2e/expect-error.js';
import { startSecurityServer, whileHealthy, type SecurityServer } from './support.js';

/** Operations per HTTP batch, and per-user rate limits on reads as well as sends. */
describe('HTTP batch and read rate limits', () => {
  let s: SecurityServer;
  beforeAll(async () => {
    s = await startSecurityServer({ MC_HTTP_MAX_BATCH: '20', MC_READ_RATE_LIMIT_USER: '30' });
  });
  afterAll(async () => s?.stop());

  /** One POST carrying `n` `messages.send` calls, as tRPC's batch format has it. */
  async function postBatch(token: string, n: number, prefix: string): Promise<number> {
    const paths = Array.from({ length: n }, () => 'messages.send').join(',');
    const body = Object.fromEntries(
      Array.from({ length: n }, (_, i) => [i, superjson.serialize({ receiverId: 'bob', messageType: 'SYSTEM', title: `${prefix}${i}`, content: '' })]),
    );
    const res = await fetch(`${s.server.url}/trpc/${paths}?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    await res.text();
    return res.status;
  }

  it('refuses a batch larger than MC_HTTP_MAX_BATCH whole, without running any of it', async () => {
    const token = await tokenFor('svc', 'acme', ['sender']);
    const bob = httpClient(s.server.url, await tokenFor('bob', 'acme', ['user']), { batch: false });
    await whileHealthy(s.server.url, async () => {
      expect(await postBatch(token, 700, 'huge')).toBe(400);
    });
    expect(await postBatch(token, 20, 'fits')).toBe(200);
    const titles = (await bob.messages.list.query({ size: 100 })).items.map((m) => m.title);
    expect(titles.filter((t) => t.startsWith('huge'))).toEqual([]);
    expect(titles.filter((t) => t.startsWith('fits'))).toHaveLength(20);
  });

  it('limits reads per user with RATE_001 and retryAfterMs; other users read on', async () => {
    const greedy = httpClient(s.server.url, await tokenFor('greedy', 'acme', ['user']), { batch: false });
    const other = httpClient(s.server.url, await tokenFor('calm', 'acme', ['user']), { batch: false });
    const error = await whileHealthy(s.server.url, async () => {
      for (let i = 0; i < 30; i++) await (i % 2 ? greedy.messages.list.query({}) : greedy.messages.unreadCount.query());
      return expectAppError(greedy.messages.search.query({ q: 'x' }), 'TOO_MANY_REQUESTS', 'RATE_001');
    });
    expect(error.data?.retryAfterMs).toBeGreaterThan(0);
    expect(error.data?.retryAfterMs).toBeLessThanOrEqual(60_000);
    await expectAppError(greedy.messages.get.query({ messageId: 'msg_x' }), 'TOO_MANY_REQUESTS', 'RATE_001');
    expect((await other.messages.unreadCount.query()).total).toBe(0);
  });

  it('counts the admin views (message activity, statistics) as reads too', async () => {
    const admin = httpClient(s.server.url, await tokenFor('watcher', 'acme', ['admin']), { batch: false });
    await whileHealthy(s.server.url, async () => {
      for (let i = 0; i < 30; i++) await admin.messages.orgList.query({ page: 1, size: 20 });
      await expectAppError(admin.stats.trending.query({ period: '24h', limit: 10 }), 'TOO_MANY_REQUESTS', 'RATE_001');
      await expectAppError(admin.stats.overview.query({ startDate: '2025-01-01', endDate: '2025-01-02' }), 'TOO_MANY_REQUESTS', 'RATE_001');
    });
  });
});
