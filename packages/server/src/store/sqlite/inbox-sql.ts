import type { InboxItem } from '../../domain/index.js';
import type { SqliteConnection, SqlValue } from './connection.js';
import { INBOX_STATE_SELECT, MESSAGE_SELECT, inboxItemFromRow, type InboxRow } from './rows.js';
import { jsonList, Where } from './where.js';

/** Who reads, and when: what every inbox query is scoped by. */
export interface ReaderScope {
  userId: string;
  audiences: readonly string[];
  now: Date;
}

/**
 * The reader's messages joined with the reader's own state rows. The join parameter (user id)
 * comes first; `visibleWhere` parameters follow.
 */
export const INBOX_FROM =
  'FROM messages m LEFT JOIN inbox_states s ON s.user_id = ? AND s.message_id = m.message_id';

/** "Not read yet": no state row, or UNREAD / DELIVERED. */
export const IS_UNREAD = "(s.state IS NULL OR s.state IN ('UNREAD', 'DELIVERED'))";

/**
 * What the reader may see: a message in one of their audiences, SENT, not expired at `now`,
 * and not deleted by this reader. Served by the `messages_inbox` index (audience, status, seq).
 * Refers to `m` only, so it also works without the state join.
 */
export function visibleWhere(scope: ReaderScope): Where {
  return new Where()
    .and('m.audience IN (SELECT value FROM json_each(?))', jsonList(scope.audiences))
    .and("m.status = 'SENT'")
    .and('(m.expire_time IS NULL OR m.expire_time > ?)', scope.now.getTime())
    // Not deleted by this reader, tested against the reader's own DELETED rows (usually none)
    // instead of the joined state row: a query that reads no state column then never touches
    // inbox_states per message (SQLite drops the unused LEFT JOIN on its full primary key), where
    // one primary-key search per visible message was most of the cost of a list or a count.
    .and("m.message_id NOT IN (SELECT message_id FROM inbox_states WHERE user_id = ? AND state = 'DELETED')", scope.userId);
}

/**
 * Number of visible messages matching `where`. `readsState` = `where` tests the state row (`s.`);
 * without it the count reads the covering index alone (SQLite keeps the LEFT JOIN in a count,
 * one inbox_states search per visible message, even when nothing uses it).
 */
export function countInbox(conn: SqliteConnection, userId: string, where: Where, readsState = true): number {
  if (!readsState) return conn.get<{ n: number }>(`SELECT count(*) AS n FROM messages m ${where.sql}`, where.params)?.n ?? 0;
  return (
    conn.get<{ n: number }>(`SELECT count(*) AS n ${INBOX_FROM} ${where.sql}`, [
      userId,
      ...where.params,
    ])?.n ?? 0
  );
}

/**
 * A page of inbox items in `seq` order. Two steps in one statement: the page's ids are picked
 * from the index (sorting only ids), then only those rows are read, so a large inbox does not
 * load every message body to return twenty.
 */
export function inboxPage(
  conn: SqliteConnection,
  userId: string,
  where: Where,
  order: 'ASC' | 'DESC',
  limit: number,
  offset: number,
): InboxItem[] {
  const sql = `WITH page AS (SELECT m.message_id AS id, m.seq AS seq ${INBOX_FROM} ${where.sql} ORDER BY m.seq ${order}, m.message_id ${order} LIMIT ? OFFSET ?)
SELECT ${MESSAGE_SELECT}, ${INBOX_STATE_SELECT} FROM page JOIN messages m ON m.message_id = page.id
LEFT JOIN inbox_states s ON s.user_id = ? AND s.message_id = m.message_id ORDER BY page.seq ${order}, page.id ${order}`;
  const params: SqlValue[] = [userId, ...where.params, limit, offset, userId];
  return conn.all<InboxRow>(sql, params).map(inboxItemFromRow);
}
