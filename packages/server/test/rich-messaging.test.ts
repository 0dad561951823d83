import { chatSummarySchema, type Message, messageSchema } from "@teamchat/protocol";
import { type ChatSocket, request } from "@teamchat/sdk";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../src/db/database.js";
import { sweepExpired } from "../src/modules/messages/expiry-sweeper.js";
import { collect, newClientId, nextEvent, sleep, type TestUser, useTestServer } from "./harness.js";

const server = useTestServer();

type SendExtra = { mentions?: string[]; forwardOf?: { chatId: string; messageId: string } };

async function send(socket: ChatSocket, chatId: string, body: string, extra: SendExtra = {}): Promise<Message> {
  return (await request(socket, "message:send", { chatId, clientId: newClientId(), body, ...extra })).message;
}

/** An admin, a member, an outsider, a removed member and a user blocked by the admin... in one group. */
async function cast(name: string) {
  const [admin, member, outsider, former] = await Promise.all(
    ["adm", "mem", "out", "for"].map((n) => server.user(`${name}-${n}`)),
  );
  if (!admin || !member || !outsider || !former) throw new Error("users");
  const chat = await admin.api.createGroupChat({ name: `${name} team`, memberIds: [member.id, former.id] });
  return { admin, member, outsider, former, chat };
}

async function chatOf(user: TestUser, chatId: string) {
  return chatSummarySchema.parse(await user.api.chat(chatId));
}

describe("mentions", () => {
  it("are stored as member ids, count as priority unread until read, and reach the member live", async () => {
    const { admin, member, chat } = await cast("men");
    const [aSocket, mSocket] = await Promise.all([admin.connect(), member.connect()]);
    const live = nextEvent(mSocket, "message:new");
    const sent = await send(aSocket, chat.id, `hi @${member.username}`, { mentions: [member.id, member.id, admin.id] });
    // Deduplicated, the sender left out.
    expect(messageSchema.parse(sent).mentions).toEqual([member.id]);
    expect((await live).mentions).toEqual([member.id]);
    await send(aSocket, chat.id, "no mention here");

    expect(await chatOf(member, chat.id)).toMatchObject({ unreadCount: 2, mentionCount: 1 });
    expect(await chatOf(admin, chat.id)).toMatchObject({ mentionCount: 0 });
    expect((await member.api.history(chat.id)).messages.at(-2)?.mentions).toEqual([member.id]);

    const readState = nextEvent(mSocket, "chat:read-state");
    await request(mSocket, "message:read", { chatId: chat.id, upToSeq: sent.seq });
    expect(await readState).toMatchObject({ unreadCount: 1, mentionCount: 0 });
    expect(await chatOf(member, chat.id)).toMatchObject({ unreadCount: 1, mentionCount: 0 });
  });

  it("refuses to mention people who are not members (outsider, removed member)", async () => {
    const { admin, outsider, former, chat } = await cast("mnm");
    await admin.api.removeMember(chat.id, former.id);
    const socket = await admin.connect();
    for (const id of [outsider.id, former.id]) {
      await expect(send(socket, chat.id, "hey", { mentions: [id] })).rejects.toMatchObject({
        code: "VALIDATION_FAILED",
      });
    }
    // A non-member sender is told that first.
    const outSocket = await outsider.connect();
    await expect(send(outSocket, chat.id, "hey", { mentions: [admin.id] })).rejects.toMatchObject({
      code: "NOT_A_MEMBER",
    });
  });

  it("an edit's mentions replace the message's: added and removed mentions show in the unread @ count", async () => {
    const { admin, member, outsider, chat } = await cast("medit");
    const socket = await admin.connect();
    const sent = await send(socket, chat.id, "see you all");
    expect(await chatOf(member, chat.id)).toMatchObject({ mentionCount: 0 });
    const edit = (body: string, mentions?: string[]) =>
      request(socket, "message:edit", { chatId: chat.id, messageId: sent.id, body, ...(mentions && { mentions }) });

    const added = await edit(`see you @${member.username}`, [member.id]);
    expect(added.message.mentions).toEqual([member.id]);
    expect(await chatOf(member, chat.id)).toMatchObject({ mentionCount: 1 });
    // An edit from a client that sends no mentions keeps them.
    expect((await edit(`see you soon @${member.username}`)).message.mentions).toEqual([member.id]);
    // Only members can be mentioned, as on send; nothing changes on refusal.
    await expect(edit("hi stranger", [outsider.id])).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect((await member.api.history(chat.id)).messages.at(-1)).toMatchObject({
      body: `see you soon @${member.username}`,
      mentions: [member.id],
    });

    const removed = await edit("see you soon", []);
    expect(removed.message.mentions).toEqual([]);
    expect(await chatOf(member, chat.id)).toMatchObject({ mentionCount: 0 });
  });

  it("deleting for everyone removes the mention (no priority unread left)", async () => {
    const { admin, member, chat } = await cast("mdel");
    const socket = await admin.connect();
    const sent = await send(socket, chat.id, "@you", { mentions: [member.id] });
    expect(await chatOf(member, chat.id)).toMatchObject({ mentionCount: 1 });
    const { message } = await request(socket, "message:delete", { chatId: chat.id, messageId: sent.id });
    expect(message.mentions).toEqual([]);
    expect(await chatOf(member, chat.id)).toMatchObject({ mentionCount: 0 });
  });
});

