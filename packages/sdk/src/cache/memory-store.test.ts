import { describeCacheStoreContract } from "./cache-store.contract.js";
import { MemoryCacheStore } from "./memory-store.js";

describeCacheStoreContract("MemoryCacheStore", async () => new MemoryCacheStore());
