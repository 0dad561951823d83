import type { Attachment } from "@teamchat/protocol";
import type { CacheStore, OutboxEntry } from "../cache/cache-store.js";

/**
 * My messages not yet acknowledged, persisted in the cache so they survive a reload or a
 * browser restart. They are (re)sent in `order` whenever the connection is up; the clientId
 * never changes, so a resend of something the server already stored returns the original
 * instead of a duplicate. A send refused for good becomes `failed` until the user retries.
 */
export class Outbox {
  private readonly entries = new Map<string, OutboxEntry>();
  private nextOrder = 1;

  constructor(private readonly cache: CacheStore) {}

  /** Restores what a previous session left unsent. */
  async load(): Promise<OutboxEntry[]> {
    for (const entry of await this.cache.getOutbox()) {
      this.entries.set(entry.clientId, entry);
      this.nextOrder = Math.max(this.nextOrder, entry.order + 1);
    }
    return this.all();
  }

  /** Persists first, so a crash right after the UI showed the clock still sends it later. */
  async add(
    chatId: string,
    body: string,
    extra: Pick<OutboxEntry, "mentions" | "forwardOf" | "replyTo" | "attachments" | "noLinkPreview" | "voice"> = {},
  ): Promise<OutboxEntry> {
    const attachments = extra.attachments ?? [];
    const entry: OutboxEntry = {
      ...(extra.mentions?.length && { mentions: extra.mentions }),
      ...(extra.forwardOf && { forwardOf: extra.forwardOf }),
      ...(extra.noLinkPreview && { noLinkPreview: true as const }),
      clientId: crypto.randomUUID(),
      chatId,
      body,
      ...(attachments.length > 0 && { attachments }),
      ...(extra.voice && { voice: extra.voice }),
      createdAt: new Date().toISOString(),
      order: this.nextOrder++,
      status: "sending",
      error: null,
      attempts: 0,
      replyTo: extra.replyTo ?? null,
    };
    this.entries.set(entry.clientId, entry);
    await this.cache.putOutbox(entry);
    return { ...entry };
  }

  get(clientId: string): OutboxEntry | undefined {
    return this.entries.get(clientId);
  }

  /** Everything waiting to be sent, oldest first. */
  sendable(): OutboxEntry[] {
    return this.all().filter((e) => e.status === "sending");
  }

  all(): OutboxEntry[] {
    return [...this.entries.values()].sort((a, b) => a.order - b.order).map((e) => ({ ...e }));
  }

  /** The server stored it: it leaves the outbox. Returns false if it was not (or no longer) there. */
  async settle(clientId: string): Promise<boolean> {
    if (!this.entries.delete(clientId)) return false;
    await this.cache.removeOutbox(clientId);
    return true;
  }

  /**
   * A voice note's audio is uploaded: the entry now carries the file (and no longer the audio),
   * persisted before the send, so a reload after this point never uploads it again.
   */
  async uploaded(clientId: string, attachment: Attachment): Promise<OutboxEntry | undefined> {
    const entry = this.entries.get(clientId);
    if (!entry) return undefined;
    entry.attachments = [attachment];
    delete entry.voice;
    await this.cache.putOutbox({ ...entry });
    return { ...entry };
  }

  async countAttempt(clientId: string): Promise<void> {
    const entry = this.entries.get(clientId);
    if (!entry) return;
    entry.attempts += 1;
    await this.cache.putOutbox({ ...entry });
  }

  async fail(clientId: string, error: string): Promise<OutboxEntry | undefined> {
    const entry = this.entries.get(clientId);
    if (!entry) return undefined;
    entry.status = "failed";
    entry.error = error;
    await this.cache.putOutbox({ ...entry });
    return { ...entry };
  }

  async retry(clientId: string): Promise<OutboxEntry | undefined> {
    const entry = this.entries.get(clientId);
    if (!entry) return undefined;
    entry.status = "sending";
    entry.error = null;
    entry.attempts = 0;
    await this.cache.putOutbox({ ...entry });
    return { ...entry };
  }

  /** Forget in memory (the cache is cleared separately on logout). */
  reset(): void {
    this.entries.clear();
    this.nextOrder = 1;
  }
}
