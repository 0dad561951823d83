import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import type { ChatIo } from "../../realtime/io.js";
import { DeliveredBatcher } from "./delivered-batcher.js";
import { ReadBatcher } from "./read-batcher.js";

/**
 * The pointer batches run as named prepared statements (Database.relaxedPrepared), planned once:
 * that only holds if a statement's text is the same whatever the batch's size.
 */
const dialect = new PgDialect();
const io = { to: () => ({ emit: () => true }) } as unknown as ChatIo;
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

async function statementTexts(
  make: (run: (q: SQL) => Promise<unknown>) => { mark: (c: string, u: string, s: number) => Promise<unknown> },
) {
  const texts: string[] = [];
  const params: unknown[][] = [];
  const batcher = make(async (query) => {
    const { sql, params: p } = dialect.sqlToQuery(query);
    texts.push(sql);
    params.push(p);
    return { rows: [] };
  });
  // No rows: every mark is answered NOT_A_MEMBER, which is not what this test is about.
  const marked = (c: string, u: string, s: number) => batcher.mark(c, u, s).catch(() => null);
  await marked(id(1), id(2), 5);
  await Promise.all([marked(id(3), id(4), 7), marked(id(5), id(6), 9), marked(id(7), id(8), 11)]);
  return { texts, params };
}

describe("pointer batch statements", () => {
  it("delivered: one text for a batch of 1 and of 3, the marks as three array parameters", async () => {
    const { texts, params } = await statementTexts((run) => new DeliveredBatcher(run, io));
    expect(texts).toHaveLength(2);
    expect(texts[1]).toBe(texts[0]);
    expect(params[1]).toEqual([
      `{"${id(3)}","${id(5)}","${id(7)}"}`,
      `{"${id(4)}","${id(6)}","${id(8)}"}`,
      `{"7","9","11"}`,
    ]);
  });

  it("read: one text for a batch of 1 and of 3", async () => {
    const { texts, params } = await statementTexts((run) => new ReadBatcher(run, io, 1));
    expect(texts).toHaveLength(2);
    expect(texts[1]).toBe(texts[0]);
    expect(params[0]).toHaveLength(3);
  });
});
