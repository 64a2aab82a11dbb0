import type { AuditEntry } from '../../domain/index.js';
import type { AuditRepository } from '../../ports/store-admin.js';
import type { SqliteConnection } from './connection.js';
import { Where } from './where.js';

const COLUMNS = 'audit_id, org_id, actor_id, action, target_id, diff, create_time';

interface AuditRow {
  audit_id: string;
  org_id: string;
  actor_id: string;
  action: string;
  target_id: string | null;
  diff: string;
  create_time: number;
}

const fromRow = (r: AuditRow): AuditEntry => ({
  auditId: r.audit_id,
  orgId: r.org_id,
  actorId: r.actor_id,
  action: r.action,
  targetId: r.target_id,
  diff: r.diff,
  createTime: new Date(r.create_time),
});

/** The operation log: append-only rows, read newest first within one org. */
export function sqliteAudit(conn: SqliteConnection): AuditRepository {
  return {
    async insert(e) {
      conn.run(
        `INSERT INTO audit_log (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        [e.auditId, e.orgId, e.actorId, e.action, e.targetId, e.diff, e.createTime.getTime()],
      );
    },

    async list(q) {
      const where = new Where();
      if (q.orgId !== null) where.and('org_id = ?', q.orgId);
      where
        .andIf(q.action, 'action = ?', (a) => a)
        .andIf(q.actorId, 'actor_id = ?', (a) => a)
        .andIf(q.from, 'create_time >= ?', (d) => d.getTime())
        .andIf(q.to, 'create_time <= ?', (d) => d.getTime());
      const total =
        conn.get<{ n: number }>(`SELECT count(*) AS n FROM audit_log ${where.sql}`, where.params)
          ?.n ?? 0;
      const rows = conn.all<AuditRow>(
        `SELECT ${COLUMNS} FROM audit_log ${where.sql} ORDER BY create_time DESC, audit_id DESC LIMIT ? OFFSET ?`,
        [...where.params, q.limit, q.offset],
      );
      return { items: rows.map(fromRow), total };
    },

    async purgeBefore(before, limit) {
      return conn.run(
        'DELETE FROM audit_log WHERE audit_id IN (SELECT audit_id FROM audit_log WHERE create_time < ? LIMIT ?)',
        [before.getTime(), limit],
      );
    },
  };
}
