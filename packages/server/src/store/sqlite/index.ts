import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Store } from '../../ports/store.js';
import { SqliteConnection } from './connection.js';
import { sqliteGroups } from './groups.js';
import { sqliteIdempotency } from './idempotency.js';
import { sqliteInbox } from './inbox.js';
import { sqliteMessages } from './messages.js';
import { applyMigrations } from './migrations.js';
import { sqliteStats } from './stats.js';
import { sqliteTemplates } from './templates.js';
import { sqliteUsers } from './users.js';
import { sqliteSystemNotices } from './system-notices.js';
import { sqliteAudit } from './audit.js';
import { sqlitePreferences, sqliteRules } from './routing.js';
import { sqliteOutbox } from './outbox.js';
import { pooledInbox, SqliteReadPool } from './read-pool.js';

/** Options of the embedded SQLite store. */
export interface SqliteStoreOptions {
  /**
   * Path of the database file, e.g. `<MC_DATA_DIR>/message-center.db`. Its directory is created
   * on `start()` if missing. `:memory:` gives a private in-memory database (tests, tools).
   */
  file: string;
  /** How long a write waits for another connection's lock before failing. Default 5000 ms. */
  busyTimeoutMs?: number;
  /**
   * `NORMAL` (default) keeps every committed write across a crash of the process; `FULL` also
   * across a power loss, at the cost of an fsync per commit.
   */
  synchronous?: 'NORMAL' | 'FULL';
  /** SQLite page cache in MiB (default 64): more keeps large indexes fast to update. */
  cacheSizeMiB?: number;
  /**
   * How much of the file is read through a memory map, in MiB (default 0: read with system
   * calls). Reads of pages the cache does not hold then cost no system call, which pays on large
   * read-heavy stores; mapped pages are the OS's file cache and can be dropped under pressure.
   */
  mmapSizeMiB?: number;
  /**
   * Worker threads that run inbox reads (`list`, `unreadCount`, `search`, `summary`), each with
   * its own read-only connection (and its own `cacheSizeMiB` page cache), so those queries do not
   * hold up the event loop. Default 0: every query on the calling thread. Ignored for `:memory:`.
   */
  readWorkers?: number;
}

/**
 * The embedded store: one SQLite file in WAL mode, schema kept current by versioned migrations.
 * Validates the options now and throws on a path that cannot hold a database; opens the file
 * in `start()`.
 */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const file = validatedFile(options.file);
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new Error(
      `createSqliteStore: busyTimeoutMs must be a non-negative integer, got ${String(options.busyTimeoutMs)}`,
    );
  }
  const synchronous = options.synchronous ?? 'NORMAL';
  if (synchronous !== 'NORMAL' && synchronous !== 'FULL') {
    throw new Error(
      `createSqliteStore: synchronous must be 'NORMAL' or 'FULL', got ${String(options.synchronous)}`,
    );
  }
  const cacheSizeMiB = options.cacheSizeMiB ?? 64;
  if (!Number.isFinite(cacheSizeMiB) || cacheSizeMiB <= 0) {
    throw new Error(
      `createSqliteStore: cacheSizeMiB must be a positive number, got ${String(options.cacheSizeMiB)}`,
    );
  }
  const mmapSizeMiB = options.mmapSizeMiB ?? 0;
  if (!Number.isFinite(mmapSizeMiB) || mmapSizeMiB < 0) {
    throw new Error(
      `createSqliteStore: mmapSizeMiB must be a non-negative number, got ${String(options.mmapSizeMiB)}`,
    );
  }
  const readWorkers = options.readWorkers ?? 0;
  if (!Number.isInteger(readWorkers) || readWorkers < 0 || readWorkers > 16) {
    throw new Error(`createSqliteStore: readWorkers must be an integer from 0 to 16, got ${String(options.readWorkers)}`);
  }
  const conn = new SqliteConnection(file, { busyTimeoutMs, synchronous, cacheSizeMiB, mmapSizeMiB });
  let pool: SqliteReadPool | null = null;

  return {
    name: `sqlite(${file})`,
    async start() {
      if (conn.isOpen) return;
      if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
      conn.open();
      try {
        applyMigrations(conn);
        // The threads open the file once the schema is current.
        if (readWorkers > 0 && file !== ':memory:') {
          pool = new SqliteReadPool({ file, size: readWorkers, busyTimeoutMs, cacheSizeMiB, mmapSizeMiB });
          await pool.start();
        }
      } catch (err) {
        await pool?.close();
        pool = null;
        conn.close();
        throw err;
      }
    },
    async close() {
      const closing = pool;
      pool = null;
      await closing?.close();
      conn.close();
    },
    async isReady() {
      if (!conn.isOpen) return false;
      try {
        return conn.get<{ ok: number }>('SELECT 1 AS ok')?.ok === 1;
      } catch {
        return false;
      }
    },
    messages: sqliteMessages(conn),
    inbox: pooledInbox(sqliteInbox(conn), () => pool),
    groups: sqliteGroups(conn),
    templates: sqliteTemplates(conn),
    stats: sqliteStats(conn),
    users: sqliteUsers(conn),
    idempotency: sqliteIdempotency(conn),
    systemNotices: sqliteSystemNotices(conn),
    audit: sqliteAudit(conn),
    rules: sqliteRules(conn),
    preferences: sqlitePreferences(conn),
    outbox: sqliteOutbox(conn),
  };
}

/**
 * The absolute file path, or a thrown error naming what is wrong: empty, a directory, or under
 * something that is not a directory.
 */
function validatedFile(file: unknown): string {
  if (typeof file !== 'string' || file.trim() === '') {
    throw new Error(
      'createSqliteStore: `file` must be the path of the database file (e.g. ./data/message-center.db)',
    );
  }
  if (file === ':memory:') return file;
  if (file.includes('\0'))
    throw new Error('createSqliteStore: `file` must not contain NUL characters');
  const absolute = path.resolve(file);
  if (statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(
      `createSqliteStore: ${absolute} is a directory; give the path of a file inside it`,
    );
  }
  // The nearest existing ancestor must be a directory, or the file can never be created.
  for (let dir = path.dirname(absolute); ; dir = path.dirname(dir)) {
    const st = statSync(dir, { throwIfNoEntry: false });
    if (st) {
      if (!st.isDirectory())
        throw new Error(`createSqliteStore: cannot create ${absolute}: ${dir} is not a directory`);
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  return absolute;
}
