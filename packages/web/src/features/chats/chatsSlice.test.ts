import type { ChatSummary, Message } from "@teamchat/protocol";
import { describe, expect, it } from "vitest";
import type { RootState } from "../../app/store.js";
import { tickFor } from "../messages/selectors.js";
import {
  chatsLoaded,
  chatsSlice,
  filterChanged,
  memberRead,
  messageArrived,
  readStateChanged,
  settingsChanged,
  showArchived,
} from "./chatsSlice.js";
import { chatTitle, selectArchivedCount, selectTotalUnread, selectVisibleChats } from "./selectors.js";

const ME = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const BOB = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const CY = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";

const user = (id: string, displayName: string) => ({
  id,
  username: displayName.toLowerCase(),
  displayName,
  avatarUrl: null,
  statusMessage: null,
});
const member = (id: string, name: string, readSeq: number | null = 0, deliveredSeq = 0) => ({
  user: user(id, name),
  role: "member" as const,
  joinedAt: "2026-01-01T00:00:00.000Z",
  deliveredSeq,
  readSeq,
});

function chat(id: string, extra: Partial<ChatSummary> = {}): ChatSummary {
  return {
    id,
    type: "direct",
    name: null,
    description: null,
    avatarUrl: null,
    createdAt: "2026-01-01T00:00:00.000Z",
    lastSeq: 0,
    changeSeq: 0,
    lastActivityAt: "2026-01-01T00:00:00.000Z",
    lastMessage: null,
    unreadCount: 0,
    myRole: "member",
    myReadSeq: 0,
    myDeliveredSeq: 0,
    mutedUntil: null,
    archived: false,
    pinned: false,
    onlyAdminsCanPost: false,
    membersCanAddOthers: false,
    leftAtSeq: null,
    members: [member(ME, "Me"), member(BOB, "Bob")],
    ...extra,
  };
}

const message = (chatId: string, seq: number, senderId: string, at: string): Message => ({
  id: crypto.randomUUID(),
  chatId,
  seq,
  senderId,
  clientId: `c-${seq}-abcdef`,
  kind: "text",
  body: "x",
  createdAt: at,
  editedAt: null,
  deletedAt: null,
  reactions: [],
  changeSeq: seq,
});

const reduce = chatsSlice.reducer;
const root = (chats: ReturnType<typeof reduce>) =>
  ({ chats, session: { status: "signed-in", me: { id: ME } } }) as unknown as RootState;

describe("chats slice", () => {
  it("sorts by last activity and moves a chat up when a message arrives", () => {
    let state = reduce(
      undefined,
      chatsLoaded([chat("c1", { lastActivityAt: "2026-01-02T00:00:00.000Z" }), chat("c2")]),
    );
    expect(state.ids).toEqual(["c1", "c2"]);
    state = reduce(state, messageArrived({ message: message("c2", 1, BOB, "2026-01-03T00:00:00.000Z"), myId: ME }));
    expect(state.ids).toEqual(["c2", "c1"]);
    expect(state.entities.c2?.unreadCount).toBe(1);
  });

  it("counts as unread only others' messages it has not seen before", () => {
    let state = reduce(undefined, chatsLoaded([chat("c1")]));
    const at = "2026-01-03T00:00:00.000Z";
    state = reduce(state, messageArrived({ message: message("c1", 1, ME, at), myId: ME }));
    state = reduce(state, messageArrived({ message: message("c1", 2, BOB, at), myId: ME }));
    state = reduce(state, messageArrived({ message: message("c1", 2, BOB, at), myId: ME })); // replay
    expect(state.entities.c1).toMatchObject({ unreadCount: 1, lastSeq: 2 });
    state = reduce(state, readStateChanged({ chatId: "c1", readSeq: 2, unreadCount: 0 }));
    state = reduce(state, readStateChanged({ chatId: "c1", readSeq: 1, unreadCount: 1 })); // stale: ignored
    expect(state.entities.c1).toMatchObject({ unreadCount: 0, myReadSeq: 2 });
    expect(selectTotalUnread(root(state))).toBe(0);
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
    state = reduce(state, settingsChanged({ chatId: "c3", mutedUntil: null, archived: false, pinned: true }));
    expect(state.ids).toEqual(["c3", "c1", "c2"]);
    state = reduce(state, settingsChanged({ chatId: "c1", mutedUntil: null, archived: true, pinned: false }));
    expect(selectVisibleChats(root(state)).map((c) => c.id)).toEqual(["c3", "c2"]);
    expect(selectArchivedCount(root(state))).toBe(1);
    state = reduce(state, showArchived(true));
    expect(selectVisibleChats(root(state)).map((c) => c.id)).toEqual(["c1"]);
    const muted = new Date(Date.now() + 3_600_000).toISOString();
    state = reduce(state, settingsChanged({ chatId: "c2", mutedUntil: muted, archived: false, pinned: false }));
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
    state = reduce(state, memberRead({ chatId: "g", userId: CY, upToSeq: 5 }));
    expect(tickFor(stored, state.entities.g, ME)).toBe("delivered");
    state = reduce(state, memberRead({ chatId: "g", userId: BOB, upToSeq: 9 }));
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

describe("mentions in the chat list", () => {
  it("a message mentioning me is a priority unread until my read pointer passes it", () => {
    let state = reduce(undefined, chatsLoaded([chat("c1")]));
    const at = "2026-01-03T00:00:00.000Z";
    state = reduce(state, messageArrived({ message: { ...message("c1", 1, BOB, at), mentions: [ME] }, myId: ME }));
    state = reduce(state, messageArrived({ message: { ...message("c1", 2, BOB, at), mentions: [CY] }, myId: ME }));
    state = reduce(state, messageArrived({ message: { ...message("c1", 3, ME, at), mentions: [ME] }, myId: ME }));
    expect(state.entities.c1).toMatchObject({ unreadCount: 2, mentionCount: 1 });
    state = reduce(state, readStateChanged({ chatId: "c1", readSeq: 1, unreadCount: 1, mentionCount: 0 }));
    expect(state.entities.c1).toMatchObject({ unreadCount: 1, mentionCount: 0 });
  });

  it("a fuller list keeps the higher mention count of a chat this store has seen further", () => {
    let state = reduce(undefined, chatsLoaded([chat("c1")]));
    const mention = { ...message("c1", 1, BOB, "2026-01-03T00:00:00.000Z"), mentions: [ME] };
    state = reduce(state, messageArrived({ message: mention, myId: ME }));
    state = reduce(state, chatsLoaded([chat("c1", { mentionCount: 0 })]));
    expect(state.entities.c1?.mentionCount).toBe(1);
  });
});
