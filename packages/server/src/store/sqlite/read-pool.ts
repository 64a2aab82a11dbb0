import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppCode, AppError } from '../../domain/index.js';
import type { InboxRepository } from '../../ports/store.js';
import type { ReadCall, ReadOps, ReadReply, ReadResults, ReadWorkerData } from './read-protocol.js';

/** Options of {@link SqliteReadPool}. */
export interface ReadPoolOptions extends ReadWorkerData {
  /** Threads, each with its own read-only connection (1–16). */
  size: number;
  /** Most calls waiting for a thread at once; past it a call fails with `SYS_001` (default 10,000). */
  maxInFlight?: number;
}

interface Slot {
  worker: Worker;
  inFlight: number;
  /** Calls made in this turn of the event loop, sent together when it ends. */
  outbox: ReadCall[];
}

interface Pending {
  slot: Slot;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

// Built, a thread runs read-worker.js. From TypeScript sources (tests, development under tsx) it
// loads read-worker.ts through tsx's require hook: loader hooks given to a worker thread with
// `--import` do not apply there on Node 20.
// Resolved when a thread starts, not at import: a module loaded where `import.meta.url` is not a
// file URL (a DOM test environment importing the server with read threads off) must still load.
function workerEntry(): { entry: string | URL; isEval: boolean } {
  const fromSources = import.meta.url.endsWith('.ts');
  return fromSources
    ? { entry: `require('tsx/cjs/api').require(${JSON.stringify(fileURLToPath(new URL('./read-worker.ts', import.meta.url)))}, __filename);`, isEval: true }
    : { entry: new URL('./read-worker.js', import.meta.url), isEval: false };
}

/**
 * Inbox reads on a few worker threads, each with its own read-only better-sqlite3 connection on
 * the WAL file, so the queries of `list` / `unreadCount` / `search` / `summary` (the largest part
 * of their cost) run beside the event loop instead of on it. A thread reads each call in its own
 * read transaction: it sees every transaction committed before the call started — a write the
 * server acknowledged is visible to the next read — and one snapshot for all its statements.
 * Calls go to the thread with the fewest in flight. A thread that dies fails only its own calls
 * and is replaced.
 */
export class SqliteReadPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private isClosing = false;
  private readonly maxInFlight: number;
  private isFlushScheduled = false;
  private readonly flush = () => {
    this.isFlushScheduled = false;
    for (const slot of this.slots) {
      if (!slot.outbox.length) continue;
      slot.worker.postMessage(slot.outbox);
      slot.outbox = [];
    }
  };

  constructor(private readonly options: ReadPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1 || options.size > 16) {
      throw new Error(`SqliteReadPool: size must be an integer from 1 to 16, got ${String(options.size)}`);
    }
    this.maxInFlight = options.maxInFlight ?? 10_000;
  }

  /** Starts the threads; resolves once every one has opened the file. */
  async start(): Promise<void> {
    await Promise.all(Array.from({ length: this.options.size }, () => this.spawn()));
  }

  /** Whether calls can be sent: started, not closing, at least one thread alive. */
  get isRunning(): boolean {
    return !this.isClosing && this.slots.length > 0;
  }

  /** Number of calls sent and not answered yet. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Runs one read on the least busy thread. */
  run<K extends keyof ReadOps>(op: K, args: ReadOps[K]): Promise<ReadResults[K]> {
    if (this.isClosing || !this.slots.length) return Promise.reject(new AppError(AppCode.UNAVAILABLE, 'The SQLite store is closed or not started'));
    if (this.pending.size >= this.maxInFlight) {
      return Promise.reject(new AppError(AppCode.UNAVAILABLE, `The server has ${this.pending.size} inbox reads waiting; retry shortly`, { retryAfterMs: 1000 }));
    }
    let slot = this.slots[0]!;
    for (const s of this.slots) if (s.inFlight < slot.inFlight) slot = s;
    const id = this.nextId++;
    return new Promise<ReadResults[K]>((resolve, reject) => {
      this.pending.set(id, { slot, resolve: resolve, reject });
      slot.inFlight++;
      // Handing a message to a thread (and waking it) costs far more than copying a call; under
      // load many requests reach their read in one turn of the event loop, so they travel as one
      // message, sent once the turn's I/O callbacks have run.
      slot.outbox.push({ id, op, args } as ReadCall);
      if (!this.isFlushScheduled) {
        this.isFlushScheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  /** Stops every thread; calls still waiting fail with `SYS_001`. */
  async close(): Promise<void> {
    this.isClosing = true;
    const slots = this.slots.splice(0);
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new AppError(AppCode.UNAVAILABLE, 'The SQLite store closed before the read finished'));
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Promise<void> {
    const data: ReadWorkerData = { file: this.options.file, busyTimeoutMs: this.options.busyTimeoutMs, cacheSizeMiB: this.options.cacheSizeMiB, mmapSizeMiB: this.options.mmapSizeMiB };
    const { entry, isEval } = workerEntry();
    const worker = new Worker(entry, { workerData: data, eval: isEval });
    const slot: Slot = { worker, inFlight: 0, outbox: [] };
    return new Promise<void>((resolve, reject) => {
      let isOnline = false;
      // The thread's first message says its connection is open; every later one is a reply.
      worker.once('message', () => {
        isOnline = true;
        if (this.isClosing) void worker.terminate();
        else this.slots.push(slot);
        worker.on('message', (replies: ReadReply[]) => {
          for (const reply of replies) this.settle(reply);
        });
        resolve();
      });
      worker.on('error', (err) => {
        if (!isOnline) reject(new Error(`SQLite read thread could not start: ${err.message}`));
        this.lost(slot, err);
      });
      worker.once('exit', (code) => {
        if (!isOnline) reject(new Error(`SQLite read thread exited with code ${code} before it opened the file`));
        this.lost(slot, new Error(`SQLite read thread exited with code ${code}`));
      });
    });
  }

  private settle(reply: ReadReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    p.slot.inFlight--;
    if (reply.ok) return p.resolve(reply.value);
    const e = reply.error;
    p.reject(e.appCode ? new AppError(e.appCode, e.message, e.details) : new Error(e.message));
  }

  /** A thread died: fail its calls, and replace it unless the pool is closing. */
  private lost(slot: Slot, cause: Error): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    for (const [id, p] of this.pending) {
      if (p.slot !== slot) continue;
      this.pending.delete(id);
      p.reject(new AppError(AppCode.UNAVAILABLE, `An inbox read failed: ${cause.message}`));
    }
    if (!this.isClosing) this.spawn().catch(() => undefined);
  }
}

/**
 * `inbox` with its heavy reads sent to the pool `pool()` returns; on the calling thread when there
 * is none (`:memory:`, no threads configured, or every thread lost and not restarted).
 */
export function pooledInbox(inbox: InboxRepository, pool: () => SqliteReadPool | null): InboxRepository {
  const running = () => {
    const p = pool();
    return p?.isRunning ? p : null;
  };
  return {
    ...inbox,
    list: (q) => running()?.run('inbox.list', q) ?? inbox.list(q),
    unreadCount: (q) => running()?.run('inbox.unreadCount', q) ?? inbox.unreadCount(q),
    search: (q) => running()?.run('inbox.search', q) ?? inbox.search(q),
    userSummary: (q) => running()?.run('inbox.userSummary', q) ?? inbox.userSummary(q),
  };
}
