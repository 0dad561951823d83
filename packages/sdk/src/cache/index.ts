export type { CacheStore, OutboxEntry, PendingVoice } from "./cache-store.js";
export {
  cacheDatabaseName,
  deleteCacheDatabase,
  IndexedDbCacheStore,
  type IndexedDbDependencies,
} from "./indexeddb-store.js";
export { MemoryCacheStore } from "./memory-store.js";
