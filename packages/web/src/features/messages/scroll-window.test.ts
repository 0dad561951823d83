import { configureStore } from "@reduxjs/toolkit";
import type { HistoryPage, Message } from "@teamchat/protocol";
import { aMessage } from "@teamchat/protocol/testing";
import { type CacheStore, type ChatClient, Timeline } from "@teamchat/sdk";
import { describe, expect, it, vi } from "vitest";
import { chatsSlice } from "../chats/chatsSlice.js";
import { searchSlice } from "../search/searchSlice.js";
import { FIRST_ITEM_INDEX, LOADED_MESSAGES_MAX, messagesSlice, pendingChanged, windowLoaded } from "./messagesSlice.js";
import { loadNewer, loadOlder } from "./thunks.js";

const CHAT = "11111111-1111-4111-8111-111111111111";
const ME = "22222222-2222-4222-8222-222222222222";
const NEWEST = 5_000;

function msg(seq: number): Message {
  return aMessage({
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    chatId: CHAT,
    seq,
    senderId: "33333333-3333-4333-8333-333333333333",
    clientId: `c-${seq}-xxxxxx`,
    body: `m${seq}`,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
  });
}
const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => msg(from + i));

/** A cache holding seqs [from, to] (a real cache answers contiguous runs only: see ChatClient.cachedMessages). */
function cacheOf(from: number, to: number) {
  return vi.fn(async (_chatId: string, q: { beforeSeq?: number; afterSeq?: number; limit: number }) => {
    if (q.beforeSeq !== undefined) {
      const end = Math.min(to, q.beforeSeq - 1);
      return range(Math.max(from, end - q.limit + 1), end);
    }
    const start = Math.max(from, (q.afterSeq ?? 0) + 1);
    return range(start, Math.min(to, start + q.limit - 1));
  });
}

/** A client whose timeline is the SDK's own, over a fake cache and server. */
function withTimeline(parts: { loadHistory?: unknown; cachedMessages?: unknown }): Partial<ChatClient> {
  const cache = {
    getMessages: parts.cachedMessages ?? (async () => []),
    getChat: async () => undefined,
  } as unknown as CacheStore;
  const loadHistory = (parts.loadHistory ?? vi.fn()) as ConstructorParameters<typeof Timeline>[0]["loadHistory"];
  return { timeline: new Timeline({ cache, loadHistory }) } as Partial<ChatClient>;
}

function storeWith(client: Partial<ChatClient>) {
  return configureStore({
    reducer: { messages: messagesSlice.reducer, chats: chatsSlice.reducer, search: searchSlice.reducer },
    middleware: (getDefault) => getDefault({ thunk: { extraArgument: { client: client as ChatClient } } }),
  });
}

const seqs = (store: ReturnType<typeof storeWith>) => {
  const chat = store.getState().messages.byChat[CHAT];
  return chat?.list.ids.map((id) => chat.list.entities[id]?.seq ?? null) ?? [];
};

describe("scrolling through long history", () => {
  it("older pages come from the cache when it holds them, with no request to the server", async () => {
    const loadHistory = vi.fn();
    const store = storeWith(withTimeline({ loadHistory, cachedMessages: cacheOf(1, NEWEST) }));
    store.dispatch(windowLoaded({ chatId: CHAT, messages: range(4951, NEWEST), hasOlder: true, hasNewer: false }));
    // biome-ignore lint/suspicious/noExplicitAny: test store typing
    await (store.dispatch as any)(loadOlder(CHAT));
    expect(loadHistory).not.toHaveBeenCalled();
    expect(seqs(store)[0]).toBe(4751); // one large page (200)
    expect(store.getState().messages.byChat[CHAT]?.firstItemIndex).toBe(FIRST_ITEM_INDEX - 200);
  });

  it("the server answers when the cache does not reach the oldest shown message", async () => {
    const loadHistory = vi.fn(
      async (): Promise<HistoryPage> => ({ messages: range(4751, 4950), hasMore: true, lastSeq: NEWEST, changeSeq: 1 }),
    );
    // The cache has older messages, but not the ones right before the window: a gap.
    const store = storeWith(withTimeline({ loadHistory, cachedMessages: cacheOf(1, 4000) }));
    store.dispatch(windowLoaded({ chatId: CHAT, messages: range(4951, NEWEST), hasOlder: true, hasNewer: false }));
    // biome-ignore lint/suspicious/noExplicitAny: test store typing
    await (store.dispatch as any)(loadOlder(CHAT));
    expect(loadHistory).toHaveBeenCalledWith(CHAT, { before: 4951, limit: 200 });
    expect(seqs(store)[0]).toBe(4751);
  });

  it("keeps at most LOADED_MESSAGES_MAX stored messages, dropping the newest (never my unsent ones), and brings them back scrolling down", async () => {
    const loadHistory = vi.fn();
    const store = storeWith(withTimeline({ loadHistory, cachedMessages: cacheOf(1, NEWEST) }));
    // biome-ignore lint/suspicious/noExplicitAny: test store typing
    const dispatch = store.dispatch as any;
    dispatch(windowLoaded({ chatId: CHAT, messages: range(4951, NEWEST), hasOlder: true, hasNewer: false }));
    dispatch(
      pendingChanged({
        send: {
          clientId: "unsent-1",
          chatId: CHAT,
          body: "still mine",
          createdAt: "2026-02-01T00:00:00.000Z",
          order: 1,
          status: "failed",
          error: "offline",
          attempts: 1,
        },
        senderId: ME,
      }),
    );
    for (let i = 0; i < 10; i++) await dispatch(loadOlder(CHAT));
    const up = seqs(store);
    expect(up.filter((s) => s !== null)).toHaveLength(LOADED_MESSAGES_MAX);
    expect(up[0]).toBe(NEWEST - 50 - 10 * 200 + 1);
    expect(up.at(-1)).toBeNull(); // the unsent message is still there
    expect(store.getState().messages.byChat[CHAT]?.hasNewer).toBe(true);

    // Back down: the dropped messages return from the cache, page by page, until the newest.
    for (let i = 0; i < 20 && store.getState().messages.byChat[CHAT]?.hasNewer; i++) await dispatch(loadNewer(CHAT));
    const down = seqs(store).filter((s): s is number => s !== null);
    expect(down.at(-1)).toBe(NEWEST);
    expect(down.every((s, i) => i === 0 || s === (down[i - 1] ?? 0) + 1)).toBe(true);
    expect(loadHistory).not.toHaveBeenCalled();
  });
});
