import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../domain/index.js';
import type { Store } from '../../ports/store.js';
import { countersContract } from '../contract/counters.contract.js';
import { makeMessage, readerOf, toOrg, toUser, useFreshStore } from '../contract/fixtures.contract.js';
import { inboxListContract } from '../contract/inbox-list.contract.js';
import { inboxVisibilityContract } from '../contract/inbox-visibility.contract.js';
import { searchContract } from '../contract/search.contract.js';
import { createSqliteStore } from './index.js';
import { SqliteReadPool } from './read-pool.js';

// The store contract's inbox reads again, answered by a read thread (each test starts one).
describe('Store contract (inbox reads): sqlite with a read pool', () => {
  const ctx = useFreshStore(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mc-sqlite-pool-'));
    const store = createSqliteStore({ file: join(dir, 'message-center.db'), readWorkers: 1 });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  });
  inboxListContract(ctx);
  inboxVisibilityContract(ctx);
  searchContract(ctx);
  countersContract(ctx);
});

describe('sqlite read pool', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mc-sqlite-pool-'));
    store = createSqliteStore({ file: join(dir, 'message-center.db'), readWorkers: 2 });
    await store.start();
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows a state written on the main connection to the very next read', async () => {
    const u1 = readerOf('org-a', 'u1');
    const messages = Array.from({ length: 5 }, (_, i) => makeMessage({ ...toUser('u1'), title: `m${i}` }));
    for (const m of messages) await store.messages.insert(m);
    expect((await store.inbox.unreadCount(u1)).total).toBe(5);
    for (const [i, m] of messages.entries()) {
      await store.inbox.upsertState({ userId: u1.userId, orgId: 'org-a', messageId: m.messageId, now: u1.now }, { state: 'READ', readTime: u1.now });
      // No wait of any kind between the acknowledged write and the reads.
      const [page, count] = await Promise.all([store.inbox.list({ ...u1, state: 'ALL', limit: 10, offset: 0 }), store.inbox.unreadCount(u1)]);
      expect(count.total).toBe(4 - i);
      expect(page.items.find((item) => item.messageId === m.messageId)?.state).toBe('READ');
    }
  });

  it("answers each reader from their own audiences only, with many calls in flight", async () => {
    const a = makeMessage({ ...toOrg('org-a'), title: 'for org a' });
    const b = makeMessage({ ...toOrg('org-b'), title: 'for org b' });
    await store.messages.insert(a);
    await store.messages.insert(b);
    const readers = Array.from({ length: 40 }, (_, i) => (i % 2 ? readerOf('org-b', `u${i}`) : readerOf('org-a', `u${i}`)));
    const pages = await Promise.all(readers.map((r) => store.inbox.list({ ...r, state: 'ALL', limit: 10, offset: 0 })));
    pages.forEach((page, i) => expect(page.items.map((item) => item.messageId)).toEqual([i % 2 ? b.messageId : a.messageId]));
  });

  it('rejects, does not queue, calls past its bound, and fails calls once closed', async () => {
    const pool = new SqliteReadPool({ file: join(dir, 'message-center.db'), size: 1, maxInFlight: 2, busyTimeoutMs: 1000, cacheSizeMiB: 8, mmapSizeMiB: 0 });
    await pool.start();
    try {
      const u1 = readerOf('org-a', 'u1');
      const calls = [pool.run('inbox.unreadCount', u1), pool.run('inbox.unreadCount', u1), pool.run('inbox.unreadCount', u1)];
      const settled = await Promise.allSettled(calls);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
      const refused = (settled[2] as PromiseRejectedResult).reason as AppError;
      expect(refused).toBeInstanceOf(AppError);
      expect(refused.appCode).toBe('SYS_001');
      expect(pool.inFlight).toBe(0);
    } finally {
      await pool.close();
    }
    await expect(pool.run('inbox.unreadCount', readerOf('org-a', 'u1'))).rejects.toMatchObject({ appCode: 'SYS_001' });
  });

  it('fails a call the thread cannot run with its own error, and keeps serving', async () => {
    const pool = new SqliteReadPool({ file: join(dir, 'message-center.db'), size: 1, busyTimeoutMs: 1000, cacheSizeMiB: 8, mmapSizeMiB: 0 });
    await pool.start();
    try {
      const u1 = readerOf('org-a', 'u1');
      const [bad, good] = await Promise.allSettled([pool.run('inbox.nope' as 'inbox.unreadCount', u1), pool.run('inbox.unreadCount', u1)]);
      expect(bad.status).toBe('rejected');
      expect(((bad as PromiseRejectedResult).reason as Error).message).toMatch(/Unknown read operation inbox\.nope/);
      expect(good).toEqual({ status: 'fulfilled', value: { total: 0, byType: {} } });
      await expect(pool.run('inbox.unreadCount', u1)).resolves.toEqual({ total: 0, byType: {} });
    } finally {
      await pool.close();
    }
  });

  it('refuses a size outside 1–16', () => {
    const opts = { file: join(dir, 'x.db'), busyTimeoutMs: 1000, cacheSizeMiB: 8, mmapSizeMiB: 0 };
    expect(() => new SqliteReadPool({ ...opts, size: 0 })).toThrow(/size/);
    expect(() => new SqliteReadPool({ ...opts, size: 17 })).toThrow(/size/);
    expect(() => createSqliteStore({ file: join(dir, 'x.db'), readWorkers: -1 })).toThrow(/readWorkers/);
  });
});
