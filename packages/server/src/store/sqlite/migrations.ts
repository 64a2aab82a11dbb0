import type { SqliteConnection } from './connection.js';
import { SCHEMA_V1 } from './schema-v1.js';
import { SCHEMA_V2_TEMPLATES_PER_ORG } from './schema-v2.js';
import { SCHEMA_V3 } from './schema-v3.js';
import { SCHEMA_V4 } from './schema-v4.js';
import { SCHEMA_V5_SEARCH, nullDerivedTokens } from './schema-v5.js';
import { SCHEMA_V6_COUNTS } from './schema-v6.js';

/** One schema change. Versions are consecutive from 1; a migration is never edited once shipped. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** A data step that SQL cannot express, run after `sql` in the same transaction. */
  after?: (conn: SqliteConnection) => void;
}

/** Every migration, oldest first. Append new ones; never reorder or change released ones. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: SCHEMA_V1 },
  { version: 2, name: 'template ids unique per organization', sql: SCHEMA_V2_TEMPLATES_PER_ORG },
  { version: 3, name: 'system notices, audit log, user contacts', sql: SCHEMA_V3 },
  { version: 4, name: 'routing rules, preferences, outbox', sql: SCHEMA_V4 },
  {
    version: 5,
    name: 'compact search index (FTS5)',
    sql: SCHEMA_V5_SEARCH,
    after: nullDerivedTokens,
  },
  { version: 6, name: 'maintained inbox counts', sql: SCHEMA_V6_COUNTS },
];

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`;

/** A migration recorded as applied in a database file. */
export interface AppliedMigration {
  version: number;
  name: string;
  appliedAt: Date;
}

/** The migrations recorded in the file, oldest first. */
export function appliedMigrations(conn: SqliteConnection): AppliedMigration[] {
  conn.database.exec(CREATE_LEDGER);
  return conn
    .all<{ version: number; name: string; applied_at: number }>(
      'SELECT version, name, applied_at FROM schema_migrations ORDER BY version',
    )
    .map((r) => ({ version: r.version, name: r.name, appliedAt: new Date(r.applied_at) }));
}

/**
 * Applies the migrations the file has not seen yet, each once, each in its own write
 * transaction (so two processes opening the same new file cannot both apply one). Refuses a
 * file written by a newer version of the server. Returns the versions applied now.
 */
export function applyMigrations(
  conn: SqliteConnection,
  migrations: readonly Migration[] = MIGRATIONS,
  now: () => Date = () => new Date(),
): number[] {
  const newest = migrations.at(-1)?.version ?? 0;
  const currentVersion = (): number =>
    conn.get<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations')?.v ?? 0;
  conn.database.exec(CREATE_LEDGER);
  if (currentVersion() > newest) {
    throw new Error(
      `SQLite file ${conn.file} has schema version ${currentVersion()}, newer than this server supports (${newest}); upgrade the server`,
    );
  }
  const applied: number[] = [];
  for (const migration of migrations) {
    const didApply = conn.writeTransaction(() => {
      // Checked again under the write lock: another process may have migrated meanwhile.
      const current = currentVersion();
      if (current >= migration.version) return false;
      if (current !== migration.version - 1) {
        throw new Error(
          `SQLite file ${conn.file} is at schema version ${current} and cannot take migration ${migration.version}`,
        );
      }
      conn.database.exec(migration.sql);
      migration.after?.(conn);
      conn.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        now().getTime(),
      ]);
      return true;
    });
    if (didApply) applied.push(migration.version);
  }
  // Mirror the version where the sqlite3 shell and other tools look for it.
  if (conn.database.pragma('user_version', { simple: true }) !== newest)
    conn.database.pragma(`user_version = ${newest}`);
  return applied;
}
