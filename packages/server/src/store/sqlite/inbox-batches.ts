import type { InboxItem } from '../../domain/index.js';
import type { InboxBatch, InboxRepository } from '../../ports/store.js';
import type { SqliteConnection } from './connection.js';
import { INBOX_FROM, visibleWhere } from './inbox-sql.js';
import { INBOX_STATE_SELECT, MESSAGE_SELECT, inboxItemFromRow, type InboxRow } from './rows.js';
import { jsonList, type Where } from './where.js';

/** READ now; the first delivery time is kept, else it is now too. */
const MARK_READ = `INSERT INTO inbox_states
  (user_id, message_id, org_id, state, archived, delivered_time, read_time, delete_time, create_time, update_time)
  VALUES (?, ?, ?, 'READ', 0, ?, ?, NULL, ?, ?)
  ON CONFLICT (user_id, message_id) DO UPDATE SET
    state = 'READ', delivered_time = coalesce(inbox_states.delivered_time, excluded.delivered_time),
    read_time = excluded.read_time, update_time = excluded.update_time`;

const MARK_DELETED = `INSERT INTO inbox_states
  (user_id, message_id, org_id, state, archived, delivered_time, read_time, delete_time, create_time, update_time)
  VALUES (?, ?, ?, 'DELETED', 0, NULL, NULL, ?, ?, ?)
  ON CONFLICT (user_id, message_id) DO UPDATE SET
    state = 'DELETED', delete_time = excluded.delete_time, update_time = excluded.update_time`;

/**
 * Batch state changes: one write transaction per batch (a select of the batch's visible
 * messages with the user's rows, then one prepared upsert per message), so a batch of
 * thousands commits once and no other writer interleaves between the read and the writes.
 */
export function sqliteInboxBatches(conn: SqliteConnection): Pick<InboxRepository, 'markReadMany' | 'deleteMany'> {
  const visibleOfBatch = (batch: InboxBatch, extra?: (w: Where) => Where): InboxItem[] => {
    let where = visibleWhere(batch).and('m.message_id IN (SELECT value FROM json_each(?))', jsonList(batch.messageIds));
    if (extra) where = extra(where);
    const sql = `SELECT ${MESSAGE_SELECT}, ${INBOX_STATE_SELECT} ${INBOX_FROM} ${where.sql} ORDER BY m.seq DESC`;
    return conn.all<InboxRow>(sql, [batch.userId, ...where.params]).map(inboxItemFromRow);
  };

  return {
    async markReadMany(batch) {
      if (!batch.messageIds.length) return [];
      return conn.writeTransaction(() => {
        const now = batch.now.getTime();
        const unread = visibleOfBatch(batch, (w) => w.and("(s.state IS NULL OR s.state <> 'READ')"));
        for (const item of unread) conn.run(MARK_READ, [batch.userId, item.messageId, batch.orgId, now, now, now, now]);
        return unread;
      });
    },

    async deleteMany(batch) {
      if (!batch.messageIds.length) return [];
      return conn.writeTransaction(() => {
        const now = batch.now.getTime();
        const visible = visibleOfBatch(batch);
        for (const item of visible) conn.run(MARK_DELETED, [batch.userId, item.messageId, batch.orgId, now, now, now]);
        return visible.map((item) => item.messageId);
      });
    },
  };
}
