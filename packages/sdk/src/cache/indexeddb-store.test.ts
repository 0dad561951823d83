import { messageSchema } from "@teamchat/protocol";
import { Dexie } from "dexie";
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

  it("upgrades a cache written in the old shape: cached chats, messages and cursors go, the outbox and hides stay", async () => {
    const name = freshName();
    const chatId = "11111111-1111-4111-8111-111111111111";
    // A version-1 database as an older client wrote it: a message without mentions, forwarded,
    // expiresAt, attachments, replyTo or pinnedAt, and a chat without pins or mentionCount.
    const old = new Dexie(name, dependencies);
    old.version(1).stores({ chats: "id", messages: "id, [chatId+seq]", outbox: "clientId, order", meta: "key" });
    const oldMessage = {
      id: "22222222-2222-4222-8222-222222222222",
      chatId,
      seq: 1,
      senderId: "33333333-3333-4333-8333-333333333333",
      clientId: "client-1",
      kind: "text",
      body: "hello",
      createdAt: "2026-01-01T00:00:00.000Z",
      editedAt: null,
      deletedAt: null,
      reactions: [],
      changeSeq: 1,
    };
    expect(messageSchema.safeParse(oldMessage).success).toBe(false); // the wire shape is strict now
    await old.table("messages").put(oldMessage);
    await old.table("chats").put({ id: chatId, type: "group", name: "old", lastSeq: 1, lastMessage: oldMessage });
    await old.table("meta").bulkPut([
      { key: `cursor:${chatId}`, value: 1 },
      { key: "hidden:ids", value: ["44444444-4444-4444-8444-444444444444"] },
    ]);
    const unsent = {
      clientId: "unsent-1",
      chatId,
      body: "not sent yet",
      createdAt: "2026-01-01T00:01:00.000Z",
      order: 1,
      status: "sending",
      error: null,
      attempts: 0,
    };
    await old.table("outbox").put(unsent);
    old.close();

    const store = new IndexedDbCacheStore(name, dependencies);
    expect(await store.getChats()).toEqual([]);
    expect(await store.getMessages(chatId, { limit: 50 })).toEqual([]);
    expect(await store.getMeta(`cursor:${chatId}`)).toBeUndefined();
    expect(await store.getMeta("hidden:ids")).toEqual(["44444444-4444-4444-8444-444444444444"]);
    expect(await store.getOutbox()).toEqual([unsent]);
    await store.close();
  });
});
