import mongoose, { type Connection } from 'mongoose';
import type { ResolvedMongoStoreOptions } from './options.js';

const MAX_BACKOFF_MS = 10_000;

/**
 * Opens `conn` with retries: a database that is still starting (a fresh container, a replica
 * set electing a primary) should not fail the server's start-up. Backoff doubles per attempt.
 * After the first success the driver reconnects by itself.
 * @throws the last connection error, with the attempt count, once attempts run out.
 */
export async function openWithRetries(
  conn: Connection,
  options: ResolvedMongoStoreOptions,
  describe: string,
): Promise<void> {
  let delay = options.startBackoffMs;
  let lastError: unknown;
  for (let attempt = 1; attempt <= options.startAttempts; attempt++) {
    try {
      await conn.openUri(options.url, {
        dbName: options.dbName,
        serverSelectionTimeoutMS: options.serverSelectionTimeoutMs,
        heartbeatFrequencyMS: options.heartbeatFrequencyMs,
        // Fail fast while disconnected instead of queueing commands in memory.
        bufferCommands: false,
        autoIndex: false,
        autoCreate: false,
      });
      return;
    } catch (error) {
      lastError = error;
      if (attempt === options.startAttempts) break;
      options.logger?.warn(
        { attempt, of: options.startAttempts, err: errorMessage(error) },
        `MongoDB ${describe} not reachable yet; retrying`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(MAX_BACKOFF_MS, Math.max(1, delay * 2));
    }
  }
  throw new Error(
    `Could not connect to MongoDB at ${describe} after ${options.startAttempts} attempts: ${errorMessage(lastError)}`,
    {
      cause: lastError,
    },
  );
}

/** A new, unopened connection (not mongoose's global one, so several stores can coexist). */
export const newConnection = (): Connection => mongoose.createConnection();

/** True when the connection is open and the server answers a ping within `timeoutMs`. */
export async function answersPing(conn: Connection, timeoutMs: number): Promise<boolean> {
  if (conn.readyState !== mongoose.ConnectionStates.connected || !conn.db) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ping = conn.db
    .command({ ping: 1 }, { timeoutMS: timeoutMs })
    .then(() => true)
    .catch(() => false);
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** FerretDB's version (`v1.24.2`) when the server is FerretDB, else null. */
export async function ferretDbVersion(conn: Connection): Promise<string | null> {
  const info = await conn.db?.admin().command({ buildInfo: 1 });
  const version: unknown = info?.ferretdbVersion;
  return typeof version === 'string' ? version : null;
}

const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
