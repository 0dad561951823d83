import type { FastifyBaseLogger } from "fastify";
import type { Database } from "./database.js";

const REFRESH_EVERY_MS = 60 * 60 * 1000;

/**
 * PGlite has no autovacuum, so nothing refreshes the planner's statistics: without them a search
 * for a frequent word over a large history picked a nested loop that took seconds instead of
 * milliseconds (docs/benchmarks.md). ANALYZE once after start (in the background, so start-up is
 * not delayed) and then hourly. PostgreSQL's autovacuum does this by itself.
 */
export class PgliteStatistics {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    if (this.database.kind !== "pglite") return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_EVERY_MS);
    this.timer.unref();
  }

  /** One ANALYZE; concurrent calls share it. */
  refresh(): Promise<void> {
    this.running ??= this.database
      .exec("ANALYZE")
      .catch((err: unknown) => this.log.warn({ err: (err as Error).message }, "ANALYZE failed"))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
