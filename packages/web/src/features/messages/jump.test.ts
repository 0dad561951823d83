import { configureStore } from "@reduxjs/toolkit";
import type { HistoryPage, Message } from "@teamchat/protocol";
import { aMessage } from "@teamchat/protocol/testing";
import { type CacheStore, type ChatClient, Timeline } from "@teamchat/sdk";
import { describe, expect, it, vi } from "vitest";
import { chatsSlice } from "../chats/chatsSlice.js";
import { searchSlice } from "../search/searchSlice.js";
import {
  FIRST_ITEM_INDEX,
  messagesSlice,
  newerLoaded,
  olderLoaded,
  pendingChanged,
  storedReceived,
  windowJumped,
  windowLoaded,
} from "./messagesSlice.js";
import { jumpToLatest, jumpToMessage, openChatAt, openChatHistory, sendMessage } from "./thunks.js";

const CHAT = "11111111-1111-4111-8111-111111111111";
const ME = "22222222-2222-4222-8222-222222222222";

function msg(seq: number): Message {
  return aMessage({
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    chatId: CHAT,
    seq,
    senderId: "33333333-3333-4333-8333-333333333333",
    clientId: `c-${seq}-xxxxxx`,
    body: `m${seq}`,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
  });
}
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => msg(from + i));
const reduce = messagesSlice.reducer;

describe("jumped windows (reducer)", () => {
  it("replaces the list around the target, keeps my pending sends, asks for a fresh list at the target", () => {
    let state = reduce(
      undefined,
      windowLoaded({ chatId: CHAT, messages: range(951, 1000), hasOlder: true, hasNewer: false }),
    );
    const before = state.byChat[CHAT]?.windowId ?? 0;
    state = reduce(
      state,
      pendingChanged({
        send: {
          clientId: "pending-1",
          chatId: CHAT,
          body: "hi",
          createdAt: "2026-01-02T00:00:00.000Z",
          order: 1,
          status: "sending",
          error: null,
          attempts: 0,
        },
        senderId: ME,
      }),
    );
    state = reduce(
      state,
      windowJumped({ chatId: CHAT, messages: range(76, 125), hasOlder: true, hasNewer: true, seq: 100 }),
    );
    const chat = state.byChat[CHAT];
    const seqs = chat?.list.ids.map((id) => chat.list.entities[id]?.seq ?? null);
    expect(seqs?.slice(0, 2)).toEqual([76, 77]);
    expect(seqs?.at(-1)).toBeNull(); // the pending send stays
    expect(seqs).not.toContain(1000);
    expect(chat).toMatchObject({ hasOlder: true, hasNewer: true, firstItemIndex: FIRST_ITEM_INDEX, jumping: false });
    expect(chat?.windowId).toBe(before + 1);
    expect(chat?.focus?.seq).toBe(100);
  });

  it("a live message far below a jumped window flags newer messages instead of leaving a gap", () => {
    let state = reduce(
      undefined,
      windowJumped({ chatId: CHAT, messages: range(10, 20), hasOlder: true, hasNewer: true, seq: 15 }),
    );
    state = reduce(state, storedReceived(msg(500)));
    expect(state.byChat[CHAT]?.list.ids).toHaveLength(11);
    expect(state.byChat[CHAT]?.hasNewer).toBe(true);
    // Scrolling both ways: older pages prepend (firstItemIndex moves), newer pages append.
    state = reduce(state, olderLoaded({ chatId: CHAT, messages: range(5, 9), hasOlder: true }));
    expect(state.byChat[CHAT]?.firstItemIndex).toBe(FIRST_ITEM_INDEX - 5);
    state = reduce(state, newerLoaded({ chatId: CHAT, messages: range(21, 30), hasNewer: false }));
    expect(state.byChat[CHAT]?.list.ids).toHaveLength(26);
    expect(state.byChat[CHAT]?.firstItemIndex).toBe(FIRST_ITEM_INDEX - 5);
    // That page filled a gap: the list must not follow it to its end.
    expect(state.byChat[CHAT]?.gapPageEndSeq).toBe(30);
    // It was read before 500 arrived live, which it does not reach: there is still more below.
    expect(state.byChat[CHAT]?.hasNewer).toBe(true);
    state = reduce(state, newerLoaded({ chatId: CHAT, messages: range(31, 500), hasNewer: false }));
    expect(state.byChat[CHAT]?.hasNewer).toBe(false);
    // A catch-up below a window that had no gap is followed as usual.
    state = reduce(state, newerLoaded({ chatId: CHAT, messages: range(501, 502), hasNewer: false }));
    expect(state.byChat[CHAT]?.gapPageEndSeq).toBe(500);
  });
});

