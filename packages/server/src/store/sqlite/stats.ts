import type { StatsRepository } from '../../ports/store.js';
import type { SqliteConnection } from './connection.js';
import { dailyCounterFromRow, type DailyCounterRow } from './rows.js';
import { Where } from './where.js';

const INCREMENT = `INSERT INTO daily_stats (org_id, day, message_type, total, delivered, read, read_time_sum)
  VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (org_id, day, message_type) DO UPDATE SET
    total = total + excluded.total, delivered = delivered + excluded.delivered,
    read = read + excluded.read, read_time_sum = read_time_sum + excluded.read_time_sum`;

interface PendingIncrement {
  params: [orgId: string, day: string, messageType: string, total: number, delivered: number, read: number, readTimeSum: number];
  committed: Promise<void>;
}

/**
 * Daily counters per org and message type, bumped in place by an upsert. Every send bumps the
 * same few rows, so increments of one row made before the next group commit are summed into one
 * upsert there; each caller resolves once the sum is committed.
 */
export function sqliteStats(conn: SqliteConnection): StatsRepository {
  const pending = new Map<string, PendingIncrement>();

  return {
    increment(orgId, day, messageType, delta) {
      const key = `${orgId}\u0000${day}\u0000${messageType}`;
      let entry = pending.get(key);
      if (!entry) {
        const params: PendingIncrement['params'] = [orgId, day, messageType, 0, 0, 0, 0];
        const created: PendingIncrement = {
          params,
          committed: conn.queuedWrite(() => {
            // Later increments of this row start a new sum for the next commit.
            pending.delete(key);
            conn.run(INCREMENT, params);
          }),
        };
        // A commit that failed before the upsert ran must not keep collecting increments.
        created.committed.catch(() => pending.get(key) === created && pending.delete(key));
        pending.set(key, (entry = created));
      }
      entry.params[3] += delta.total ?? 0;
      entry.params[4] += delta.delivered ?? 0;
      entry.params[5] += delta.read ?? 0;
      entry.params[6] += delta.readTimeSum ?? 0;
      return entry.committed;
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
