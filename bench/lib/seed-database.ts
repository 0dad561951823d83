import path from "node:path";
import { type Database, openDatabase } from "../../packages/server/src/db/database.js";
import { migrate } from "../../packages/server/src/db/migrate.js";

/**
 * Opens the same storage the server child uses, from the bench process, to bulk-seed it with
 * SQL. PGlite is one in-process connection, so this only runs while the server is stopped.
 */
export async function withStorage<T>(
  storage: { dataDir: string; databaseUrl?: string | undefined },
  fn: (database: Database) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(
    storage.databaseUrl
      ? { kind: "postgres", url: storage.databaseUrl, poolSize: 2 }
      : { kind: "pglite", dataDir: path.join(storage.dataDir, "db") }, // where the server keeps it
  );
  try {
    await migrate(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** Ids are inlined into seed SQL (no parameters in multi-statement scripts): accept only uuids. */
export function uuidLiteral(id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new Error(`not a uuid: ${id}`);
  return `'${id}'::uuid`;
}
