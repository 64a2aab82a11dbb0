import type { UserRepository } from '../../ports/store.js';
import type { SqliteConnection } from './connection.js';

const TOUCH = `INSERT INTO users (org_id, user_id, name, create_time, update_time) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (org_id, user_id) DO UPDATE SET name = coalesce(excluded.name, name), update_time = excluded.update_time`;

/** Users seen through their tokens: the built-in directory of an org's members. */
export function sqliteUsers(conn: SqliteConnection): UserRepository {
  return {
    async touch(orgId, userId, name, now) {
      conn.run(TOUCH, [orgId, userId, name ?? null, now.getTime(), now.getTime()]);
    },

    async count(orgId) {
      const row =
        orgId === null
          ? conn.get<{ n: number }>('SELECT count(*) AS n FROM users')
          : conn.get<{ n: number }>('SELECT count(*) AS n FROM users WHERE org_id = ?', [orgId]);
      return row?.n ?? 0;
    },

    async listIds(orgId, afterUserId, limit) {
      const rows =
        afterUserId === null
          ? conn.all<{ user_id: string }>(
              'SELECT user_id FROM users WHERE org_id = ? ORDER BY user_id LIMIT ?',
              [orgId, limit],
            )
          : conn.all<{ user_id: string }>(
              'SELECT user_id FROM users WHERE org_id = ? AND user_id > ? ORDER BY user_id LIMIT ?',
              [orgId, afterUserId, limit],
            );
      return rows.map((r) => r.user_id);
    },
  };
}
