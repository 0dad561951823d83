import type { CacheStore } from "../cache/cache-store.js";

/** Meta keys of the per-chat cursors: `cursor:<chatId>`. */
export const CURSOR_META_PREFIX = "cursor:";

/**
 * Per chat, the changeSeq up to which the cache holds every change (contiguously). Only sync
 * answers and contiguous live events move it, so a catch-up from it can never skip a change.
 */
export class SyncCursors {
  private readonly cursors = new Map<string, number>();

  constructor(private readonly cache: CacheStore) {}

  async load(chatIds: string[]): Promise<void> {
    for (const chatId of chatIds) {
      const value = await this.cache.getMeta<number>(CURSOR_META_PREFIX + chatId);
      if (typeof value === "number") this.cursors.set(chatId, value);
    }
  }

  get(chatId: string): number | undefined {
    return this.cursors.get(chatId);
  }

  entries(): { chatId: string; since: number }[] {
    return [...this.cursors].map(([chatId, since]) => ({ chatId, since }));
  }

  /** Sets the cursor if the chat has none yet or this moves it forward. */
  async advance(chatId: string, to: number): Promise<void> {
    const current = this.cursors.get(chatId);
    if (current !== undefined && current >= to) return;
    this.cursors.set(chatId, to);
    await this.cache.setMeta(CURSOR_META_PREFIX + chatId, to);
  }

  /** A live change: moves the cursor only if it is the very next one. */
  async observe(chatId: string, changeSeq: number): Promise<void> {
    const current = this.cursors.get(chatId);
    if (current !== undefined && changeSeq === current + 1) await this.advance(chatId, changeSeq);
  }

  async forget(chatId: string): Promise<void> {
    this.cursors.delete(chatId);
    await this.cache.setMeta(CURSOR_META_PREFIX + chatId, null);
  }

  reset(): void {
    this.cursors.clear();
  }
}
