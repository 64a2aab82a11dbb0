import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeStoreContract } from '../contract.js';
import { makeGroup, makeMessage, readerOf, toOrg } from '../contract/fixtures.contract.js';
import { createSqliteStore } from './index.js';

describeStoreContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mc-sqlite-'));
  const store = createSqliteStore({ file: join(dir, 'message-center.db') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('sqlite store: file and options', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mc-sqlite-file-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps data across close and reopen of the same file', async () => {
    const file = join(dir, 'message-center.db');
    const u1 = readerOf('org-a', 'u1');
    const m = makeMessage({ ...toOrg(), title: '系统维护通知' });
    const first = createSqliteStore({ file });
    await first.start();
    await first.messages.insert(m);
    await first.inbox.upsertState(
      { userId: 'u1', orgId: 'org-a', messageId: m.messageId, now: u1.now },
      { state: 'READ', readTime: u1.now },
    );
    await first.groups.create(makeGroup({ members: ['u1'] }));
    await first.stats.increment('org-a', '2025-03-01', 'ALERT', { total: 3 });
    await first.close();

    const second = createSqliteStore({ file });
    await second.start();
    try {
      expect(await second.messages.get('org-a', m.messageId)).toEqual(m);
      expect(
        (await second.inbox.list({ ...u1, state: 'READ', limit: 10, offset: 0 })).items.map(
          (i) => i.messageId,
        ),
      ).toEqual([m.messageId]);
      expect((await second.inbox.search({ ...u1, q: '维护', limit: 10, offset: 0 })).total).toBe(1);
      expect(await second.groups.groupsOf('org-a', 'u1')).toEqual(['group-1']);
      expect((await second.stats.range('org-a', '2025-03-01', '2025-03-01'))[0]?.total).toBe(3);
    } finally {
      await second.close();
    }
  });

  it('creates missing parent directories on start', async () => {
    const store = createSqliteStore({ file: join(dir, 'nested', 'deeper', 'mc.db') });
    await store.start();
    expect(await store.isReady()).toBe(true);
    await store.close();
  });

  it('fails fast on a path that cannot hold a database', async () => {
    const notADir = join(dir, 'plain-file');
    await writeFile(notADir, 'x');
    expect(() => createSqliteStore({ file: join(notADir, 'mc.db') })).toThrow(/not a directory/);
    expect(() => createSqliteStore({ file: dir })).toThrow(/is a directory/);
    expect(() => createSqliteStore({ file: '' })).toThrow(/file/);
    expect(() => createSqliteStore({ file: join(dir, 'x.db'), busyTimeoutMs: -1 })).toThrow(
      /busyTimeoutMs/,
    );
  });

  it('uses WAL mode, so readers do not block on a writer', async () => {
    const file = join(dir, 'wal.db');
    const store = createSqliteStore({ file });
    await store.start();
    await store.close();
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
  });

  it('refuses to be used before start, with a message saying so', async () => {
    const store = createSqliteStore({ file: join(dir, 'unstarted.db') });
    await expect(store.users.count(null)).rejects.toThrow(/start\(\)/);
    expect(await store.isReady()).toBe(false);
  });
});
