import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUniqueViolation } from "../errors.js";
import { type Database, openDatabase, PGLITE_SHARED_BUFFERS_MB, rowsOf } from "./database.js";

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

  it("keeps times, intervals, dates and arrays of them as the text drizzle's mappers expect, on every path", async () => {
    const text = sql`SELECT '2026-12-07 12:00:00.5+00'::timestamptz AS at, '2026-12-07 12:00'::timestamp AS local,
      '90 seconds'::interval AS span, '2026-12-07'::date AS day,
      ARRAY['2026-12-07 12:00+00'::timestamptz, '2026-12-08 12:00+00'::timestamptz] AS ats, ARRAY['1 day'::interval] AS spans,
      ARRAY[1.5]::numeric[] AS amounts, ARRAY[1, 2]::int[] AS ints, '{"a":1}'::jsonb AS doc`;
    const expected = {
      at: "2026-12-07 12:00:00.5+00",
      local: "2026-12-07 12:00:00",
      span: "00:01:30",
      day: "2026-12-07",
      ats: '{"2026-12-07 12:00:00+00","2026-12-08 12:00:00+00"}',
      spans: '{"1 day"}',
      amounts: "{1.5}",
      ints: [1, 2],
      doc: { a: 1 },
    };
    expect(rowsOf(await database.db.execute(text))).toEqual([expected]);
    expect((await database.prepared("time_types", text)).rows).toEqual([expected]);
    await database.db.transaction(async (tx) => expect(rowsOf(await tx.execute(text))).toEqual([expected]));
  });

  it("runs with the server's settings: its buffer pool, and new WAL files not zero-filled", async () => {
    const setting = async (name: string) =>
      rowsOf<{ setting: string }>(
        await database.db.execute(sql`SELECT setting FROM pg_settings WHERE name = ${name}`),
      )[0]?.setting;
    expect(await setting("wal_init_zero")).toBe("off");
    // shared_buffers counts 8 kB pages.
    expect(Number(await setting("shared_buffers")) * 8).toBe(PGLITE_SHARED_BUFFERS_MB * 1024);
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

  it("runs a named prepared statement again and again, keeps its errors, and waits for an open transaction", async () => {
    const byId = (id: number) =>
      database.prepared("item_by_id", { text: "SELECT id, name, at FROM items WHERE id = $1::int", params: [id] });
    expect((await byId(1)).rows).toEqual([{ id: 1, name: "émoji 👩‍💻", at: expect.any(String) }]);
    for (let i = 0; i < 7; i++) expect((await byId(2)).rows).toEqual([expect.objectContaining({ name: "kept" })]);
    // From a query too (the text built from it must not vary).
    const named = await database.prepared("item_names", sql`SELECT name FROM items WHERE id = ${6}`);
    expect(named.rows).toEqual([{ name: "outer" }]);
    // A failing call leaves the statement usable, and a bad one leaves the session usable.
    await expect(byId(Number.NaN)).rejects.toThrow();
    expect((await byId(5)).rows).toHaveLength(1);
    await expect(database.prepared("broken", { text: "SELECT nope FROM items", params: [] })).rejects.toThrow(/nope/);
    await expect(database.prepared("broken", { text: "SELECT nope FROM items", params: [] })).rejects.toThrow(/nope/);
    expect(await count()).toBe(4);

    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inside = database.db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO items (id, name) VALUES (${8}, ${"not yet"})`);
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const outside = byId(8);
    release();
    await inside;
    expect((await outside).rows).toEqual([expect.objectContaining({ name: "not yet" })]);
  });

  it("runs a multi-statement script", async () => {
    await database.exec("CREATE TABLE t2 (x int); INSERT INTO t2 VALUES (1), (2);");
    const rows = rowsOf<{ n: number }>(await database.db.execute(sql`SELECT sum(x)::int AS n FROM t2`));
    expect(rows[0]?.n).toBe(3);
  });

  it("reports the engine's memory for /metrics: its WASM memory, and on the worker that thread's heap", async () => {
    const memory = await database.engineMemory();
    // PGlite starts with 128 MiB of WASM memory; it only grows.
    expect(memory?.wasmMemoryBytes).toBeGreaterThanOrEqual(128 * 1024 * 1024);
    if (thread === "worker") expect(memory?.heapTotalBytes).toBeGreaterThanOrEqual(memory?.heapUsedBytes ?? 0);
    if (thread === "worker") expect(memory?.heapUsedBytes).toBeGreaterThan(0);
    else expect(memory?.heapTotalBytes).toBe(0);
  });
});

it("creates a new data directory in a child process, then opens it on the worker with a small nursery", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "teamchat-pglite-init-"));
  try {
    const first = await openDatabase({ kind: "pglite", dataDir: path.join(dir, "db"), workerYoungGenerationMb: 8 });
    await first.exec("CREATE TABLE kept (x int); INSERT INTO kept VALUES (42);");
    await first.close();
    const again = await openDatabase({ kind: "pglite", dataDir: path.join(dir, "db") });
    const rows = rowsOf<{ x: number }>(await again.db.execute(sql`SELECT x FROM kept`));
    await again.close();
    expect(rows).toEqual([{ x: 42 }]);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}, 120_000);
