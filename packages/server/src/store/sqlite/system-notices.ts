import type { SystemAction, SystemLevel, SystemNotification } from '../../domain/index.js';
import type { SystemNoticeRepository } from '../../ports/store-admin.js';
import type { SqliteConnection } from './connection.js';
import { Where } from './where.js';

const ALL_ORGS = '*';
const COLUMNS =
  'notification_id, org_id, level, title, content, actions, sender_id, create_time, expire_time';

interface NoticeRow {
  notification_id: string;
  org_id: string;
  level: string;
  title: string;
  content: string;
  actions: string;
  sender_id: string;
  create_time: number;
  expire_time: number;
}

const fromRow = (r: NoticeRow): SystemNotification => ({
  notificationId: r.notification_id,
  orgId: r.org_id === ALL_ORGS ? null : r.org_id,
  level: r.level as SystemLevel,
  title: r.title,
  content: r.content,
  actions: JSON.parse(r.actions) as SystemAction[],
  senderId: r.sender_id,
  createTime: new Date(r.create_time),
  expireTime: new Date(r.expire_time),
});

/** System notifications: one row each, plus one row per user who dismissed one. */
export function sqliteSystemNotices(conn: SqliteConnection): SystemNoticeRepository {
  return {
    async insert(n) {
      conn.run(
        `INSERT INTO system_notices (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        [
          n.notificationId,
          n.orgId ?? ALL_ORGS,
          n.level,
          n.title,
          n.content,
          JSON.stringify(n.actions),
          n.senderId,
          n.createTime.getTime(),
          n.expireTime.getTime(),
        ],
      );
    },

    async get(orgId, notificationId) {
      const row = conn.get<NoticeRow>(
        `SELECT ${COLUMNS} FROM system_notices WHERE notification_id = ? AND org_id IN (?, ?)`,
        [notificationId, orgId, ALL_ORGS],
      );
      return row ? fromRow(row) : null;
    },

    async pendingFor(orgId, userId, now, limit) {
      const sql = `SELECT ${COLUMNS} FROM system_notices n WHERE n.org_id IN (?, ?) AND n.expire_time > ?
        AND NOT EXISTS (SELECT 1 FROM system_dismissals d WHERE d.org_id = ? AND d.user_id = ? AND d.notification_id = n.notification_id)
        ORDER BY n.create_time, n.notification_id LIMIT ?`;
      return conn
        .all<NoticeRow>(sql, [orgId, ALL_ORGS, now.getTime(), orgId, userId, limit])
        .map(fromRow);
    },

    async dismiss(orgId, userId, notificationId, now) {
      conn.run(
        'INSERT INTO system_dismissals (org_id, user_id, notification_id, create_time) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
        [orgId, userId, notificationId, now.getTime()],
      );
    },

    async list(orgId, state, now, limit, offset) {
      const where = new Where();
      if (orgId !== null) where.and('org_id IN (?, ?)', orgId, ALL_ORGS);
      if (state === 'ACTIVE') where.and('expire_time > ?', now.getTime());
      if (state === 'EXPIRED') where.and('expire_time <= ?', now.getTime());
      const total =
        conn.get<{ n: number }>(
          `SELECT count(*) AS n FROM system_notices ${where.sql}`,
          where.params,
        )?.n ?? 0;
      const rows = conn.all<NoticeRow>(
        `SELECT ${COLUMNS} FROM system_notices ${where.sql} ORDER BY create_time DESC, notification_id DESC LIMIT ? OFFSET ?`,
        [...where.params, limit, offset],
      );
      return { items: rows.map(fromRow), total };
    },

    async purgeExpired(before, limit) {
      return conn.writeTransaction(() => {
        const ids = conn.all<{ notification_id: string }>(
          'SELECT notification_id FROM system_notices WHERE expire_time < ? LIMIT ?',
          [before.getTime(), limit],
        );
        for (const { notification_id: id } of ids) {
          conn.run('DELETE FROM system_dismissals WHERE notification_id = ?', [id]);
          conn.run('DELETE FROM system_notices WHERE notification_id = ?', [id]);
        }
        return ids.length;
      });
    },
  };
}
