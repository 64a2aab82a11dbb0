import type { InboxStateRow } from '../../domain/index.js';
import type { InboxRepository, InboxStatePatch } from '../../ports/store.js';
import { toMillis, type SqliteConnection } from './connection.js';
import { stateFromRow, type StateRow } from './rows.js';

const STATE_SELECT =
  'SELECT user_id, message_id, org_id, state, archived, delivered_time, read_time, delete_time, create_time, update_time FROM inbox_states';

const UPSERT_STATE = `INSERT INTO inbox_states
  (user_id, message_id, org_id, state, archived, delivered_time, read_time, delete_time, create_time, update_time)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (user_id, message_id) DO UPDATE SET
    state = excluded.state, archived = excluded.archived, delivered_time = excluded.delivered_time,
    read_time = excluded.read_time, delete_time = excluded.delete_time, update_time = excluded.update_time`;

/** First delivery: a new row, or an existing one without `delivered_time`; anything else is left alone. */
const RECORD_DELIVERY = `INSERT INTO inbox_states
  (user_id, message_id, org_id, state, archived, delivered_time, read_time, delete_time, create_time, update_time)
  VALUES (?, ?, ?, 'DELIVERED', 0, ?, NULL, NULL, ?, ?)
  ON CONFLICT (user_id, message_id) DO UPDATE SET
    delivered_time = excluded.delivered_time,
    state = CASE WHEN state = 'UNREAD' THEN 'DELIVERED' ELSE state END,
    update_time = excluded.update_time
  WHERE delivered_time IS NULL`;

/** A patched date: `undefined` keeps the old value, `null` clears it. */
const patched = (next: Date | null | undefined, prev: Date | null | undefined): Date | null =>
  next === undefined ? (prev ?? null) : next;

/** The state rows side of the inbox. */
export function sqliteInboxStates(
  conn: SqliteConnection,
): Pick<InboxRepository, 'getState' | 'upsertState' | 'statesOfMessage' | 'recordDeliveries'> {
  const readState = (userId: string, messageId: string): InboxStateRow | null => {
    const row = conn.get<StateRow>(`${STATE_SELECT} WHERE user_id = ? AND message_id = ?`, [
      userId,
      messageId,
    ]);
    return row ? stateFromRow(row) : null;
  };

  return {
    async getState(userId, messageId) {
      return readState(userId, messageId);
    },

    async upsertState(row, patch: InboxStatePatch) {
      // Read and write under one write lock, so the row returned is exactly the one replaced
      // (callers count first reads and deliveries from it).
      return conn.writeTransaction(() => {
        const prev = readState(row.userId, row.messageId);
        const now = row.now.getTime();
        conn.run(UPSERT_STATE, [
          row.userId,
          row.messageId,
          prev?.orgId ?? row.orgId,
          patch.state ?? prev?.state ?? 'UNREAD',
          (patch.archived ?? prev?.archived ?? false) ? 1 : 0,
          toMillis(patched(patch.deliveredTime, prev?.deliveredTime)),
          toMillis(patched(patch.readTime, prev?.readTime)),
          toMillis(patched(patch.deleteTime, prev?.deleteTime)),
          prev?.createTime.getTime() ?? now,
          now,
        ]);
        return prev;
      });
    },

    async recordDeliveries(records, at) {
      // One transaction for the batch; each row's conditional upsert reports whether it changed.
      return conn.writeTransaction(() => records.filter((r) => conn.run(RECORD_DELIVERY, [r.userId, r.messageId, r.orgId, at.getTime(), at.getTime(), at.getTime()]) === 1));
    },

    async statesOfMessage(orgId, messageId, limit) {
      const sql = `${STATE_SELECT} WHERE message_id = ? AND org_id = ? ORDER BY user_id LIMIT ?`;
      return conn.all<StateRow>(sql, [messageId, orgId, limit]).map(stateFromRow);
    },
  };
}
