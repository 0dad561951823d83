/**
 * `@teamchat/sdk/node`: what only Node can run. A separate entry point so that a browser bundle
 * of `@teamchat/sdk` never reaches a native module (better-sqlite3, an optional peer).
 */
export { deleteSqliteCache, SqliteCacheStore, sqliteCacheFile } from "./cache/sqlite-store.js";
