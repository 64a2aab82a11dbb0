import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  audienceKeysOf,
  audienceOfOrg,
  indexTokens,
  newMessageId,
  newTimeOrderedId,
  type StoredMessage,
} from '../../domain/index.js';
import { startMongoForTests, type MongoForTests } from '../../../test/support/ferretdb.js';
import { describeStoreContract } from '../contract.js';
import { createMongoStore, indexSpecs, type MongoStoreOptions } from './index.js';

const mongo: MongoForTests = await startMongoForTests();
afterAll(() => mongo.stop());

/** Fast failure detection so fault tests don't wait on default heartbeats. */
const QUICK: Partial<MongoStoreOptions> = {
  startAttempts: 3,
  startBackoffMs: 100,
  heartbeatFrequencyMs: 500,
  serverSelectionTimeoutMs: 2000,
};

/** A store on a fresh database of `server`; cleanup drops the database. */
function storeOn(server: MongoForTests, options: Partial<MongoStoreOptions> = {}) {
  const db = server.newDatabaseUrl();
  const store = createMongoStore({ url: db.url, ...QUICK, ...options });
  return {
    store,
    db,
    cleanup: async () => {
      await store.close();
      await server.dropDatabase(db.dbName);
    },
  };
}

describeStoreContract(`mongo (${mongo.description})`, async () => storeOn(mongo));

const T0 = new Date('2025-03-01T08:00:00.000Z');

function orgMessage(orgId: string, title: string): StoredMessage {
  const content = 'Scheduled maintenance of the LED controllers';
  return {
    messageId: newMessageId(T0.getTime()),
    orgId,
    senderId: 'system',
    senderName: 'System',
    receiverType: 'ORGANIZATION',
    receiverId: orgId,
    messageType: 'ANNOUNCEMENT',
    title,
    content,
    priority: 'NORMAL',
    category: 'maintenance',
    metadata: {},
    status: 'SENT',
    deliverAt: null,
    expireTime: null,
    createTime: T0,
    updateTime: T0,
    audience: audienceOfOrg(orgId),
    seq: newTimeOrderedId(T0.getTime()),
    tokens: indexTokens(`${title} ${content}`),
    recipientCount: 1000,
    readCount: 0,
  };
}

