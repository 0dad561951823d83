import { request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { newClientId, nextEvent, type TestUser, useTestServer } from "./harness.js";

const server = useTestServer();

async function send(user: TestUser, chatId: string, body: string) {
  const socket = await user.connect();
  const ack = await request(socket, "message:send", { chatId, clientId: newClientId(), body });
  return { socket, message: ack.message };
}

describe("message info", () => {
  it("a group message: delivered and read per member with times, read by N of M", async () => {
    const [owner, m1, m2] = [await server.user("mi-o"), await server.user("mi-1"), await server.user("mi-2")];
    const chat = await owner.api.createGroupChat({ name: "info", memberIds: [m1.id, m2.id] });
    const first = await send(owner, chat.id, "first");
    const second = await send(owner, chat.id, "second");

    let info = await owner.api.messageInfo(chat.id, first.message.id);
    expect(info).toMatchObject({ seq: 1, memberCount: 2, deliveredCount: 0, readCount: 0 });
    expect(info.members.every((m) => !m.delivered && m.deliveredAt === null && !m.read)).toBe(true);

    const [s1, s2] = await Promise.all([m1.connect(), m2.connect()]);
    await request(s1, "message:read", { chatId: chat.id, upToSeq: 2 });
    await request(s2, "message:delivered", { chatId: chat.id, upToSeq: 1 });

    info = await owner.api.messageInfo(chat.id, first.message.id);
    expect(info).toMatchObject({ memberCount: 2, deliveredCount: 2, readCount: 1 });
    const byId = new Map(info.members.map((m) => [m.userId, m]));
    expect(byId.get(m1.id)).toMatchObject({ delivered: true, read: true, readHidden: false });
    expect(byId.get(m1.id)?.readAt).not.toBeNull();
    expect(byId.get(m1.id)?.deliveredAt).not.toBeNull();
    expect(byId.get(m2.id)).toMatchObject({ delivered: true, read: false, readAt: null });
    expect(byId.get(m2.id)?.deliveredAt).not.toBeNull();

    // The second message was passed only by m1's read (which implies delivered).
    info = await owner.api.messageInfo(chat.id, second.message.id);
    expect(info).toMatchObject({ seq: 2, deliveredCount: 1, readCount: 1 });

    // A later move does not change when the pointer first passed a message.
    const readAt = byId.get(m1.id)?.readAt;
    await request(s2, "message:read", { chatId: chat.id, upToSeq: 2 });
    info = await owner.api.messageInfo(chat.id, first.message.id);
    expect(info.readCount).toBe(2);
    expect(info.members.find((m) => m.userId === m1.id)?.readAt).toBe(readAt);
  });

  it("only the sender, only members: others get NOT_YOUR_MESSAGE / NOT_A_MEMBER", async () => {
    const [a, b, stranger] = [await server.user("mi-a"), await server.user("mi-b"), await server.user("mi-x")];
    const { chat } = await a.api.createDirectChat(b.id);
    const { message } = await send(a, chat.id, "mine");
    await expect(b.api.messageInfo(chat.id, message.id)).rejects.toMatchObject({ code: "NOT_YOUR_MESSAGE" });
    await expect(stranger.api.messageInfo(chat.id, message.id)).rejects.toMatchObject({ code: "NOT_A_MEMBER" });
    await expect(a.api.messageInfo(chat.id, "99999999-9999-4999-8999-999999999999")).rejects.toMatchObject({
      code: "MESSAGE_NOT_FOUND",
    });
  });

  it("read receipts stay private: a reader who hides them shows delivered only; in a direct chat so does mine", async () => {
    const [a, b] = [await server.user("mi-pa"), await server.user("mi-pb")];
    const { chat } = await a.api.createDirectChat(b.id);
    const { message } = await send(a, chat.id, "private?");
    const bSocket = await b.connect();
    await request(bSocket, "message:read", { chatId: chat.id, upToSeq: 1 });
    expect((await a.api.messageInfo(chat.id, message.id)).members[0]).toMatchObject({ read: true, readHidden: false });

    await a.api.updatePrivacy({ readReceipts: false });
    expect((await a.api.messageInfo(chat.id, message.id)).members[0]).toMatchObject({
      delivered: true,
      read: false,
      readAt: null,
      readHidden: true,
    });
    await a.api.updatePrivacy({ readReceipts: true });
    await b.api.updatePrivacy({ readReceipts: false });
    expect((await a.api.messageInfo(chat.id, message.id)).members[0]).toMatchObject({ read: false, readHidden: true });
  });
});

describe("star", () => {
  it("is per user, listed newest first, told to all my sockets, and gone when the message is deleted", async () => {
    const [a, b] = [await server.user("st-a"), await server.user("st-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const one = (await send(b, chat.id, "one")).message;
    const two = (await send(b, chat.id, "two")).message;
    const otherDevice = await a.connect();

    const told = nextEvent(otherDevice, "message:starred");
    expect(await a.api.starMessage(chat.id, one.id)).toMatchObject({ messageId: one.id, starred: true });
    expect(await told).toMatchObject({ chatId: chat.id, messageId: one.id, starred: true });
    await a.api.starMessage(chat.id, two.id);
    await a.api.starMessage(chat.id, two.id); // idempotent

    const list = await a.api.starredMessages();
    expect(list.starred.map((s) => s.message.body)).toEqual(["two", "one"]);
    expect((await b.api.starredMessages()).starred).toEqual([]);

    const unstarred = nextEvent(otherDevice, "message:starred");
    await a.api.unstarMessage(chat.id, one.id);
    expect(await unstarred).toMatchObject({ messageId: one.id, starred: false, starredAt: null });
    expect((await a.api.starredMessages()).starred.map((s) => s.message.id)).toEqual([two.id]);

    // Deleted for everyone: no longer listed.
    const bSocket = await b.connect();
    await request(bSocket, "message:delete", { chatId: chat.id, messageId: two.id });
    expect((await a.api.starredMessages()).starred).toEqual([]);
  });

  it("only messages of my chats", async () => {
    const [a, b, stranger] = [await server.user("st-c"), await server.user("st-d"), await server.user("st-x")];
    const { chat } = await a.api.createDirectChat(b.id);
    const { message } = await send(a, chat.id, "secret");
    await expect(stranger.api.starMessage(chat.id, message.id)).rejects.toMatchObject({ code: "NOT_A_MEMBER" });
  });
});
