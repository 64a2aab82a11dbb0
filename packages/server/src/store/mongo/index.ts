export { createMongoStore, MongoStore } from './store.js';
export type { MongoStoreOptions, MongoStoreLogger } from './options.js';
export { indexSpecs, type IndexSpec, type IndexReport } from './indexes.js';
