import type { ChatSummary, Message } from "@teamchat/protocol";
import {
  type CacheStore,
  compareChatsByActivity,
  compareOutboxEntries,
  type MessagePage,
  type OutboxEntry,
  pageLimit,
} from "./cache-store.js";

/**
 * One chat's messages, kept two ways: by id for upserts and removals, and as an array sorted by
 * (seq, id) so that a page is a binary search plus a slice, even for 100,000 cached messages.
 */
class ChatMessages {
  private readonly byId = new Map<string, Message>();
  private readonly bySeq: Message[] = [];

  get size(): number {
    return this.byId.size;
  }

  put(messages: Message[]): void {
    const added: Message[] = [];
    for (const message of messages) {
      const existing = this.byId.get(message.id);
      if (existing && existing.changeSeq > message.changeSeq) continue;
      this.byId.set(message.id, message);
      if (existing && existing.seq === message.seq) {
        this.bySeq[this.indexOf(existing)] = message;
        continue;
      }
      if (existing) this.bySeq.splice(this.indexOf(existing), 1);
      added.push(message);
    }
    this.insertSorted(added);
  }

  remove(messageIds: string[]): void {
    for (const id of messageIds) {
      const existing = this.byId.get(id);
      if (!existing) continue;
      this.byId.delete(id);
      this.bySeq.splice(this.indexOf(existing), 1);
    }
  }

  page({ beforeSeq, afterSeq, limit }: MessagePage): Message[] {
    const count = pageLimit(limit);
    if (count === 0) return [];
    // Index of the first message with seq > afterSeq, and of the first with seq >= beforeSeq.
    const start = afterSeq === undefined ? 0 : this.lowerBound(afterSeq, true);
    const end = beforeSeq === undefined ? this.bySeq.length : this.lowerBound(beforeSeq, false);
    if (start >= end) return [];
    // A forward page (afterSeq) takes the oldest of the range, a backward page the newest.
    return afterSeq === undefined
      ? this.bySeq.slice(Math.max(start, end - count), end)
      : this.bySeq.slice(start, Math.min(end, start + count));
  }

  maxSeq(): number {
    return this.bySeq.at(-1)?.seq ?? 0;
  }

  /** Appends when the new messages continue the chat (the common case), otherwise sorts once. */
  private insertSorted(added: Message[]): void {
    if (added.length === 0) return;
    added.sort(compareMessages);
    const last = this.bySeq.at(-1);
    const first = added[0];
    const appends = !last || (first !== undefined && compareMessages(last, first) < 0);
    if (appends) {
      for (const message of added) this.bySeq.push(message);
    } else if (added.length <= 32) {
      // A few late or backfilled messages: splicing each into place beats re-sorting everything.
      for (const message of added) this.bySeq.splice(this.lowerBoundOf(message), 0, message);
    } else {
      for (const message of added) this.bySeq.push(message);
      this.bySeq.sort(compareMessages);
    }
  }

  /** Position of a message known to be in `bySeq`. */
  private indexOf(message: Message): number {
    const index = this.lowerBoundOf(message);
    if (this.bySeq[index]?.id !== message.id) throw new Error(`message ${message.id} is missing from its seq index`);
    return index;
  }

  /** First index whose (seq, id) is not less than the message's. */
  private lowerBoundOf(message: Message): number {
    let low = 0;
    let high = this.bySeq.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const candidate = this.bySeq[middle];
      if (candidate && compareMessages(candidate, message) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** First index with seq > `seq` (when `strictlyAbove`) or seq >= `seq`. */
  private lowerBound(seq: number, strictlyAbove: boolean): number {
    let low = 0;
    let high = this.bySeq.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const candidateSeq = this.bySeq[middle]?.seq ?? Number.POSITIVE_INFINITY;
      if (candidateSeq < seq || (strictlyAbove && candidateSeq === seq)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** Seq is unique per chat on the server; the id only keeps the order total if a cache ever holds a duplicate. */
const compareMessages = (a: Message, b: Message): number => a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The cache in plain Maps, for Node and tests. Values are copied on the way in and out, as
 * IndexedDB's structured clone does, so that callers can never mutate the cache by accident.
 * Every method does its work synchronously before its promise settles, so concurrent calls
 * cannot interleave.
 */
export class MemoryCacheStore implements CacheStore {
  private readonly chats = new Map<string, ChatSummary>();
  private readonly messagesByChat = new Map<string, ChatMessages>();
  private readonly outbox = new Map<string, OutboxEntry>();
  private readonly meta = new Map<string, unknown>();

  async putChats(chats: ChatSummary[]): Promise<void> {
    for (const chat of chats) this.chats.set(chat.id, structuredClone(chat));
  }

  async replaceChats(chats: ChatSummary[]): Promise<void> {
    const keptIds = new Set(chats.map((chat) => chat.id));
    this.chats.clear();
    for (const chat of chats) this.chats.set(chat.id, structuredClone(chat));
    // Also drops messages cached for a chat that never made it into the list.
    for (const chatId of [...this.messagesByChat.keys()]) {
      if (!keptIds.has(chatId)) this.messagesByChat.delete(chatId);
    }
  }

  async getChats(): Promise<ChatSummary[]> {
    return [...this.chats.values()].sort(compareChatsByActivity).map((chat) => structuredClone(chat));
  }

  async getChat(chatId: string): Promise<ChatSummary | undefined> {
    const chat = this.chats.get(chatId);
    return chat ? structuredClone(chat) : undefined;
  }

  async putMessages(messages: Message[]): Promise<void> {
    const byChat = new Map<string, Message[]>();
    for (const message of messages) {
      const group = byChat.get(message.chatId);
      if (group) group.push(structuredClone(message));
      else byChat.set(message.chatId, [structuredClone(message)]);
    }
    for (const [chatId, group] of byChat) this.chatMessages(chatId).put(group);
  }

  async getMessages(chatId: string, page: MessagePage): Promise<Message[]> {
    const messages = this.messagesByChat.get(chatId)?.page(page) ?? [];
    return messages.map((message) => structuredClone(message));
  }

  async getMaxSeq(chatId: string): Promise<number> {
    return this.messagesByChat.get(chatId)?.maxSeq() ?? 0;
  }

  async removeMessages(chatId: string, messageIds: string[]): Promise<void> {
    const messages = this.messagesByChat.get(chatId);
    if (!messages) return;
    messages.remove(messageIds);
    if (messages.size === 0) this.messagesByChat.delete(chatId);
  }

  async putOutbox(entry: OutboxEntry): Promise<void> {
    this.outbox.set(entry.clientId, structuredClone(entry));
  }

  async getOutbox(): Promise<OutboxEntry[]> {
    return [...this.outbox.values()].sort(compareOutboxEntries).map((entry) => structuredClone(entry));
  }

  async removeOutbox(clientId: string): Promise<void> {
    this.outbox.delete(clientId);
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    return this.meta.has(key) ? (structuredClone(this.meta.get(key)) as T) : undefined;
  }

  async setMeta<T>(key: string, value: T): Promise<void> {
    this.meta.set(key, structuredClone(value));
  }

  async clear(): Promise<void> {
    this.chats.clear();
    this.messagesByChat.clear();
    this.outbox.clear();
    this.meta.clear();
  }

  async close(): Promise<void> {}

  private chatMessages(chatId: string): ChatMessages {
    let messages = this.messagesByChat.get(chatId);
    if (!messages) {
      messages = new ChatMessages();
      this.messagesByChat.set(chatId, messages);
    }
    return messages;
  }
}
