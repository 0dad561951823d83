import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeCacheStoreContract } from "./cache-store.contract.js";
import { deleteSqliteCache, SqliteCacheStore, sqliteCacheFile } from "./sqlite-store.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "teamchat-sqlite-cache-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshFile = () => sqliteCacheFile(dir, `test-${++files}`);

// On files, as a bot uses it (WAL and all), not only in memory.
describeCacheStoreContract("SqliteCacheStore", async () => new SqliteCacheStore(freshFile()));

describe("SqliteCacheStore file", () => {
  it("keeps the cache across reopening, per file; deleteSqliteCache removes the file and its companions", async () => {
    const file = freshFile();
    const first = new SqliteCacheStore(file);
    await first.setMeta("cursor", { seq: 7 });
    await first.putOutbox({
      clientId: "c1",
      chatId: "chat",
      body: "queued while offline",
      createdAt: "2024-05-01T12:00:00.000Z",
      order: 1,
      status: "sending",
      error: null,
      attempts: 0,
    });
    await first.close();
    await first.close(); // twice is harmless

    const reopened = new SqliteCacheStore(file);
    const other = new SqliteCacheStore(freshFile());
    expect(await reopened.getMeta("cursor")).toEqual({ seq: 7 });
    expect((await reopened.getOutbox()).map((e) => e.body)).toEqual(["queued while offline"]);
    expect(await other.getMeta("cursor")).toBeUndefined();
    await reopened.close();
    await other.close();

    await deleteSqliteCache(file);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith(path.basename(file)))).toEqual([]);
  });
});
