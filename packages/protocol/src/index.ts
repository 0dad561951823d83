export * from "./entities.js";
export * from "./errors.js";
export * from "./events/index.js";
export * from "./rest/index.js";

/** Bumped on any breaking change of events or payloads; sent in the socket handshake. */
export const PROTOCOL_VERSION = 1;
