import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audienceKeysOf, type MessageType } from '../../domain/index.js';
import { at, makeMessage, toAllUsers, toGroup, toOrg, toUser } from '../contract/fixtures.contract.js';
import type { SqliteConnection } from './connection.js';
import { inboxCounts, type ReaderScope, visibleWhere } from './inbox-sql.js';
import { sqliteInbox } from './inbox.js';
import { sqliteMessages } from './messages.js';
import { MIGRATIONS, applyMigrations } from './migrations.js';
import { useMemoryDb, useTempDbFile } from './test-db.contract.js';

const TYPES = ['NOTIFICATION', 'ALERT', 'BUSINESS'] as const;
const USERS = ['u1', 'u2', 'u3'] as const;
const GROUPS = [['ops', 'night'], ['ops'], []] as const;

/** What the counters must equal: every visible message counted one by one, as before v6. */
function scanned(conn: SqliteConnection, scope: ReaderScope): Record<string, { total: number; unread: number }> {
  const where = visibleWhere(scope);
  const rows = conn.all<{ type: MessageType; total: number; unread: number }>(
    `SELECT m.message_type AS type, count(*) AS total,
       sum(s.state IS NULL OR s.state IN ('UNREAD', 'DELIVERED')) AS unread
     FROM messages m LEFT JOIN inbox_states s ON s.user_id = ? AND s.message_id = m.message_id
     ${where.sql} GROUP BY m.message_type`,
    [scope.userId, ...where.params],
  );
  return Object.fromEntries(rows.map((r) => [r.type, { total: r.total, unread: r.unread }]));
}

const counted = (conn: SqliteConnection, scope: ReaderScope) => Object.fromEntries(inboxCounts(conn, scope).byType);

const scopeOf = (u: number, now: Date): ReaderScope => ({
  userId: USERS[u]!,
  audiences: audienceKeysOf('org-a', USERS[u]!, GROUPS[u]!),
  now,
});

const op = fc.oneof(
  fc.record({ kind: fc.constant('send' as const), target: fc.nat(5), type: fc.nat(2), minute: fc.nat(59), expires: fc.option(fc.nat(90), { nil: undefined }), scheduled: fc.boolean() }),
  fc.record({ kind: fc.constantFrom('read' as const, 'delete' as const, 'deliver' as const, 'unread' as const), user: fc.nat(2), pick: fc.nat(10_000) }),
  fc.record({ kind: fc.constantFrom('readMany' as const, 'deleteMany' as const), user: fc.nat(2), picks: fc.array(fc.nat(10_000), { maxLength: 5 }) }),
  fc.record({ kind: fc.constantFrom('publish' as const, 'cancel' as const, 'fail' as const), pick: fc.nat(10_000) }),
  fc.record({ kind: fc.constant('purge' as const), minute: fc.nat(120) }),
);

