import type { ChatSummary, Message } from "@teamchat/protocol";
import { cacheDatabaseName } from "./cache-name.js";
import type { CacheStore, MessagePage, OutboxEntry } from "./cache-store.js";

/**
 * A user's IndexedDB cache with Dexie loaded on first use: bundlers put it in a chunk of its own,
 * so a browser app's first script no longer evaluates Dexie (a fifth of the web app's main
 * bundle) in the task that starts the page; it loads in a task of its own as the session
 * restores (issue 15: no main-thread block over 50 ms on open). Same store, same database.
 */
export function lazyIndexedDbCache(userId: string): CacheStore {
  return new LazyCacheStore(async () => {
    const { IndexedDbCacheStore } = await import("./indexeddb-store.js");
    return new IndexedDbCacheStore(cacheDatabaseName(userId));
  });
}

/** Deletes a user's IndexedDB cache (logout), loading Dexie if it is not loaded yet. */
export async function deleteIndexedDbCache(userId: string): Promise<void> {
  const { deleteCacheDatabase } = await import("./indexeddb-store.js");
  await deleteCacheDatabase(cacheDatabaseName(userId));
}

/** A store created by `load` on the first call; every call waits for it. */
export class LazyCacheStore implements CacheStore {
  private loaded: Promise<CacheStore> | null = null;

  constructor(private readonly load: () => Promise<CacheStore>) {}

  private get store(): Promise<CacheStore> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  putChats = (chats: ChatSummary[]) => this.store.then((s) => s.putChats(chats));
  replaceChats = (chats: ChatSummary[]) => this.store.then((s) => s.replaceChats(chats));
  getChats = () => this.store.then((s) => s.getChats());
  getChat = (chatId: string) => this.store.then((s) => s.getChat(chatId));
  putMessages = (messages: Message[]) => this.store.then((s) => s.putMessages(messages));
  getMessages = (chatId: string, page: MessagePage) => this.store.then((s) => s.getMessages(chatId, page));
  getMaxSeq = (chatId: string) => this.store.then((s) => s.getMaxSeq(chatId));
  removeMessages = (chatId: string, ids: string[]) => this.store.then((s) => s.removeMessages(chatId, ids));
  putOutbox = (entry: OutboxEntry) => this.store.then((s) => s.putOutbox(entry));
  getOutbox = () => this.store.then((s) => s.getOutbox());
  removeOutbox = (clientId: string) => this.store.then((s) => s.removeOutbox(clientId));
  getMeta = <T>(key: string) => this.store.then((s) => s.getMeta<T>(key));
  setMeta = <T>(key: string, value: T) => this.store.then((s) => s.setMeta(key, value));
  clear = () => this.store.then((s) => s.clear());
  /** Never loads Dexie just to close a store that was never used. */
  close = async () => {
    if (this.loaded) await (await this.loaded).close();
  };
}
