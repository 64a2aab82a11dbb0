import type { UserContact } from '../../domain/index.js';
import type { UserRepository } from '../../ports/store.js';
import type { SqliteConnection } from './connection.js';

const TOUCH = `INSERT INTO users (org_id, user_id, name, create_time, update_time) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (org_id, user_id) DO UPDATE SET name = coalesce(excluded.name, name), update_time = excluded.update_time`;

const CONTACT_FIELDS = [
  ['name', 'name'],
  ['email', 'email'],
  ['phone', 'phone'],
  ['timeZone', 'time_zone'],
  ['locale', 'locale'],
] as const;

interface UserRow {
  org_id: string;
  user_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  time_zone: string | null;
  locale: string | null;
  create_time: number;
  update_time: number;
}

const fromRow = (r: UserRow): UserContact => ({
  orgId: r.org_id,
  userId: r.user_id,
  name: r.name,
  email: r.email,
  phone: r.phone,
  timeZone: r.time_zone,
  locale: r.locale,
  createTime: new Date(r.create_time),
  updateTime: new Date(r.update_time),
});

/** Users seen through their tokens or added by an admin: the built-in directory of an org's members. */
export function sqliteUsers(conn: SqliteConnection): UserRepository {
  const read = (orgId: string, userId: string) =>
    conn.get<UserRow>('SELECT org_id, user_id, name, email, phone, time_zone, locale, create_time, update_time FROM users WHERE org_id = ? AND user_id = ?', [orgId, userId]);

  return {
    async touch(orgId, userId, name, now) {
      // Joins the next group commit: a burst of first requests from new users (each recorded
      // once) then costs one commit per turn of the event loop, not one per user.
      await conn.queuedWrite(() => conn.run(TOUCH, [orgId, userId, name ?? null, now.getTime(), now.getTime()]));
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

    async upsert(orgId, userId, patch, now) {
      // Only the fields the patch names are written; the column list comes from a fixed table.
      const set = CONTACT_FIELDS.filter(([key]) => patch[key] !== undefined);
      return conn.writeTransaction(() => {
        conn.run(
          `INSERT INTO users (org_id, user_id, create_time, update_time) VALUES (?, ?, ?, ?)
           ON CONFLICT (org_id, user_id) DO UPDATE SET update_time = excluded.update_time`,
          [orgId, userId, now.getTime(), now.getTime()],
        );
        if (set.length) {
          conn.run(`UPDATE users SET ${set.map(([, col]) => `${col} = ?`).join(', ')} WHERE org_id = ? AND user_id = ?`, [
            ...set.map(([key]) => patch[key] ?? null),
            orgId,
            userId,
          ]);
        }
        const row = read(orgId, userId);
        if (!row) throw new Error(`user ${userId} vanished during upsert`);
        return fromRow(row);
      });
    },

    async get(orgId, userId) {
      const row = read(orgId, userId);
      return row ? fromRow(row) : null;
    },
  };
}
