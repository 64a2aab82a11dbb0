import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeMessage, toOrg } from '../contract/fixtures.contract.js';
import { SqliteConnection } from './connection.js';
import { createSqliteStore } from './index.js';

describe('sqlite group commit', () => {
  let dir: string;
  let conn: SqliteConnection;
  let other: Database.Database;
  const count = () => (other.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mc-group-commit-'));
    conn = new SqliteConnection(join(dir, 'db'), { busyTimeoutMs: 1000, synchronous: 'NORMAL', cacheSizeMiB: 8 });
    conn.open();
    conn.database.exec('CREATE TABLE t (v INTEGER PRIMARY KEY)');
    other = new Database(join(dir, 'db'), { readonly: true });
  });
  afterEach(async () => {
    other.close();
    conn.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('commits writes queued together, and settles each only once committed', async () => {
    const writes = [1, 2, 3].map((v) => conn.queuedWrite(() => conn.run('INSERT INTO t (v) VALUES (?)', [v])));
    // Nothing is visible to another connection (nor acknowledged) before the group commits.
    expect(count()).toBe(0);
    const firstSettled = await Promise.race(writes);
    expect(firstSettled).toBe(1);
    expect(count()).toBe(3);
    expect(await Promise.all(writes)).toEqual([1, 1, 1]);
  });

  it('rolls back and rejects only the write that failed', async () => {
    const ok1 = conn.queuedWrite(() => conn.run('INSERT INTO t (v) VALUES (1)'));
    const failing = conn.queuedWrite(() => {
      conn.run('INSERT INTO t (v) VALUES (2)');
      conn.run('INSERT INTO t (v) VALUES (1)'); // duplicate key
    });
    const ok2 = conn.queuedWrite(() => conn.run('INSERT INTO t (v) VALUES (3)'));
    await expect(failing).rejects.toThrow(/UNIQUE/);
    await expect(Promise.all([ok1, ok2])).resolves.toEqual([1, 1]);
    expect(other.prepare('SELECT v FROM t ORDER BY v').all()).toEqual([{ v: 1 }, { v: 3 }]);
  });

  it('runs each `last` step after every write of the group, with its write\'s result, only for writes that succeeded', async () => {
    const order: string[] = [];
    const write = (v: number) =>
      conn.queuedWrite(
        () => {
          order.push(`write ${v}`);
          return conn.run('INSERT INTO t (v) VALUES (?)', [v]) * v;
        },
        (result) => {
          order.push(`last ${v}: ${result}`);
          conn.run('INSERT INTO t (v) VALUES (?)', [v + 100]);
        },
      );
    const first = write(1);
    const failing = conn.queuedWrite(
      () => {
        order.push('write dup');
        conn.run('INSERT INTO t (v) VALUES (1)');
      },
      () => order.push('last dup'),
    );
    const third = write(2);
    await Promise.all([first, expect(failing).rejects.toThrow(/UNIQUE/), third]);
    expect(order).toEqual(['write 1', 'write dup', 'write 2', 'last 1: 1', 'last 2: 2']);
    expect(other.prepare('SELECT v FROM t ORDER BY v').all()).toEqual([{ v: 1 }, { v: 2 }, { v: 101 }, { v: 102 }]);
  });

  it('rolls back the whole group and rejects every write when a `last` step fails', async () => {
    const plain = conn.queuedWrite(() => conn.run('INSERT INTO t (v) VALUES (1)'));
    const withLast = conn.queuedWrite(
      () => conn.run('INSERT INTO t (v) VALUES (2)'),
      () => conn.run('INSERT INTO t (v) VALUES (1)'), // duplicate key
    );
    await expect(plain).rejects.toThrow(/UNIQUE/);
    await expect(withLast).rejects.toThrow(/UNIQUE/);
    expect(count()).toBe(0);
    // The queue goes on with the next group.
    await expect(conn.queuedWrite(() => conn.run('INSERT INTO t (v) VALUES (3)'))).resolves.toBe(1);
  });

  it('commits queued writes before the connection closes', async () => {
    const write = conn.queuedWrite(() => conn.run('INSERT INTO t (v) VALUES (7)'));
    conn.close();
    await expect(write).resolves.toBe(1);
    expect(count()).toBe(1);
  });
});

describe('sqlite store: writes that share a commit', () => {
  it('sums concurrent counter increments and stores concurrent messages', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mc-group-commit-store-'));
    const store = createSqliteStore({ file: join(dir, 'message-center.db') });
    try {
      await store.start();
      const messages = Array.from({ length: 50 }, () => makeMessage({ ...toOrg() }));
      const inserted = await Promise.all(messages.map((m) => store.messages.insert(m)));
      expect(inserted.every(Boolean)).toBe(true);
      // The same message twice in one group: stored once, the repeat reports it was not new.
      expect(await Promise.all([store.messages.insert(messages[0]!), store.messages.insert(messages[0]!)])).toEqual([false, false]);
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          store.stats.increment('org-a', '2026-01-01', 'NOTIFICATION', i % 2 ? { total: 2 } : { read: 1, readTimeSum: 5 }),
        ),
      );
      await store.stats.increment('org-a', '2026-01-01', 'NOTIFICATION', { delivered: 3 });
      const [row] = await store.stats.range('org-a', '2026-01-01', '2026-01-01');
      expect(row).toMatchObject({ total: 40, delivered: 3, read: 20, readTimeSum: 100 });
      for (const m of messages) expect((await store.messages.get(m.orgId, m.messageId))?.messageId).toBe(m.messageId);
      // Every message of the group is found through the search index.
      const found = await store.messages.listByOrg({ orgId: messages[0]!.orgId, q: messages[0]!.title, limit: 100, offset: 0 });
      expect(found.total).toBe(messages.length);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('sqlite store: search rows of a group commit', () => {
  it('are written out as one index segment, after the group\'s other writes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mc-group-commit-fts-'));
    const file = join(dir, 'message-center.db');
    const store = createSqliteStore({ file });
    const reader = () => new Database(file, { readonly: true });
    try {
      await store.start();
      const dataRows = () => {
        const db = reader();
        try {
          return (db.prepare('SELECT count(*) AS n FROM message_search_data').get() as { n: number }).n;
        } finally {
          db.close();
        }
      };
      const before = dataRows();
      const messages = Array.from({ length: 50 }, (_, i) => makeMessage({ ...toOrg(), title: `Device ${i} offline` }));
      expect((await Promise.all(messages.map((m) => store.messages.insert(m)))).every(Boolean)).toBe(true);
      // One new leaf page: the group's terms were flushed once, at commit. Interleaved with the
      // message rows (whose statement journals make FTS5 flush), each message was its own segment.
      expect(dataRows() - before).toBe(1);
      const found = await store.messages.listByOrg({ orgId: 'org-a', q: 'device 42', limit: 10, offset: 0 });
      expect(found.items.map((m) => m.title)).toEqual(['Device 42 offline']);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
