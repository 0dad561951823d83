import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arrayLiteral } from "./array-literal.js";
import { type Database, openDatabase, rowsOf } from "./database.js";

// The send batch passes every body inside one array literal: any text must come back unchanged.
describe("arrayLiteral", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ kind: "pglite", dataDir: null });
  }, 60_000);
  afterAll(() => database.close());

  it("round-trips quotes, backslashes, braces, commas, NULL as text, empty and real nulls", async () => {
    const values = [
      'say "hi"',
      "back\\slash\\",
      "{a,b}",
      "a, b",
      "NULL",
      "",
      "  spaced  ",
      "line\nbreak",
      "émoji 👍",
      null,
    ];
    const [row] = rowsOf<{ v: (string | null)[] }>(
      await database.db.execute(sql`SELECT ${arrayLiteral(values)}::text[] AS v`),
    );
    expect(row?.v).toEqual(values);
  });
});
