import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { assertStorageKey, type ByteRange, type FileStorage } from "./file-storage.js";

/** Files on local disk under one directory (DATA_DIR/files by default). */
export class LocalFileStorage implements FileStorage {
  readonly kind = "local" as const;

  constructor(private readonly root: string) {}

  async put(key: string, source: Readable, _size: number): Promise<void> {
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    // Written beside the target and renamed: a reader never sees half a file, a failure leaves none.
    const partial = `${target}.${process.pid}.${Date.now()}.part`;
    try {
      await pipeline(source, createWriteStream(partial, { flags: "wx" }));
      await fs.rename(partial, target);
    } catch (err) {
      await fs.rm(partial, { force: true });
      throw err;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable | null> {
    const file = this.pathOf(key);
    try {
      await fs.access(file);
    } catch {
      return null;
    }
    return createReadStream(file, range ? { start: range.start, end: range.end } : {});
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await fs.stat(this.pathOf(key))).size;
    } catch {
      return null;
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) {
      const file = this.pathOf(key);
      await fs.rm(file, { force: true });
      // A file's folder (<fileId>/) goes with its last variant.
      await fs.rmdir(path.dirname(file)).catch(() => {});
    }
  }

  private pathOf(key: string): string {
    assertStorageKey(key);
    return path.join(this.root, ...key.split("/"));
  }
}
