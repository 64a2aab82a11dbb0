import { describe, expect, it } from 'vitest';
import { useTempDbFile } from './test-db.contract.js';
import { MIGRATIONS, appliedMigrations, applyMigrations, type Migration } from './migrations.js';

describe('sqlite migrations', () => {
  const { open } = useTempDbFile('mc-migrate-');

  it('applies every migration once on a new file and records it', () => {
    const conn = open();
    expect(applyMigrations(conn)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(appliedMigrations(conn).map((m) => [m.version, m.name])).toEqual(
      MIGRATIONS.map((m) => [m.version, m.name]),
    );
    expect(conn.database.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    conn.close();
  });

  it('re-applies nothing when an already-migrated file is opened again', () => {
    const first = open();
    applyMigrations(first, MIGRATIONS, () => new Date('2025-01-01T00:00:00Z'));
    first.close();
    const second = open();
    expect(applyMigrations(second, MIGRATIONS, () => new Date('2030-01-01T00:00:00Z'))).toEqual([]);
    expect(appliedMigrations(second).map((m) => m.appliedAt)).toEqual(
      MIGRATIONS.map(() => new Date('2025-01-01T00:00:00Z')),
    );
    second.close();
  });

  it('applies only the new migrations to a file at an older version, in order', () => {
    const first = open();
    applyMigrations(first);
    first.close();
    const next: Migration[] = [
      ...MIGRATIONS,
      {
        version: MIGRATIONS.length + 1,
        name: 'add a column',
        sql: 'ALTER TABLE users ADD COLUMN timezone TEXT',
      },
      {
        version: MIGRATIONS.length + 2,
        name: 'index it',
        sql: 'CREATE INDEX users_by_timezone ON users (timezone)',
      },
    ];
    const second = open();
    expect(applyMigrations(second, next)).toEqual([MIGRATIONS.length + 1, MIGRATIONS.length + 2]);
    expect(applyMigrations(second, next)).toEqual([]);
    second.close();
  });

  it('rolls back a failing migration entirely and leaves the version unchanged', () => {
    const conn = open();
    applyMigrations(conn);
    const broken: Migration[] = [
      ...MIGRATIONS,
      {
        version: MIGRATIONS.length + 1,
        name: 'half broken',
        sql: 'CREATE TABLE extra (x TEXT); SELECT * FROM no_such_table;',
      },
    ];
    expect(() => applyMigrations(conn, broken)).toThrow(/no_such_table/);
    expect(appliedMigrations(conn)).toHaveLength(MIGRATIONS.length);
    expect(conn.get("SELECT name FROM sqlite_master WHERE name = 'extra'")).toBeUndefined();
    conn.close();
  });

  it('refuses a file written by a newer version of the server', () => {
    const conn = open();
    applyMigrations(conn, [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, name: 'future', sql: 'SELECT 1' },
    ]);
    expect(() => applyMigrations(conn)).toThrow(/newer than this server supports/);
    conn.close();
  });

  it('v2 keeps existing templates and their history, and lets another org reuse a template id', () => {
    const conn = open();
    applyMigrations(conn, MIGRATIONS.slice(0, 1));
    const row = (table: string, version: number) =>
      conn.run(
        `INSERT INTO ${table} (template_id, org_id, name, category, message_type, priority, title, content, variables, enabled, version, create_time, update_time)
         VALUES ('welcome', 'org-a', 'Welcome', 'GENERAL', 'NOTIFICATION', 'NORMAL', 'Hi', 'Hello', '[]', 1, ?, 1, 1)`,
        [version],
      );
    row('templates', 2);
    row('template_history', 1);
    expect(applyMigrations(conn, MIGRATIONS.slice(0, 2))).toEqual([2]);
    expect(conn.all('SELECT org_id, template_id, version FROM templates')).toEqual([{ org_id: 'org-a', template_id: 'welcome', version: 2 }]);
    expect(conn.all('SELECT org_id, template_id, version FROM template_history')).toEqual([{ org_id: 'org-a', template_id: 'welcome', version: 1 }]);
    conn.run(
      `INSERT INTO templates (template_id, org_id, name, category, message_type, priority, title, content, variables, enabled, version, create_time, update_time)
       VALUES ('welcome', 'org-b', 'Welcome', 'GENERAL', 'NOTIFICATION', 'NORMAL', 'Hi', 'Hello', '[]', 1, 1, 1, 1)`,
    );
    expect(conn.get<{ n: number }>("SELECT count(*) AS n FROM templates WHERE template_id = 'welcome'")?.n).toBe(2);
    conn.close();
  });
});