async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe(`mongo adapter specifics (${mongo.description})`, () => {
  it('validates options before connecting and keeps credentials out of its name', () => {
    expect(() => createMongoStore({ url: 'http://localhost:27017' })).toThrow(
      /url: must be a mongodb/,
    );
    expect(() => createMongoStore({ url: 'mongodb://localhost/', dbName: 'bad.name' })).toThrow(
      /dbName/,
    );
    expect(() => createMongoStore({ url: 'mongodb://localhost/', startAttempts: 0 })).toThrow(
      /startAttempts/,
    );
    const store = createMongoStore({
      url: 'mongodb://app:s3cret@db1:27017,db2:27017/mc?replicaSet=rs0',
    });
    expect(store.name).toBe('mongo(db1:27017,db2:27017/mc)');
    expect(createMongoStore({ url: 'mongodb://localhost:27017' }).name).toBe(
      'mongo(localhost:27017/message_center)',
    );
  });

  it('refuses repository calls before start, naming the fix', async () => {
    const store = createMongoStore({ url: mongo.url });
    await expect(store.messages.get('org-a', 'x')).rejects.toThrow(
      /not started: call start\(\) first/,
    );
    expect(await store.isReady()).toBe(false);
  });

  it('gives up starting after its attempts when nothing listens, with a clear error', async () => {
    const store = createMongoStore({
      url: 'mongodb://127.0.0.1:1/mc',
      startAttempts: 2,
      startBackoffMs: 10,
      serverSelectionTimeoutMs: 300,
    });
    await expect(store.start()).rejects.toThrow(
      /Could not connect to MongoDB at 127\.0\.0\.1:1\/mc after 2 attempts/,
    );
    expect(await store.isReady()).toBe(false);
  });

  it('creates every index at start, idempotently, and reports TTL support', async () => {
    const { store, db, cleanup } = storeOn(mongo);
    try {
      await store.start();
      const again = createMongoStore({ url: db.url, ...QUICK });
      await again.start(); // a second instance on the same database: index creation is idempotent
      await again.close();
      const specs = indexSpecs({ expiredMessageTtlSeconds: 1, idempotencyKeyTtlSeconds: 1 });
      const models = store.mongooseModels;
      for (const collection of new Set(specs.map((s) => s.collection))) {
        const existing = await models[collection].collection.listIndexes().toArray();
        const names = existing.map((i) => i.name as string);
        for (const spec of specs.filter((s) => s.collection === collection)) {
          expect(names, `${collection} indexes`).toContain(spec.name);
          const found = existing.find((i) => i.name === spec.name);
          expect(found?.key).toEqual(spec.key);
          if (spec.unique) expect(found?.unique).toBe(true);
        }
      }
      const ttl = await models.messages.collection.listIndexes().toArray();
      const expireIndex = ttl.find((i) => i.name === 'ttl_expireTime');
      if (store.indexReport?.ttlUnsupported.length) {
        expect(store.indexReport.ttlUnsupported).toEqual([
          'messages.ttl_expireTime',
          'idempotency_keys.ttl_createTime',
        ]);
        expect(expireIndex?.expireAfterSeconds).toBeUndefined();
      } else {
        expect(expireIndex?.expireAfterSeconds).toBe(7 * 24 * 3600);
      }
    } finally {
      await cleanup();
    }
  });

  it('migrates templates stored before ids were per org: kept, found, and the id free for other orgs', async () => {
    const { store, db, cleanup } = storeOn(mongo);
    try {
      await store.start();
      const templates = store.mongooseModels.templates.collection;
      // A document as earlier versions wrote it: `_id` = templateId, no templateId field, old index.
      await templates.dropIndex('uniq_org_template');
      await templates.createIndex({ orgId: 1, name: 1, _id: 1 }, { name: 'org_name' });
      await templates.insertOne({ _id: 'welcome', orgId: 'org-a', name: 'Old welcome', category: 'GENERAL', messageType: 'NOTIFICATION', priority: 'NORMAL', title: 'Hi', content: 'Hello', variables: [], enabled: true, version: 3, createTime: T0, updateTime: T0 } as never);
      await store.close();
      const upgraded = createMongoStore({ url: db.url, ...QUICK });
      await upgraded.start();
      try {
        expect((await upgraded.templates.get('org-a', 'welcome'))?.version).toBe(3);
        const names = (await upgraded.mongooseModels.templates.collection.listIndexes().toArray()).map((i) => i.name as string);
        expect(names).toContain('uniq_org_template');
        expect(names).not.toContain('org_name');
        const fresh = { templateId: 'welcome', orgId: 'org-b', name: 'B', category: 'GENERAL', messageType: 'NOTIFICATION' as const, priority: 'NORMAL' as const, title: 't', content: 'c', variables: [], enabled: true, version: 1, createTime: T0, updateTime: T0 };
        expect(await upgraded.templates.create(fresh)).toBe(true);
        expect(await upgraded.templates.create({ ...fresh, orgId: 'org-a' })).toBe(false);
        expect(await upgraded.templates.replace({ ...fresh, orgId: 'org-a', name: 'New welcome', version: 4 }, 3)).toBe(true);
        expect((await upgraded.templates.history('org-a', 'welcome', 5)).map((t) => t.name)).toEqual(['Old welcome']);
      } finally {
        await upgraded.close();
      }
    } finally {
      await cleanup().catch(() => undefined);
    }
  });

  it('serializes its own document updates on FerretDB 1.x only', async () => {
    const { store, cleanup } = storeOn(mongo);
    try {
      await store.start();
      const info = store.serverInfo;
      expect(info.serializesDocumentUpdates).toBe(info.server.startsWith('FerretDB v1.'));
    } finally {
      await cleanup();
    }
  });

  it('stores a broadcast once and writes no per-user rows for readers (fan-out on read)', async () => {
    const { store, cleanup } = storeOn(mongo);
    try {
      await store.start();
      const m = orgMessage('org-a', '系统维护通知');
      expect(await store.messages.insert(m)).toBe(true);
      const now = new Date(T0.getTime() + 60_000);
      for (let i = 0; i < 25; i++) {
        const audiences = audienceKeysOf('org-a', `user-${i}`, []);
        expect((await store.inbox.unreadCount({ userId: `user-${i}`, audiences, now })).total).toBe(
          1,
        );
        expect(
          (
            await store.inbox.search({
              userId: `user-${i}`,
              audiences,
              now,
              q: '维护',
              limit: 10,
              offset: 0,
            })
          ).total,
        ).toBe(1);
      }
      const models = store.mongooseModels;
      expect(await models.messages.countDocuments({})).toBe(1);
      expect(await models.states.countDocuments({})).toBe(0);
    } finally {
      await cleanup();
    }
  });
});