describe('maintained inbox counts (schema v6)', () => {
  const db = useMemoryDb();

  it('equal counting every visible message, after any sequence of sends, state changes, status changes and purges', async () => {
    const targets = [toUser('u1'), toUser('u2'), toOrg(), toGroup('ops'), toGroup('night'), toAllUsers('org-b')];
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 60 }), fc.nat(120), async (ops, nowMinute) => {
        db.conn.run('DELETE FROM inbox_states');
        db.conn.run('DELETE FROM messages');
        const messages = sqliteMessages(db.conn);
        const inbox = sqliteInbox(db.conn);
        const ids: string[] = [];
        const idOf = (pick: number) => ids[pick % Math.max(1, ids.length)] ?? 'none';
        for (const o of ops) {
          if (o.kind === 'send') {
            const m = makeMessage({
              ...targets[o.target],
              createTime: at(o.minute),
              messageType: TYPES[o.type],
              expireTime: o.expires === undefined ? null : at(o.expires),
              status: o.scheduled ? 'SCHEDULED' : 'SENT',
            });
            await messages.insert(m);
            ids.push(m.messageId);
          } else if (o.kind === 'publish') await messages.markSent(idOf(o.pick), `9${String(o.pick).padStart(30, '0')}`, at(1));
          else if (o.kind === 'cancel') await messages.cancelScheduled('org-a', idOf(o.pick), at(1));
          else if (o.kind === 'fail') await messages.markFailed('org-a', idOf(o.pick), at(1));
          else if (o.kind === 'purge') await messages.purgeExpired(at(o.minute), 1000);
          else if (o.kind === 'readMany' || o.kind === 'deleteMany') {
            const batch = { ...scopeOf(o.user, at(nowMinute)), orgId: 'org-a', messageIds: o.picks.map(idOf) };
            await (o.kind === 'readMany' ? inbox.markReadMany(batch) : inbox.deleteMany(batch));
          } else if (o.kind === 'read' || o.kind === 'delete' || o.kind === 'deliver' || o.kind === 'unread') {
            const row = { userId: USERS[o.user]!, orgId: 'org-a', messageId: idOf(o.pick), now: at(1) };
            if (o.kind === 'deliver') await inbox.recordDeliveries([{ userId: row.userId, orgId: 'org-a', messageId: row.messageId }], at(1));
            else await inbox.upsertState(row, { state: o.kind === 'read' ? 'READ' : o.kind === 'delete' ? 'DELETED' : 'UNREAD' });
          }
        }
        for (let u = 0; u < USERS.length; u++) {
          const scope = scopeOf(u, at(nowMinute));
          expect(counted(db.conn, scope)).toEqual(scanned(db.conn, scope));
          // The audiences a page reads: exactly those holding a SENT message.
          const holding = db.conn.all<{ audience: string }>("SELECT DISTINCT audience FROM messages WHERE status = 'SENT'").map((r) => r.audience);
          expect([...inboxCounts(db.conn, scope).audiencesWithMessages].sort()).toEqual(scope.audiences.filter((a) => holding.includes(a)).sort());
          // Group membership changes with the audiences alone: leaving a group drops its counts.
          const alone = { ...scope, audiences: audienceKeysOf('org-a', USERS[u]!, []) };
          expect(counted(db.conn, alone)).toEqual(scanned(db.conn, alone));
        }
      }),
      { numRuns: 150, seed: 23 },
    );
  });

  it('answer list totals and unreadCount from the counters, equal to the scan', async () => {
    const messages = sqliteMessages(db.conn);
    const inbox = sqliteInbox(db.conn);
    const scope = scopeOf(0, at(50));
    for (let i = 0; i < 30; i++) {
      const m = makeMessage({ ...toGroup('ops'), createTime: at(i), messageType: TYPES[i % 3], expireTime: i % 7 === 0 ? at(40) : null });
      await messages.insert(m);
      if (i % 4 === 0) await inbox.upsertState({ userId: 'u1', orgId: 'org-a', messageId: m.messageId, now: at(i) }, { state: 'READ' });
      if (i % 5 === 0) await inbox.upsertState({ userId: 'u1', orgId: 'org-a', messageId: m.messageId, now: at(i) }, { state: 'DELETED' });
    }
    const expected = scanned(db.conn, scope);
    const list = await inbox.list({ ...scope, limit: 5, offset: 0, state: 'ALL' });
    expect(list.total).toBe(Object.values(expected).reduce((n, c) => n + c.total, 0));
    const alerts = await inbox.list({ ...scope, limit: 5, offset: 0, state: 'ALL', messageType: 'ALERT' });
    expect(alerts.total).toBe(expected.ALERT?.total);
    const unread = await inbox.unreadCount(scope);
    expect(unread.byType).toEqual(Object.fromEntries(Object.entries(expected).filter(([, c]) => c.unread > 0).map(([t, c]) => [t, c.unread])));
  });

  it('reads counter rows and the expired range through their indexes', () => {
    const plan = (sql: string) => db.conn.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).map((r) => r.detail).join(' | ');
    expect(plan("SELECT count(*) FROM messages m WHERE m.audience IN (SELECT value FROM json_each('[\"a\"]')) AND m.status = 'SENT' AND m.expire_time <= 5")).toContain('messages_expired_by_audience');
    expect(plan("SELECT sum(n) FROM reader_counts WHERE user_id = 'u' AND audience IN (SELECT value FROM json_each('[\"a\"]'))")).toMatch(/SEARCH reader_counts USING PRIMARY KEY \(user_id=\? AND audience=\?\)/);
  });
});

describe('migration v6', () => {
  const file = useTempDbFile('mc-v6-');

  it('fills the counters from the messages and state rows of an existing file', async () => {
    const v5 = file.open();
    applyMigrations(v5, MIGRATIONS.slice(0, 5));
    const messages = sqliteMessages(v5);
    const inbox = sqliteInbox(v5);
    for (let i = 0; i < 40; i++) {
      const m = makeMessage({ ...(i % 2 ? toOrg() : toUser('u1')), createTime: at(i), messageType: TYPES[i % 3], expireTime: i % 9 === 0 ? at(20) : null, status: i % 11 === 0 ? 'SCHEDULED' : 'SENT' });
      await messages.insert(m);
      if (i % 3 === 0) await inbox.upsertState({ userId: 'u1', orgId: 'org-a', messageId: m.messageId, now: at(i) }, { state: i % 2 ? 'READ' : 'DELETED' });
    }
    v5.close();
    const conn = file.open();
    expect(applyMigrations(conn)).toEqual([6]);
    const scope = scopeOf(0, at(30));
    expect(counted(conn, scope)).toEqual(scanned(conn, scope));
    conn.close();
  });
});
