import type { MessageType } from '../../domain/index.js';
import type { InboxRepository, InboxSearch, UserInboxSummary } from '../../ports/store.js';
import type { SqliteConnection } from './connection.js';
import { type InboxCounts, INBOX_FROM, IS_UNREAD, countInbox, inboxCounts, inboxPage, readerDeletedAny, visibleWhere } from './inbox-sql.js';
import { sqliteInboxBatches } from './inbox-batches.js';
import { sqliteInboxStates } from './inbox-states.js';
import { INBOX_STATE_SELECT, MESSAGE_SELECT, inboxItemFromRow, type InboxRow } from './rows.js';
import { addInboxSearch } from './search.js';

/** The per-user inbox: reads over the reader's audiences joined with their own state rows. */
export function sqliteInbox(conn: SqliteConnection): InboxRepository {
  return {
    async list(query) {
      const where = visibleWhere(query, readerDeletedAny(conn, query.userId))
        .andIf(query.messageType, 'm.message_type = ?', (t) => t)
        .andIf(query.category, 'm.category = ?', (c) => c)
        .andIf(query.priority, 'm.priority = ?', (p) => p)
        .andIf(query.archived, 'coalesce(s.archived, 0) = ?', (a) => (a ? 1 : 0));
      if (query.state === 'UNREAD') where.and(IS_UNREAD);
      if (query.state === 'READ') where.and("s.state = 'READ'");
      // The total counts the whole filtered inbox; the cursor only moves the window. Without
      // filters other than the type it comes from the maintained counters.
      const readsState = query.archived !== undefined || query.state === 'UNREAD' || query.state === 'READ';
      const counts = readsState || query.category !== undefined || query.priority !== undefined ? null : inboxCounts(conn, query);
      const total = counts ? visibleTotal(counts, query.messageType) : countInbox(conn, query.userId, where, readsState);
      const only = counts?.audiencesWithMessages;
      if (query.beforeSeq !== undefined) {
        where.and('m.seq < ?', query.beforeSeq);
        return { items: inboxPage(conn, query.userId, where, 'DESC', query.limit, 0, 'merge', only), total };
      }
      return {
        items: inboxPage(conn, query.userId, where, 'DESC', query.limit, query.offset, 'merge', only),
        total,
      };
    },

    async since(query) {
      const where = visibleWhere(query, readerDeletedAny(conn, query.userId)).and('m.seq > ?', query.afterSeq);
      return inboxPage(conn, query.userId, where, 'ASC', query.limit, 0);
    },

    async get(query) {
      const where = visibleWhere(query).and('m.message_id = ?', query.messageId);
      const sql = `SELECT ${MESSAGE_SELECT}, ${INBOX_STATE_SELECT} ${INBOX_FROM} ${where.sql}`;
      const row = conn.get<InboxRow>(sql, [query.userId, ...where.params]);
      return row ? inboxItemFromRow(row) : null;
    },

    async search(query) {
      return search(conn, query);
    },

    async unreadCount(query) {
      const byType: Partial<Record<MessageType, number>> = {};
      let total = 0;
      for (const [type, c] of inboxCounts(conn, query).byType) {
        if (c.unread <= 0) continue;
        byType[type] = c.unread;
        total += c.unread;
      }
      return { total, byType };
    },

    async unreadIds(query) {
      const where = visibleWhere(query)
        .and(IS_UNREAD)
        .andIf(query.messageType, 'm.message_type = ?', (t) => t);
      const sql = `SELECT m.message_id AS id ${INBOX_FROM} ${where.sql} ORDER BY m.seq DESC LIMIT ?`;
      return conn
        .all<{ id: string }>(sql, [query.userId, ...where.params, query.limit])
        .map((r) => r.id);
    },

    async userSummary(query) {
      const where = visibleWhere(query);
      const sql = `SELECT m.message_type AS type, count(*) AS total, sum(${IS_UNREAD}) AS unread,
  coalesce(sum(s.state = 'READ'), 0) AS read, sum(coalesce(s.archived, 0)) AS archived ${INBOX_FROM} ${where.sql} GROUP BY m.message_type`;
      const rows = conn.all<{
        type: MessageType;
        total: number;
        unread: number;
        read: number;
        archived: number;
      }>(sql, [query.userId, ...where.params]);
      const summary: UserInboxSummary = { total: 0, unread: 0, read: 0, archived: 0, byType: {} };
      for (const r of rows) {
        summary.total += r.total;
        summary.unread += r.unread;
        summary.read += r.read;
        summary.archived += r.archived;
        summary.byType[r.type] = { total: r.total, unread: r.unread };
      }
      return summary;
    },

    ...sqliteInboxStates(conn),
    ...sqliteInboxBatches(conn),
  };
}

/** Visible messages of the reader (of one type, if given), from the maintained counters. */
function visibleTotal(counts: InboxCounts, type: MessageType | undefined): number {
  let total = 0;
  for (const [t, c] of counts.byType) if (type === undefined || t === type) total += c.total;
  return total;
}

function search(conn: SqliteConnection, query: InboxSearch) {
  const where = visibleWhere(query)
    .andIf(query.category, 'm.category = ?', (c) => c)
    .andIf(query.messageType, 'm.message_type = ?', (t) => t)
    .andIf(query.startDate, 'm.create_time >= ?', (d) => d.getTime())
    .andIf(query.endDate, 'm.create_time <= ?', (d) => d.getTime());
  if (!addInboxSearch(where, query.q, query.audiences)) return { items: [], total: 0 };
  const total = countInbox(conn, query.userId, where);
  return { items: inboxPage(conn, query.userId, where, 'DESC', query.limit, query.offset), total };
}
