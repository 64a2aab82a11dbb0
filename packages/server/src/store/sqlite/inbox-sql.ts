import type { InboxItem, InboxState, MessageMetadata, MessageStatus, MessageType, Priority, ReceiverType } from '../../domain/index.js';
import { fromMillis, type SqlValue, type SqliteConnection } from './connection.js';
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
export function visibleWhere(scope: ReaderScope, deletedRows = true): Where {
  const where = new Where()
    .and(AUDIENCE_IN, jsonList(scope.audiences))
    .and("m.status = 'SENT'")
    .and('(m.expire_time IS NULL OR m.expire_time > ?)', scope.now.getTime());
  // Not deleted by this reader, tested against the reader's own DELETED rows (usually none)
  // instead of the joined state row: a query that reads no state column then never touches
  // inbox_states per message (SQLite drops the unused LEFT JOIN on its full primary key), where
  // one primary-key search per visible message was most of the cost of a list or a count.
  // `deletedRows` false (see readerDeletedAny) leaves the test out.
  if (deletedRows) where.and("m.message_id NOT IN (SELECT message_id FROM inbox_states WHERE user_id = ? AND state = 'DELETED')", scope.userId);
  return where;
}

/**
 * Whether the reader deleted any message that is still SENT (from the v6 counters: a few rows per
 * reader). When not, {@link visibleWhere} can leave out its DELETED test, which every branch of a
 * page query would otherwise evaluate.
 */
