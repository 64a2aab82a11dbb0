import { Preferences } from '../../domain/index.js';
import type { PreferenceRepository, RuleRepository } from '../../ports/store-routing.js';
import { ruleFromJson } from '../routing-docs.js';
import type { SqliteConnection } from './connection.js';

/** Routing rules as JSON documents keyed by (org, rule), listed by priority. */
export function sqliteRules(conn: SqliteConnection): RuleRepository {
  return {
    async create(rule) {
      return (
        conn.run(
          'INSERT INTO routing_rules (org_id, rule_id, priority, body, create_time, update_time) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
          [
            rule.orgId,
            rule.ruleId,
            rule.priority,
            JSON.stringify(rule),
            rule.createTime.getTime(),
            rule.updateTime.getTime(),
          ],
        ) === 1
      );
    },
    async get(orgId, ruleId) {
      const row = conn.get<{ body: string }>(
        'SELECT body FROM routing_rules WHERE org_id = ? AND rule_id = ?',
        [orgId, ruleId],
      );
      return row ? ruleFromJson(row.body) : null;
    },
    async list(orgIds, limit) {
      if (!orgIds.length) return [];
      const rows = conn.all<{ body: string }>(
        `SELECT body FROM routing_rules WHERE org_id IN (${orgIds.map(() => '?').join(', ')}) ORDER BY priority, rule_id LIMIT ?`,
        [...orgIds, limit],
      );
      return rows.map((r) => ruleFromJson(r.body));
    },
    async count(orgId) {
      return (
        conn.get<{ n: number }>('SELECT count(*) AS n FROM routing_rules WHERE org_id = ?', [orgId])
          ?.n ?? 0
      );
    },
    async replace(rule) {
      return (
        conn.run(
          'UPDATE routing_rules SET priority = ?, body = ?, update_time = ? WHERE org_id = ? AND rule_id = ?',
          [rule.priority, JSON.stringify(rule), rule.updateTime.getTime(), rule.orgId, rule.ruleId],
        ) === 1
      );
    },
    async delete(orgId, ruleId) {
      return (
        conn.run('DELETE FROM routing_rules WHERE org_id = ? AND rule_id = ?', [orgId, ruleId]) ===
        1
      );
    },
  };
}

/** Preferences documents keyed by (org, user); user `*` = the org's defaults. */
export function sqlitePreferences(conn: SqliteConnection): PreferenceRepository {
  return {
    async get(orgId, userId) {
      const row = conn.get<{ body: string }>(
        'SELECT body FROM preferences WHERE org_id = ? AND user_id = ?',
        [orgId, userId],
      );
      return row ? Preferences.parse(JSON.parse(row.body)) : null;
    },
    async put(orgId, userId, preferences, now) {
      conn.run(
        'INSERT INTO preferences (org_id, user_id, body, update_time) VALUES (?, ?, ?, ?) ON CONFLICT (org_id, user_id) DO UPDATE SET body = excluded.body, update_time = excluded.update_time',
        [orgId, userId, JSON.stringify(preferences), now.getTime()],
      );
    },
  };
}
