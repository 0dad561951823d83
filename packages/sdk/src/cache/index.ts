export type { CacheStore, OutboxEntry } from "./cache-store.js";
export {
  cacheDatabaseName,
  deleteCacheDatabase,
  IndexedDbCacheStore,
  type IndexedDbDependencies,
} from "./indexeddb-store.js";
export { MemoryCacheStore } from "./memory-store.js";
