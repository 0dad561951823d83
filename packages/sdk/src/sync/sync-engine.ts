import type { ChatSummary, Message } from "@teamchat/protocol";
import type { ApiClient } from "../api-client.js";
import type { CacheStore } from "../cache/cache-store.js";
import type { ChatClientEvents, ConnectionState } from "../client/client-events.js";
import type { Emitter } from "../client/emitter.js";
import type { OutboxSender } from "../client/outbox-sender.js";
import type { ReceiptQueue } from "../client/receipt-queue.js";
import { catchUp } from "./catch-up.js";
import { keepSettingsOf, mergeChatLists } from "./chat-summaries.js";
import { coalesced } from "./coalesced.js";
import { coalescedPerKey } from "./coalesced-per-key.js";
import type { SyncCursors } from "./cursors.js";
import { syncGappedChats } from "./gap-sync.js";
import type { HiddenMessages } from "./hidden-messages.js";

/** How long a gap in a chat's live changes may stay open (reordering across nodes) before a catch-up. */
const GAP_WAIT_MS = 1_500;
/** Chats whose undelivered messages are fetched at once after a catch-up. */
const DELIVER_CONCURRENCY = 4;
/** A failed catch-up is tried again after about this long (while connected). */
const CATCH_UP_RETRY_MS = 3_000;

export type SyncEngineDeps = {
  cache: CacheStore;
  cursors: SyncCursors;
  hidden: HiddenMessages;
  sender: OutboxSender;
  receipts: ReceiptQueue;
  events: Emitter<ChatClientEvents>;
  api: ApiClient;
  call: <T>(fn: (api: ApiClient) => Promise<T>) => Promise<T>;
  myId: () => string | undefined;
  connected: () => boolean;
  setConnection: (state: ConnectionState) => void;
  /** The session's serialized chat write (emits `chat` when the summary changed). */
  writeChat: (
    chatId: string,
    rule: (cached: ChatSummary | undefined) => ChatSummary | undefined,
  ) => Promise<ChatSummary | undefined>;
  /** Chats without a cursor get one at their head when a catch-up first lists them. */
  followAllChats: boolean;
  /** How many settings changes of a chat were applied so far (a summary asked before one is older). */
  settingsEpoch?: (chatId: string) => number;
  /** The same for every chat at once (a catch-up's list covers them all). */
  settingsEpochs?: () => ReadonlyMap<string, number>;
  /** Newer messages of a chat: the cache's unbroken run, else a server page stored in the cache. */
  newer: (chatId: string, afterSeq: number) => Promise<{ messages: Message[]; source: "cache" | "server" }>;
  /** The session's one-chat-write-at-a-time queue (ChatSession.serial). */
  chatWrite: <T>(work: () => Promise<T>) => Promise<T>;
};

/**
 * The catch-up after every (re)connection and the gap watch between them: a live change beyond
 * a chat's cursor means one was missed, and if it stays missing a sync of that chat alone
 * fetches it (the chat list is read only after a reconnection).
 */
export class SyncEngine {
  private syncRun = 0;
  /** Per chat, the highest changeSeq seen live: above the cursor means a change was missed. */
  private readonly highestSeen = new Map<string, number>();
  private gapCheck: ReturnType<typeof setTimeout> | null = null;
  /** Syncs of gapped chats (live or `chat:head`): one batch in flight, each chat in it once. */
  private readonly gapSync = coalescedPerKey((chatIds) => this.syncGaps(chatIds));
  /** A full catch-up asked for between connections (a gapped chat turned out removed). */
  private readonly fullCatchUp = coalesced(() => this.run());
  /** Chats that arrived by chat:created while a catch-up ran (its list may predate them). */
  private readonly chatsAnnouncedDuringSync = new Map<string, ChatSummary>();

  constructor(private readonly deps: SyncEngineDeps) {}

  /** A chat:created: a catch-up under way must not drop it as gone. */
  chatAnnounced(chat: ChatSummary): void {
    this.chatsAnnouncedDuringSync.set(chat.id, chat);
  }

  reset(): void {
    if (this.gapCheck) clearTimeout(this.gapCheck);
    this.gapCheck = null;
    this.highestSeen.clear();
  }

  /** Catch-up after each connection; a newer connection supersedes an unfinished run. */
  async run(): Promise<void> {
    const run = ++this.syncRun;
    const { cache, cursors, events } = this.deps;
    this.deps.setConnection("syncing");
    this.chatsAnnouncedDuringSync.clear();
    try {
      const result = await this.deps.call((api) =>
        catchUp(api, cache, cursors, {
          arrivedDuringRun: () => new Set(this.chatsAnnouncedDuringSync.keys()),
          chatWrite: this.deps.chatWrite,
          isHidden: (id) => this.deps.hidden.has(id),
          followAllChats: this.deps.followAllChats,
          settingsEpochs: this.deps.settingsEpochs,
        }),
      );
      if (run !== this.syncRun) return;
      // A chat announced while the run was under way may postdate the list it read: keep it.
      const listed = new Set(result.chats.map((c) => c.id));
      const announced = [...this.chatsAnnouncedDuringSync.values()].filter((c) => !listed.has(c.id));
      for (const chat of announced) {
        // The cache copy may already hold messages that arrived since; only fill a gap.
        const cachedCopy = await cache.getChat(chat.id);
        if (!cachedCopy) await cache.putChats([chat]);
        result.chats.push(cachedCopy ?? chat);
      }
      for (const chatId of result.removedChatIds) events.emit("chatRemoved", chatId);
      const hidden = (await this.deps.hidden.catchUp(this.deps.api).catch(() => [])) ?? [];
      // The list as the cache now holds it: live events since the server's list are applied.
      events.emit("chatsSynced", await cache.getChats());
      for (const h of hidden) events.emit("messageHidden", h);
      for (const [chatId, changed] of result.changes) {
        // Deleted for me while this run was under way (the hide is applied and emitted already).
        const messages = changed.filter((m) => !this.deps.hidden.has(m.id));
        this.deps.sender.settleOwn(changed);
        events.emit("messagesSynced", { chatId, messages });
        this.deps.receipts.markDelivered(messages, this.deps.myId());
      }
      if (this.deps.connected()) this.deps.setConnection("live");
      void this.deliverListed(result.chats);
    } catch {
      // Live events keep flowing meanwhile; try again shortly (a busy or restarting server).
      if (run === this.syncRun && this.deps.connected()) {
        this.deps.setConnection("live");
        setTimeout(
          () => {
            if (run === this.syncRun && this.deps.connected()) void this.run();
          },
          CATCH_UP_RETRY_MS * (0.5 + Math.random()),
        );
      }
    }
  }