describe("forward", () => {
  it("copies a readable message into other chats, marked forwarded, idempotent by clientId", async () => {
    const { admin, member, chat } = await cast("fwd");
    const other = await admin.api.createGroupChat({ name: "elsewhere", memberIds: [] });
    const direct = (await admin.api.createDirectChat(member.id)).chat;
    const [aSocket, mSocket] = await Promise.all([admin.connect(), member.connect()]);
    const source = await send(mSocket, chat.id, "worth sharing");

    const clientId = newClientId();
    const payload = {
      chatId: other.id,
      clientId,
      body: "ignored",
      forwardOf: { chatId: chat.id, messageId: source.id },
    };
    const first = await request(aSocket, "message:send", payload);
    expect(first.message).toMatchObject({
      chatId: other.id,
      body: "worth sharing",
      forwarded: true,
      senderId: admin.id,
    });
    const again = await request(aSocket, "message:send", payload);
    expect(again).toMatchObject({ duplicate: true, message: { id: first.message.id } });

    const live = nextEvent(mSocket, "message:new", (m) => m.chatId === direct.id);
    const toDirect = await send(aSocket, direct.id, "x", { forwardOf: { chatId: chat.id, messageId: source.id } });
    expect((await live).forwarded).toBe(true);
    expect(toDirect.body).toBe("worth sharing");
  });

  it("authorization: must read the source and post to the target", async () => {
    const { admin, member, outsider, former, chat } = await cast("fwa");
    const [aSocket, oSocket, fSocket] = await Promise.all([admin.connect(), outsider.connect(), former.connect()]);
    const before = await send(aSocket, chat.id, "before removal");
    await admin.api.removeMember(chat.id, former.id);
    const after = await send(aSocket, chat.id, "after removal");
    const outsiderOwn = await outsider.api.createGroupChat({ name: "mine", memberIds: [] });
    const fromChat = (messageId: string) => ({ chatId: chat.id, messageId });

    // An outsider cannot read the source.
    await expect(send(oSocket, outsiderOwn.id, "x", { forwardOf: fromChat(before.id) })).rejects.toMatchObject({
      code: "NOT_A_MEMBER",
    });
    // A removed member can forward what they could read, not what came after.
    const formerOwn = await former.api.createGroupChat({ name: "former's", memberIds: [] });
    expect((await send(fSocket, formerOwn.id, "x", { forwardOf: fromChat(before.id) })).forwarded).toBe(true);
    await expect(send(fSocket, formerOwn.id, "x", { forwardOf: fromChat(after.id) })).rejects.toMatchObject({
      code: "MESSAGE_NOT_FOUND",
    });
    // A member cannot forward into a chat they are not in, nor into an admins-only group.
    await expect(send(aSocket, outsiderOwn.id, "x", { forwardOf: fromChat(before.id) })).rejects.toMatchObject({
      code: "NOT_A_MEMBER",
    });
    const announce = await admin.api.createGroupChat({ name: "news", memberIds: [member.id] });
    await admin.api.updateGroupSettings(announce.id, { onlyAdminsCanPost: true });
    const mSocket = await member.connect();
    await expect(send(mSocket, announce.id, "x", { forwardOf: fromChat(before.id) })).rejects.toMatchObject({
      code: "ONLY_ADMINS_CAN_POST",
    });
    // To someone who blocked the sender, a forward is acknowledged but never delivered (as a send).
    const direct = (await admin.api.createDirectChat(member.id)).chat;
    await member.api.blockUser(admin.id);
    const withheld = await send(aSocket, direct.id, "x", { forwardOf: fromChat(before.id) });
    expect(withheld).toMatchObject({ undelivered: true, forwarded: true });
    // A deleted message cannot be forwarded.
    await request(aSocket, "message:delete", { chatId: chat.id, messageId: before.id });
    const adminOwn = await admin.api.createGroupChat({ name: "own", memberIds: [] });
    await expect(send(aSocket, adminOwn.id, "x", { forwardOf: fromChat(before.id) })).rejects.toMatchObject({
      code: "MESSAGE_DELETED",
    });
  });
});

