/**
 * Entry of one read-pool thread (see read-pool.ts): opens the database file read-only and answers
 * the inbox reads the pool sends, each in its own read transaction, with the same repository code
 * the store runs on its own connection.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../domain/index.js';
import type { InboxRepository } from '../../ports/store.js';
import { SqliteConnection } from './connection.js';
import { sqliteInbox } from './inbox.js';
import type { ReadCall, ReadReply, ReadWorkerData } from './read-protocol.js';

const data = workerData as ReadWorkerData;
const conn = new SqliteConnection(data.file, {
  busyTimeoutMs: data.busyTimeoutMs,
  synchronous: 'NORMAL',
  cacheSizeMiB: data.cacheSizeMiB,
  mmapSizeMiB: data.mmapSizeMiB,
  readOnly: true,
});
conn.open();
const inbox: InboxRepository = sqliteInbox(conn);

/**
 * Runs one call. The repository methods are async only by their port's signature: their SQLite
 * work is synchronous, so it runs whole inside the read transaction and sees one snapshot.
 */
function run(call: ReadCall): Promise<unknown> {
  // better-sqlite3 refuses a transaction function that returns a promise: keep it outside.
  let result: Promise<unknown> = Promise.resolve(undefined);
  conn.readTransaction(() => {
    result = start(call);
  });
  return result;
}

function start(call: ReadCall): Promise<unknown> {
  switch (call.op) {
    case 'inbox.list':
      return inbox.list(call.args);
    case 'inbox.unreadCount':
      return inbox.unreadCount(call.args);
    case 'inbox.search':
      return inbox.search(call.args);
    case 'inbox.userSummary':
      return inbox.userSummary(call.args);
    default:
      // Only a caller outside the type system gets here; the thread keeps serving.
      return Promise.reject(new Error(`Unknown read operation ${String((call as { op: unknown }).op)}`));
  }
}

const port = parentPort;
if (!port) throw new Error('read-worker.ts runs only as a worker thread of the SQLite read pool');
/** The reply to one call: its value, or its error with the app code kept. */
function reply(call: ReadCall): Promise<ReadReply> {
  return run(call).then(
    (value): ReadReply => ({ id: call.id, ok: true, value }),
    (err: unknown): ReadReply => {
      const error = err instanceof AppError
        ? { message: err.message, appCode: err.appCode, details: err.details }
        : { message: err instanceof Error ? err.message : String(err) };
      return { id: call.id, ok: false, error };
    },
  );
}

// The pool sends the calls of one turn of its event loop together; they are answered together.
port.on('message', (calls: ReadCall[]) => {
  void Promise.all(calls.map(reply)).then((replies) => port.postMessage(replies));
});
port.on('close', () => conn.close());
// Tells the pool the connection is open.
port.postMessage({ ready: true });