  /**
   * Receipts follow the message, not the screen, and say what this device holds: for every chat
   * the list says has messages I have not acknowledged, the ones after my delivered pointer are
   * read from the cache (the sync feed stored them) or, for a chat this device never synced, one
   * server page of them is stored in the cache; delivered moves up to the last one stored. A chat
   * with more than a page of them gets the rest on the next catch-up, or when it is opened.
   */
  private async deliverListed(chats: ChatSummary[]): Promise<void> {
    const behind = chats.filter((c) => c.leftAtSeq === null && c.lastMessage && c.lastSeq > c.myDeliveredSeq);
    const next = async (): Promise<void> => {
      const chat = behind.shift();
      if (!chat || !this.deps.connected()) return;
      let stored = chat.myDeliveredSeq;
      // The cache's run may stop short (at a message I hid): then one server page after it.
      for (let fromCache = true; fromCache && stored < chat.lastSeq; ) {
        const page = await this.deps.newer(chat.id, stored).catch(() => null);
        const last = page?.messages.at(-1)?.seq;
        if (!page || last === undefined || last <= stored) break;
        stored = last;
        fromCache = page.source === "cache";
      }
      if (stored > chat.myDeliveredSeq) this.deps.receipts.markDeliveredUpTo(chat.id, stored);
      return next();
    };
    // A few at a time: a device back after a long absence may have many such chats.
    await Promise.all(Array.from({ length: DELIVER_CONCURRENCY }, next));
  }

  /**
   * A live change beyond the cursor means one before it has not arrived (yet: events from
   * different nodes may cross). If the gap is still open after GAP_WAIT_MS (a fan-out was lost,
   * e.g. a node died between storing a message and publishing it), sync the gapped chats.
   */
  watchForGap(chatId: string, changeSeq: number): void {
    const { cursors } = this.deps;
    const cursor = cursors.get(chatId);
    if (cursor === undefined || changeSeq <= cursor) return;
    this.highestSeen.set(chatId, Math.max(changeSeq, this.highestSeen.get(chatId) ?? 0));
    if (this.gapCheck) return;
    this.gapCheck = setTimeout(() => {
      this.gapCheck = null;
      const open = [...this.highestSeen].filter(([id, seen]) => seen > (cursors.get(id) ?? seen)).map(([id]) => id);
      this.highestSeen.clear();
      if (open.length > 0 && this.deps.connected()) this.gapSync(open);
    }, GAP_WAIT_MS);
  }

  /** Only the gapped chats: their changes after the cursor, then their summaries. */
  private async syncGaps(chatIds: string[]): Promise<void> {
    // Disconnected: the catch-up of the next connection covers them.
    if (!this.deps.connected()) return;
    const { cache, cursors, events } = this.deps;
    try {
      const result = await this.deps.call((api) => syncGappedChats(api, cache, cursors, chatIds));
      // Rare (removed from a group while its broadcast was lost): the full catch-up drops it.
      if (result.removedChatIds.length > 0) this.fullCatchUp();
      for (const [chatId, messages] of result.changes) {
        await this.refreshSummary(chatId);
        this.deps.sender.settleOwn(messages);
        events.emit("messagesSynced", { chatId, messages });
        this.deps.receipts.markDelivered(messages, this.deps.myId());
      }
      if (result.unfinished.length > 0) this.gapSync(result.unfinished);
    } catch {
      setTimeout(
        () => {
          if (this.deps.connected()) this.gapSync(chatIds);
        },
        CATCH_UP_RETRY_MS * (0.5 + Math.random()),
      );
    }
  }

  /**
   * The chat's summary (preview, unread and mention counts) from the server, now that its
   * changes are cached: counting them here would miss an older message that arrived after a
   * newer one. A message that arrived live while it was asked for leaves the cache ahead of the
   * answer: asked once more, then merged as the catch-up does.
   */
  private async refreshSummary(chatId: string): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const epoch = this.deps.settingsEpoch?.(chatId) ?? 0;
      const asked = await this.deps.call((api) => api.chat(chatId));
      let ahead = false;
      await this.deps.writeChat(chatId, (cached) => {
        const settingsMoved = (this.deps.settingsEpoch?.(chatId) ?? 0) !== epoch;
        const fresh = settingsMoved ? keepSettingsOf(asked, cached) : asked;
        if (!cached || cached.lastSeq <= fresh.lastSeq) return fresh;
        ahead = true;
        return attempt === 0 ? cached : mergeChatLists([fresh], [cached])[0];
      });
      if (!ahead) return;
    }
  }
}