describe("delete for me", () => {
  it("hides a message from my history, search and sync on every device; others still see it", async () => {
    const { admin, member, chat } = await cast("hide");
    const [aSocket, mSocket, mOther] = await Promise.all([admin.connect(), member.connect(), member.connect()]);
    const msg = await send(aSocket, chat.id, "zebracrossing secret");
    await send(aSocket, chat.id, "keep this");
    const startCursor = (await member.api.sync({ chats: [], hiddenSince: 0 })).hidden?.cursor ?? 0;
    const adminEvents = collect(aSocket, "message:hidden");

    const live = nextEvent(mOther, "message:hidden");
    const hide = await request(mSocket, "message:hide", { chatId: chat.id, messageId: msg.id });
    expect(hide).toMatchObject({ chatId: chat.id, messageId: msg.id });
    expect(await live).toEqual({ chatId: chat.id, messageId: msg.id, hideSeq: hide.hideSeq });
    // Idempotent: the same hide number again.
    expect((await request(mSocket, "message:hide", { chatId: chat.id, messageId: msg.id })).hideSeq).toBe(hide.hideSeq);

    const mine = (await member.api.history(chat.id)).messages.map((m) => m.id);
    expect(mine).not.toContain(msg.id);
    expect((await admin.api.history(chat.id)).messages.map((m) => m.id)).toContain(msg.id);
    expect((await member.api.search("zebracrossing")).results).toEqual([]);
    expect((await admin.api.search("zebracrossing")).results).toHaveLength(1);

    // An offline device learns it from its own per-user cursor.
    const sync = await member.api.sync({ chats: [{ chatId: chat.id, since: 0 }], hiddenSince: startCursor });
    expect(sync.hidden).toEqual({
      items: [{ chatId: chat.id, messageId: msg.id, hideSeq: hide.hideSeq }],
      cursor: hide.hideSeq,
      hasMore: false,
    });
    expect(sync.chats[0]?.changes.map((m) => m.id)).not.toContain(msg.id);
    // A later change of the hidden message (a reaction by someone else) does not bring it back.
    await request(aSocket, "reaction:add", { chatId: chat.id, messageId: msg.id, emoji: "👍" });
    const after = await member.api.sync({ chats: [{ chatId: chat.id, since: 0 }] });
    expect(after.chats[0]?.changes.map((m) => m.id)).not.toContain(msg.id);
    await sleep(100);
    expect(adminEvents).toEqual([]);
  });

  it("an unread message I delete for myself stops counting as unread (and as a mention) on all my devices", async () => {
    const { admin, member, chat } = await cast("hunr");
    const aSocket = await admin.connect();
    const mention = await send(aSocket, chat.id, `@${member.username} look`, { mentions: [member.id] });
    await send(aSocket, chat.id, "and this");
    const mine = await send(await member.connect(), chat.id, "my own");
    expect(await chatOf(member, chat.id)).toMatchObject({ unreadCount: 2, mentionCount: 1 });

    const otherDevice = await member.connect();
    const readState = nextEvent(otherDevice, "chat:read-state");
    const hider = await member.connect();
    await request(hider, "message:hide", { chatId: chat.id, messageId: mention.id });
    expect(await readState).toMatchObject({ chatId: chat.id, unreadCount: 1, mentionCount: 0 });
    expect(await chatOf(member, chat.id)).toMatchObject({ unreadCount: 1, mentionCount: 0 });
    // Hiding my own message changes no count (it never was unread for me).
    await request(hider, "message:hide", { chatId: chat.id, messageId: mine.id });
    expect(await chatOf(member, chat.id)).toMatchObject({ unreadCount: 1 });
    // Reading past everything still ends at zero.
    await request(hider, "message:read", { chatId: chat.id, upToSeq: mine.seq });
    expect(await chatOf(member, chat.id)).toMatchObject({ unreadCount: 0, mentionCount: 0 });
  });

  it("authorization: readable messages only", async () => {
    const { admin, member, outsider, former, chat } = await cast("hida");
    const aSocket = await admin.connect();
    const before = await send(aSocket, chat.id, "one");
    await admin.api.removeMember(chat.id, former.id);
    const after = await send(aSocket, chat.id, "two");
    const [oSocket, fSocket, mSocket] = await Promise.all([outsider.connect(), former.connect(), member.connect()]);
    await expect(request(oSocket, "message:hide", { chatId: chat.id, messageId: before.id })).rejects.toMatchObject({
      code: "NOT_A_MEMBER",
    });
    await request(fSocket, "message:hide", { chatId: chat.id, messageId: before.id });
    await expect(request(fSocket, "message:hide", { chatId: chat.id, messageId: after.id })).rejects.toMatchObject({
      code: "MESSAGE_NOT_FOUND",
    });
    const elsewhere = await admin.api.createGroupChat({ name: "x", memberIds: [member.id] });
    await expect(
      request(mSocket, "message:hide", { chatId: elsewhere.id, messageId: before.id }),
    ).rejects.toMatchObject({ code: "MESSAGE_NOT_FOUND" });
  });
});

