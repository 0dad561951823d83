import fs from "node:fs/promises";
import path from "node:path";
import type { FastifyBaseLogger } from "fastify";
import type { Config } from "../../config.js";
import { createFileStorage } from "./storage/create-storage.js";
import type { FileStorage } from "./storage/file-storage.js";

/** What the files module keeps for the server's lifetime: the storage driver and upload settings. */
export class FilesService {
  private constructor(
    readonly storage: FileStorage,
    /** Uploads stream here first (validated, images re-encoded), then move to storage. */
    readonly tmpDir: string,
    readonly settings: Config["files"],
    private readonly log: FastifyBaseLogger,
  ) {}

  static async start(config: Config, log: FastifyBaseLogger, storage?: FileStorage): Promise<FilesService> {
    const tmpDir = path.join(config.dataDir, "tmp", "uploads");
    // Leftovers of a crash mid-upload are never referenced: start clean.
    await fs.rm(tmpDir, { recursive: true, force: true });
    await fs.mkdir(tmpDir, { recursive: true });
    return new FilesService(storage ?? (await createFileStorage(config.files.storage)), tmpDir, config.files, log);
  }

  close(): void {
    this.storage.close?.();
  }

  /**
   * Removes stored bytes after their rows are gone. A failure only leaves unreachable bytes
   * (no row points at them), so it is logged, never thrown at the user.
   */
  async removeStored(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    try {
      await this.storage.delete(keys);
    } catch (err) {
      this.log.warn({ err, count: keys.length }, "could not delete stored file bytes");
    }
  }
}
