import { randomUUID } from 'node:crypto';
import type { Delivery } from '../../domain/index.js';
import type { OutboxRepository } from '../../ports/store-routing.js';
import { applyOutcome, deliveryFromJson } from '../routing-docs.js';
import type { SqliteConnection } from './connection.js';

const INSERT = `INSERT INTO outbox (delivery_id, org_id, message_id, status, next_attempt_at, lease_until, lease_token, body, create_time)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`;
const UPDATE =
  'UPDATE outbox SET status = ?, next_attempt_at = ?, lease_until = ?, lease_token = ?, body = ? WHERE delivery_id = ?';

/**
 * The outbox on SQLite. A claim selects and leases due jobs inside one write transaction; SQLite
 * has a single writer, so two processes on the same file never lease the same job.
 */
export function sqliteOutbox(conn: SqliteConnection): OutboxRepository {
  const write = (d: Delivery) =>
    conn.run(UPDATE, [
      d.status,
      d.nextAttemptAt.getTime(),
      d.leaseUntil?.getTime() ?? 0,
      d.leaseToken,
      JSON.stringify(d),
      d.deliveryId,
    ]);
  const read = (deliveryId: string) => {
    const row = conn.get<{ body: string }>('SELECT body FROM outbox WHERE delivery_id = ?', [
      deliveryId,
    ]);
    return row ? deliveryFromJson(row.body) : null;
  };

  return {
    async enqueue(jobs) {
      if (!jobs.length) return;
      conn.writeTransaction(() => {
        for (const d of jobs) {
          conn.run(INSERT, [
            d.deliveryId,
            d.orgId,
            d.messageId,
            d.status,
            d.nextAttemptAt.getTime(),
            d.leaseUntil?.getTime() ?? 0,
            d.leaseToken,
            JSON.stringify(d),
            d.createTime.getTime(),
          ]);
        }
      });
    },

    async claimDue(now, owner, leaseMs, limit) {
      return conn.writeTransaction(() => {
        const rows = conn.all<{ body: string }>(
          "SELECT body FROM outbox WHERE status = 'PENDING' AND next_attempt_at <= ? AND lease_until <= ? ORDER BY next_attempt_at LIMIT ?",
          [now.getTime(), now.getTime(), limit],
        );
        return rows.map((r) => {
          const d = deliveryFromJson(r.body);
          const claimed: Delivery = {
            ...d,
            attempts: d.attempts + 1,
            leaseOwner: owner,
            leaseToken: randomUUID(),
            leaseUntil: new Date(now.getTime() + leaseMs),
            updateTime: now,
          };
          write(claimed);
          return claimed;
        });
      });
    },

    async complete(deliveryId, leaseToken, outcome, now) {
      return conn.writeTransaction(() => {
        const d = read(deliveryId);
        if (!d || d.status !== 'PENDING' || d.leaseToken !== leaseToken) return false;
        write(applyOutcome(d, outcome, now));
        return true;
      });
    },

    async get(orgId, deliveryId) {
      const d = read(deliveryId);
      return d && d.orgId === orgId ? d : null;
    },

    async listByMessage(orgId, messageId, limit) {
      return conn
        .all<{ body: string }>(
          'SELECT body FROM outbox WHERE org_id = ? AND message_id = ? ORDER BY create_time, delivery_id LIMIT ?',
          [orgId, messageId, limit],
        )
        .map((r) => deliveryFromJson(r.body));
    },

    async retry(orgId, deliveryId, now) {
      return conn.writeTransaction(() => {
        const d = read(deliveryId);
        if (!d || d.orgId !== orgId || d.status !== 'FAILED') return null;
        const again: Delivery = {
          ...d,
          status: 'PENDING',
          attempts: 0,
          nextAttemptAt: now,
          leaseOwner: null,
          leaseToken: null,
          leaseUntil: null,
          updateTime: now,
        };
        write(again);
        return again;
      });
    },
  };
}
