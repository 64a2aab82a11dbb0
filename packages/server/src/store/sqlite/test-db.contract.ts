import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { SqliteConnection } from './connection.js';
import { applyMigrations } from './migrations.js';

const OPTIONS = { busyTimeoutMs: 1000, synchronous: 'NORMAL', cacheSizeMiB: 8 } as const;

/** For tests: an in-memory database at the current schema, fresh for each test. */
export function useMemoryDb(): { readonly conn: SqliteConnection } {
  const state = { conn: null as SqliteConnection | null };
  beforeEach(() => {
    state.conn = new SqliteConnection(':memory:', OPTIONS);
    state.conn.open();
    applyMigrations(state.conn);
  });
  afterEach(() => state.conn?.close());
  return {
    get conn() {
      if (!state.conn) throw new Error('useMemoryDb: the database exists only inside a test');
      return state.conn;
    },
  };
}

/** For tests: a database file in a fresh temporary directory per test; `open` connects to it. */
export function useTempDbFile(prefix: string): { readonly file: string; open: () => SqliteConnection } {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return {
    get file() {
      return join(dir, 'mc.db');
    },
    open: () => {
      const conn = new SqliteConnection(join(dir, 'mc.db'), OPTIONS);
      conn.open();
      return conn;
    },
  };
}
