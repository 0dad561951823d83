import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { cacheDatabaseName } from "./cache-name.js";
import { describeCacheStoreContract } from "./cache-store.contract.js";
import { IndexedDbCacheStore } from "./indexeddb-store.js";
import { LazyCacheStore } from "./lazy-indexeddb-store.js";

const dependencies = { indexedDB, IDBKeyRange };
let databases = 0;

describeCacheStoreContract(
  "LazyCacheStore over IndexedDbCacheStore",
  async () =>
    new LazyCacheStore(async () => new IndexedDbCacheStore(cacheDatabaseName(`lazy-${++databases}`), dependencies)),
);

describe("LazyCacheStore", () => {
  it("loads its store once, on the first call, and never just to close", async () => {
    let loads = 0;
    const load = async () => {
      loads++;
      return new IndexedDbCacheStore(cacheDatabaseName(`lazy-${++databases}`), dependencies);
    };
    const unused = new LazyCacheStore(load);
    await unused.close();
    expect(loads).toBe(0);

    const used = new LazyCacheStore(load);
    await Promise.all([used.setMeta("a", 1), used.getMeta("a"), used.getChats()]);
    expect(await used.getMeta("a")).toBe(1);
    expect(loads).toBe(1);
    await used.close();
  });
});
