import type { Executor } from "../../db/database.js";
import { deleteExpiredPreviews } from "../link-previews/link-previews.repo.js";
import { deleteUnattachedBefore } from "./files.repo.js";
import type { FilesService } from "./files-service.js";

const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * Deletes uploads that were never attached to a message (a composer closed before sending)
 * once they are older than the configured age. The clock is injectable so tests can jump a day.
 */
export class FileSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly db: Executor,
    private readonly files: FilesService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep().catch(() => {}), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  /** One pass; returns how many stored objects were removed. Concurrent calls share one pass. */
  sweep(): Promise<number> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => {});
  }

  private async pass(): Promise<number> {
    // Expired link previews first, so their pictures count as unused below (unless a message shows them).
    await deleteExpiredPreviews(this.db, this.now());
    const cutoff = new Date(this.now().getTime() - this.files.settings.unattachedTtlMs);
    const keys = await deleteUnattachedBefore(this.db, cutoff);
    await this.files.removeStored(keys);
    return keys.length;
  }
}
