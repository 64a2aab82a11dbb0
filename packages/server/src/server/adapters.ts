import { join } from 'node:path';
import type { Bus } from '../ports/bus.js';
import type { Config } from '../config.js';
import type { Store } from '../ports/store.js';

/**
 * The store the configuration asks for: embedded SQLite under MC_DATA_DIR, or MongoDB.
 * Adapters load on demand so an embedded install never loads the MongoDB or Redis drivers.
 */
export async function storeFromConfig(config: Config): Promise<Store> {
  if (config.MC_STORE === 'mongo') {
    const { createMongoStore } = await import('../store/mongo/index.js');
    return createMongoStore({ url: config.MONGODB_URL! });
  }
  const { createSqliteStore } = await import('../store/sqlite/index.js');
  return createSqliteStore({ file: join(config.MC_DATA_DIR, 'message-center.db') });
}

/** The bus the configuration asks for: Redis when REDIS_URL is set, else in-process. */
export async function busFromConfig(config: Config, instanceId: string): Promise<Bus> {
  if (config.REDIS_URL) {
    const { createRedisBus } = await import('../bus/redis/index.js');
    return createRedisBus({ url: config.REDIS_URL, keyPrefix: config.MC_REDIS_PREFIX, instanceId });
  }
  const { createMemoryBus } = await import('../bus/memory/index.js');
  return createMemoryBus();
}
