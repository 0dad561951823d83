import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "./database.js";

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/;

export type Migration = { version: number; name: string; sql: string };

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  const migrations: Migration[] = [];
  for (const name of files) {
    const match = FILE_PATTERN.exec(name);
    if (!match) throw new Error(`migration file name must look like 0001_name.sql: ${name}`);
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) throw new Error(`duplicate migration number ${version}`);
    migrations.push({ version, name, sql: await fs.readFile(path.join(dir, name), "utf8") });
  }
  return migrations;
}

/**
 * Applies numbered SQL migrations not yet recorded in schema_migrations, each in its own
 * transaction, under a lock so that several nodes starting at once migrate exactly once.
 */
export async function migrate(database: Database, migrations?: Migration[]): Promise<number[]> {
  const all = migrations ?? (await loadMigrations());
  return database.withMigrationLock(async () => {
    await database.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const applied = new Set(
      rowsOf<{ version: number }>(await database.db.execute(sql`SELECT version FROM schema_migrations`)).map(
        (r) => r.version,
      ),
    );
    const done: number[] = [];
    for (const m of all) {
      if (applied.has(m.version)) continue;
      // One simple-protocol script runs as a single implicit transaction: all or nothing.
      // The name is safe to inline: FILE_PATTERN allows only [a-z0-9_.].
      await database.exec(
        `${m.sql}\n;INSERT INTO schema_migrations (version, name) VALUES (${m.version}, '${m.name}');`,
      );
      done.push(m.version);
    }
    return done;
  });
}
