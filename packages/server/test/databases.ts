import crypto from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "../src/db/database.js";

export type TestStorage = "pglite" | "postgres";

export function testStorage(): TestStorage {
  return process.env.TEST_STORAGE === "postgres" ? "postgres" : "pglite";
}

/**
 * A fresh database per test file: in-memory PGlite, or a uniquely named PostgreSQL database
 * (created from DATABASE_URL, dropped afterwards) so parallel runs never collide.
 */
export async function openTestDatabase(): Promise<{
  database: Database;
  url: string | null;
  drop: () => Promise<void>;
}> {
  if (testStorage() === "pglite") {
    const database = await openDatabase({ kind: "pglite", dataDir: null });
    return { database, url: null, drop: async () => {} };
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_STORAGE=postgres needs DATABASE_URL");
  const name = `teamchat_test_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: "postgres", url: url.toString(), poolSize: 10 });
  return {
    database,
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
