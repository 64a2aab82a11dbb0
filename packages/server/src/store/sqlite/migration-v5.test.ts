import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../domain/index.js';
import {
  at,
  idsOf,
  makeMessage,
  readerOf,
  toOrg,
  toUser,
  type TestReader,
} from '../contract/fixtures.contract.js';
import type { SqliteConnection } from './connection.js';
import { useTempDbFile } from './test-db.contract.js';
import { sqliteInbox } from './inbox.js';
import { sqliteMessages } from './messages.js';
import { MIGRATIONS, applyMigrations } from './migrations.js';
import { MESSAGE_COLUMNS, messageToParams } from './rows.js';

/**
 * Version 5 replaces the `message_tokens` table by an FTS5 index. A file written at version 4
 * (rows stored the way the v4 adapter stored them) must come out with every message, and with
 * search giving the same answers, org isolation included.
 */
describe('sqlite migration v5 (FTS5 search index)', () => {
  const { open } = useTempDbFile('mc-migrate-v5-');

  /** Writes `messages` as the v4 adapter did: the row, then one token row per token. */
  function writeAtV4(conn: SqliteConnection, messages: readonly StoredMessage[]): void {
    const insert = `INSERT INTO messages (${MESSAGE_COLUMNS.join(', ')}) VALUES (${MESSAGE_COLUMNS.map(() => '?').join(', ')})`;
    conn.writeTransaction(() => {
      for (const m of messages) {
        // v4 always stored the token list as JSON.
        const params = messageToParams(m);
        params[MESSAGE_COLUMNS.indexOf('tokens')] = JSON.stringify(m.tokens);
        conn.run(insert, params);
        for (const token of m.tokens)
          conn.run('INSERT INTO message_tokens (audience, token, message_id) VALUES (?, ?, ?)', [
            m.audience,
            token,
            m.messageId,
          ]);
      }
    });
  }

  const corpus = {
    notice: makeMessage({ ...toUser('u1'), title: '系统维护通知', content: 'Firmware upgrade', createTime: at(1) }),
    led: makeMessage({ ...toUser('u1'), title: 'LED屏幕告警', content: 'Screen anomaly', createTime: at(2) }),
    others: makeMessage({ ...toUser('u2'), title: '系统维护通知', content: 'for u2', createTime: at(3) }),
    otherOrg: makeMessage({ ...toUser('u1', 'org-b'), title: '系统维护通知', content: 'org-b', createTime: at(4) }),
    broadcast: makeMessage({ ...toOrg('org-a'), title: '全员通知：系统升级', content: 'All hands', createTime: at(5) }),
    expiring: makeMessage({ ...toUser('u1'), title: '维护 soon gone', expireTime: at(30), createTime: at(6) }),
    custom: makeMessage({ ...toUser('u1'), title: 'Plain', tokens: ['giraffe'], createTime: at(7) }),
  };

  it('moves a v4 file to the FTS5 index with every message and the same search results', async () => {
    const v4 = open();
    expect(applyMigrations(v4, MIGRATIONS.slice(0, 4))).toEqual([1, 2, 3, 4]);
    writeAtV4(v4, Object.values(corpus));
    v4.close();

    const conn = open();
    expect(applyMigrations(conn, MIGRATIONS.slice(0, 5))).toEqual([5]);
    const tables = conn.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => r.name);
    expect(tables).not.toContain('message_tokens');
    expect(tables).toContain('message_search');
    expect(conn.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    conn.run("INSERT INTO message_search (message_search, rank) VALUES ('integrity-check', 0)");

    const messages = sqliteMessages(conn);
    const inbox = sqliteInbox(conn);
    const found = async (q: string, r: TestReader = readerOf('org-a', 'u1')) =>
      idsOf((await inbox.search({ ...r, q, limit: 50, offset: 0, now: at(10) })).items);
    for (const m of Object.values(corpus)) expect(await messages.get(m.orgId, m.messageId)).toEqual(m);
    // Derived token lists are dropped from the rows; a list that is not derived stays.
    expect(conn.all('SELECT message_id, tokens FROM messages WHERE tokens IS NOT NULL')).toEqual([
      { message_id: corpus.custom.messageId, tokens: '["giraffe"]' },
    ]);
    expect(await found('giraffe')).toEqual(idsOf([corpus.custom]));

    expect(await found('维护')).toEqual(idsOf([corpus.expiring, corpus.notice]));
    expect(await found('LED屏幕')).toEqual(idsOf([corpus.led]));
    expect(await found('firm')).toEqual(idsOf([corpus.notice]));
    expect(await found('升级')).toEqual(idsOf([corpus.broadcast]));
    expect(await found('维护', readerOf('org-a', 'u2'))).toEqual(idsOf([corpus.others]));
    expect(await found('维护', readerOf('org-b', 'u1'))).toEqual(idsOf([corpus.otherOrg]));
    expect(await found('升级', readerOf('org-b', 'u1'))).toEqual([]);
    const admin = await messages.listByOrg({ orgId: 'org-b', q: '系统', limit: 10, offset: 0 });
    expect(idsOf(admin.items)).toEqual(idsOf([corpus.otherOrg]));

    // Migrated rows can be purged from the index, and new rows are indexed as before.
    expect(await messages.purgeExpired(at(31), 10)).toBe(1);
    expect(await found('维护')).toEqual(idsOf([corpus.notice]));
    const fresh = makeMessage({ ...toUser('u1'), title: '维护完成', createTime: at(7) });
    expect(await messages.insert(fresh)).toBe(true);
    expect(await found('维护')).toEqual(idsOf([fresh, corpus.notice]));
    conn.run("INSERT INTO message_search (message_search, rank) VALUES ('integrity-check', 0)");
    conn.close();
  });

  it('keeps message ids as integer keys across VACUUM, so the index still points at its rows', async () => {
    const conn = open();
    applyMigrations(conn);
    const messages = sqliteMessages(conn);
    const first = makeMessage({ ...toUser('u1'), title: '第一条', createTime: at(1) });
    const second = makeMessage({ ...toUser('u1'), title: '第二条', createTime: at(2) });
    await messages.insert(first);
    await messages.insert(second);
    // A gap in the ids: VACUUM renumbers implicit rowids, never an INTEGER PRIMARY KEY.
    conn.run('DELETE FROM messages WHERE message_id = ?', [first.messageId]);
    conn.database.exec('VACUUM');
    const inbox = sqliteInbox(conn);
    const res = await inbox.search({ ...readerOf('org-a', 'u1'), q: '第二', limit: 10, offset: 0 });
    expect(idsOf(res.items)).toEqual(idsOf([second]));
    conn.close();
  });

  it('stores derived tokens as NULL and any other token list as JSON, and reads both back', async () => {
    const conn = open();
    applyMigrations(conn);
    const messages = sqliteMessages(conn);
    const derived = makeMessage({ ...toUser('u1'), title: '系统维护', content: 'Firmware' });
    const custom = makeMessage({ ...toUser('u1'), title: 'Plain', tokens: ['giraffe', '长颈'] });
    await messages.insert(derived);
    await messages.insert(custom);
    const stored = (id: string) =>
      conn.get<{ tokens: string | null }>('SELECT tokens FROM messages WHERE message_id = ?', [id])?.tokens;
    expect(stored(derived.messageId)).toBeNull();
    expect(stored(custom.messageId)).toBe('["giraffe","长颈"]');
    expect(await messages.get('org-a', derived.messageId)).toEqual(derived);
    expect(await messages.get('org-a', custom.messageId)).toEqual(custom);
    const inbox = sqliteInbox(conn);
    const found = async (q: string) =>
      idsOf((await inbox.search({ ...readerOf('org-a', 'u1'), q, limit: 10, offset: 0 })).items);
    expect(await found('长颈')).toEqual(idsOf([custom]));
    expect(await found('plain')).toEqual([]);
    conn.close();
  });
});
