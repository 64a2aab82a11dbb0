import type { StatsRepository } from '../types.js';
import type { SqliteConnection } from './connection.js';
import { dailyCounterFromRow, type DailyCounterRow } from './rows.js';
import { Where } from './where.js';

const INCREMENT = `INSERT INTO daily_stats (org_id, day, message_type, total, delivered, read, read_time_sum)
  VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (org_id, day, message_type) DO UPDATE SET
    total = total + excluded.total, delivered = delivered + excluded.delivered,
    read = read + excluded.read, read_time_sum = read_time_sum + excluded.read_time_sum`;

/** Daily counters per org and message type, bumped in place by one upsert each. */
export function sqliteStats(conn: SqliteConnection): StatsRepository {
  return {
    async increment(orgId, day, messageType, delta) {
      conn.run(INCREMENT, [
        orgId,
        day,
        messageType,
        delta.total ?? 0,
        delta.delivered ?? 0,
        delta.read ?? 0,
        delta.readTimeSum ?? 0,
      ]);
    },

    async range(orgId, startDay, endDay) {
      const where = new Where();
      if (orgId !== null) where.and('org_id = ?', orgId);
      where.and('day >= ?', startDay).and('day <= ?', endDay);
      const sql = `SELECT org_id, day, message_type, total, delivered, read, read_time_sum FROM daily_stats ${where.sql} ORDER BY day, org_id, message_type`;
      return conn.all<DailyCounterRow>(sql, where.params).map(dailyCounterFromRow);
    },
  };
}