export function readerDeletedAny(conn: SqliteConnection, userId: string): boolean {
  return conn.get("SELECT 1 FROM reader_counts WHERE user_id = ? AND state = 'DELETED' AND n > 0 LIMIT 1", [userId]) !== undefined;
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
 * A page of inbox items in `seq` order, in two steps: the page's ids are picked from the index
 * (sorting only ids), then only those rows are read — by rowid (`m.id`, part of every index
 * entry), one b-tree search each — so a large inbox does not load every message body to return
 * twenty.
 *
 * With several audiences, the ids come from one statement per audience, each reading its own
 * `messages_inbox` range in `seq` order and stopping after `offset + limit` rows, merged here: a
 * user in a busy group no longer sorts every visible message to return twenty, and a few simple
 * statements cost less than one compound UNION ALL. `single-scan` is the one sorted scan the
 * merge must always agree with.
 */
export function inboxPage(
  conn: SqliteConnection,
  userId: string,
  where: Where,
  order: 'ASC' | 'DESC',
  limit: number,
  offset: number,
  strategy: 'merge' | 'single-scan' = 'merge',
  onlyAudiences?: ReadonlySet<string>,
): InboxItem[] {
  const all = strategy === 'merge' ? mergeableAudiences(where) : null;
  // Audiences known to hold no SENT message (from the counters) have nothing to read.
  const audiences = all && onlyAudiences ? all.filter((a) => onlyAudiences.has(a)) : all;
  const ids = audiences
    ? mergedIds(conn, userId, where, audiences, order, limit, offset)
    : (conn.rows(`${ID_COLUMNS} ${INBOX_FROM} ${where.sql} ORDER BY m.seq ${order}, m.message_id ${order} LIMIT ? OFFSET ?`, [userId, ...where.params, limit, offset]) as PageId[]);
  if (!ids.length) return [];
  const rows = conn.rows(PAGE_ROWS, [userId, JSON.stringify(ids.map((i) => i[0]))]);
  const byRid = new Map(rows.map((r) => [r[0], r]));
  const items: InboxItem[] = [];
  for (const [rid] of ids) {
    const row = byRid.get(rid);
    if (row) items.push(itemOfPageRow(row));
  }
  return items;
}

/**
 * The page's rows, read as arrays (`conn.rows`) with only the columns an inbox item needs: a row
 * object with a property per column cost more than the query itself. `itemOfPageRow` reads them
 * by position, in this order.
 */
const PAGE_ROWS = `SELECT m.id, m.message_id, m.org_id, m.sender_id, m.sender_name, m.receiver_type, m.receiver_id,
  m.message_type, m.title, m.content, m.priority, m.category, m.metadata, m.status, m.deliver_at, m.expire_time,
  m.create_time, m.update_time, m.seq, s.state, s.archived, s.delivered_time, s.read_time
FROM messages m LEFT JOIN inbox_states s ON s.user_id = ? AND s.message_id = m.message_id
WHERE m.id IN (SELECT value FROM json_each(?))`;

/** An inbox item from a {@link PAGE_ROWS} row: the same object, key for key, as `inboxItemFromRow`. */
function itemOfPageRow(r: SqlValue[]): InboxItem {
  return {
    messageId: r[1] as string,
    orgId: r[2] as string,
    senderId: r[3] as string,
    senderName: r[4] as string,
    receiverType: r[5] as ReceiverType,
    receiverId: r[6] as string,
    messageType: r[7] as MessageType,
    title: r[8] as string,
    content: r[9] as string,
    priority: r[10] as Priority,
    category: r[11] as string,
    metadata: JSON.parse(r[12] as string) as MessageMetadata,
    status: r[13] as MessageStatus,
    deliverAt: fromMillis(r[14] as number | null),
    expireTime: fromMillis(r[15] as number | null),
    createTime: new Date(r[16] as number),
    updateTime: new Date(r[17] as number),
    seq: r[18] as string,
    state: ((r[19] as string | null) ?? 'UNREAD') as InboxState,
    archived: r[20] === 1,
    deliveredTime: fromMillis(r[21] as number | null),
    readTime: fromMillis(r[22] as number | null),
  };
}

/** A page entry as read (`conn.rows`): row id, message id, stream position. */
type PageId = [rid: number, id: string, seq: string];

const ID_COLUMNS = 'SELECT m.id AS rid, m.message_id AS id, m.seq AS seq';

/** The audiences of a {@link visibleWhere} condition, when a per-audience merge applies. */
function mergeableAudiences(where: Where): string[] | null {
  if (!where.sql.startsWith(`WHERE ${AUDIENCE_IN}`) || typeof where.params[0] !== 'string') return null;
  const audiences = JSON.parse(where.params[0]) as string[];
  return audiences.length > 1 && audiences.length <= MAX_MERGED_AUDIENCES ? audiences : null;
}

/**
 * The page's ids from one index range per audience. Stream positions are unique (time-ordered
 * ids), so each range is read in seq order alone, which its index serves without a sort; the
 * message id tie-break applies to the merged ids.
 */
function mergedIds(conn: SqliteConnection, userId: string, where: Where, audiences: readonly string[], order: 'ASC' | 'DESC', limit: number, offset: number): PageId[] {
  const sql = `${ID_COLUMNS} ${INBOX_FROM} ${where.sql.replace(AUDIENCE_IN, 'm.audience = ?')} ORDER BY m.seq ${order} LIMIT ?`;
  const rest = where.params.slice(1);
  let all: PageId[] = [];
  for (const audience of audiences) all = all.concat(conn.rows(sql, [userId, audience, ...rest, limit + offset]) as PageId[]);
  const sign = order === 'DESC' ? -1 : 1;
  all.sort((a, b) => sign * (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return all.slice(offset, offset + limit);
}

/** What {@link inboxCounts} returns. */
export interface InboxCounts {
  /** Visible and unread messages per type (types with none left out). */
  byType: Map<MessageType, TypeCounts>;
  /** The reader's audiences holding any SENT message: a page need not read the others. */
  audiencesWithMessages: ReadonlySet<string>;
}

/** Visible and unread messages of one type, as {@link inboxCounts} returns them. */
export interface TypeCounts {
  total: number;
  unread: number;
}

const SENT_BY_AUDIENCE = `SELECT audience, message_type AS type, n FROM audience_counts
  WHERE audience IN (SELECT value FROM json_each(?))`;
const SETTLED_BY_TYPE = `SELECT message_type AS type, state, sum(n) AS n FROM reader_counts
  WHERE user_id = ? AND audience IN (SELECT value FROM json_each(?)) GROUP BY message_type, state`;
const EXPIRED_BY_TYPE = `SELECT m.message_type AS type, s.state AS state, count(*) AS n FROM messages m
  LEFT JOIN inbox_states s ON s.user_id = ? AND s.message_id = m.message_id
  WHERE m.audience IN (SELECT value FROM json_each(?)) AND m.status = 'SENT' AND m.expire_time <= ?
  GROUP BY m.message_type, s.state`;

/**
 * The reader's visible (not expired, not deleted by them) and unread messages per type, from the
 * counters the schema keeps (v6): SENT messages of their audiences, minus those expired and not
 * purged yet, minus their own DELETED and READ rows. A few counter rows and the short range of
 * expired messages are read, however large the inbox; equal to counting with {@link visibleWhere}.
 */
export function inboxCounts(conn: SqliteConnection, scope: ReaderScope): InboxCounts {
  const audiences = jsonList(scope.audiences);
  const tally = new Map<MessageType, { sent: number; deleted: number; read: number; expired: number; expiredRead: number }>();
  const of = (type: MessageType) => {
    let t = tally.get(type);
    if (!t) tally.set(type, (t = { sent: 0, deleted: 0, read: 0, expired: 0, expiredRead: 0 }));
    return t;
  };
  const withMessages = new Set<string>();
  for (const r of conn.all<{ audience: string; type: MessageType; n: number }>(SENT_BY_AUDIENCE, [audiences])) {
    of(r.type).sent += r.n;
    if (r.n > 0) withMessages.add(r.audience);
  }
  const settled = conn.all<{ type: MessageType; state: string; n: number }>(SETTLED_BY_TYPE, [scope.userId, audiences]);
  for (const r of settled) {
    if (r.state === 'DELETED') of(r.type).deleted += r.n;
    else if (r.state === 'READ') of(r.type).read += r.n;
  }
  const expired = conn.all<{ type: MessageType; state: string | null; n: number }>(EXPIRED_BY_TYPE, [
    scope.userId,
    audiences,
    scope.now.getTime(),
  ]);
  for (const r of expired) {
    // An expired message the reader deleted is already off through `deleted`.
    if (r.state !== 'DELETED') of(r.type).expired += r.n;
    if (r.state === 'READ') of(r.type).expiredRead += r.n;
  }
  const counts = new Map<MessageType, TypeCounts>();
  for (const [type, t] of tally) {
    const total = t.sent - t.deleted - t.expired;
    if (total > 0) counts.set(type, { total, unread: total - (t.read - t.expiredRead) });
  }
  return { byType: counts, audiencesWithMessages: withMessages };
}
