export * from "./entities.js";
export * from "./error-body.js";
export * from "./errors.js";
export * from "./events/index.js";
export * from "./links.js";
export * from "./plain-text.js";
export * from "./rest/index.js";
export * from "./version.js";
