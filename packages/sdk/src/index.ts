export { ApiClient, type ApiClientOptions, memoryCookieJar } from "./api-client.js";
export {
  ChatClient,
  type ChatClientEvents,
  type ChatClientOptions,
  type ConnectionState,
} from "./client/chat-client.js";
export type { PendingSend, SendStatus } from "./client/pending-sends.js";
export { ChatError } from "./errors.js";
export { type ChatSocket, type ConnectOptions, createSocket, request } from "./socket.js";
