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

/** The audience condition {@link visibleWhere} starts with (its parameter comes first). */
const AUDIENCE_IN = 'm.audience IN (SELECT value FROM json_each(?))';

/** Most audiences a page query merges branch by branch; past it, one sorted scan. */
const MAX_MERGED_AUDIENCES = 16;

/**
 * What the reader may see: a message in one of their audiences, SENT, not expired at `now`,
 * and not deleted by this reader. Served by the `messages_inbox` index (audience, status, seq).
 * Refers to `m` only, so it also works without the state join.
 */
export function visibleWhere(scope: ReaderScope): Where {
  return new Where()
    .and(AUDIENCE_IN, jsonList(scope.audiences))
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
 *
 * With several audiences, the ids come from one branch per audience, each reading its own
 * `messages_inbox` range in `seq` order and stopping after `offset + limit` rows, merged and cut
 * to the page: a user in a busy group no longer sorts every visible message to return twenty.
 * `single-scan` is the one sorted scan the merge must always agree with.
 */
export function inboxPage(
  conn: SqliteConnection,
  userId: string,
  where: Where,
  order: 'ASC' | 'DESC',
  limit: number,
  offset: number,
  strategy: 'merge' | 'single-scan' = 'merge',
): InboxItem[] {
  const merge = strategy === 'merge';
  const sql = `WITH page AS (${pageIds(where, order, merge)})
SELECT ${MESSAGE_SELECT}, ${INBOX_STATE_SELECT} FROM page JOIN messages m ON m.message_id = page.id
LEFT JOIN inbox_states s ON s.user_id = ? AND s.message_id = m.message_id ORDER BY page.seq ${order}, page.id ${order}`;
  const params: SqlValue[] = [...pageIdParams(userId, where, limit, offset, merge), userId];
  return conn.all<InboxRow>(sql, params).map(inboxItemFromRow);
}

/** The audiences of a {@link visibleWhere} condition, when a per-audience merge applies. */
function mergeableAudiences(where: Where): string[] | null {
  if (!where.sql.startsWith(`WHERE ${AUDIENCE_IN}`) || typeof where.params[0] !== 'string') return null;
  const audiences = JSON.parse(where.params[0]) as string[];
  return audiences.length > 1 && audiences.length <= MAX_MERGED_AUDIENCES ? audiences : null;
}

function pageIds(where: Where, order: 'ASC' | 'DESC', merge: boolean): string {
  const select = (w: string) => `SELECT m.message_id AS id, m.seq AS seq ${INBOX_FROM} ${w} ORDER BY m.seq ${order}, m.message_id ${order} LIMIT ?`;
  const audiences = merge ? mergeableAudiences(where) : null;
  if (!audiences) return `${select(where.sql)} OFFSET ?`;
  const branch = `SELECT * FROM (${select(where.sql.replace(AUDIENCE_IN, 'm.audience = ?'))})`;
  return `SELECT id, seq FROM (${audiences.map(() => branch).join(' UNION ALL ')}) ORDER BY seq ${order}, id ${order} LIMIT ? OFFSET ?`;
}

function pageIdParams(userId: string, where: Where, limit: number, offset: number, merge: boolean): SqlValue[] {
  const audiences = merge ? mergeableAudiences(where) : null;
  if (!audiences) return [userId, ...where.params, limit, offset];
  const rest = where.params.slice(1);
  return [...audiences.flatMap((a) => [userId, a, ...rest, limit + offset]), limit, offset];
}
