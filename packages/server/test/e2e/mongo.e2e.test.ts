import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startMongoForTests, type MongoForTests } from '../support/ferretdb.js';
import type { BackendUnderTest } from '../support/server.js';
import { describeBadInput } from './bad-input.js';
import { describeEndToEnd } from './suite.js';
import { describeRestart } from './restart.js';
import { describeTemplates } from './templates.js';

let mongo: MongoForTests;
beforeAll(async () => {
  mongo = await startMongoForTests();
  console.log(`[end-to-end] store adapter: mongo (mongoose) against ${mongo.description}; bus: in-process`);
}, 120_000);
afterAll(async () => mongo?.stop());

/** A fresh database on the shared MongoDB-compatible server, per describe block. */
async function mongoBackend(): Promise<BackendUnderTest> {
  const { url, dbName } = mongo.newDatabaseUrl();
  const dir = mkdtempSync(join(tmpdir(), 'mc-e2e-mongo-'));
  return {
    name: `mongo (${dbName})`,
    env: { MC_STORE: 'mongo', MONGODB_URL: url, MC_DATA_DIR: dir },
    cleanup: async () => {
      await mongo.dropDatabase(dbName);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeEndToEnd('mongo', mongoBackend);
describeBadInput('mongo', mongoBackend);
describeTemplates('mongo', mongoBackend);
describeRestart('mongo', mongoBackend);
