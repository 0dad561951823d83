export { AdminClient, type AdminClientOptions } from "./admin-client.js";
export { ApiClient, type ApiClientOptions, memoryCookieJar, type UploadOptions, type VoiceMeta } from "./api-client.js";
/** My message on its way to the server (kept for callers of the earlier name). */
export type { OutboxEntry as PendingSend, PendingVoice } from "./cache/index.js";
export {
  type CacheStore,
  cacheDatabaseName,
  deleteCacheDatabase,
  deleteIndexedDbCache,
  IndexedDbCacheStore,
  LazyCacheStore,
  lazyIndexedDbCache,
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
export type { HostTokenSource, SessionEndReason } from "./client/session.js";
export { Timeline, type TimelineOpening, type TimelineWindow } from "./client/timeline.js";
export { ChatError } from "./errors.js";
export { Profile } from "./profile/profile.js";
export { type ChatSocket, type ConnectOptions, createSocket, request } from "./socket.js";
export { chatsWithUser } from "./sync/chat-summaries.js";
