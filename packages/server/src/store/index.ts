export type * from '../ports/store.js';
export { createSqliteStore, type SqliteStoreOptions } from './sqlite/index.js';