describe("disappearing messages", () => {
  it("admins set the timer (system message), messages carry an expiry, the sweep erases them everywhere", async () => {
    const { admin, member, outsider, former, chat } = await cast("dis");
    await admin.api.removeMember(chat.id, former.id);
    await expect(member.api.setDisappearing(chat.id, 86_400)).rejects.toMatchObject({ code: "NOT_AN_ADMIN" });
    await expect(outsider.api.setDisappearing(chat.id, 86_400)).rejects.toMatchObject({ code: "NOT_A_MEMBER" });
    await expect(former.api.setDisappearing(chat.id, 86_400)).rejects.toMatchObject({ code: "NOT_A_MEMBER" });

    const [aSocket, mSocket] = await Promise.all([admin.connect(), member.connect()]);
    const plain = await send(aSocket, chat.id, "before the timer");
    const updated = nextEvent(mSocket, "chat:updated");
    expect(await admin.api.setDisappearing(chat.id, 86_400)).toMatchObject({ disappearingSeconds: 86_400 });
    expect(await updated).toMatchObject({ disappearingSeconds: 86_400 });
    const history = (await member.api.history(chat.id)).messages;
    expect(history.at(-1)).toMatchObject({ kind: "system", body: expect.stringContaining("24 hours") });

    const ephemeral = await send(aSocket, chat.id, "vanishing platypus", { mentions: [member.id] });
    expect(plain.expiresAt).toBeNull();
    const expiresIn = Date.parse(ephemeral.expiresAt ?? "") - Date.parse(ephemeral.createdAt);
    expect(expiresIn).toBe(86_400_000);

    // A clock a minute short of the expiry erases nothing; one past it erases the message.
    expect(await sweepExpired(server.built.ctx, new Date(Date.parse(ephemeral.createdAt) + 86_340_000))).toBe(0);
    const gone = nextEvent(mSocket, "message:updated", (m) => m.id === ephemeral.id);
    expect(await sweepExpired(server.built.ctx, new Date(Date.parse(ephemeral.createdAt) + 86_401_000))).toBe(1);
    expect(await gone).toMatchObject({ body: "", mentions: [], deletedAt: expect.any(String) });
    const [row] = rowsOf<{ body: string }>(
      await server.database.db.execute(sql`SELECT body FROM messages WHERE id = ${ephemeral.id}`),
    );
    expect(row?.body).toBe("");
    expect((await member.api.search("platypus")).results).toEqual([]);
    const sync = await member.api.sync({ chats: [{ chatId: chat.id, since: ephemeral.changeSeq }] });
    expect(sync.chats[0]?.changes.find((m) => m.id === ephemeral.id)?.deletedAt).not.toBeNull();
    expect(await chatOf(member, chat.id)).toMatchObject({ mentionCount: 0 });

    // Turning it off: later messages do not expire.
    await admin.api.setDisappearing(chat.id, null);
    expect((await send(aSocket, chat.id, "stays")).expiresAt).toBeNull();
  });

  it("either person of a direct chat may set it", async () => {
    const [a, b] = [await server.user("dd-a"), await server.user("dd-b")];
    const direct = (await a.api.createDirectChat(b.id)).chat;
    expect(await b.api.setDisappearing(direct.id, 604_800)).toMatchObject({ disappearingSeconds: 604_800 });
    expect((await a.api.history(direct.id)).messages.at(-1)?.body).toContain("7 days");
    // Under a block the blocker must unblock first; the blocked person is answered as if it
    // changed (nothing names the block) while the chat keeps its timer.
    await a.api.blockUser(b.id);
    expect(await b.api.setDisappearing(direct.id, null)).toMatchObject({ disappearingSeconds: null });
    expect((await a.api.chat(direct.id)).disappearingSeconds).toBe(604_800);
    await expect(a.api.setDisappearing(direct.id, null)).rejects.toMatchObject({ code: "BLOCKED" });
  });
});
