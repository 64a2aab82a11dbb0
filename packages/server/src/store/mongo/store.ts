import type { Connection } from 'mongoose';
import type { Store } from '../../ports/store.js';
import { answersPing, ferretDbVersion, newConnection, openWithRetries } from './connection.js';
import { KeyedSerializer, type MongoContext } from './context.js';
import { mongoGroups } from './groups.js';
import { mongoIdempotency } from './idempotency.js';
import { mongoInbox } from './inbox.js';
import { ensureIndexes, indexSpecs, migrateTemplateIds, type IndexReport } from './indexes.js';
import { MongoMessageRepository } from './messages.js';
import { defineModels, type MongoModels } from './models.js';
import {
  describeMongoUrl,
  resolveMongoStoreOptions,
  type MongoStoreOptions,
  type ResolvedMongoStoreOptions,
} from './options.js';
import { mongoStats } from './stats.js';
import { mongoTemplates } from './templates.js';
import { mongoUsers } from './users.js';
import { mongoSystemNotices } from './system-notices.js';
import { mongoAudit } from './audit.js';
import { mongoPreferences, mongoRules } from './routing.js';
import { mongoOutbox } from './outbox.js';

const READY_PING_TIMEOUT_MS = 1000;

/** The Store port on MongoDB (or a compatible server such as FerretDB) through mongoose. */
export class MongoStore implements Store {
  readonly name: string;
  readonly messages;
  readonly inbox;
  readonly groups;
  readonly templates;
  readonly stats;
  readonly users;
  readonly idempotency;
  readonly systemNotices;
  readonly audit;
  readonly rules;
  readonly preferences;
  readonly outbox;

  private readonly options: ResolvedMongoStoreOptions;
  private readonly target: string;
  private conn: Connection | null = null;
  private models: MongoModels | null = null;
  private starting: Promise<void> | null = null;
  private lastIndexReport: IndexReport | null = null;
  private readonly serializer = new KeyedSerializer();
  private server = 'unknown';

  constructor(options: MongoStoreOptions) {
    this.options = resolveMongoStoreOptions(options);
    this.target = describeMongoUrl(this.options.url, this.options.dbName);
    this.name = `mongo(${this.target})`;
    const ctx: MongoContext = {
      models: () => this.requireModels(),
      serialize: (key, write) => this.serializer.run(key, write),
      isSerializing: () => this.serializer.enabled,
    };
    this.messages = new MongoMessageRepository(ctx);
    this.inbox = mongoInbox(ctx);
    this.groups = mongoGroups(ctx);
    this.templates = mongoTemplates(ctx);
    this.stats = mongoStats(ctx);
    this.users = mongoUsers(ctx);
    this.idempotency = mongoIdempotency(ctx);
    this.systemNotices = mongoSystemNotices(ctx);
    this.audit = mongoAudit(ctx);
    this.rules = mongoRules(ctx);
    this.preferences = mongoPreferences(ctx);
    this.outbox = mongoOutbox(ctx);
  }

  /** Connects (with retries) and creates the indexes. Idempotent; concurrent calls share one start. */
  start(): Promise<void> {
    this.starting ??= this.open().catch((error: unknown) => {
      this.starting = null;
      throw error;
    });
    return this.starting;
  }

  private async open(): Promise<void> {
    const conn = newConnection();
    const models = defineModels(conn);
    try {
      await openWithRetries(conn, this.options, this.target);
      const ferretdb = await ferretDbVersion(conn);
      this.server = ferretdb ? `FerretDB ${ferretdb}` : 'MongoDB';
      this.serializer.enabled =
        this.options.serializeDocumentUpdates ?? ferretdb?.startsWith('v1.') === true;
      // Data migrations first: a unique index cannot be built over documents it would reject.
      await migrateTemplateIds(models);
      this.lastIndexReport = await ensureIndexes(models, indexSpecs(this.options));
    } catch (error) {
      await conn.close().catch(() => undefined);
      throw error;
    }
    for (const unsupported of this.lastIndexReport.ttlUnsupported) {
      this.options.logger?.warn(
        { index: unsupported },
        'server does not support TTL indexes; relying on the purge sweep alone',
      );
    }
    this.conn = conn;
    this.models = models;
  }

  async close(): Promise<void> {
    // A start still in flight finishes first, so the connection it opens is closed too.
    const starting = this.starting;
    this.starting = null;
    if (starting) await starting.catch(() => undefined);
    const conn = this.conn;
    this.conn = null;
    this.models = null;
    await conn?.close();
  }

  /** Open and answering: false while the server is unreachable (the driver keeps reconnecting). */
  async isReady(): Promise<boolean> {
    return this.conn ? answersPing(this.conn, READY_PING_TIMEOUT_MS) : false;
  }

  /** What index creation found on this server (TTL support), after `start()`. */
  get indexReport(): IndexReport | null {
    return this.lastIndexReport;
  }

  /** The server kind found at start (`MongoDB`, `FerretDB v1.24.2`) and whether updates are serialized here. */
  get serverInfo(): { server: string; serializesDocumentUpdates: boolean } {
    return { server: this.server, serializesDocumentUpdates: this.serializer.enabled };
  }

  /** The mongoose models, for operational tooling and tests (after `start()`). */
  get mongooseModels(): MongoModels {
    return this.requireModels();
  }

  private requireModels(): MongoModels {
    if (!this.models) throw new Error(`${this.name} is not started: call start() first`);
    return this.models;
  }
}

/**
 * Creates the MongoDB store. Validates options now (throws on a bad URL or database name);
 * connects in `start()`.
 */
export function createMongoStore(options: MongoStoreOptions): MongoStore {
  return new MongoStore(options);
}
