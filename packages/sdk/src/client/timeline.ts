import { type HistoryPage, LIMITS, type Message } from "@teamchat/protocol";
import type { CacheStore } from "../cache/cache-store.js";

/**
 * A run of a chat's messages without holes, and what lies beyond each end: `hasOlder` /
 * `hasNewer` say that messages exist there that this window does not hold (a gap to page into,
 * never to be shown as if nothing were missing).
 */
export type TimelineWindow = {
  chatId: string;
  messages: Message[];
  hasOlder: boolean;
  hasNewer: boolean;
  /** Where it came from: the cache answers at once, the server is the authority. */
  source: "cache" | "server";
};

/** Opening: the cached window at once (null when the cache has no useful one) and the server's. */
export type TimelineOpening = { cached: TimelineWindow | null; server: Promise<TimelineWindow> };

const PAGE = LIMITS.historyPageDefault;
/** Pages loaded while scrolling: large, because every prepend costs a list a rebuild. */
const SCROLL_PAGE = LIMITS.historyPageMax;
/** Opening at the first unread: this many read messages above it for context. */
const CONTEXT_ABOVE_UNREAD = 20;
/** Around a jump target: enough on each side to scroll a little before paging. */
const JUMP_PAGE = 50;

type Deps = {
  cache: CacheStore;
  /** A server page, stored in the cache (and marking what it brought as delivered). */
  loadHistory(
    chatId: string,
    page: { before?: number; after?: number; around?: number; limit?: number },
  ): Promise<HistoryPage>;
};

/**
 * History paging, one policy for every client (the web app and a bot alike): open at the first
 * unread, older and newer pages from the cache when it holds them contiguously and from the
 * server otherwise, jump to a seq, back to the newest.
 */
export class Timeline {
  constructor(private readonly deps: Deps) {}

  /** The chat's window to open at: the first unread with some context above it, else the newest page. */
  async open(chatId: string): Promise<TimelineOpening> {
    const chat = await this.deps.cache.getChat(chatId);
    const after = chat && chat.unreadCount > 0 ? Math.max(0, chat.myReadSeq - CONTEXT_ABOVE_UNREAD) : undefined;
    const cachedRun =
      after !== undefined
        ? await this.cachedAfter(chatId, after, SCROLL_PAGE)
        : await this.cachedBefore(chatId, undefined, PAGE);
    const useful = cachedRun.length > 0 && (after === undefined || cachedRun[0]?.seq === after + 1);
    const cached = useful
      ? this.window(chatId, cachedRun, { hasOlder: (cachedRun[0]?.seq ?? 1) > 1, hasNewer: false }, "cache")
      : null;
    const server = (async () => {
      const page =
        after !== undefined
          ? await this.deps.loadHistory(chatId, { after, limit: SCROLL_PAGE })
          : await this.deps.loadHistory(chatId, { limit: PAGE });
      return after !== undefined
        ? this.window(chatId, page.messages, { hasOlder: after > 0, hasNewer: page.hasMore }, "server")
        : this.window(chatId, page.messages, { hasOlder: page.hasMore, hasNewer: false }, "server");
    })();
    return { cached, server };
  }

  /** The page before `beforeSeq`: from the cache if it continues there without a hole. */
  async older(chatId: string, beforeSeq: number): Promise<TimelineWindow> {
    const cached = await this.cachedBefore(chatId, beforeSeq, SCROLL_PAGE);
    if (cached.length > 0 && cached.at(-1)?.seq === beforeSeq - 1) {
      return this.window(chatId, cached, { hasOlder: (cached[0]?.seq ?? 1) > 1, hasNewer: true }, "cache");
    }
    const page = await this.deps.loadHistory(chatId, { before: beforeSeq, limit: SCROLL_PAGE });
    return this.window(chatId, page.messages, { hasOlder: page.hasMore, hasNewer: true }, "server");
  }

