import type { ChatSummary, Message } from "@teamchat/protocol";
import { Dexie, type DexieOptions, type Table } from "dexie";
import { CURSOR_META_PREFIX } from "../sync/cursors.js";
import {
  type CacheStore,
  compareChatsByActivity,
  type MessagePage,
  type OutboxEntry,
  pageLimit,
} from "./cache-store.js";

/**
 * The IndexedDB implementation to use. Browsers have one globally; Node tests pass
 * fake-indexeddb's `indexedDB` and `IDBKeyRange` (Dexie needs both).
 */
export type IndexedDbDependencies = {
  indexedDB: NonNullable<DexieOptions["indexedDB"]>;
  IDBKeyRange: NonNullable<DexieOptions["IDBKeyRange"]>;
};

export { cacheDatabaseName } from "./cache-name.js";

type MetaRow = { key: string; value: unknown };

type CacheDatabase = Dexie & {
  chats: Table<ChatSummary, string>;
  messages: Table<Message, string>;
  outbox: Table<OutboxEntry, string>;
  meta: Table<MetaRow, string>;
};

/** Index of a chat's messages by seq; its keys are `[chatId, seq]`. */
const BY_CHAT_AND_SEQ = "[chatId+seq]";

const openCacheDatabase = (name: string, dependencies?: IndexedDbDependencies): CacheDatabase => {
  const db = new Dexie(name, dependencies) as CacheDatabase;
  // The first key is the primary key, the rest are indexes; only indexed fields are listed.
  // To change the schema or the rows' shape, keep these calls and add a version below them,
  // listing only the tables that change; Dexie runs each newer version's `upgrade` on open.
  db.version(1).stores({
    chats: "id",
    messages: `id, ${BY_CHAT_AND_SEQ}`,
    outbox: "clientId, order",
    meta: "key",
  });
  // Version 2: Message and ChatSummary fields that were optional on the wire became required
  // (mentions, attachments, replyTo, pins, mentionCount, …). Rows cached by older clients may
  // lack them, and no default is right for them all (a reply, a pin or a file cannot be
  // guessed), so the cached chats and messages are dropped with their sync cursors and come
  // back from the server: the chat list on connect, history pages as chats open. Mine that
  // were never sent (the outbox) and my delete-for-me state stay.
  db.version(2)
    .stores({})
    .upgrade(async (tx) => {
      await tx.table("chats").clear();
      await tx.table("messages").clear();
      await tx.table("meta").where("key").startsWith(CURSOR_META_PREFIX).delete();
    });
  return db;
};

/**
 * Deletes a user's whole cache database (logout). Close the store first: an open connection is
 * closed by Dexie to let the deletion through, but would reopen — and recreate — the database
 * on its next call.
 */
export async function deleteCacheDatabase(name: string, indexedDB?: IndexedDbDependencies["indexedDB"]): Promise<void> {
  await (indexedDB ? new Dexie(name, { indexedDB }).delete() : Dexie.delete(name));
}

/**
 * The cache in IndexedDB through Dexie, for browsers. Writes that touch several tables run in
 * one transaction, so a reload never sees half of them.
 */
export class IndexedDbCacheStore implements CacheStore {
  private readonly db: CacheDatabase;

  /** `name`: see `cacheDatabaseName`. The database is opened on first use. */
  constructor(name: string, dependencies?: IndexedDbDependencies) {
    this.db = openCacheDatabase(name, dependencies);
  }

  async putChats(chats: ChatSummary[]): Promise<void> {
    await this.db.chats.bulkPut(chats);
  }

  async replaceChats(chats: ChatSummary[]): Promise<void> {
    const { db } = this;
    await db.transaction("rw", db.chats, db.messages, async () => {
      const keptIds = new Set(chats.map((chat) => chat.id));
      // Also drops messages cached for a chat that never made it into the list.
      for (const chatId of await this.chatIdsWithMessages()) {
        if (!keptIds.has(chatId)) await this.chatMessages(chatId).delete();
      }
      await db.chats.clear();
      await db.chats.bulkPut(chats);
    });
  }

