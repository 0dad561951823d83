import { type ChatSummary, type Message, ServerEvent } from "@teamchat/protocol";
import { type ChatSocket, request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { chatViewKey, getChatViews } from "../src/modules/chats/chat-queries.js";
import { collect, newClientId, sleep, type TestUser, useTestServer } from "./harness.js";

const server = useTestServer();

async function send(socket: ChatSocket, chatId: string, body: string): Promise<Message> {
  return (await request(socket, "message:send", { chatId, clientId: newClientId(), body })).message;
}

async function listed(user: TestUser, chatId: string): Promise<ChatSummary> {
  const chat = (await user.api.chats()).find((c) => c.id === chatId);
  if (!chat) throw new Error(`${user.username} does not list ${chatId}`);
  return chat;
}

describe("chat views read many (viewer, chat) pairs in one statement", () => {
  it("shows each chat as its viewer's own list does: unread counts, settings, withheld profiles, a former member's view", async () => {
    const [ann, ben, cat, dan] = [
      await server.user("cv-ann"),
      await server.user("cv-ben"),
      await server.user("cv-cat"),
      await server.user("cv-dan"),
    ];
    await ben.api.updateProfile({ statusMessage: "only for friends" });
    const group = await ann.api.createGroupChat({ name: "views", memberIds: [ben.id, cat.id, dan.id] });
    const annSocket = await ann.connect();
    const first = await send(annSocket, group.id, "hello all");
    await request(await ben.connect(), "message:send", {
      chatId: group.id,
      clientId: newClientId(),
      body: `@${ann.username} look`,
      mentions: [ann.id],
    });
    await request(annSocket, "reaction:add", { chatId: group.id, messageId: first.id, emoji: "👍" });
    await request(annSocket, "message:pin", { chatId: group.id, messageId: first.id });
    await dan.api.leaveChat(group.id);
    // Ben blocked Ann: she sees his name only, in the group as everywhere.
    await ben.api.blockUser(ann.id);
    await cat.api.updateChatSettings(group.id, { mute: "8h", archived: true });
    const { chat: direct } = await cat.api.createDirectChat(ann.id);
    await send(await cat.connect(), direct.id, "just us");

    const wanted = [
      { userId: ann.id, chatId: group.id },
      { userId: ben.id, chatId: group.id },
      { userId: cat.id, chatId: group.id },
      { userId: dan.id, chatId: group.id },
      { userId: ann.id, chatId: direct.id },
      { userId: cat.id, chatId: direct.id },
      { userId: ben.id, chatId: direct.id },
    ];
    const views = await getChatViews(server.database, wanted);

    expect(views.size).toBe(6);
    expect(views.has(chatViewKey(ben.id, direct.id))).toBe(false);
    for (const [user, chatId] of [
      [ann, group.id],
      [ben, group.id],
      [cat, group.id],
      [dan, group.id],
      [ann, direct.id],
      [cat, direct.id],
    ] as const) {
      expect(views.get(chatViewKey(user.id, chatId)), `${user.username} in ${chatId}`).toEqual(
        await listed(user, chatId),
      );
    }
    // The views differ where the viewers do.
    const annGroup = views.get(chatViewKey(ann.id, group.id));
    expect(annGroup?.mentionCount).toBe(1);
    expect(annGroup?.members.find((m) => m.user.id === ben.id)?.user.statusMessage).toBeNull();
    expect(
      views.get(chatViewKey(cat.id, group.id))?.members.find((m) => m.user.id === ben.id)?.user.statusMessage,
    ).toBe("only for friends");
    expect(views.get(chatViewKey(dan.id, group.id))?.leftAtSeq).not.toBeNull();
    expect(views.get(chatViewKey(ann.id, direct.id))?.unreadCount).toBe(1);
    expect(views.get(chatViewKey(cat.id, direct.id))?.unreadCount).toBe(0);
  });
});

describe("a wave of new direct chats", () => {
  it("tells every peer of their chat, as their list shows it, before its first message", async () => {
    const pairs = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const [starter, peer] = [await server.user(`wave-s${i}`), await server.user(`wave-p${i}`)];
        const peerSocket = await peer.connect();
        const events: string[] = [];
        const created = collect(peerSocket, ServerEvent.chatCreated);
        peerSocket.on(ServerEvent.chatCreated, () => events.push("chat"));
        peerSocket.on(ServerEvent.messageNew, () => events.push("message"));
        const { chat } = await starter.api.createDirectChat(peer.id);
        return { starter, peer, chat, created, events, socket: await starter.connect() };
      }),
    );
    // All first messages at once: their announcements share statements.
    await Promise.all(pairs.map((p, i) => send(p.socket, p.chat.id, `first ${i}`)));
    await sleep(300);
    for (const [i, p] of pairs.entries()) {
      expect(p.events).toEqual(["chat", "message"]);
      expect(p.created).toHaveLength(1);
      expect(p.created[0]?.lastMessage?.body).toBe(`first ${i}`);
      expect(p.created[0]).toEqual(await listed(p.peer, p.chat.id));
    }
  });
});