  /**
   * The page after `afterSeq`: from the cache if it continues there without a hole and
   * `cacheFirst` (after a reconnect the cache may not have caught up yet: ask the server).
   */
  async newer(chatId: string, afterSeq: number, { cacheFirst = true } = {}): Promise<TimelineWindow> {
    if (cacheFirst && afterSeq > 0) {
      const cached = await this.cachedAfter(chatId, afterSeq, SCROLL_PAGE);
      if (cached.length > 0 && cached[0]?.seq === afterSeq + 1) {
        const lastSeq = (await this.deps.cache.getChat(chatId))?.lastSeq ?? 0;
        // Short of the chat's last seq, more follows (from the cache or the server). Without a
        // known last seq, a full page may stop short of the cache's end; a short one ends it.
        const last = cached.at(-1)?.seq ?? 0;
        const hasNewer = lastSeq > 0 ? last < lastSeq : cached.length === SCROLL_PAGE;
        return this.window(chatId, cached, { hasOlder: true, hasNewer }, "cache");
      }
    }
    const page = await this.deps.loadHistory(chatId, { after: afterSeq, limit: SCROLL_PAGE });
    return this.window(chatId, page.messages, { hasOlder: afterSeq > 0, hasNewer: page.hasMore }, "server");
  }

  /** The window centred on one message (a quote, a pin, a search result); offline, from the cache if it holds it. */
  async around(chatId: string, seq: number): Promise<TimelineWindow> {
    try {
      const page = await this.deps.loadHistory(chatId, { around: seq, limit: JUMP_PAGE });
      const hasOlder = page.hasOlder ?? page.hasMore;
      return this.window(chatId, page.messages, { hasOlder, hasNewer: page.hasNewer ?? false }, "server");
    } catch (err) {
      const cached = await this.cachedAfter(chatId, Math.max(0, seq - JUMP_PAGE / 2), JUMP_PAGE);
      if (!cached.some((m) => m.seq === seq)) throw err;
      return this.window(chatId, cached, { hasOlder: (cached[0]?.seq ?? 1) > 1, hasNewer: true }, "cache");
    }
  }

  /** Back to the newest messages (from the server: the authority on what is newest). */
  async latest(chatId: string): Promise<TimelineWindow> {
    const page = await this.deps.loadHistory(chatId, { limit: PAGE });
    return this.window(chatId, page.messages, { hasOlder: page.hasMore, hasNewer: false }, "server");
  }

  /** Cached messages before a seq (or the newest), only the unbroken run that ends the page. */
  async cachedBefore(chatId: string, beforeSeq: number | undefined, limit: number): Promise<Message[]> {
    const page = beforeSeq === undefined ? { limit } : { beforeSeq, limit };
    return contiguousFromEnd(await this.deps.cache.getMessages(chatId, page));
  }

  /** Cached messages after a seq, only the unbroken run that starts the page. */
  async cachedAfter(chatId: string, afterSeq: number, limit: number): Promise<Message[]> {
    return contiguousFromStart(await this.deps.cache.getMessages(chatId, { afterSeq, limit }));
  }

  private window(
    chatId: string,
    messages: Message[],
    ends: { hasOlder: boolean; hasNewer: boolean },
    source: TimelineWindow["source"],
  ): TimelineWindow {
    return { chatId, messages, ...ends, source };
  }
}

/** The messages from the newest one back to the first gap in seq. */
export function contiguousFromEnd(messages: Message[]): Message[] {
  let start = messages.length - 1;
  while (start > 0 && (messages[start - 1]?.seq ?? 0) === (messages[start]?.seq ?? 0) - 1) start--;
  return messages.slice(Math.max(0, start));
}

/** The messages from the oldest one up to the first gap in seq. */
export function contiguousFromStart(messages: Message[]): Message[] {
  let end = 1;
  while (end < messages.length && (messages[end]?.seq ?? 0) === (messages[end - 1]?.seq ?? 0) + 1) end++;
  return messages.slice(0, Math.min(end, messages.length));
}
