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
  }
}

const port = parentPort;
if (!port) throw new Error('read-worker.ts runs only as a worker thread of the SQLite read pool');
port.on('message', (call: ReadCall) => {
  run(call).then(
    (value) => port.postMessage({ id: call.id, ok: true, value } satisfies ReadReply),
    (err: unknown) => {
      const error = err instanceof AppError
        ? { message: err.message, appCode: err.appCode, details: err.details }
        : { message: err instanceof Error ? err.message : String(err) };
      port.postMessage({ id: call.id, ok: false, error } satisfies ReadReply);
    },
  );
});
port.on('close', () => conn.close());
// Tells the pool the connection is open.
port.postMessage({ ready: true });