/**
 * Fault tests stop and start their own FerretDB, so the shared server above is never disturbed.
 * An external server (MONGODB_URL) cannot be stopped by the tests: they are skipped, and say so.
 */
const external = !!process.env.MONGODB_URL;
const faultsTitle = external
  ? 'mongo adapter faults: SKIPPED, MONGODB_URL is a server these tests cannot stop and restart'
  : 'mongo adapter faults (own FerretDB process, stopped and restarted)';
describe(faultsTitle, { timeout: 90_000 }, () => {
  let server: MongoForTests;
  beforeAll(async () => {
    server = await startMongoForTests();
  });
  afterAll(() => server?.stop());

  const ferretOnly = it.skipIf(external);

  ferretOnly(
    'goes unready when the server stops and ready again when it returns, without a new start()',
    async () => {
      const { store, cleanup } = storeOn(server);
      try {
        await store.start();
        const m = orgMessage('org-a', 'Before the outage');
        await store.messages.insert(m);
        expect(await store.isReady()).toBe(true);
        await server.ferretdb!.pause();
        await eventually(async () => !(await store.isReady()), 'isReady() is false');
        await expect(store.messages.get('org-a', m.messageId)).rejects.toThrow();
        await server.ferretdb!.resume();
        await eventually(() => store.isReady(), 'isReady() is true again');
        expect((await store.messages.get('org-a', m.messageId))?.title).toBe('Before the outage');
      } finally {
        await cleanup();
      }
    },
  );

  ferretOnly('keeps data across a server restart (same data directory)', async () => {
    const { store, db, cleanup } = storeOn(server);
    try {
      await store.start();
      const m = orgMessage('org-b', 'Survives restarts');
      await store.messages.insert(m);
      await store.inbox.upsertState(
        { userId: 'u1', orgId: 'org-b', messageId: m.messageId, now: T0 },
        { state: 'READ', readTime: T0 },
      );
      await store.stats.increment('org-b', '2025-03-01', 'ANNOUNCEMENT', { total: 1, read: 1 });
      await store.close();
      await server.ferretdb!.pause();
      await server.ferretdb!.resume();
      const reopened = createMongoStore({ url: db.url, ...QUICK });
      await reopened.start();
      try {
        expect((await reopened.messages.get('org-b', m.messageId))?.title).toBe(
          'Survives restarts',
        );
        expect((await reopened.inbox.getState('u1', m.messageId))?.state).toBe('READ');
        expect(await reopened.stats.range('org-b', '2025-03-01', '2025-03-01')).toMatchObject([
          { total: 1, read: 1 },
        ]);
      } finally {
        await reopened.close();
      }
    } finally {
      await cleanup();
    }
  });

  ferretOnly('start() waits out a server that comes up late (retries with backoff)', async () => {
    await server.ferretdb!.pause();
    const { store, cleanup } = storeOn(server, {
      startAttempts: 8,
      startBackoffMs: 200,
      serverSelectionTimeoutMs: 300,
    });
    try {
      const starting = store.start();
      await new Promise((resolve) => setTimeout(resolve, 800));
      await server.ferretdb!.resume();
      await starting;
      expect(await store.isReady()).toBe(true);
    } finally {
      await server.ferretdb!.resume();
      await cleanup();
    }
  });
});