  async getChats(): Promise<ChatSummary[]> {
    // Sorted here rather than by an index: the list is short, and timestamps with different
    // UTC offsets do not sort correctly as strings.
    const chats = await this.db.chats.toArray();
    return chats.sort(compareChatsByActivity);
  }

  async getChat(chatId: string): Promise<ChatSummary | undefined> {
    return this.db.chats.get(chatId);
  }

  async putMessages(messages: Message[]): Promise<void> {
    const { db } = this;
    await db.transaction("rw", db.messages, async () => {
      // Read and write in one transaction, so that no newer copy can land in between.
      const cached = await db.messages.bulkGet(messages.map((message) => message.id));
      const current = messages.filter((message, i) => (cached[i]?.changeSeq ?? -1) <= message.changeSeq);
      await db.messages.bulkPut(current);
    });
  }

  async getMessages(chatId: string, { beforeSeq, afterSeq, limit }: MessagePage): Promise<Message[]> {
    const count = pageLimit(limit);
    if (count === 0) return [];
    const range = this.db.messages
      .where(BY_CHAT_AND_SEQ)
      .between(
        [chatId, afterSeq ?? Number.NEGATIVE_INFINITY],
        [chatId, beforeSeq ?? Number.POSITIVE_INFINITY],
        afterSeq === undefined,
        beforeSeq === undefined,
      );
    if (afterSeq !== undefined) return range.limit(count).toArray();
    // Walk back from the upper bound so that only the page is read, then restore ascending order.
    const newestFirst = await range.reverse().limit(count).toArray();
    return newestFirst.reverse();
  }

  async getMaxSeq(chatId: string): Promise<number> {
    const newest = await this.chatMessages(chatId).last();
    return newest?.seq ?? 0;
  }

  async removeMessages(chatId: string, messageIds: string[]): Promise<void> {
    const { db } = this;
    await db.transaction("rw", db.messages, async () => {
      // Ids are global, so check the chat: a stray id must not delete another chat's message.
      const found = await db.messages.bulkGet(messageIds);
      await db.messages.bulkDelete(found.flatMap((message) => (message?.chatId === chatId ? [message.id] : [])));
    });
  }

  async putOutbox(entry: OutboxEntry): Promise<void> {
    await this.db.outbox.put(entry);
  }

  async getOutbox(): Promise<OutboxEntry[]> {
    // An index lists equal keys by primary key, so ties come out by clientId, as the contract says.
    return this.db.outbox.orderBy("order").toArray();
  }

  async removeOutbox(clientId: string): Promise<void> {
    await this.db.outbox.delete(clientId);
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    const row = await this.db.meta.get(key);
    return row?.value as T | undefined;
  }

  async setMeta<T>(key: string, value: T): Promise<void> {
    await this.db.meta.put({ key, value });
  }

  async clear(): Promise<void> {
    const { db } = this;
    await db.transaction("rw", [db.chats, db.messages, db.outbox, db.meta], async () => {
      await Promise.all([db.chats.clear(), db.messages.clear(), db.outbox.clear(), db.meta.clear()]);
    });
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** All of a chat's messages, as a range of the `[chatId+seq]` index (seqs are numbers). */
  private chatMessages(chatId: string) {
    return this.db.messages
      .where(BY_CHAT_AND_SEQ)
      .between([chatId, Number.NEGATIVE_INFINITY], [chatId, Number.POSITIVE_INFINITY], true, true);
  }

  /**
   * The distinct chat ids among cached messages, found by skipping through the `[chatId+seq]`
   * index one chat at a time: one lookup per chat instead of reading every message.
   */
  private async chatIdsWithMessages(): Promise<string[]> {
    const chatIds: string[] = [];
    let next = await this.db.messages.orderBy(BY_CHAT_AND_SEQ).limit(1).keys();
    for (let key = next[0]; Array.isArray(key); key = next[0]) {
      const chatId = String(key[0]);
      chatIds.push(chatId);
      next = await this.db.messages.where(BY_CHAT_AND_SEQ).above([chatId, Number.POSITIVE_INFINITY]).limit(1).keys();
    }
    return chatIds;
  }
}
