import type { StoredMessage } from '../../domain/index.js';
import type { MessageRepository, OrgMessageQuery, Page } from '../../ports/store.js';
import type { SqliteConnection } from './connection.js';
import {
  MESSAGE_COLUMNS,
  MESSAGE_SELECT,
  messageFromRow,
  messageToParams,
  type MessageRow,
} from './rows.js';
import { addCandidateSearch, deleteTokens, insertTokens } from './search.js';
import { jsonList, Where } from './where.js';

const INSERT_MESSAGE = `INSERT OR IGNORE INTO messages (${MESSAGE_COLUMNS.join(', ')}) VALUES (${MESSAGE_COLUMNS.map(() => '?').join(', ')})`;

/** Messages stored once, with their search tokens beside them. */
export function sqliteMessages(conn: SqliteConnection): MessageRepository {
  const one = (sql: string, params: (string | number)[]): StoredMessage | null => {
    const row = conn.get<MessageRow>(sql, params);
    return row ? messageFromRow(row) : null;
  };

  return {
    async insert(message) {
      // Sends arriving together share one commit; each resolves once its row is committed. The
      // search rows of the group go in after all its other writes (see GroupCommitQueue.enqueue).
      const id = await conn.queuedWrite(
        () => conn.insert(INSERT_MESSAGE, messageToParams(message)),
        (rowid) => {
          if (rowid !== null) insertTokens(conn, rowid, message);
        },
      );
      return id !== null;
    },

    async get(orgId, messageId) {
      return one(
        `SELECT ${MESSAGE_SELECT} FROM messages m WHERE m.message_id = ? AND m.org_id = ?`,
        [messageId, orgId],
      );
    },

    async getForAudiences(audiences, messageId) {
      return one(
        `SELECT ${MESSAGE_SELECT} FROM messages m WHERE m.message_id = ? AND m.audience IN (SELECT value FROM json_each(?))`,
        [messageId, jsonList(audiences)],
      );
    },

    async dueScheduled(now, limit) {
      return conn
        .all<MessageRow>(
          `SELECT ${MESSAGE_SELECT} FROM messages m WHERE m.status = 'SCHEDULED' AND m.deliver_at <= ? ORDER BY m.deliver_at, m.message_id LIMIT ?`,
          [now.getTime(), limit],
        )
        .map(messageFromRow);
    },

    async markSent(messageId, seq, now) {
      const sql =
        "UPDATE messages SET status = 'SENT', seq = ?, update_time = ? WHERE message_id = ? AND status = 'SCHEDULED'";
      return conn.run(sql, [seq, now.getTime(), messageId]) === 1;
    },

    async cancelScheduled(orgId, messageId, now) {
      const sql =
        "UPDATE messages SET status = 'CANCELLED', update_time = ? WHERE message_id = ? AND org_id = ? AND status = 'SCHEDULED'";
      return conn.run(sql, [now.getTime(), messageId, orgId]) === 1;
    },

    async markFailed(orgId, messageId, now) {
      const sql = "UPDATE messages SET status = 'FAILED', update_time = ? WHERE message_id = ? AND org_id = ? AND status = 'SENT'";
      return conn.run(sql, [now.getTime(), messageId, orgId]) === 1;
    },

    async purgeExpired(before, limit) {
      return conn.writeTransaction(() => {
        const expired = conn.all<{ id: number; message_id: string }>(
          'SELECT id, message_id FROM messages WHERE expire_time < ? ORDER BY expire_time LIMIT ?',
          [before.getTime(), limit],
        );
        for (const m of expired) {
          deleteTokens(conn, m.id);
          conn.run('DELETE FROM inbox_states WHERE message_id = ?', [m.message_id]);
          conn.run('DELETE FROM messages WHERE id = ?', [m.id]);
        }
        return expired.length;
      });
    },

    async incrementReadCounts(messageIds) {
      if (!messageIds.length) return;
      // A listed id counts once per listing, hence the join instead of `IN`.
      conn.run(
        `UPDATE messages SET read_count = read_count + (SELECT count(*) FROM json_each(?) j WHERE j.value = messages.message_id)
         WHERE message_id IN (SELECT value FROM json_each(?))`,
        [jsonList(messageIds), jsonList(messageIds)],
      );
    },

    async incrementReadCount(messageId, by) {
      conn.run('UPDATE messages SET read_count = read_count + ? WHERE message_id = ?', [
        by,
        messageId,
      ]);
    },

    async trending(orgId, since, now, limit) {
      const where = new Where();
      if (orgId !== null) where.and('m.org_id = ?', orgId);
      where
        .and('m.create_time >= ?', since.getTime())
        .and("m.status = 'SENT'")
        .and('(m.expire_time IS NULL OR m.expire_time > ?)', now.getTime());
      const sql = `SELECT ${MESSAGE_SELECT} FROM messages m ${where.sql} ORDER BY m.read_count DESC, m.create_time DESC, m.message_id DESC LIMIT ?`;
      return conn.all<MessageRow>(sql, [...where.params, limit]).map(messageFromRow);
    },

    async listByOrg(query) {
      return listByOrg(conn, query);
    },
  };
}

function listByOrg(conn: SqliteConnection, query: OrgMessageQuery): Page<StoredMessage> {
  const where = new Where()
    .and('m.org_id = ?', query.orgId)
    .andIf(query.messageType, 'm.message_type = ?', (t) => t);
  if (query.q !== undefined && query.q.trim() !== '' && !addCandidateSearch(where, query.q, query.orgId))
    return { items: [], total: 0 };
  const total =
    conn.get<{ n: number }>(`SELECT count(*) AS n FROM messages m ${where.sql}`, where.params)?.n ??
    0;
  const sql = `SELECT ${MESSAGE_SELECT} FROM messages m ${where.sql} ORDER BY m.create_time DESC, m.message_id DESC LIMIT ? OFFSET ?`;
  const items = conn
    .all<MessageRow>(sql, [...where.params, query.limit, query.offset])
    .map(messageFromRow);
  return { items, total };
}
