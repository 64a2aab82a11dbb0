import { describe, expect, it } from 'vitest';
import { audienceKeysOf } from '../../domain/index.js';
import {
  at,
  makeGroup,
  makeMessage,
  makeTemplate,
  toOrg,
  toUser,
} from '../contract/fixtures.contract.js';
import type { SqliteConnection} from './connection.js';
import { type SqlValue } from './connection.js';
import { useMemoryDb } from './test-db.contract.js';
import { sqliteGroups } from './groups.js';
import { sqliteIdempotency } from './idempotency.js';
import { sqliteInbox } from './inbox.js';
import { sqliteMessages } from './messages.js';
import { sqliteStats } from './stats.js';
import { sqliteTemplates } from './templates.js';
import { sqliteUsers } from './users.js';

/**
 * The indexing claim, checked against SQLite's own planner: every statement the per-user and
 * per-org operations run is answered by index searches, never a scan of a whole table. Plans are
 * checked without statistics (a new file) and after ANALYZE over a skewed data set.
 */
interface Executed {
  sql: string;
  params: readonly SqlValue[];
}

/**
 * Plan lines that read a whole table or index. Scanning the JSON parameter list, a CTE or a
 * LIMITed subquery (a page branch per audience) is fine,
 * and so is the search index answering a MATCH (idxStr `M…`: FTS5 reads only the query's terms).
 */
const isFullScan = (detail: string): boolean =>
  /^SCAN /.test(detail) &&
  !/^SCAN (?:json_each|page|CONSTANT ROW)\b/.test(detail) &&
  !/^SCAN \(subquery-\d+\)$/.test(detail) &&
  !/^SCAN message_search VIRTUAL TABLE INDEX \d+:M/.test(detail);

function planOf(conn: SqliteConnection, e: Executed): string[] {
  return conn.database
    .prepare<SqlValue[], { detail: string }>(`EXPLAIN QUERY PLAN ${e.sql}`)
    .all(...e.params)
    .map((r) => r.detail);
}

