import type { ChatSummary, Message } from "@teamchat/protocol";
import { aChat, aMember, aMessage, aUser } from "@teamchat/protocol/testing";
import { describe, expect, it } from "vitest";
import type { RootState } from "../../app/store.js";
import { tickFor } from "../messages/selectors.js";
import { chatsLoaded, chatsSlice, chatUpserted, filterChanged, showArchived } from "./chatsSlice.js";
import { chatTitle, selectArchivedCount, selectTotalUnread, selectVisibleChats } from "./selectors.js";

const ME = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const BOB = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const CY = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";

const member = (id: string, name: string, readSeq: number | null = 0, deliveredSeq = 0) =>
  aMember(aUser(id, name), { readSeq, deliveredSeq });

const chat = (id: string, extra: Partial<ChatSummary> = {}): ChatSummary =>
  aChat(id, { members: [member(ME, "Me"), member(BOB, "Bob")], ...extra });

const message = (chatId: string, seq: number, senderId: string, at: string): Message =>
  aMessage({ id: crypto.randomUUID(), chatId, seq, senderId, clientId: `c-${seq}-abcdef`, body: "x", createdAt: at });

const reduce = chatsSlice.reducer;
const root = (chats: ReturnType<typeof reduce>) =>
  ({ chats, session: { status: "signed-in", me: { id: ME } } }) as unknown as RootState;

describe("chats slice", () => {
  it("sorts by last activity and moves a chat up when the SDK gives it newer", () => {
    let state = reduce(
      undefined,
      chatsLoaded([chat("c1", { lastActivityAt: "2026-01-02T00:00:00.000Z" }), chat("c2")]),
    );
    expect(state.ids).toEqual(["c1", "c2"]);
    const at = "2026-01-03T00:00:00.000Z";
    state = reduce(
      state,
      chatUpserted(
        chat("c2", { lastSeq: 1, lastActivityAt: at, lastMessage: message("c2", 1, BOB, at), unreadCount: 1 }),
      ),
    );
    expect(state.ids).toEqual(["c2", "c1"]);
    expect(state.entities.c2?.unreadCount).toBe(1);
    expect(selectTotalUnread(root(state))).toBe(1);
  });

  it("mirrors: a list or a chat replaces what the store held, counts included", () => {
    let state = reduce(undefined, chatsLoaded([chat("c1", { unreadCount: 3, mentionCount: 1 })]));
    state = reduce(state, chatsLoaded([chat("c1", { unreadCount: 0, mentionCount: 0 })]));
    expect(state.entities.c1).toMatchObject({ unreadCount: 0, mentionCount: 0 });
    state = reduce(state, chatUpserted(chat("c1", { unreadCount: 2, mentionCount: 1 })));
    expect(state.entities.c1).toMatchObject({ unreadCount: 2, mentionCount: 1 });
  });

  it("filters by chat title or member name", () => {
    let state = reduce(
      undefined,
      chatsLoaded([
        chat("c1"),
        chat("c2", { type: "group", name: "Launch crew", members: [member(ME, "Me"), member(CY, "Cy")] }),
      ]),
    );
    state = reduce(state, filterChanged("laun"));
    expect(selectVisibleChats(root(state)).map((c) => c.id)).toEqual(["c2"]);
    state = reduce(state, filterChanged("bob"));
    expect(selectVisibleChats(root(state)).map((c) => c.id)).toEqual(["c1"]);
    expect(chatTitle(chat("c1"), ME)).toBe("Bob");
  });
});

describe("chat settings", () => {
  it("pinned chats come first; archived ones leave the main list; muted unread does not count in the title", () => {
    let state = reduce(
      undefined,
      chatsLoaded([
        chat("c1", { lastActivityAt: "2026-01-03T00:00:00.000Z", unreadCount: 2 }),
        chat("c2", { lastActivityAt: "2026-01-02T00:00:00.000Z", unreadCount: 3 }),
        chat("c3", { lastActivityAt: "2026-01-01T00:00:00.000Z" }),
      ]),
    );
    const settle = (id: string, extra: Partial<ChatSummary>) =>
      chatUpserted({ ...state.entities[id], ...extra } as ChatSummary);
    state = reduce(state, settle("c3", { pinned: true }));
    expect(state.ids).toEqual(["c3", "c1", "c2"]);
    state = reduce(state, settle("c1", { archived: true }));
    expect(selectVisibleChats(root(state)).map((c) => c.id)).toEqual(["c3", "c2"]);
    expect(selectArchivedCount(root(state))).toBe(1);
    state = reduce(state, showArchived(true));
    expect(selectVisibleChats(root(state)).map((c) => c.id)).toEqual(["c1"]);
    const muted = new Date(Date.now() + 3_600_000).toISOString();
    state = reduce(state, settle("c2", { mutedUntil: muted }));
    expect(selectTotalUnread(root(state))).toBe(2);
  });
});

describe("ticks", () => {
  const stored = {
    key: "k",
    id: "i",
    chatId: "g",
    seq: 5,
    senderId: ME,
    clientId: "c",
    kind: "text" as const,
    body: "",
    createdAt: "",
    status: "stored" as const,
    error: null,
    editedAt: null,
    deletedAt: null,
    reactions: [],
    replyTo: null,
    pinnedAt: null,
    mentions: [],
    forwarded: false,
    expiresAt: null,
    attachments: [],
    undelivered: false,
    playedBy: [],
    changeSeq: 5,
  };

  it("go sent → delivered → read only when every other member has passed the message", () => {
    let state = reduce(
      undefined,
      chatsLoaded([
        chat("g", { type: "group", members: [member(ME, "Me"), member(BOB, "Bob", 0, 5), member(CY, "Cy", 0, 4)] }),
      ]),
    );
    expect(tickFor(stored, state.entities.g, ME)).toBe("sent");
    const pointers = (bob: [number, number], cy: [number, number]) =>
      chatUpserted(
        chat("g", {
          type: "group",
          members: [member(ME, "Me"), member(BOB, "Bob", bob[0], bob[1]), member(CY, "Cy", cy[0], cy[1])],
        }),
      );
    state = reduce(state, pointers([0, 5], [5, 5]));
    expect(tickFor(stored, state.entities.g, ME)).toBe("delivered");
    state = reduce(state, pointers([9, 9], [5, 5]));
    expect(tickFor(stored, state.entities.g, ME)).toBe("read");
    expect(tickFor({ ...stored, status: "sending", seq: null }, state.entities.g, ME)).toBe("sending");
  });

  it("never turn blue for a member who hides read receipts", () => {
    const state = reduce(
      undefined,
      chatsLoaded([chat("d", { members: [member(ME, "Me"), member(BOB, "Bob", null, 9)] })]),
    );
    expect(tickFor(stored, state.entities.d, ME)).toBe("delivered");
  });
});
