import type { IdempotencyRepository } from '../../ports/store.js';
import type { SqliteConnection } from './connection.js';

/** Replaces a claim only when it is older than the window (`notBefore`). */
const CLAIM = `INSERT INTO idempotency_keys (org_id, key, message_id, create_time) VALUES (?, ?, ?, ?)
  ON CONFLICT (org_id, key) DO UPDATE SET message_id = excluded.message_id, create_time = excluded.create_time
  WHERE idempotency_keys.create_time < ?`;

/** Send-side idempotency keys. */
export function sqliteIdempotency(conn: SqliteConnection): IdempotencyRepository {
  return {
    async claim(orgId, key, messageId, now, notBefore) {
      return conn.writeTransaction(() => {
        if (conn.run(CLAIM, [orgId, key, messageId, now.getTime(), notBefore.getTime()]) === 1)
          return null;
        const row = conn.get<{ message_id: string }>(
          'SELECT message_id FROM idempotency_keys WHERE org_id = ? AND key = ?',
          [orgId, key],
        );
        return row?.message_id ?? null;
      });
    },
  };
}