describe('sqlite query plans', () => {
  const db = useMemoryDb();

  /** Runs the user- and org-scoped operations and records every statement they execute. */
  async function runScopedOperations(): Promise<Executed[]> {
    const messages = sqliteMessages(db.conn);
    const inbox = sqliteInbox(db.conn);
    const reader = { userId: 'u1', audiences: audienceKeysOf('org-a', 'u1', ['ops']), now: at(60) };
    const executed: Executed[] = [];
    db.conn.observe((sql, params) => executed.push({ sql, params: [...params] }));
    try {
      await messages.insert(
        makeMessage({ ...toUser('u1'), title: '系统维护通知', content: 'LED maintenance' }),
      );
      const m = makeMessage(toOrg());
      await messages.insert(m);
      await messages.get('org-a', m.messageId);
      await messages.getForAudiences(reader.audiences, m.messageId);
      await messages.dueScheduled(at(60), 10);
      await messages.markSent(m.messageId, 'x', at(60));
      await messages.cancelScheduled('org-a', m.messageId, at(60));
      await messages.purgeExpired(at(60), 10);
      await messages.incrementReadCount(m.messageId, 1);
      await messages.trending('org-a', at(0), at(60), 10);
      await messages.listByOrg({ orgId: 'org-a', limit: 20, offset: 0 });
      await messages.listByOrg({
        orgId: 'org-a',
        q: '维护 led',
        messageType: 'ALERT',
        limit: 20,
        offset: 0,
      });
      const base = { ...reader, limit: 20, offset: 0 };
      await inbox.list({ ...base, state: 'ALL' });
      await inbox.list({
        ...base,
        state: 'UNREAD',
        messageType: 'ALERT',
        category: 'device',
        priority: 'HIGH',
        archived: false,
      });
      await inbox.list({ ...base, state: 'READ', beforeSeq: 'zzz', archived: true });
      await inbox.since({ ...reader, afterSeq: '', limit: 100 });
      await inbox.get({ ...reader, messageId: m.messageId });
      await inbox.search({ ...base, q: '维护' });
      await inbox.search({
        ...base,
        q: '维护 LED mainten',
        category: 'device',
        messageType: 'ALERT',
        startDate: at(0),
        endDate: at(60),
      });
      await inbox.search({ ...base, q: 'mainten' });
      await inbox.unreadCount(reader);
      await inbox.unreadIds({ ...reader, messageType: 'ALERT', limit: 100 });
      await inbox.userSummary(reader);
      await inbox.upsertState(
        { userId: 'u1', orgId: 'org-a', messageId: m.messageId, now: at(60) },
        { state: 'READ' },
      );
      await inbox.getState('u1', m.messageId);
      await inbox.statesOfMessage('org-a', m.messageId, 100);

      const groups = sqliteGroups(db.conn);
      await groups.create(makeGroup({ members: ['u1'] }));
      await groups.get('org-a', 'group-1');
      await groups.list('org-a', { type: 'ROLE', limit: 20, offset: 0 });
      await groups.addMembers('org-a', 'group-1', ['u2'], at(1));
      await groups.removeMembers('org-a', 'group-1', ['u2'], at(1));
      await groups.groupsOf('org-a', 'u1');
      const templates = sqliteTemplates(db.conn);
      await templates.create(makeTemplate());
      await templates.list('org-a', {
        category: 'device',
        enabled: true,
        q: 'dev',
        limit: 20,
        offset: 0,
      });
      await templates.replace({ ...makeTemplate(), version: 2 }, 1);
      await templates.history('org-a', 'tpl-1', 10);
      await sqliteStats(db.conn).increment('org-a', '2025-03-01', 'ALERT', { total: 1 });
      await sqliteStats(db.conn).range('org-a', '2025-03-01', '2025-03-31');
      await sqliteUsers(db.conn).touch('org-a', 'u1', 'U', at(1));
      await sqliteUsers(db.conn).count('org-a');
      await sqliteUsers(db.conn).listIds('org-a', 'u0', 100);
      await sqliteIdempotency(db.conn).claim('org-a', 'k', 'msg_1', at(1), at(0));
    } finally {
      db.conn.observe(null);
    }
    return executed;
  }

  function expectIndexedPlans(executed: Executed[]): void {
    const offenders = executed
      .map((e) => ({ sql: e.sql.replace(/\s+/g, ' '), plan: planOf(db.conn, e) }))
      .filter((p) => p.plan.some(isFullScan));
    expect(offenders).toEqual([]);
  }

  it('serves every inbox, message, group, template, counter and key query from indexes (no statistics)', async () => {
    const executed = await runScopedOperations();
    expect(executed.length).toBeGreaterThan(40);
    expectIndexedPlans(executed);
  });

  it('still serves them from indexes after ANALYZE over a skewed data set', async () => {
    const messages = sqliteMessages(db.conn);
    // Many orgs; most messages are other users' direct messages, a few are org broadcasts.
    for (let i = 0; i < 1200; i++) {
      const org = i % 12 === 0 ? 'org-a' : `org-${i % 23}`;
      const target = i % 50 === 0 ? toOrg(org) : toUser(`user-${i % 97}`, org);
      await messages.insert(
        makeMessage({ ...target, title: `Device ${i} offline`, content: `维护 ${i}` }),
      );
    }
    db.conn.database.exec('ANALYZE');
    expectIndexedPlans(await runScopedOperations());
  });

  it('reads an inbox through the audience index and the state primary key', async () => {
    const inbox = sqliteInbox(db.conn);
    // One visible message, so the page has rows to read.
    await sqliteMessages(db.conn).insert(makeMessage({ ...toUser('u1'), title: '系统维护通知' }));
    const executed: Executed[] = [];
    db.conn.observe((sql, params) => executed.push({ sql, params: [...params] }));
    const reader = { userId: 'u1', audiences: audienceKeysOf('org-a', 'u1', []), now: at(60) };
    await inbox.list({ ...reader, state: 'UNREAD', limit: 20, offset: 0 });
    await inbox.search({ ...reader, q: '系统维护', limit: 20, offset: 0 });
    db.conn.observe(null);
    // The check for any DELETED rows of the reader reads the counter table's primary key.
    const deletedAny = executed.find((e) => e.sql.includes('FROM reader_counts'));
    expect(deletedAny && planOf(db.conn, deletedAny).join('\n')).toMatch(/SEARCH reader_counts USING PRIMARY KEY \(user_id=\?\)/);
    const plans = executed.filter((e) => e !== deletedAny).map((e) => ({ sql: e.sql, plan: planOf(db.conn, e).join('\n') }));
    const [count] = plans.map((p) => p.plan);
    expect(count).toMatch(
      /SEARCH m USING COVERING INDEX messages_inbox \(audience=\? AND status=\?\)/,
    );
    expect(count).toMatch(/SEARCH s USING PRIMARY KEY \(user_id=\? AND message_id=\?\)/);
    // The page: one index range per audience, then the rows by rowid.
    const listPlans = plans.slice(0, plans.findIndex((p) => p.sql.includes('message_search')));
    const ranges = listPlans.filter((p) => p.sql.startsWith('SELECT m.id AS rid, m.message_id AS id'));
    expect(ranges).toHaveLength(reader.audiences.length);
    for (const r of ranges) expect(r.plan).toMatch(/SEARCH m USING (COVERING )?INDEX messages_inbox \(audience=\? AND status=\?\)/);
    const rows = listPlans.find((p) => p.sql.startsWith('SELECT m.id, m.message_id,'));
    expect(rows?.plan).toMatch(/SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    const searchCount = plans.find((p) => p.sql.includes('message_search'))?.plan;
    // Search: the FTS5 MATCH yields the matching ids; each is read by its integer key.
    expect(searchCount).toMatch(/SCAN message_search VIRTUAL TABLE INDEX \d+:M/);
    expect(searchCount).toMatch(/SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\)/);
  });
});