/** A client whose timeline is the SDK's own, over a fake cache and server. */
function withTimeline(parts: {
  loadHistory?: unknown;
  cachedMessages?: unknown;
  cachedChat?: unknown;
}): Partial<ChatClient> {
  const cache = {
    getMessages: parts.cachedMessages ?? (async () => []),
    getChat: async () => parts.cachedChat,
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

const page = (messages: Message[], extra: Partial<HistoryPage> = {}): HistoryPage => ({
  messages,
  hasMore: true,
  lastSeq: 1000,
  changeSeq: 1000,
  ...extra,
});

describe("jump thunks", () => {
  it("a loaded message is only focused: no request", async () => {
    const loadHistory = vi.fn();
    const store = storeWith(withTimeline({ loadHistory }));
    store.dispatch(windowLoaded({ chatId: CHAT, messages: range(1, 50), hasOlder: false, hasNewer: false }));
    // biome-ignore lint/suspicious/noExplicitAny: test store typing
    await (store.dispatch as any)(jumpToMessage(CHAT, 20));
    expect(loadHistory).not.toHaveBeenCalled();
    expect(store.getState().messages.byChat[CHAT]?.focus?.seq).toBe(20);
  });

  it("opening a chat at a message is not overridden by the chat's usual opening", async () => {
    let answer: (p: HistoryPage) => void = () => {};
    const loadHistory = vi.fn((_chatId: string, q: { around?: number }) =>
      q.around !== undefined
        ? new Promise<HistoryPage>((resolve) => (answer = resolve))
        : Promise.resolve(page(range(951, 1000))),
    );
    const cachedMessages = vi.fn(async () => []);
    const store = storeWith(withTimeline({ loadHistory, cachedMessages }));
    // biome-ignore lint/suspicious/noExplicitAny: test store typing
    const dispatch = store.dispatch as any;
    const opened = dispatch(openChatAt(CHAT, 100));
    expect(store.getState().chats.selectedId).toBe(CHAT);
    await dispatch(openChatHistory(CHAT)); // what the list does when it mounts
    answer(page(range(76, 125), { hasOlder: true, hasNewer: true }));
    await opened;
    const chat = store.getState().messages.byChat[CHAT];
    expect(chat?.list.ids).toHaveLength(50);
    expect(chat?.list.entities[chat.list.ids[0] ?? ""]?.seq).toBe(76);
    expect(chat).toMatchObject({ hasNewer: true, ready: true });
    expect(loadHistory).toHaveBeenCalledTimes(1);

    // The ↓ button: back to the newest page, as a new window.
    await dispatch(jumpToLatest(CHAT));
    const latest = store.getState().messages.byChat[CHAT];
    expect(latest?.list.entities[latest.list.ids.at(-1) ?? ""]?.seq).toBe(1000);
    expect(latest?.hasNewer).toBe(false);
    expect(latest?.windowId).toBe((chat?.windowId ?? 0) + 1);
  });

  it("a slower, older jump never replaces a newer one", async () => {
    const answers: Array<(p: HistoryPage) => void> = [];
    const loadHistory = vi.fn(() => new Promise<HistoryPage>((resolve) => answers.push(resolve)));
    const store = storeWith(withTimeline({ loadHistory }));
    // biome-ignore lint/suspicious/noExplicitAny: test store typing
    const dispatch = store.dispatch as any;
    const first = dispatch(jumpToMessage(CHAT, 100));
    const second = dispatch(jumpToMessage(CHAT, 500));
    answers[1]?.(page(range(475, 525), { hasOlder: true, hasNewer: true }));
    answers[0]?.(page(range(76, 125), { hasOlder: true, hasNewer: true }));
    await Promise.all([first, second]);
    expect(store.getState().messages.byChat[CHAT]?.focus?.seq).toBe(500);
    expect(store.getState().messages.byChat[CHAT]?.list.ids).toHaveLength(51);
  });

  it("a message sent before the chat placed any window (its open waits for the first catch-up) opens the newest", async () => {
    const loadHistory = vi.fn(async () => page(range(951, 1000), { hasMore: true }));
    const sent = vi.fn(async () => {});
    const client = {
      ...withTimeline({ loadHistory }),
      stopTyping: () => {},
      sendMessage: sent,
    } as unknown as Partial<ChatClient>;
    const store = storeWith(client);
    // biome-ignore lint/suspicious/noExplicitAny: test store typing
    await (store.dispatch as any)(sendMessage(CHAT, "hi"));
    expect(sent).toHaveBeenCalledWith(CHAT, "hi", {});
    await vi.waitFor(() => expect(store.getState().messages.byChat[CHAT]?.ready).toBe(true));
    const chat = store.getState().messages.byChat[CHAT];
    expect(chat?.list.entities[chat.list.ids.at(-1) ?? ""]?.seq).toBe(1000);
    expect(chat).toMatchObject({ hasNewer: false, opening: false });
  });

  it("a message sent while the chat opens at its first unread goes to the newest, not after the old window", async () => {
    let answerOpening: (p: HistoryPage) => void = () => {};
    const loadHistory = vi.fn((_chatId: string, q: { after?: number }) =>
      q.after !== undefined
        ? new Promise<HistoryPage>((resolve) => (answerOpening = resolve))
        : Promise.resolve(page(range(951, 1000), { hasMore: true })),
    );
    const sent = vi.fn(async () => {});
    const client = {
      ...withTimeline({ loadHistory, cachedChat: { id: CHAT, unreadCount: 900, myReadSeq: 100 } }),
      stopTyping: () => {},
      sendMessage: sent,
    } as unknown as Partial<ChatClient>;
    const store = storeWith(client);
    // biome-ignore lint/suspicious/noExplicitAny: test store typing
    const dispatch = store.dispatch as any;
    const opening = dispatch(openChatHistory(CHAT));
    await vi.waitFor(() => expect(loadHistory).toHaveBeenCalledTimes(1));
    await dispatch(sendMessage(CHAT, "hi"));
    expect(sent).toHaveBeenCalledWith(CHAT, "hi", {});
    // The first-unread page answers after the send: it is no longer wanted.
    answerOpening(page(range(81, 130), { hasMore: true }));
    await opening;
    await vi.waitFor(() => expect(store.getState().messages.byChat[CHAT]?.ready).toBe(true));
    const chat = store.getState().messages.byChat[CHAT];
    expect(chat?.list.entities[chat.list.ids.at(-1) ?? ""]?.seq).toBe(1000);
    expect(chat?.hasNewer).toBe(false);
  });
});
