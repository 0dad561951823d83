import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { describeCacheStoreContract } from "./cache-store.contract.js";
import { cacheDatabaseName, deleteCacheDatabase, IndexedDbCacheStore } from "./indexeddb-store.js";

const dependencies = { indexedDB, IDBKeyRange };

/** fake-indexeddb keeps databases for the whole run, so every test gets a name of its own. */
let databases = 0;
const freshName = (): string => cacheDatabaseName(`test-${++databases}`);

describeCacheStoreContract("IndexedDbCacheStore", async () => new IndexedDbCacheStore(freshName(), dependencies));

describe("IndexedDbCacheStore database", () => {
  it("keeps the cache across reopening, per database name", async () => {
    const name = freshName();
    const first = new IndexedDbCacheStore(name, dependencies);
    await first.setMeta("cursor", { seq: 7 });
    await first.close();

    const reopened = new IndexedDbCacheStore(name, dependencies);
    const otherUser = new IndexedDbCacheStore(freshName(), dependencies);
    expect(await reopened.getMeta("cursor")).toEqual({ seq: 7 });
    expect(await otherUser.getMeta("cursor")).toBeUndefined();
    await reopened.close();
    await otherUser.close();
  });

  it("deleteCacheDatabase deletes the whole database", async () => {
    const name = freshName();
    const store = new IndexedDbCacheStore(name, dependencies);
    await store.setMeta("cursor", { seq: 7 });
    await store.close();

    await deleteCacheDatabase(name, indexedDB);
    const names = (await indexedDB.databases()).map((database: { name?: string }) => database.name);
    expect(names).not.toContain(name);

    const reopened = new IndexedDbCacheStore(name, dependencies);
    expect(await reopened.getMeta("cursor")).toBeUndefined();
    await reopened.close();
  });
});
