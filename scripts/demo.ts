/**
 * `npm run demo`: fills the instance the server would use (same DATA_DIR / DATABASE_URL) with
 * demo users and chats, so the app can be tried at once. Safe to run again: it then says the
 * demo data is already there and changes nothing.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { ConfigError, loadConfig } from "../packages/server/src/config.js";
import { type Database, type DatabaseOptions, openDatabase } from "../packages/server/src/db/database.js";
import { migrate } from "../packages/server/src/db/migrate.js";
import { DemoConflictError, type SeedDemoResult, seedDemo } from "./demo/seed.js";

const STOP_THE_SERVER = "Stop the server first (Ctrl+C in its terminal), then run `npm run demo` again.";

async function main(): Promise<number> {
  const started = performance.now();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    return 2;
  }
  const target: DatabaseOptions = config.databaseUrl
    ? { kind: "postgres", url: config.databaseUrl, poolSize: 2 }
    : { kind: "pglite", dataDir: path.join(config.dataDir, "db") };
  const where = describeTarget(target);

  if (target.kind === "pglite" && target.dataDir && (await embeddedDatabaseInUse(target.dataDir))) {
    console.error(
      `The embedded database ${where} is in use by a running server.\n${STOP_THE_SERVER}\n` +
        `(If no server is running, the last one did not shut down cleanly: start and stop it once, ` +
        `or delete ${path.join(target.dataDir, "postmaster.pid")}.)`,
    );
    return 1;
  }

  let database: Database;
  try {
    database = await openDatabase(target);
  } catch (err) {
    console.error(`Could not open the database ${where}: ${messageOf(err)}`);
    if (target.kind === "pglite") console.error(`If the server is running, it holds the database. ${STOP_THE_SERVER}`);
    return 1;
  }

  try {
    await migrate(database);
    const result = await seedDemo(database);
    printSummary(result, where, performance.now() - started);
    return 0;
  } catch (err) {
    if (!(err instanceof DemoConflictError)) throw err;
    console.error(err.message);
    return 1;
  } finally {
    await database.close();
  }
}

/**
 * PGlite (0.5) does not refuse a second process on the same directory, and two writers would
 * corrupt it. Its postmaster.pid exists exactly while some process has the directory open
 * (removed on close), so its presence is the lock we honour.
 */
async function embeddedDatabaseInUse(dataDir: string): Promise<boolean> {
  try {
    await fs.access(path.join(dataDir, "postmaster.pid"));
    return true;
  } catch {
    return false;
  }
}

function describeTarget(target: DatabaseOptions): string {
  if (target.kind === "pglite") return `(PGlite in ${target.dataDir ?? "memory"})`;
  // Never print the password part of DATABASE_URL.
  const url = new URL(target.url);
  return `(PostgreSQL at ${url.host}${url.pathname})`;
}

function printSummary(result: SeedDemoResult, where: string, elapsedMs: number): void {
  if (result.status === "already-present") {
    console.log(`Demo data is already present ${where}; nothing to do.`);
    return;
  }
  const width = Math.max(...result.chats.map((c) => c.label.length));
  console.log(`Demo data created ${where} in ${seconds(elapsedMs)}.\n`);
  console.log(`Users: ${result.usernames.join(", ")}`);
  console.log(`Password (all of them): ${result.password}\n`);
  console.log("Chats:");
  for (const chat of result.chats) {
    console.log(`  ${chat.label.padEnd(width)}  ${String(chat.messages).padStart(6)} messages`);
  }
  const total = result.chats.reduce((sum, c) => sum + c.messages, 0);
  console.log(`\n${total} messages; the big chat's bulk insert took ${seconds(result.bigChatInsertMs)}.`);
  console.log("Start the server (npm start) and sign in as alice or bob.");
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
