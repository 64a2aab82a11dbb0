import { z } from 'zod';

/** Options of `createMongoStore`. Only `url` is required. */
export interface MongoStoreOptions {
  /** `mongodb://…` or `mongodb+srv://…`. Credentials in it never appear in `store.name` or logs. */
  url: string;
  /** Database to use; default: the database in `url`, else `message_center`. */
  dbName?: string;
  /** How long one connection attempt waits for a usable server (ms, default 5000). */
  serverSelectionTimeoutMs?: number;
  /** How often the driver checks the server; bounds how fast `isReady()` notices an outage (ms, default 5000). */
  heartbeatFrequencyMs?: number;
  /** Connection attempts in `start()` before giving up (default 5). */
  startAttempts?: number;
  /** Delay before the second attempt; doubles per attempt up to 10 s (ms, default 250). */
  startBackoffMs?: number;
  /**
   * Seconds after `expireTime` at which the TTL index removes a message as a backstop to the
   * explicit `purgeExpired` sweep (which also removes per-user state). Default 7 days.
   */
  expiredMessageTtlSeconds?: number;
  /** How long idempotency keys are kept by their TTL index (seconds, default 24 h). */
  idempotencyKeyTtlSeconds?: number;
  /**
   * Serialize this process's updates per document. Default: on for FerretDB 1.x (detected at
   * start), whose single-document updates are not atomic; off for MongoDB. See `KeyedSerializer`.
   */
  serializeDocumentUpdates?: boolean;
  /** Receives warnings (e.g. an index option the server does not support). */
  logger?: MongoStoreLogger;
}

/** The subset of a pino-style logger the adapter uses. */
export interface MongoStoreLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

/** Options after defaults. */
export interface ResolvedMongoStoreOptions extends Required<
  Omit<MongoStoreOptions, 'logger' | 'serializeDocumentUpdates'>
> {
  serializeDocumentUpdates: boolean | undefined;
  logger: MongoStoreLogger | undefined;
}

const DB_NAME = /^[^/\\. "$*<>:|?]{1,63}$/;

const Schema = z.object({
  url: z.string().regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// URL'),
  dbName: z
    .string()
    .regex(DB_NAME, 'must be 1-63 characters without / \\ . space " $ * < > : | ?')
    .optional(),
  serverSelectionTimeoutMs: z.number().int().positive().default(5000),
  heartbeatFrequencyMs: z.number().int().min(500).default(5000),
  startAttempts: z.number().int().positive().default(5),
  startBackoffMs: z.number().int().nonnegative().default(250),
  expiredMessageTtlSeconds: z
    .number()
    .int()
    .nonnegative()
    .default(7 * 24 * 3600),
  idempotencyKeyTtlSeconds: z
    .number()
    .int()
    .positive()
    .default(24 * 3600),
  serializeDocumentUpdates: z.boolean().optional(),
});

/**
 * Validates options and applies defaults.
 * @throws Error naming every invalid option, before any connection is attempted.
 */
export function resolveMongoStoreOptions(options: MongoStoreOptions): ResolvedMongoStoreOptions {
  const { logger, ...rest } = options ?? ({} as MongoStoreOptions);
  const parsed = Schema.safeParse(rest);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || 'options'}: ${i.message}`,
    );
    throw new Error(`createMongoStore: invalid options: ${problems.join('; ')}`);
  }
  const dbName = parsed.data.dbName ?? databaseInUrl(parsed.data.url) ?? 'message_center';
  if (!DB_NAME.test(dbName))
    throw new Error(`createMongoStore: invalid database name in url: "${dbName}"`);
  return {
    ...parsed.data,
    dbName,
    serializeDocumentUpdates: parsed.data.serializeDocumentUpdates,
    logger,
  };
}

/** The database path segment of a connection string, if any. */
function databaseInUrl(url: string): string | undefined {
  const afterScheme = url.replace(/^mongodb(?:\+srv)?:\/\//, '');
  const slash = afterScheme.indexOf('/');
  if (slash < 0) return undefined;
  const path = afterScheme.slice(slash + 1).split('?')[0] ?? '';
  return path ? decodeURIComponent(path) : undefined;
}

/** `host[:port][,host…]/db` of `url`, without credentials or query options, for names and logs. */
export function describeMongoUrl(url: string, dbName: string): string {
  const afterScheme = url.replace(/^mongodb(?:\+srv)?:\/\//, '');
  const authority = afterScheme.split(/[/?]/)[0] ?? '';
  const hosts = authority.slice(authority.lastIndexOf('@') + 1);
  return `${hosts}/${dbName}`;
}
