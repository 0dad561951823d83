export { ApiClient, type ApiClientOptions, memoryCookieJar } from "./api-client.js";
export { ChatError } from "./errors.js";
export { type ChatSocket, type ConnectOptions, createSocket, request } from "./socket.js";
