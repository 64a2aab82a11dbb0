import type { Collection } from 'mongoose';
import type { MongoModels } from './models.js';
import type { ResolvedMongoStoreOptions } from './options.js';

/** One index the store needs: its collection, key and options. */
export interface IndexSpec {
  collection: keyof MongoModels;
  name: string;
  key: Record<string, 1 | -1>;
  unique?: boolean;
  /** TTL: documents are removed this many seconds after the key's date. */
  expireAfterSeconds?: number;
  /** Why the index exists (kept next to the key so the list documents itself). */
  serves: string;
}

/**
 * The indexes, after seed §4.2.2 adapted to the port. Every query the adapter issues starts
 * with an equality on the leading fields of one of these (audience keys, userId, orgId).
 * Unique keys start with the natural key a retry repeats, so duplicate writes collide.
 */
export function indexSpecs(
  options: Pick<ResolvedMongoStoreOptions, 'expiredMessageTtlSeconds' | 'idempotencyKeyTtlSeconds'>,
): IndexSpec[] {
  const ttl = {
    messages: options.expiredMessageTtlSeconds,
    idempotency: options.idempotencyKeyTtlSeconds,
  };
  // prettier-ignore
  return [
    // messages (`_id` = messageId). Sort keys follow the index order so no sort happens in memory.
    { collection: 'messages', name: 'inbox_audience_status_seq', key: { audience: 1, status: 1, seq: -1, messageType: 1, expireTime: 1 }, serves: 'inbox list/replay/unread ids: audience IN (keys), status, by seq (merge-sorted per key); unread counts by type' },
    { collection: 'messages', name: 'search_audience_tokens', key: { audience: 1, tokens: 1 }, serves: 'inbox search: multikey token array instead of $text' },
    { collection: 'messages', name: 'org_createTime', key: { orgId: 1, createTime: -1, _id: -1 }, serves: 'admin listing of an org, newest first' },
    { collection: 'messages', name: 'org_type_createTime', key: { orgId: 1, messageType: 1, createTime: -1, _id: -1 }, serves: 'admin listing of an org by message type' },
    { collection: 'messages', name: 'trending_org_readCount', key: { orgId: 1, readCount: -1, createTime: -1, _id: -1 }, serves: 'trending messages of an org' },
    { collection: 'messages', name: 'scheduler_status_deliverAt', key: { status: 1, deliverAt: 1, _id: 1 }, serves: 'due scheduled messages, oldest first' },
    { collection: 'messages', name: 'ttl_expireTime', key: { expireTime: 1 }, expireAfterSeconds: ttl.messages, serves: 'purgeExpired sweep; TTL backstop' },
    // user_message_status: every access but the admin view starts with the reader's userId.
    { collection: 'states', name: 'uniq_user_message', key: { userId: 1, messageId: 1 }, unique: true, serves: 'one row per (user, message): getState, upsertState, joining a page' },
    { collection: 'states', name: 'user_state', key: { userId: 1, state: 1, messageId: 1 }, serves: "a user's READ / DELETED rows (unread counts, state filters)" },
    { collection: 'states', name: 'user_archived', key: { userId: 1, archived: 1, messageId: 1 }, serves: "a user's archived rows" },
    { collection: 'states', name: 'message_org_user', key: { messageId: 1, orgId: 1, userId: 1 }, serves: 'recipient states of a message; purge' },
    // groups
    { collection: 'groups', name: 'uniq_org_group', key: { orgId: 1, groupId: 1 }, unique: true, serves: 'group by id' },
    { collection: 'groups', name: 'org_members', key: { orgId: 1, members: 1 }, serves: 'groups of a user (multikey)' },
    { collection: 'groups', name: 'org_createTime', key: { orgId: 1, createTime: 1, groupId: 1 }, serves: 'group listing' },
    // templates, unique per org (`migrateTemplateIds` fills `templateId` on older documents first)
    { collection: 'templates', name: 'uniq_org_template', key: { orgId: 1, templateId: 1 }, unique: true, serves: 'template by id within its org; two orgs may share an id' },
    { collection: 'templates', name: 'org_name_template', key: { orgId: 1, name: 1, templateId: 1 }, serves: 'template listing by name' },
    { collection: 'templateVersions', name: 'uniq_org_template_version', key: { orgId: 1, templateId: 1, version: -1 }, unique: true, serves: 'template history, newest first' },
    // statistics
    { collection: 'dailyStats', name: 'uniq_org_day_type', key: { orgId: 1, day: 1, messageType: 1 }, unique: true, serves: 'counter upsert; one org\'s day range' },
    { collection: 'dailyStats', name: 'day_org_type', key: { day: 1, orgId: 1, messageType: 1 }, serves: 'all-org day range (platform)' },
    // users
    { collection: 'users', name: 'uniq_org_user', key: { orgId: 1, userId: 1 }, unique: true, serves: 'touch upsert; paging known users' },
    // idempotency keys
    { collection: 'idempotencyKeys', name: 'uniq_org_key', key: { orgId: 1, key: 1 }, unique: true, serves: 'one claim per org and key' },
    { collection: 'systemNotices', name: 'org_expireTime', key: { orgId: 1, expireTime: 1 }, serves: 'pending notices of an org; listing; purge' },
    { collection: 'systemDismissals', name: 'uniq_org_user_notice', key: { orgId: 1, userId: 1, notificationId: 1 }, unique: true, serves: 'one dismissal per user and notice' },
    { collection: 'auditLog', name: 'org_createTime', key: { orgId: 1, createTime: -1, _id: -1 }, serves: 'audit.list of an org, newest first' },
    // routing
    { collection: 'routingRules', name: 'uniq_org_rule', key: { orgId: 1, ruleId: 1 }, unique: true, serves: 'rule by id; one rule per id and org' },
    { collection: 'routingRules', name: 'org_priority', key: { orgId: 1, priority: 1, ruleId: 1 }, serves: 'rules of an org (and defaults) in evaluation order' },
    { collection: 'preferences', name: 'uniq_org_user', key: { orgId: 1, userId: 1 }, unique: true, serves: 'preferences of a user / org defaults' },
    { collection: 'outbox', name: 'status_due_lease', key: { status: 1, nextAttemptAt: 1, leaseUntil: 1 }, serves: 'claim of due PENDING jobs, oldest first' },
    { collection: 'outbox', name: 'org_message', key: { orgId: 1, messageId: 1, createTime: 1 }, serves: 'deliveries.list of a message' },
    { collection: 'auditLog', name: 'createTime', key: { createTime: 1 }, serves: 'retention purge; platform listing' },
    { collection: 'idempotencyKeys', name: 'ttl_createTime', key: { createTime: 1 }, expireAfterSeconds: ttl.idempotency, serves: 'drop keys after their window' },
  ];
}

