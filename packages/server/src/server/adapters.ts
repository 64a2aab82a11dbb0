import { join } from 'node:path';
import type { Bus } from '../bus/types.js';
import { createMemoryBus } from '../bus/memory/index.js';
import { createRedisBus } from '../bus/redis/index.js';
import type { Config } from '../config.js';
import type { Store } from '../store/types.js';
import { createSqliteStore } from '../store/sqlite/index.js';
import { createMongoStore } from '../store/mongo/index.js';

/** The store the configuration asks for: embedded SQLite under MC_DATA_DIR, or MongoDB. */
export function storeFromConfig(config: Config): Store {
  if (config.MC_STORE === 'mongo') return createMongoStore({ url: config.MONGODB_URL! });
  return createSqliteStore({ file: join(config.MC_DATA_DIR, 'message-center.db') });
}

/** The bus the configuration asks for: Redis when REDIS_URL is set, else in-process. */
export function busFromConfig(config: Config, instanceId: string): Bus {
  if (config.REDIS_URL) return createRedisBus({ url: config.REDIS_URL, keyPrefix: config.MC_REDIS_PREFIX, instanceId });
  return createMemoryBus();
}
