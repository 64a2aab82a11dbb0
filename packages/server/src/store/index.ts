export type * from './types.js';
export { createSqliteStore, type SqliteStoreOptions } from './sqlite/index.js';
