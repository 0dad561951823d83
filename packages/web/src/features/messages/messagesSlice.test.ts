import type { Message } from "@teamchat/protocol";
import { aMessage } from "@teamchat/protocol/testing";
import { describe, expect, it } from "vitest";
import {
  FIRST_ITEM_INDEX,
  messageHidden,
  messagesSlice,
  newerLoaded,
  olderLoaded,
  pageLoading,
  pendingChanged,
  pendingKey,
  storedReceived,
  windowJumped,
  windowLoaded,
} from "./messagesSlice.js";

const reduce = messagesSlice.reducer;
const CHAT = "11111111-1111-4111-8111-111111111111";
const ME = "22222222-2222-4222-8222-222222222222";

function msg(seq: number, extra: Partial<Message> = {}): Message {
  return aMessage({
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    chatId: CHAT,
    seq,
    senderId: "33333333-3333-4333-8333-333333333333",
    clientId: `c-${seq}-xxxxxx`,
    body: `m${seq}`,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
    ...extra,
  });
}

const seqsOf = (state: ReturnType<typeof reduce>) =>
  state.byChat[CHAT]?.list.ids.map((id) => state.byChat[CHAT]?.list.entities[id]?.seq ?? null);

describe("messages slice", () => {
  it("an empty window of a whole chat ends at seq 0: a later message is a gap, not the next one", () => {
    // Opened empty, offline meanwhile: my ack (seq 3) arrives before the catch-up brings 1 and 2.
    let state = reduce(undefined, windowLoaded({ chatId: CHAT, messages: [], hasOlder: false, hasNewer: false }));
    state = reduce(state, storedReceived(msg(3)));
    expect(seqsOf(state)).toEqual([]);
    expect(state.byChat[CHAT]?.hasNewer).toBe(true);
    // The first message of an empty chat continues it.
    state = reduce(undefined, windowLoaded({ chatId: CHAT, messages: [], hasOlder: false, hasNewer: false }));
    expect(seqsOf(reduce(state, storedReceived(msg(1))))).toEqual([1]);
  });

  it("every window an open loads opens at the first unread; a jump's or the newest's does not", () => {
    const open = (state: ReturnType<typeof reduce> | undefined, seqs: number[]) =>
      reduce(
        state,
        windowLoaded({
          chatId: CHAT,
          messages: seqs.map((seq) => msg(seq)),
          hasOlder: true,
          hasNewer: false,
          opening: true,
        }),
      );
    // The cache's window, then a second open's (a reconnection while the first was loading).
    let state = open(undefined, [1, 2]);
    state = open(state, [1, 2, 3]);
    expect(state.byChat[CHAT]).toMatchObject({ windowId: 2, opening: true });
    state = reduce(state, windowJumped({ chatId: CHAT, messages: [msg(2)], hasOlder: true, hasNewer: true, seq: 2 }));
    expect(state.byChat[CHAT]?.opening).toBe(false);
    state = reduce(state, windowLoaded({ chatId: CHAT, messages: [msg(3)], hasOlder: true, hasNewer: false }));
    expect(state.byChat[CHAT]?.opening).toBe(false);
  });

  it("keeps messages ordered by seq with my pending ones last, and swaps pending for stored by clientId", () => {
    let state = reduce(
      undefined,
      windowLoaded({ chatId: CHAT, messages: [msg(1), msg(2)], hasOlder: false, hasNewer: false }),
    );
    const send = {
      clientId: "mine-123456",
      chatId: CHAT,
      body: "hi",
      createdAt: new Date().toISOString(),
      status: "sending" as const,
      error: null,
      order: 1,
      attempts: 0,
    };
    state = reduce(state, pendingChanged({ send, senderId: ME }));
    expect(seqsOf(state)).toEqual([1, 2, null]);
    state = reduce(state, storedReceived(msg(3, { clientId: "mine-123456", senderId: ME, body: "hi" })));
    expect(seqsOf(state)).toEqual([1, 2, 3]);
    expect(state.byChat[CHAT]?.list.entities[pendingKey("mine-123456")]).toBeUndefined();
    // The ack after the echo changes nothing.
    state = reduce(state, storedReceived(msg(3, { clientId: "mine-123456", senderId: ME, body: "hi" })));
    expect(seqsOf(state)).toEqual([1, 2, 3]);
  });

  it("my ack that comes while the chat's window is read continues the window in place of my pending copy", () => {
    // The chat is opening (its window being read) when I send, and the ack comes first.
    let state = reduce(undefined, pageLoading({ chatId: CHAT }));
    const send = {
      clientId: "soup-123456",
      chatId: CHAT,
      body: "I will bring the soup",
      createdAt: new Date().toISOString(),
      status: "sending" as const,
      error: null,
      order: 1,
      attempts: 0,
    };
    state = reduce(state, pendingChanged({ send, senderId: ME }));
    state = reduce(state, storedReceived(msg(3, { clientId: "soup-123456", senderId: ME, body: send.body })));
    // The window was read before the message was stored: it ends at 2, and nothing is newer.
    state = reduce(state, windowLoaded({ chatId: CHAT, messages: [msg(1), msg(2)], hasOlder: false, hasNewer: false }));
    expect(seqsOf(state)).toEqual([1, 2, 3]);
    expect(state.byChat[CHAT]?.list.entities[pendingKey("soup-123456")]).toBeUndefined();
    expect(state.byChat[CHAT]?.hasNewer).toBe(false);
    // When I last wrote here: an open still waiting to place its window goes to the newest.
    expect(state.byChat[CHAT]?.lastSentAt).toBe(send.createdAt);
  });

  it("what arrives while a window is read is not appended across a gap, nor to a window short of the end", () => {
    let state = reduce(undefined, pageLoading({ chatId: CHAT }));
    state = reduce(state, storedReceived(msg(4)));
    state = reduce(state, windowLoaded({ chatId: CHAT, messages: [msg(1), msg(2)], hasOlder: false, hasNewer: false }));
    expect(seqsOf(state)).toEqual([1, 2]);
    expect(state.byChat[CHAT]?.hasNewer).toBe(true);
    state = reduce(undefined, pageLoading({ chatId: CHAT }));
    state = reduce(state, storedReceived(msg(3)));
    state = reduce(state, windowLoaded({ chatId: CHAT, messages: [msg(1), msg(2)], hasOlder: false, hasNewer: true }));
    expect(seqsOf(state)).toEqual([1, 2]);
    expect(state.byChat[CHAT]?.hasNewer).toBe(true);
  });

  it("prepending older pages lowers firstItemIndex by exactly the number of new items", () => {
    let state = reduce(
      undefined,
      windowLoaded({ chatId: CHAT, messages: [msg(51), msg(52)], hasOlder: true, hasNewer: false }),
    );
    state = reduce(state, olderLoaded({ chatId: CHAT, messages: [msg(49), msg(50), msg(51)], hasOlder: true }));
    expect(state.byChat[CHAT]?.firstItemIndex).toBe(FIRST_ITEM_INDEX - 2);
    expect(seqsOf(state)).toEqual([49, 50, 51, 52]);
  });

  it("never appends across a gap: it flags hasNewer so the list fetches the missing range", () => {
    let state = reduce(undefined, windowLoaded({ chatId: CHAT, messages: [msg(1)], hasOlder: false, hasNewer: false }));
    state = reduce(state, storedReceived(msg(3)));
    expect(seqsOf(state)).toEqual([1]);
    expect(state.byChat[CHAT]?.hasNewer).toBe(true);
  });

  it("a window that was read before a live message arrived does not drop that message", () => {
    let state = reduce(undefined, storedReceived(msg(1))); // chat not open: ignored
    expect(state.byChat[CHAT]).toBeUndefined();
    state = reduce(state, windowLoaded({ chatId: CHAT, messages: [], hasOlder: false, hasNewer: false }));
    state = reduce(state, storedReceived(msg(1)));
    state = reduce(state, windowLoaded({ chatId: CHAT, messages: [], hasOlder: false, hasNewer: false }));
    expect(seqsOf(state)).toEqual([1]);
  });

  it("a window or page read before a live edit never shows the older copy again", () => {
    const edited = msg(2, { body: "m2 (edited)", changeSeq: 5, editedAt: "2026-01-01T01:00:00.000Z" });
    const bodyOf2 = (state: ReturnType<typeof reduce>) => state.byChat[CHAT]?.list.entities[edited.id]?.body;
    // Open chat: the edit arrives live, then a reload of the window read before it (a reconnect).
    let state = reduce(
      undefined,
      windowLoaded({ chatId: CHAT, messages: [msg(1), msg(2)], hasOlder: false, hasNewer: false }),
    );
    state = reduce(state, storedReceived(edited));
    state = reduce(state, windowLoaded({ chatId: CHAT, messages: [msg(1), msg(2)], hasOlder: false, hasNewer: false }));
    expect(bodyOf2(state)).toBe("m2 (edited)");
    state = reduce(state, newerLoaded({ chatId: CHAT, messages: [msg(2)], hasNewer: false }));
    expect(bodyOf2(state)).toBe("m2 (edited)");

    // A chat whose window is still being read when the edit arrives.
    state = reduce(undefined, pageLoading({ chatId: CHAT }));
    state = reduce(state, storedReceived(edited));
    state = reduce(state, windowLoaded({ chatId: CHAT, messages: [msg(1), msg(2)], hasOlder: false, hasNewer: false }));
    expect(bodyOf2(state)).toBe("m2 (edited)");
    expect(state.byChat[CHAT]?.arrivedWhileLoading).toBeUndefined();
    // A newer copy still replaces.
    state = reduce(
      state,
      windowLoaded({
        chatId: CHAT,
        messages: [msg(1), { ...edited, body: "again", changeSeq: 6 }],
        hasOlder: false,
        hasNewer: false,
      }),
    );
    expect(bodyOf2(state)).toBe("again");
  });
});

describe("delete for me and forwards", () => {
  it("a hidden message leaves the list; a later live message still continues it", () => {
    let state = reduce(
      undefined,
      windowLoaded({ chatId: CHAT, messages: [msg(1), msg(2), msg(3)], hasOlder: false, hasNewer: false }),
    );
    state = reduce(state, messageHidden({ chatId: CHAT, messageId: msg(2).id }));
    expect(seqsOf(state)).toEqual([1, 3]);
    state = reduce(state, storedReceived(msg(4)));
    expect(seqsOf(state)).toEqual([1, 3, 4]);
  });

  it("a pending forward shows as forwarded before the server stores it", () => {
    const send = {
      clientId: "fwd-000001",
      chatId: CHAT,
      body: "copied",
      createdAt: new Date().toISOString(),
      order: 1,
      status: "sending" as const,
      error: null,
      attempts: 0,
      forwardOf: { chatId: CHAT, messageId: msg(1).id },
    };
    const state = reduce(undefined, pendingChanged({ send, senderId: ME }));
    expect(state.byChat[CHAT]?.list.entities[pendingKey("fwd-000001")]).toMatchObject({ forwarded: true });
  });
});
