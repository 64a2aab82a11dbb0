import type { TemplateRepository } from '../../ports/store.js';
import type { SqliteConnection } from './connection.js';
import { TEMPLATE_COLUMNS, templateFromRow, templateToParams, type TemplateRow } from './rows.js';
import { Where } from './where.js';

const COLUMNS = TEMPLATE_COLUMNS.join(', ');
const PLACEHOLDERS = TEMPLATE_COLUMNS.map(() => '?').join(', ');
const ASSIGN_ALL = TEMPLATE_COLUMNS.filter((c) => c !== 'template_id' && c !== 'org_id')
  .map((c) => `${c} = ?`)
  .join(', ');

/** Templates, with every replaced version kept in `template_history`. */
export function sqliteTemplates(conn: SqliteConnection): TemplateRepository {
  const read = (orgId: string, templateId: string): TemplateRow | undefined =>
    conn.get<TemplateRow>(`SELECT ${COLUMNS} FROM templates WHERE template_id = ? AND org_id = ?`, [
      templateId,
      orgId,
    ]);

  return {
    async create(template) {
      return (
        conn.run(
          `INSERT OR IGNORE INTO templates (${COLUMNS}) VALUES (${PLACEHOLDERS})`,
          templateToParams(template),
        ) === 1
      );
    },

    async get(orgId, templateId) {
      const row = read(orgId, templateId);
      return row ? templateFromRow(row) : null;
    },

    async list(orgId, query) {
      const where = new Where()
        .and('org_id = ?', orgId)
        .andIf(query.category, 'category = ?', (c) => c)
        .andIf(query.enabled, 'enabled = ?', (e) => (e ? 1 : 0))
        .andIf(query.q?.trim() || undefined, 'instr(lower(name), lower(?)) > 0', (q) => q);
      const total =
        conn.get<{ n: number }>(`SELECT count(*) AS n FROM templates ${where.sql}`, where.params)
          ?.n ?? 0;
      const rows = conn.all<TemplateRow>(
        `SELECT ${COLUMNS} FROM templates ${where.sql} ORDER BY name, template_id LIMIT ? OFFSET ?`,
        [...where.params, query.limit, query.offset],
      );
      return { items: rows.map(templateFromRow), total };
    },

    async replace(template, expectedVersion) {
      return conn.writeTransaction(() => {
        const current = read(template.orgId, template.templateId);
        if (!current || current.version !== expectedVersion) return false;
        conn.run(
          `INSERT OR REPLACE INTO template_history (${COLUMNS}) VALUES (${PLACEHOLDERS})`,
          templateToParams(templateFromRow(current)),
        );
        // Ids are unique per org only (schema v2), so the org is part of the key.
        const [templateId, orgId, ...rest] = templateToParams(template);
        conn.run(`UPDATE templates SET ${ASSIGN_ALL} WHERE template_id = ? AND org_id = ? AND version = ?`, [
          ...rest,
          templateId ?? null,
          orgId ?? null,
          expectedVersion,
        ]);
        return true;
      });
    },

    async delete(orgId, templateId) {
      return conn.writeTransaction(() => {
        const deleted = conn.run('DELETE FROM templates WHERE template_id = ? AND org_id = ?', [
          templateId,
          orgId,
        ]);
        if (deleted === 1)
          conn.run('DELETE FROM template_history WHERE template_id = ? AND org_id = ?', [
            templateId,
            orgId,
          ]);
        return deleted === 1;
      });
    },

    async history(orgId, templateId, limit) {
      const sql = `SELECT ${COLUMNS} FROM template_history WHERE template_id = ? AND org_id = ? ORDER BY version DESC LIMIT ?`;
      return conn.all<TemplateRow>(sql, [templateId, orgId, limit]).map(templateFromRow);
    },
  };
}
