import Database from 'better-sqlite3';
import { GroupCommitQueue } from './group-commit.js';

/** A value SQLite can bind. Dates travel as epoch milliseconds, booleans as 0/1. */
export type SqlValue = string | number | bigint | Buffer | null;

/** How the database file is opened. */
export interface ConnectionOptions {
  /** How long a writer waits for another connection's lock before failing (ms). */
  busyTimeoutMs: number;
  /**
   * `NORMAL` survives a crash of the process (WAL); `FULL` also survives power loss at the cost
   * of an fsync per commit.
   */
  synchronous: 'NORMAL' | 'FULL';
  /** Page cache per connection, in MiB. Index inserts stay fast while the hot pages fit. */
  cacheSizeMiB: number;
  /** Bytes of the file SQLite reads through a memory map, in MiB (0 = plain reads). */
  mmapSizeMiB?: number;
  /**
   * Open for reading only (the read pool's connections): no journal or sync settings, and
   * SQLite refuses any write on it.
   */
  readOnly?: boolean;
}

/** One executed statement, as seen by an observer (the query-plan tests). */
export type StatementObserver = (sql: string, params: readonly SqlValue[]) => void;

/**
 * One better-sqlite3 connection with a prepared-statement cache. Repositories ask it for
 * statements by SQL text, so each distinct query is prepared once per connection.
 */
export class SqliteConnection {
  private db: Database.Database | null = null;
  private readonly statements = new Map<string, Database.Statement<SqlValue[]>>();
  /** Statements in raw mode (rows as arrays): a statement's mode is its own state, so apart. */
  private readonly rawStatements = new Map<string, Database.Statement<SqlValue[]>>();
  private observer: StatementObserver | null = null;
  /** One reusable transaction wrapper: building a new one per call is measurable overhead. */
  private runInTransaction: Database.Transaction<(fn: () => unknown) => unknown> | null = null;
  private readonly groupCommit = new GroupCommitQueue(this);

  constructor(
    readonly file: string,
    private readonly options: ConnectionOptions,
  ) {}

  /** Opens the file (creating it if missing) and sets the pragmas. Idempotent. */
  open(): void {
    if (this.db) return;
    const readOnly = this.options.readOnly ?? false;
    const db = new Database(this.file, { readonly: readOnly, fileMustExist: readOnly });
    try {
      // WAL lets readers run while one writer commits; busy_timeout makes concurrent writers
      // (other processes on the same file) wait instead of failing with SQLITE_BUSY.
      db.pragma(`busy_timeout = ${Math.floor(this.options.busyTimeoutMs)}`);
      if (!readOnly) {
        db.pragma('journal_mode = WAL');
        db.pragma(`synchronous = ${this.options.synchronous}`);
        db.pragma('foreign_keys = OFF');
      }
      db.pragma(`cache_size = ${-Math.floor(this.options.cacheSizeMiB * 1024)}`);
      if (this.options.mmapSizeMiB) db.pragma(`mmap_size = ${Math.floor(this.options.mmapSizeMiB * 1024 * 1024)}`);
    } catch (err) {
      db.close();
      throw err;
    }
    this.db = db;
    this.runInTransaction = db.transaction((fn: () => unknown) => fn());
  }

  /** Closes the file. Safe to call twice. */
  close(): void {
    // Writes already queued were promised a commit: make it before the file goes away.
    if (this.db) this.groupCommit.flush();
    this.statements.clear();
    this.rawStatements.clear();
    const db = this.db;
    this.db = null;
    this.runInTransaction = null;
    db?.close();
  }

  get isOpen(): boolean {
    return this.db?.open ?? false;
  }

  /** The open database; throws a clear error when used before `start()` or after `close()`. */
  get database(): Database.Database {
    if (!this.db) throw new Error(`SQLite store ${this.file} is not open: call start() first`);
    return this.db;
  }

  /** Reports every statement run from now on (used to EXPLAIN the real queries in tests). */
  observe(observer: StatementObserver | null): void {
    this.observer = observer;
  }

  private statement(sql: string, params: readonly SqlValue[]): Database.Statement<SqlValue[]> {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.database.prepare<SqlValue[]>(sql);
      this.statements.set(sql, stmt);
    }
    this.observer?.(sql, params);
    return stmt;
  }

  /** All rows of a query. */
  all<Row>(sql: string, params: readonly SqlValue[] = []): Row[] {
    return this.statement(sql, params).all(...params) as Row[];
  }

  /**
   * All rows of a query as arrays of column values, in select order: no object with a property
   * per column is built per row, which costs about twice the query itself for wide rows.
   */
  rows(sql: string, params: readonly SqlValue[] = []): SqlValue[][] {
    let stmt = this.rawStatements.get(sql);
    if (!stmt) {
      stmt = this.database.prepare<SqlValue[]>(sql).raw(true);
      this.rawStatements.set(sql, stmt);
    }
    this.observer?.(sql, params);
    return stmt.all(...params) as SqlValue[][];
  }

  /** The first row of a query, or undefined. */
  get<Row>(sql: string, params: readonly SqlValue[] = []): Row | undefined {
    return this.statement(sql, params).get(...params) as Row | undefined;
  }

  /** Runs a write and returns how many rows it changed. */
  run(sql: string, params: readonly SqlValue[] = []): number {
    return this.statement(sql, params).run(...params).changes;
  }

  /**
   * Runs an INSERT (of one row, `OR IGNORE`) and returns the new row's rowid, or null when no row
   * was inserted. Cheaper than `RETURNING`, which collects its rows in a temporary table.
   */
  insert(sql: string, params: readonly SqlValue[] = []): number | null {
    const result = this.statement(sql, params).run(...params);
    return result.changes === 0 ? null : Number(result.lastInsertRowid);
  }

  /**
   * Runs `fn` in a write transaction that takes the write lock up front (BEGIN IMMEDIATE), so a
   * read-then-write inside it cannot interleave with another connection's write.
   */
  writeTransaction<T>(fn: () => T): T {
    if (!this.runInTransaction)
      throw new Error(`SQLite store ${this.file} is not open: call start() first`);
    return this.runInTransaction.immediate(fn) as T;
  }

  /**
   * Runs `fn` in a read transaction (BEGIN DEFERRED): every statement in it sees the same
   * committed snapshot, as if no write could land between them (the read pool's calls).
   */
  readTransaction<T>(fn: () => T): T {
    if (!this.runInTransaction)
      throw new Error(`SQLite store ${this.file} is not open: call start() first`);
    return this.runInTransaction.deferred(fn) as T;
  }

  /**
   * Runs `fn` inside the transaction already open on this connection, under a savepoint: if it
   * throws, only its own changes are rolled back.
   */
  savepoint<T>(fn: () => T): T {
    if (!this.runInTransaction || !this.database.inTransaction)
      throw new Error('savepoint() needs an open transaction');
    return this.runInTransaction(fn) as T;
  }

  /**
   * Queues a write for the next group commit (see group-commit.ts): resolves with `fn`'s result
   * once its transaction has committed. For writes on the hot path that need not be read back
   * before the caller is answered. `last` runs after every write of the group (see
   * `GroupCommitQueue.enqueue`).
   */
  queuedWrite<T>(fn: () => T, last?: (value: T) => void): Promise<T> {
    return this.groupCommit.enqueue(fn, last);
  }
}

/** Epoch ms of a date, or null. */
export const toMillis = (d: Date | null | undefined): number | null => (d ? d.getTime() : null);

/** A date from epoch ms, or null. */
export const fromMillis = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));
