export { AdminClient, type AdminClientOptions } from "./admin-client.js";
export { ApiClient, type ApiClientOptions, memoryCookieJar, type UploadOptions } from "./api-client.js";
/** My message on its way to the server (kept for callers of the earlier name). */
export type { OutboxEntry as PendingSend } from "./cache/index.js";
export {
  type CacheStore,
  cacheDatabaseName,
  deleteCacheDatabase,
  IndexedDbCacheStore,
  MemoryCacheStore,
  type OutboxEntry,
} from "./cache/index.js";
export {
  ChatClient,
  type ChatClientEvents,
  type ChatClientOptions,
  type ConnectionState,
} from "./client/chat-client.js";
export { type LastSessionStore, localStorageLastSession, memoryLastSession } from "./client/last-session.js";
export { ChatError } from "./errors.js";
export { type ChatSocket, type ConnectOptions, createSocket, request } from "./socket.js";
