import type { Group } from '../../domain/index.js';
import type { GroupRepository } from '../../ports/store.js';
import type { SqliteConnection } from './connection.js';
import { groupFromRow, type GroupRow } from './rows.js';
import { jsonList, Where } from './where.js';

const GROUP_SELECT =
  'SELECT org_id, group_id, name, type, description, create_time, update_time FROM user_groups';

/**
 * Groups with their members in a table of their own, indexed by user, so "which groups is this
 * user in" (asked on every inbox read) is one index range.
 */
export function sqliteGroups(conn: SqliteConnection): GroupRepository {
  const membersOf = (orgId: string, groupIds: readonly string[]): Map<string, string[]> => {
    const rows = conn.all<{ group_id: string; user_id: string }>(
      'SELECT group_id, user_id FROM group_members WHERE org_id = ? AND group_id IN (SELECT value FROM json_each(?)) ORDER BY group_id, user_id',
      [orgId, jsonList(groupIds)],
    );
    const byGroup = new Map<string, string[]>(groupIds.map((g) => [g, []]));
    for (const r of rows) byGroup.get(r.group_id)?.push(r.user_id);
    return byGroup;
  };

  const read = (orgId: string, groupId: string): Group | null => {
    const row = conn.get<GroupRow>(`${GROUP_SELECT} WHERE org_id = ? AND group_id = ?`, [
      orgId,
      groupId,
    ]);
    return row ? groupFromRow(row, membersOf(orgId, [groupId]).get(groupId) ?? []) : null;
  };

  const addMembers = (orgId: string, groupId: string, userIds: readonly string[]): void => {
    conn.run(
      'INSERT OR IGNORE INTO group_members (org_id, group_id, user_id) SELECT ?, ?, value FROM json_each(?)',
      [orgId, groupId, jsonList(userIds)],
    );
  };

  /** Runs `change` if the group exists, stamps `updateTime`, and returns the group after. */
  const changeMembers = (
    orgId: string,
    groupId: string,
    now: Date,
    change: () => void,
  ): Group | null =>
    conn.writeTransaction(() => {
      const touched = conn.run(
        'UPDATE user_groups SET update_time = ? WHERE org_id = ? AND group_id = ?',
        [now.getTime(), orgId, groupId],
      );
      if (touched === 0) return null;
      change();
      return read(orgId, groupId);
    });

  return {
    async create(group) {
      return conn.writeTransaction(() => {
        const inserted = conn.run(
          'INSERT OR IGNORE INTO user_groups (org_id, group_id, name, type, description, create_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?)',
          [
            group.orgId,
            group.groupId,
            group.name,
            group.type,
            group.description,
            group.createTime.getTime(),
            group.updateTime.getTime(),
          ],
        );
        if (inserted === 0) return false;
        addMembers(group.orgId, group.groupId, group.members);
        return true;
      });
    },

    async get(orgId, groupId) {
      return read(orgId, groupId);
    },

    async list(orgId, query) {
      const where = new Where().and('org_id = ?', orgId).andIf(query.type, 'type = ?', (t) => t);
      const total =
        conn.get<{ n: number }>(`SELECT count(*) AS n FROM user_groups ${where.sql}`, where.params)
          ?.n ?? 0;
      const rows = conn.all<GroupRow>(
        `${GROUP_SELECT} ${where.sql} ORDER BY create_time, group_id LIMIT ? OFFSET ?`,
        [...where.params, query.limit, query.offset],
      );
      const members = membersOf(
        orgId,
        rows.map((r) => r.group_id),
      );
      return { items: rows.map((r) => groupFromRow(r, members.get(r.group_id) ?? [])), total };
    },

    async update(orgId, groupId, patch, now) {
      const changed = conn.run(
        'UPDATE user_groups SET name = coalesce(?, name), description = coalesce(?, description), update_time = ? WHERE org_id = ? AND group_id = ?',
        [patch.name ?? null, patch.description ?? null, now.getTime(), orgId, groupId],
      );
      return changed === 0 ? null : read(orgId, groupId);
    },

    async delete(orgId, groupId) {
      return conn.writeTransaction(() => {
        conn.run('DELETE FROM group_members WHERE org_id = ? AND group_id = ?', [orgId, groupId]);
        return (
          conn.run('DELETE FROM user_groups WHERE org_id = ? AND group_id = ?', [
            orgId,
            groupId,
          ]) === 1
        );
      });
    },

    async addMembers(orgId, groupId, userIds, now) {
      return changeMembers(orgId, groupId, now, () => addMembers(orgId, groupId, userIds));
    },

    async removeMembers(orgId, groupId, userIds, now) {
      return changeMembers(orgId, groupId, now, () => {
        conn.run(
          'DELETE FROM group_members WHERE org_id = ? AND group_id = ? AND user_id IN (SELECT value FROM json_each(?))',
          [orgId, groupId, jsonList(userIds)],
        );
      });
    },

    async groupsOf(orgId, userId) {
      const rows = conn.all<{ group_id: string }>(
        'SELECT group_id FROM group_members WHERE org_id = ? AND user_id = ? ORDER BY group_id',
        [orgId, userId],
      );
      return rows.map((r) => r.group_id);
    },
  };
}
