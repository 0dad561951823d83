import { chatSummarySchema } from "@teamchat/protocol";
import { request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { newClientId, nextEvent, useTestServer } from "./harness.js";

const server = useTestServer();

describe("direct chats", () => {
  it("creating twice (and from the other side) returns the same chat", async () => {
    const [ann, ben] = [await server.user("ann"), await server.user("ben")];
    const first = await ann.api.createDirectChat(ben.id);
    expect(first.created).toBe(true);
    expect(chatSummarySchema.parse(first.chat).type).toBe("direct");
    const again = await ann.api.createDirectChat(ben.id);
    const reverse = await ben.api.createDirectChat(ann.id);
    expect(again).toMatchObject({ created: false, chat: { id: first.chat.id } });
    expect(reverse).toMatchObject({ created: false, chat: { id: first.chat.id } });
  });

  it("concurrent creation by both users still yields exactly one chat", async () => {
    const [a, b] = [await server.user("conc-a"), await server.user("conc-b")];
    const results = await Promise.all([
      a.api.createDirectChat(b.id),
      b.api.createDirectChat(a.id),
      a.api.createDirectChat(b.id),
    ]);
    expect(new Set(results.map((r) => r.chat.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it("refuses a chat with yourself or with an unknown user", async () => {
    const a = await server.user("self");
    await expect(a.api.createDirectChat(a.id)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(a.api.createDirectChat("22222222-2222-4222-8222-222222222222")).rejects.toMatchObject({
      code: "USER_NOT_FOUND",
    });
  });

  it("tells the other user's live sockets about the new chat with its first message, which they receive", async () => {
    const [a, b] = [await server.user("live-a"), await server.user("live-b")];
    const bSocket = await b.connect();
    const announced = nextEvent(bSocket, "chat:created");
    const { chat } = await a.api.createDirectChat(b.id);
    const aSocket = await a.connect();
    const arrival = nextEvent(bSocket, "message:new");
    await request(aSocket, "message:send", { chatId: chat.id, clientId: newClientId(), body: "hi" });
    expect((await announced).id).toBe(chat.id);
    expect((await arrival).body).toBe("hi");
  });
});

describe("groups", () => {
  it("creator is admin; members, name and description are stored", async () => {
    const [owner, m1, m2] = [await server.user("owner"), await server.user("m1"), await server.user("m2")];
    const chat = await owner.api.createGroupChat({
      name: "  Project X ",
      description: "the plan",
      memberIds: [m1.id, m2.id, m1.id, owner.id],
    });
    expect(chat).toMatchObject({ type: "group", name: "Project X", description: "the plan", myRole: "admin" });
    const roles = Object.fromEntries(chat.members.map((m) => [m.user.id, m.role]));
    expect(roles).toEqual({ [owner.id]: "admin", [m1.id]: "member", [m2.id]: "member" });
    const seenByMember = await m1.api.chat(chat.id);
    expect(seenByMember.myRole).toBe("member");
  });

  it("refuses unknown members and bad names, creating nothing", async () => {
    const owner = await server.user("bad-group");
    await expect(
      owner.api.createGroupChat({ name: "x", memberIds: ["33333333-3333-4333-8333-333333333333"] }),
    ).rejects.toMatchObject({ code: "USER_NOT_FOUND" });
    await expect(owner.api.createGroupChat({ name: "   ", memberIds: [] })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
    expect(await owner.api.chats()).toEqual([]);
  });
});

describe("chat list", () => {
  it("is sorted by last activity with last message and unread count", async () => {
    const [me, x, y] = [await server.user("lister"), await server.user("x"), await server.user("y")];
    const withX = (await me.api.createDirectChat(x.id)).chat;
    const withY = (await me.api.createDirectChat(y.id)).chat;
    const xSocket = await x.connect();
    const ySocket = await y.connect();
    await request(ySocket, "message:send", { chatId: withY.id, clientId: newClientId(), body: "from y" });
    await request(xSocket, "message:send", { chatId: withX.id, clientId: newClientId(), body: "from x 1" });
    await request(xSocket, "message:send", { chatId: withX.id, clientId: newClientId(), body: "from x 2" });

    const list = await me.api.chats();
    expect(list.map((c) => c.id)).toEqual([withX.id, withY.id]);
    expect(list[0]).toMatchObject({ unreadCount: 2, lastSeq: 2, lastMessage: { body: "from x 2", seq: 2 } });
    expect(list[1]).toMatchObject({ unreadCount: 1, lastMessage: { body: "from y" } });

    await request(ySocket, "message:send", { chatId: withY.id, clientId: newClientId(), body: "y again" });
    expect((await me.api.chats()).map((c) => c.id)).toEqual([withY.id, withX.id]);
  });

  it("shows the last message and every time exactly as the history and the single chat do", async () => {
    // The list is read as one JSON text (chat-list.repo.ts), the history through the driver:
    // the same rows must present the same, to the millisecond.
    const [ann, ben] = [await server.user("times-a"), await server.user("times-b")];
    const chat = await ann.api.createGroupChat({ name: "times", memberIds: [ben.id] });
    const socket = await ann.connect();
    const sent = await request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body: "first" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await request(socket, "message:edit", { chatId: chat.id, messageId: sent.message.id, body: "first, edited" });
    const { mutedUntil } = await ann.api.updateChatSettings(chat.id, { mute: "8h" });

    const listed = (await ann.api.chats()).find((c) => c.id === chat.id);
    const [history, single] = await Promise.all([ann.api.history(chat.id), ann.api.chat(chat.id)]);
    expect(listed?.lastMessage).toEqual(history.messages.at(-1));
    expect(listed?.lastMessage?.editedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(listed).toEqual(single);
    expect(listed?.mutedUntil).toBe(mutedUntil);
    expect(mutedUntil).not.toBeNull();
    expect(listed?.createdAt).toBe(chat.createdAt);
    expect(listed?.members.map((m) => m.joinedAt)).toEqual(chat.members.map((m) => m.joinedAt));
  });
});
