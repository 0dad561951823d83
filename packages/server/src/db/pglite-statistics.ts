import type { FastifyBaseLogger } from "fastify";
import { type Database, rowsOf } from "./database.js";

const REFRESH_EVERY_MS = 60 * 60 * 1000;
const GROWTH_CHECK_EVERY_MS = 5_000;

/** Each table's size in pages now. */
const TABLE_PAGES_SQL = `
SELECT c.relname AS name, (pg_relation_size(c.oid) / current_setting('block_size')::int)::int AS pages
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind = 'r'`;

/** A table is re-planned for once it is more than twice as large as when last planned for, and past this. */
const MIN_PAGES = 8;

/**
 * PGlite has no autovacuum, so nothing refreshes the planner's statistics by itself: without them
 * a search for a frequent word over a large history picked a nested loop that took seconds
 * instead of milliseconds (docs/benchmarks.md). So ANALYZE once after start (in the background,
 * so start-up is not delayed) and then hourly, the tables past a few pages (see `refresh`).
 *
 * And a prepared statement's generic plan is made once and kept until a table it reads changes
 * its statistics: the send batch, prepared on a new, nearly empty database, kept hash-joining a
 * scan of every message into each batch as the table grew (2 → 7 ms a batch over 30,000
 * messages; docs/benchmarks.md, session 18). The planner sizes a table by its pages now, so
 * re-planning is enough: every few seconds, once a table has more than doubled since the plans
 * were last made, DISCARD PLANS (cheap; each statement is planned again at its next use). A
 * table growing to a million rows does that about a dozen times in all. An ANALYZE each time would be
 * right too, but one of 33,000 messages held the engine for 160 ms.
 */
export class PgliteStatistics {
  private timers: NodeJS.Timeout[] = [];
  /** Each table's pages when the cached plans were last dropped (none yet: as if empty). */
  private readonly plannedPages = new Map<string, number>();
  private running: Promise<void> | null = null;
  private checking: Promise<string[]> | null = null;

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    if (this.database.kind !== "pglite") return;
    void this.refresh();
    this.timers = [
      setInterval(() => void this.refresh(), REFRESH_EVERY_MS),
      setInterval(() => {
        // One check at a time, and stop() waits for it: none is left running into a closed engine.
        this.checking ??= this.replanIfGrown().finally(() => {
          this.checking = null;
        });
      }, GROWTH_CHECK_EVERY_MS),
    ];
    for (const timer of this.timers) timer.unref();
  }

  /** Drops the cached plans if a table more than doubled since they were made; the names of those tables. */
  async replanIfGrown(): Promise<string[]> {
    let sizes: { name: string; pages: number }[];
    try {
      sizes = await this.tableSizes();
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, "table size check failed");
      return [];
    }
    const grown = sizes.filter(
      ({ name, pages }) => pages > 2 * Math.max(this.plannedPages.get(name) ?? 0, MIN_PAGES / 2),
    );
    if (grown.length === 0) return [];
    for (const { name, pages } of sizes) this.plannedPages.set(name, pages);
    await this.database
      .exec("DISCARD PLANS")
      .catch((err: unknown) => this.log.warn({ err: (err as Error).message }, "DISCARD PLANS failed"));
    return grown.map((table) => table.name);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all([this.running, this.checking]);
  }

  /**
   * One ANALYZE of every table past a few pages; concurrent calls share it. A smaller table is
   * left unanalyzed on purpose: the planner assumes at least 10 pages for a table never analyzed,
   * but trusts one analyzed while nearly empty, so a new database's start-up ANALYZE had every
   * statement planned for empty tables (docs/benchmarks.md, session 18).
   */
  refresh(): Promise<void> {
    this.running ??= this.tableSizes()
      .then(async (sizes) => {
        const worth = sizes.filter((table) => table.pages >= MIN_PAGES).map((table) => quoteIdentifier(table.name));
        if (worth.length > 0) await this.database.exec(`ANALYZE ${worth.join(", ")}`);
      })
      .catch((err: unknown) => this.log.warn({ err: (err as Error).message }, "ANALYZE failed"))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async tableSizes(): Promise<{ name: string; pages: number }[]> {
    return rowsOf(await this.database.prepared("table_pages", { text: TABLE_PAGES_SQL, params: [] }));
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