/** Indexes of earlier versions that no longer serve a query; dropped at start when present. */
const OBSOLETE_INDEXES: readonly { collection: keyof MongoModels; name: string }[] = [
  { collection: 'templates', name: 'org_name' },
];

/** Documents migrated per batch: bounded memory however many templates exist. */
const MIGRATION_BATCH = 500;

/**
 * Template ids became unique per org instead of globally. Documents written before carry the id
 * only in `_id`: copy it into `templateId` (which every query now uses) before the unique
 * `(orgId, templateId)` index is built, and drop the index the old listing used. Idempotent and
 * safe to run from several instances at once; existing `_id`s are kept, so nothing is rewritten.
 */
export async function migrateTemplateIds(models: MongoModels): Promise<number> {
  const templates = models.templates.collection;
  let migrated = 0;
  for (;;) {
    const batch = await templates
      .find({ templateId: { $exists: false } }, { projection: { _id: 1 } })
      .limit(MIGRATION_BATCH)
      .toArray();
    if (!batch.length) break;
    for (const doc of batch) {
      const res = await templates.updateOne({ _id: doc._id, templateId: { $exists: false } }, { $set: { templateId: doc._id } });
      migrated += res.modifiedCount;
    }
  }
  for (const obsolete of OBSOLETE_INDEXES) {
    const collection = models[obsolete.collection].collection;
    const existing = await collection.indexes().catch(() => []);
    if (existing.some((i) => i.name === obsolete.name)) await collection.dropIndex(obsolete.name);
  }
  return migrated;
}

/** What `ensureIndexes` did, for logs and the mongo-specific tests. */
export interface IndexReport {
  /** TTL indexes the server refused; created as plain indexes instead. */
  ttlUnsupported: string[];
}

/** Server error codes for options a server does not implement, and for option conflicts. */
const NOT_IMPLEMENTED = new Set([238, 115]);
const OPTIONS_CONFLICT = new Set([85, 86]);

/**
 * Creates every index (idempotent). A server without TTL support (FerretDB 1.x) gets a plain
 * index on the same key: the explicit purge sweep keeps working, only the backstop is missing.
 */
export async function ensureIndexes(
  models: MongoModels,
  specs: readonly IndexSpec[],
): Promise<IndexReport> {
  const report: IndexReport = { ttlUnsupported: [] };
  for (const spec of specs) {
    const collection = models[spec.collection].collection;
    const options = { name: spec.name, ...(spec.unique ? { unique: true } : {}) };
    if (spec.expireAfterSeconds === undefined) {
      await collection.createIndex(spec.key, options);
      continue;
    }
    try {
      await collection.createIndex(spec.key, {
        ...options,
        expireAfterSeconds: spec.expireAfterSeconds,
      });
    } catch (error) {
      const code = errorCode(error);
      if (code !== undefined && NOT_IMPLEMENTED.has(code)) {
        report.ttlUnsupported.push(`${collection.collectionName}.${spec.name}`);
        await collection.createIndex(spec.key, options);
      } else if (code !== undefined && OPTIONS_CONFLICT.has(code)) {
        await changeTtl(collection, spec);
      } else {
        throw error;
      }
    }
  }
  return report;
}

/** The TTL changed since the index was created (a new option value): update it in place. */
async function changeTtl(collection: Collection, spec: IndexSpec): Promise<void> {
  await collection.conn.db!.command({
    collMod: collection.collectionName,
    index: { name: spec.name, expireAfterSeconds: spec.expireAfterSeconds },
  });
}

/** The numeric server error code of a driver error, if any. */
export function errorCode(error: unknown): number | undefined {
  if (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'number'
  )
    return error.code;
  return undefined;
}

/** True for a duplicate-key error (E11000). */
export const isDuplicateKey = (error: unknown): boolean => errorCode(error) === 11000;
