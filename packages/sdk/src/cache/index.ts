export { cacheDatabaseName } from "./cache-name.js";
export type { CacheStore, OutboxEntry, PendingVoice } from "./cache-store.js";
export {
  deleteCacheDatabase,
  IndexedDbCacheStore,
  type IndexedDbDependencies,
} from "./indexeddb-store.js";
export { deleteIndexedDbCache, LazyCacheStore, lazyIndexedDbCache } from "./lazy-indexeddb-store.js";
export { MemoryCacheStore } from "./memory-store.js";
