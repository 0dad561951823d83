import { type ChatSummary, ServerEvent } from "@teamchat/protocol";
import type { Database } from "../../db/database.js";
import type { ChatIo } from "../../realtime/io.js";
import { userRoom } from "../../realtime/rooms.js";
import { type ChatViewWanted, chatViewKey, getChatViews } from "./chat-queries.js";

/** Reads the wanted chats, each as its viewer sees it, keyed by `chatViewKey` (one statement). */
export type ReadChatViews = (wanted: ChatViewWanted[]) => Promise<Map<string, ChatSummary>>;

type Waiter = { resolve: () => void; reject: (err: unknown) => void };
type Pending = ChatViewWanted & { waiters: Waiter[] };

/** Pairs per statement: a larger wave is read in several statements, one after another. */
export const ANNOUNCE_BATCH_MAX_PAIRS = 200;

/**
 * Tells members about chats that just entered their list (a direct chat's first message lists it
 * for the peer), many at once: announcements asked for in the same turn of the event loop, or
 * while a read is running, are read in one statement. A wave of new chats (500 first messages in
 * one second) was one summary statement each, holding PGlite's one session, or PostgreSQL's
 * pool, for the sends behind them (docs/benchmarks.md, session 10).
 *
 * `announce` resolves once the chat went out to the member, so a message sent after it reaches
 * them after the chat it belongs to. A member no longer in the chat is not told (and not an error).
 */
export class ChatAnnouncer {
  private pending = new Map<string, Pending>();
  private scheduled = false;
  private running = false;

  constructor(
    private readonly read: ReadChatViews,
    private readonly tell: (userId: string, chat: ChatSummary) => void,
  ) {}

  announce(chatId: string, userId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const key = chatViewKey(userId, chatId);
      const existing = this.pending.get(key);
      if (existing) existing.waiters.push({ resolve, reject });
      else this.pending.set(key, { userId, chatId, waiters: [{ resolve, reject }] });
      this.schedule();
    });
  }

  /** Sends of one group commit resume together: waiting for the next turn gathers all of them. */
  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.pending.size > 0) {
        const batch = [...this.pending.values()].slice(0, ANNOUNCE_BATCH_MAX_PAIRS);
        for (const p of batch) this.pending.delete(chatViewKey(p.userId, p.chatId));
        await this.write(batch);
      }
    } finally {
      this.running = false;
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    let views: Map<string, ChatSummary>;
    try {
      views = await this.read(batch.map(({ userId, chatId }) => ({ userId, chatId })));
    } catch (err) {
      for (const p of batch) for (const w of p.waiters) w.reject(err);
      return;
    }
    for (const p of batch) {
      const view = views.get(chatViewKey(p.userId, p.chatId));
      if (view) this.tell(p.userId, view);
      for (const w of p.waiters) w.resolve();
    }
  }
}

/** The server's announcer: reads from its database, tells every socket of the member (any node). */
export function chatAnnouncerFor(database: Database, io: ChatIo): ChatAnnouncer {
  return new ChatAnnouncer(
    (wanted) => getChatViews(database, wanted),
    (userId, chat) => io.to(userRoom(userId)).emit(ServerEvent.chatCreated, chat),
  );
}
