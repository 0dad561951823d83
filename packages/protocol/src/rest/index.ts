export * from "./auth.js";
export * from "./chats.js";
export * from "./envelope.js";
export * from "./paths.js";
export * from "./push.js";
export * from "./search.js";
export * from "./sync.js";
export * from "./users.js";
