import { request } from "@teamchat/sdk";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../src/db/database.js";
import { collect, newClientId, nextEvent, sleep, type TestUser, useTestServer } from "./harness.js";

const server = useTestServer();

async function sendMany(user: TestUser, chatId: string, n: number) {
  const socket = await user.connect();
  for (let i = 0; i < n; i++) await request(socket, "message:send", { chatId, clientId: newClientId(), body: `n${i}` });
  return socket;
}

/** The unread count recomputed from scratch, to compare with what the server reports. */
async function recount(chatId: string, userId: string): Promise<number> {
  const result = await server.database.db.execute(sql`
    SELECT count(*)::int AS n FROM messages m JOIN chat_members cm ON cm.chat_id = m.chat_id AND cm.user_id = ${userId}
    WHERE m.chat_id = ${chatId} AND m.seq > cm.read_seq AND m.sender_id IS DISTINCT FROM ${userId}`);
  return rowsOf<{ n: number }>(result)[0]?.n ?? -1;
}

describe("delivered and read pointers in a direct chat", () => {
  it("the sender sees ✓✓ delivered then read; pointers never move back or past the last seq", async () => {
    const [a, b] = [await server.user("rc-a"), await server.user("rc-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const aSocket = await sendMany(a, chat.id, 3);
    const bSocket = await b.connect();

    const delivered = nextEvent(aSocket, "message:delivered");
    expect(await request(bSocket, "message:delivered", { chatId: chat.id, upToSeq: 3 })).toEqual({ upToSeq: 3 });
    expect(await delivered).toEqual({ chatId: chat.id, pointers: [{ userId: b.id, upToSeq: 3 }] });

    const read = nextEvent(aSocket, "message:read");
    expect(await request(bSocket, "message:read", { chatId: chat.id, upToSeq: 2 })).toEqual({
      upToSeq: 2,
      unreadCount: 1,
    });
    expect(await read).toEqual({ chatId: chat.id, userId: b.id, upToSeq: 2 });

    // Backwards and beyond-the-end requests leave the pointer where it must be.
    const echoes = collect(aSocket, "message:read");
    expect(await request(bSocket, "message:read", { chatId: chat.id, upToSeq: 1 })).toMatchObject({ upToSeq: 2 });
    expect(await request(bSocket, "message:read", { chatId: chat.id, upToSeq: 999 })).toEqual({
      upToSeq: 3,
      unreadCount: 0,
    });
    await sleep(100);
    expect(echoes.map((e) => e.upToSeq)).toEqual([3]);
    const members = (await a.api.chat(chat.id)).members;
    expect(members.find((m) => m.user.id === b.id)).toMatchObject({ deliveredSeq: 3, readSeq: 3 });
  });
});

describe("groups", () => {
  it("every member's pointers reach the sender, so 'read by all' is computable", async () => {
    const [owner, m1, m2] = [await server.user("gr-o"), await server.user("gr-1"), await server.user("gr-2")];
    const chat = await owner.api.createGroupChat({ name: "receipts", memberIds: [m1.id, m2.id] });
    const ownerSocket = await sendMany(owner, chat.id, 2);
    const reads = collect(ownerSocket, "message:read");
    const [s1, s2] = await Promise.all([m1.connect(), m2.connect()]);
    await request(s1, "message:read", { chatId: chat.id, upToSeq: 2 });
    await request(s2, "message:read", { chatId: chat.id, upToSeq: 1 });
    await sleep(100);
    expect(reads).toEqual([
      { chatId: chat.id, userId: m1.id, upToSeq: 2 },
      { chatId: chat.id, userId: m2.id, upToSeq: 1 },
    ]);
    const view = await owner.api.chat(chat.id);
    const others = view.members.filter((m) => m.user.id !== owner.id);
    expect(Math.min(...others.map((m) => m.readSeq ?? 0))).toBe(1); // seq 1 read by all, seq 2 by 1 of 2
    expect(others.every((m) => m.deliveredSeq >= (m.readSeq ?? 0))).toBe(true);
  });

  it("delivered marks of several members in one batch reach everyone as ONE event per chat", async () => {
    const [owner, m1, m2, m3] = [
      await server.user("gd-o"),
      await server.user("gd-1"),
      await server.user("gd-2"),
      await server.user("gd-3"),
    ];
    const chat = await owner.api.createGroupChat({ name: "delivered", memberIds: [m1.id, m2.id, m3.id] });
    const ownerSocket = await sendMany(owner, chat.id, 3);
    const sockets = await Promise.all([m1.connect(), m2.connect(), m3.connect()]);
    const seen = collect(ownerSocket, "message:delivered");
    const seenByMember = collect(sockets[0], "message:delivered");
    // All three marks land inside one batch window (they are sent together, the window is 200 ms).
    const acks = await Promise.all(
      sockets.map((s, i) => request(s, "message:delivered", { chatId: chat.id, upToSeq: i + 1 })),
    );
    expect(acks).toEqual([{ upToSeq: 1 }, { upToSeq: 2 }, { upToSeq: 3 }]);
    await sleep(100);
    const pointersOf = (events: typeof seen) =>
      events.flatMap((e) => e.pointers.map((p) => ({ chatId: e.chatId, ...p }))).sort((a, b) => a.upToSeq - b.upToSeq);
    const expected = [
      { chatId: chat.id, userId: m1.id, upToSeq: 1 },
      { chatId: chat.id, userId: m2.id, upToSeq: 2 },
      { chatId: chat.id, userId: m3.id, upToSeq: 3 },
    ];
    expect(pointersOf(seen)).toEqual(expected);
    expect(pointersOf(seenByMember)).toEqual(expected);
    expect(seen.length).toBeLessThan(3); // merged (normally exactly 1; 2 if the marks straddled a window)
  });
});

describe("unread counts", () => {
  it("always equal a recount, across sends, reads, my own messages and several tabs", async () => {
    const [me, peer] = [await server.user("un-me"), await server.user("un-peer")];
    const { chat } = await me.api.createDirectChat(peer.id);
    const peerSocket = await sendMany(peer, chat.id, 5);
    const [tab1, tab2] = await Promise.all([me.connect(), me.connect()]);
    const check = async () => {
      const listed = (await me.api.chats()).find((c) => c.id === chat.id)?.unreadCount;
      expect(listed).toBe(await recount(chat.id, me.id));
      return listed;
    };
    expect(await check()).toBe(5);
    await request(tab1, "message:send", { chatId: chat.id, clientId: newClientId(), body: "mine" }); // seq 6
    expect(await check()).toBe(5);

    const otherTabSees = nextEvent(tab2, "chat:read-state");
    await request(tab1, "message:read", { chatId: chat.id, upToSeq: 3 });
    expect(await otherTabSees).toEqual({ chatId: chat.id, readSeq: 3, unreadCount: 2, mentionCount: 0 });
    expect(await check()).toBe(2);

    await request(peerSocket, "message:send", { chatId: chat.id, clientId: newClientId(), body: "more" }); // seq 7
    expect(await check()).toBe(3);
    await request(tab2, "message:read", { chatId: chat.id, upToSeq: 7 });
    expect(await check()).toBe(0);
  });
});

describe("read receipts privacy", () => {
  it("with read receipts off, others never see my read pointer, but my own tabs still sync", async () => {
    const [a, shy] = [await server.user("pv-a"), await server.user("pv-shy")];
    await shy.api.updatePrivacy({ readReceipts: false });
    const { chat } = await a.api.createDirectChat(shy.id);
    const aSocket = await sendMany(a, chat.id, 2);
    const seenByA = collect(aSocket, "message:read");
    const [shyTab1, shyTab2] = await Promise.all([shy.connect(), shy.connect()]);
    const ownEcho = nextEvent(shyTab2, "chat:read-state");
    await request(shyTab1, "message:read", { chatId: chat.id, upToSeq: 2 });
    expect(await ownEcho).toMatchObject({ readSeq: 2, unreadCount: 0 });
    await sleep(100);
    expect(seenByA).toEqual([]);
    expect((await a.api.chat(chat.id)).members.find((m) => m.user.id === shy.id)?.readSeq).toBeNull();
  });

  it("in a direct chat, hiding my read receipts also hides the other person's from me", async () => {
    const [reader, shy] = [await server.user("pv-reader"), await server.user("pv-shy2")];
    await shy.api.updatePrivacy({ readReceipts: false });
    const { chat } = await shy.api.createDirectChat(reader.id);
    const shySocket = await sendMany(shy, chat.id, 2);
    const seenByShy = collect(shySocket, "message:read");
    await request(await reader.connect(), "message:read", { chatId: chat.id, upToSeq: 2 });
    await sleep(150);
    expect(seenByShy).toEqual([]);
    const view = await shy.api.chat(chat.id);
    expect(view.members.find((m) => m.user.id === reader.id)?.readSeq).toBeNull();
    // The reader, who shares receipts, still has their own pointer; groups are not affected.
    expect((await reader.api.chat(chat.id)).myReadSeq).toBe(2);
  });
});
