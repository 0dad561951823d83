import { sql } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase, rowsOf } from "./database.js";
import { migrate } from "./migrate.js";
import * as schema from "./schema.js";

let database: Database;
beforeAll(async () => {
  database = await openDatabase({ kind: "pglite", dataDir: null });
});
afterAll(() => database.close());

describe("migrations", () => {
  it("apply in order once, and a second run applies nothing", async () => {
    const first = await migrate(database);
    expect(first.length).toBeGreaterThan(0);
    expect(first).toEqual([...first].sort((a, b) => a - b));
    expect(await migrate(database)).toEqual([]);
  });

  it("a failing migration leaves nothing half-applied", async () => {
    const broken = [
      { version: 9999, name: "9999_broken.sql", sql: "CREATE TABLE half (id int); SELECT nope FROM nowhere;" },
    ];
    await expect(migrate(database, broken)).rejects.toThrow();
    const tables = rowsOf<{ n: number }>(
      await database.db.execute(sql`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'half'`),
    );
    expect(tables[0]?.n).toBe(0);
    const recorded = rowsOf<{ n: number }>(
      await database.db.execute(sql`SELECT count(*)::int AS n FROM schema_migrations WHERE version = 9999`),
    );
    expect(recorded[0]?.n).toBe(0);
  });

  it("the typed schema (schema.ts) matches the migrated database column for column", async () => {
    for (const table of [
      schema.users,
      schema.refreshTokens,
      schema.chats,
      schema.chatMembers,
      schema.messages,
      schema.pushSubscriptions,
      schema.userBlocks,
      schema.messageEdits,
      schema.messageReactions,
      schema.chatFormerMembers,
      schema.files,
      schema.messageAttachments,
    ]) {
      const config = getTableConfig(table);
      const columns = rowsOf<{ column_name: string; is_nullable: string }>(
        await database.db.execute(
          sql`SELECT column_name, is_nullable FROM information_schema.columns WHERE table_name = ${config.name}`,
        ),
      );
      const inDb = new Map(columns.map((c) => [c.column_name, c.is_nullable === "YES"]));
      for (const column of config.columns) {
        expect(inDb.has(column.name), `${config.name}.${column.name} missing in SQL`).toBe(true);
        expect(inDb.get(column.name), `${config.name}.${column.name} nullability`).toBe(!column.notNull);
      }
      const typed = new Set(config.columns.map((c) => c.name));
      // Generated search vectors are read only by SQL, never through schema.ts.
      const generated = new Set(["search_vector", "search_stemmed"]);
      const untyped = [...inDb.keys()].filter((name) => !typed.has(name) && !generated.has(name));
      expect(untyped, `${config.name} columns missing in schema.ts`).toEqual([]);
    }
  });

  it("every GIN index keeps its pending list small: merging a full one stalls the send batch that finds it (0029)", async () => {
    const gin = rowsOf<{ index: string; options: string[] | null }>(
      await database.db.execute(sql`SELECT i.relname AS index, i.reloptions AS options
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am a ON a.oid = i.relam
        WHERE a.amname = 'gin' ORDER BY i.relname`),
    );
    expect(gin.map((g) => g.index)).toEqual([
      "messages_body_trgm_idx",
      "messages_search_idx",
      "messages_search_stemmed_idx",
    ]);
    for (const g of gin) expect(g.options, g.index).toContain("gin_pending_list_limit=128");
  });
});
