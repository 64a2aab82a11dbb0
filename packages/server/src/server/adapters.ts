import { join } from 'node:path';
import type { Bus } from '../ports/bus.js';
import type { Config } from '../config.js';
import type { Store } from '../ports/store.js';

/**
 * Loads an adapter module on demand. The MongoDB and Redis adapters need optional peer
 * dependencies (`mongoose`, `ioredis`); when one is missing the error says what to install
 * instead of a bare "Cannot find package".
 */
async function loadAdapter<T>(load: () => Promise<T>, driver: string, setting: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: string } | null)?.code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String(error).includes(`'${driver}'`)) {
      throw new Error(`${setting} needs the optional dependency "${driver}": run \`npm install ${driver}\` next to @message-center/server.`, { cause: error });
    }
    throw error;
  }
}

/**
 * The store the configuration asks for: embedded SQLite under MC_DATA_DIR, or MongoDB.
 * Adapters load on demand so an embedded install never loads the MongoDB or Redis drivers.
 */
export async function storeFromConfig(config: Config): Promise<Store> {
  if (config.MC_STORE === 'mongo') {
    const { createMongoStore } = await loadAdapter(() => import('../store/mongo/index.js'), 'mongoose', 'MC_STORE=mongo');
    return createMongoStore({ url: config.MONGODB_URL! });
  }
  const { createSqliteStore } = await import('../store/sqlite/index.js');
  return createSqliteStore({
    file: join(config.MC_DATA_DIR, 'message-center.db'),
    cacheSizeMiB: config.MC_SQLITE_CACHE_MIB,
    mmapSizeMiB: config.MC_SQLITE_MMAP_MIB,
    readWorkers: config.MC_SQLITE_READ_WORKERS,
  });
}

/** The bus the configuration asks for: Redis when REDIS_URL is set, else in-process. */
export async function busFromConfig(config: Config, instanceId: string): Promise<Bus> {
  if (config.REDIS_URL) {
    const { createRedisBus } = await loadAdapter(() => import('../bus/redis/index.js'), 'ioredis', 'REDIS_URL');
    return createRedisBus({ url: config.REDIS_URL, keyPrefix: config.MC_REDIS_PREFIX, instanceId });
  }
  const { createMemoryBus } = await import('../bus/memory/index.js');
  return createMemoryBus();
}
