import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase, rowsOf } from "./database.js";
import { PgliteStatistics } from "./pglite-statistics.js";

const silent = { warn: () => {} } as never;

// What the send batch does: are these ids stored yet? Prepared while the table is tiny, its
// generic plan hashes a scan of the whole table; it must become an index probe as the table grows.
const PROBE = {
  text: "SELECT count(*)::int AS n FROM unnest($1::int[]) AS w(id) WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = w.id)",
  params: ["{1,2,3,4,5,6,7}"],
};

describe("PgliteStatistics: plans made for small tables are made again once they grow", () => {
  let database: Database;
  let statistics: PgliteStatistics;
  beforeAll(async () => {
    database = await openDatabase({ kind: "pglite", dataDir: null, thread: "worker" });
    await database.exec("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)");
    await database.exec("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 20) g; ANALYZE items");
    statistics = new PgliteStatistics(database, silent);
  }, 60_000);
  afterAll(() => database.close());

  /** The probe's cached plan: run past the five custom plans, then explained as the statement is. */
  async function probePlan(): Promise<string> {
    for (let i = 0; i < 8; i++) await database.prepared("probe", PROBE);
    const rows = rowsOf<{ "QUERY PLAN": string }>(
      await database.prepared("probe_plan", { text: `EXPLAIN EXECUTE probe('${PROBE.params[0]}')`, params: [] }),
    );
    return rows.map((row) => row["QUERY PLAN"]).join("\n");
  }

  it("drops the cached plans when a table more than doubled, and only then", async () => {
    // The first check records every table's size (tiny tables are left alone).
    expect(await statistics.replanIfGrown()).toEqual([]);
    expect(await probePlan()).toMatch(/Seq Scan on items/);

    await database.exec("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(21, 50000) g");
    expect(await probePlan()).toMatch(/Seq Scan on items/); // kept: nothing told the plan cache

    expect(await statistics.replanIfGrown()).toEqual(["items"]);
    const plan = await probePlan();
    expect(plan).toMatch(/Index Only Scan using items_pkey on items|Index Scan using items_pkey on items/);
    expect(plan).not.toMatch(/Seq Scan on items/);

    // Not again until the table doubles once more.
    await database.exec("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(50001, 60000) g");
    expect(await statistics.replanIfGrown()).toEqual([]);
  });

  it("analyzes the tables past a few pages and leaves smaller ones unanalyzed, so they are not planned as empty", async () => {
    await database.exec(`CREATE TABLE tiny (id int PRIMARY KEY); INSERT INTO tiny SELECT generate_series(1, 5);
      CREATE TABLE big (id int PRIMARY KEY); INSERT INTO big SELECT generate_series(1, 5000);`);
    await statistics.refresh();
    const rows = rowsOf<{ relname: string; reltuples: number }>(
      await database.prepared("analyzed", {
        text: "SELECT relname, reltuples::int AS reltuples FROM pg_class WHERE relname IN ('tiny', 'big') ORDER BY relname",
        params: [],
      }),
    );
    expect(rows).toEqual([
      { relname: "big", reltuples: 5000 },
      { relname: "tiny", reltuples: -1 },
    ]);
  });
});
