import type { ApiClient } from "../api-client.js";
import type { CacheStore } from "../cache/cache-store.js";
import { withoutPreview } from "./chat-summaries.js";

const CURSOR_KEY = "hidden:cursor";
const IDS_KEY = "hidden:ids";
const MAX_PAGES = 20;

export type HiddenMessage = { chatId: string; messageId: string };

/**
 * Messages I deleted for myself. They are per user (not in any chat's change feed), so they have
 * their own cursor (my hideSeq) synced by every device. Their ids are kept too: a reaction or
 * edit of such a message still reaches the chat room, and must not bring it back here.
 */
export class HiddenMessages {
  private ids = new Set<string>();
  private cursor = 0;

  /**
   * `chatWrite`: the session's one-chat-write-at-a-time queue. Dropping a preview reads and
   * writes the chat; outside the queue it could overwrite a live update written meanwhile.
   */
  constructor(
    private readonly cache: CacheStore,
    private readonly chatWrite: <T>(work: () => Promise<T>) => Promise<T> = (work) => work(),
  ) {}

  async load(): Promise<void> {
    this.ids = new Set((await this.cache.getMeta<string[]>(IDS_KEY)) ?? []);
    this.cursor = (await this.cache.getMeta<number>(CURSOR_KEY)) ?? 0;
  }

  has(messageId: string): boolean {
    return this.ids.has(messageId);
  }

  /** Drops the messages from the cache and remembers them; returns the ones that were new. */
  async add(items: HiddenMessage[], cursor?: number): Promise<HiddenMessage[]> {
    const fresh = items.filter((h) => !this.ids.has(h.messageId));
    for (const h of fresh) {
      this.ids.add(h.messageId);
      await this.cache.removeMessages(h.chatId, [h.messageId]);
      await this.chatWrite(async () => {
        const chat = await this.cache.getChat(h.chatId);
        if (chat?.lastMessage?.id === h.messageId) await this.cache.putChats([withoutPreview(chat, h.messageId)]);
      });
    }
    if (fresh.length > 0) await this.cache.setMeta(IDS_KEY, [...this.ids]);
    if (cursor !== undefined && cursor > this.cursor) {
      this.cursor = cursor;
      await this.cache.setMeta(CURSOR_KEY, cursor);
    }
    return fresh;
  }

  /** Catch-up: every hide since my cursor, from whichever device made it. */
  async catchUp(api: ApiClient): Promise<HiddenMessage[]> {
    const found: HiddenMessage[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const { hidden } = await api.sync({ chats: [], hiddenSince: this.cursor });
      if (!hidden) break;
      found.push(...(await this.add(hidden.items, hidden.cursor)));
      if (!hidden.hasMore) break;
    }
    return found;
  }

  reset(): void {
    this.ids.clear();
    this.cursor = 0;
  }
}
