import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FileStorage } from "./file-storage.js";

export type StorageUnderTest = { storage: FileStorage; close: () => Promise<void> };

/** The behaviour every FileStorage driver must have; each driver's test file runs it. */
export function fileStorageContract(name: string, open: () => Promise<StorageUnderTest>, skip: string | null = null) {
  describe.skipIf(skip !== null)(`FileStorage contract: ${name}${skip ? ` (skipped: ${skip})` : ""}`, () => {
    let under: StorageUnderTest;
    beforeAll(async () => {
      under = await open();
    }, 60_000);
    afterAll(() => under?.close());
    const key = (suffix: string) => `${crypto.randomUUID()}/${suffix}`;
    const put = (k: string, body: string) =>
      under.storage.put(k, Readable.from([Buffer.from(body)]), Buffer.byteLength(body), "text/plain");

    it("stores bytes and reads them back with their size", async () => {
      const k = key("original");
      await put(k, "hello, files");
      const stream = await under.storage.read(k);
      expect(stream && (await text(stream))).toBe("hello, files");
      expect(await under.storage.size(k)).toBe(12);
    });

    it("reads a byte range, both ends included", async () => {
      const k = key("original");
      await put(k, "0123456789");
      const stream = await under.storage.read(k, { start: 2, end: 5 });
      expect(stream && (await text(stream))).toBe("2345");
    });

    it("streams a body larger than one chunk", async () => {
      const k = key("big");
      const chunk = Buffer.alloc(256 * 1024, 7);
      await under.storage.put(
        k,
        Readable.from([chunk, chunk, chunk, chunk]),
        chunk.length * 4,
        "application/octet-stream",
      );
      expect(await under.storage.size(k)).toBe(chunk.length * 4);
    });

    it("answers null for a key it does not hold", async () => {
      const k = key("missing");
      expect(await under.storage.read(k)).toBeNull();
      expect(await under.storage.size(k)).toBeNull();
    });

    it("deletes keys, and deleting a missing key is not an error", async () => {
      const a = key("original");
      const b = key("thumbnail.webp");
      await put(a, "a");
      await put(b, "b");
      await under.storage.delete([a, b, key("never-stored")]);
      expect(await under.storage.size(a)).toBeNull();
      expect(await under.storage.size(b)).toBeNull();
      await under.storage.delete([]);
    });

    it("a put whose source fails leaves nothing under the key", async () => {
      const k = key("original");
      const failing = new Readable({
        read() {
          this.push(Buffer.alloc(1024, 1));
          this.destroy(new Error("client went away"));
        },
      });
      await expect(under.storage.put(k, failing, 4096, "application/octet-stream")).rejects.toThrow();
      expect(await under.storage.size(k)).toBeNull();
    });

    it("refuses keys that could escape its namespace", async () => {
      await expect(put("../escape", "x")).rejects.toThrow(/invalid storage key/);
      await expect(put("a/../../b", "x")).rejects.toThrow(/invalid storage key/);
    });
  });
}
