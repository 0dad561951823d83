import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUniqueViolation } from "../errors.js";
import { type Database, openDatabase, rowsOf } from "./database.js";

// The same behaviours through both ways of running PGlite: the worker must be indistinguishable
// from the in-process engine for everything drizzle and our repos rely on.
describe.each(["worker", "main"] as const)("PGlite on the %s thread", (thread) => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ kind: "pglite", dataDir: null, thread });
    await database.exec(
      "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, at timestamptz NOT NULL DEFAULT now(), doc jsonb)",
    );
  }, 60_000);
  afterAll(() => database.close());

  const count = async () =>
    rowsOf<{ n: number }>(await database.db.execute(sql`SELECT count(*)::int AS n FROM items`))[0]?.n;

  it("returns rows with parameters, json and timestamps as text", async () => {
    await database.db.execute(sql`INSERT INTO items (id, name, doc) VALUES (${1}, ${"émoji 👩‍💻"}, ${{ a: [1, 2] }})`);
    const rows = rowsOf<{ id: number; name: string; at: unknown; doc: unknown }>(
      await database.db.execute(sql`SELECT id, name, at, doc FROM items WHERE id = ${1}`),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.name).toBe("émoji 👩‍💻");
    expect(rows[0]?.doc).toEqual({ a: [1, 2] });
    expect(typeof rows[0]?.at).toBe("string");
  });

  it("keeps the error code and constraint of a failed statement", async () => {
    const err = await database.db.execute(sql`INSERT INTO items (id, name) VALUES (${1}, ${"again"})`).catch((e) => e);
    expect(isUniqueViolation(err, "items_pkey")).toBe(true);
  });

  it("commits a transaction and rolls one back entirely when its function throws", async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO items (id, name) VALUES (${2}, ${"kept"})`);
    });
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO items (id, name) VALUES (${3}, ${"dropped"})`);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO items (id, name) VALUES (${4}, ${"dropped too"})`);
        await tx.execute(sql`INSERT INTO items (id, name) VALUES (${1}, ${"duplicate"})`);
      }),
    ).rejects.toThrow();
    expect(await count()).toBe(2);
  });

  it("isolates a transaction: queries outside it wait until it ends", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inside = database.db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO items (id, name) VALUES (${5}, ${"in tx"})`);
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const outside = count();
    release();
    await inside;
    expect(await outside).toBe(3);
  });

  it("rolls a savepoint back without losing the outer transaction", async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO items (id, name) VALUES (${6}, ${"outer"})`);
      await tx
        .transaction(async (inner) => {
          await inner.execute(sql`INSERT INTO items (id, name) VALUES (${7}, ${"inner"})`);
          throw new Error("inner fails");
        })
        .catch(() => {});
    });
    const ids = rowsOf<{ id: number }>(await database.db.execute(sql`SELECT id FROM items ORDER BY id`)).map(
      (r) => r.id,
    );
    expect(ids).toEqual([1, 2, 5, 6]);
  });

  it("runs a multi-statement script", async () => {
    await database.exec("CREATE TABLE t2 (x int); INSERT INTO t2 VALUES (1), (2);");
    const rows = rowsOf<{ n: number }>(await database.db.execute(sql`SELECT sum(x)::int AS n FROM t2`));
    expect(rows[0]?.n).toBe(3);
  });
});
