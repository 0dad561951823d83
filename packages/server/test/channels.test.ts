import { chatSummarySchema } from "@teamchat/protocol";
import { type ChatSocket, request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { newClientId, nextEvent, useTestServer } from "./harness.js";

const server = useTestServer();

const send = (socket: ChatSocket, chatId: string, body: string) =>
  request(socket, "message:send", { chatId, clientId: newClientId(), body });

describe("channels", () => {
  it("any user creates one (as admin); the directory lists it by name with paging; anyone joins and leaves", async () => {
    const [owner, joiner, other] = [
      await server.user("ch-own"),
      await server.user("ch-join"),
      await server.user("ch-o"),
    ];
    const tag = `zq${Math.random().toString(36).slice(2, 7)}`;
    const created = chatSummarySchema.parse(
      await owner.api.createChannel({ name: `${tag} Announcements`, announcement: true }),
    );
    expect(created).toMatchObject({ type: "channel", myRole: "admin", onlyAdminsCanPost: true });
    await owner.api.createChannel({ name: `${tag} Banter` });
    await owner.api.createChannel({ name: `${tag} Cooking` });

    const page1 = await joiner.api.channelDirectory({ q: tag.toUpperCase(), limit: 2 });
    expect(page1.channels.map((c) => c.name)).toEqual([`${tag} Announcements`, `${tag} Banter`]);
    expect(page1).toMatchObject({ hasMore: true });
    expect(page1.channels[0]).toMatchObject({ memberCount: 1, joined: false, onlyAdminsCanPost: true });
    const page2 = await joiner.api.channelDirectory({ q: tag, limit: 2, offset: 2 });
    expect(page2).toMatchObject({ hasMore: false, channels: [{ name: `${tag} Cooking` }] });
    // Query characters are not patterns.
    expect((await joiner.api.channelDirectory({ q: `${tag}%` })).channels).toEqual([]);

    const [ownerSocket, joinerSocket] = await Promise.all([owner.connect(), joiner.connect()]);
    const announced = nextEvent(joinerSocket, "chat:created");
    const joined = await joiner.api.joinChannel(created.id);
    expect(joined).toMatchObject({ type: "channel", myRole: "member" });
    expect((await announced).id).toBe(created.id);
    expect((await joiner.api.joinChannel(created.id)).lastSeq).toBe(joined.lastSeq); // again: no change
    expect((await joiner.api.history(created.id)).messages.at(-1)?.body).toBe("ch-join joined");
    expect((await other.api.channelDirectory({ q: tag })).channels[0]).toMatchObject({ memberCount: 2, joined: false });

    // Announcement channel: members cannot post but can react; admins post and members get it live.
    await expect(send(joinerSocket, created.id, "hi")).rejects.toMatchObject({ code: "ONLY_ADMINS_CAN_POST" });
    const live = nextEvent(joinerSocket, "message:new");
    const { message } = await send(ownerSocket, created.id, "release on Friday");
    expect((await live).id).toBe(message.id);
    const reacted = await request(joinerSocket, "reaction:add", {
      chatId: created.id,
      messageId: message.id,
      emoji: "🎉",
    });
    expect(reacted.message.reactions).toEqual([{ emoji: "🎉", userIds: [joiner.id] }]);

    // Leave: read-only up to leaving; joining again works.
    const left = await joiner.api.leaveChat(created.id);
    expect(left.leftAtSeq).not.toBeNull();
    expect((await joiner.api.joinChannel(created.id)).leftAtSeq).toBeNull();
  });

  it("authorization: groups and direct chats are not joinable; admins administer, members do not", async () => {
    const [owner, member, outsider] = [await server.user("cz-a"), await server.user("cz-m"), await server.user("cz-o")];
    const group = await owner.api.createGroupChat({ name: "private", memberIds: [] });
    await expect(outsider.api.joinChannel(group.id)).rejects.toMatchObject({ code: "CHAT_NOT_FOUND" });
    const direct = (await owner.api.createDirectChat(member.id)).chat;
    await expect(outsider.api.joinChannel(direct.id)).rejects.toMatchObject({ code: "CHAT_NOT_FOUND" });
    await expect(outsider.api.joinChannel(crypto.randomUUID())).rejects.toMatchObject({ code: "CHAT_NOT_FOUND" });
    // Groups never show in the directory.
    expect((await outsider.api.channelDirectory({ q: "private" })).channels.map((c) => c.id)).not.toContain(group.id);

    const channel = await owner.api.createChannel({ name: "open talk" });
    await member.api.joinChannel(channel.id);
    await expect(member.api.updateGroupSettings(channel.id, { onlyAdminsCanPost: true })).rejects.toMatchObject({
      code: "NOT_AN_ADMIN",
    });
    await expect(outsider.api.updateGroupSettings(channel.id, { onlyAdminsCanPost: true })).rejects.toMatchObject({
      code: "NOT_A_MEMBER",
    });
    expect(await owner.api.updateGroupSettings(channel.id, { onlyAdminsCanPost: true })).toMatchObject({
      onlyAdminsCanPost: true,
    });
    // An admin removes a member; the removed member may join again (a channel is open to all).
    await owner.api.removeMember(channel.id, member.id);
    expect((await member.api.joinChannel(channel.id)).myRole).toBe("member");
    // A blocked user can still join a channel (blocks are between people, not channels).
    await owner.api.blockUser(outsider.id);
    expect((await outsider.api.joinChannel(channel.id)).type).toBe("channel");
    // Channel admins may delete anyone's message.
    await owner.api.updateGroupSettings(channel.id, { onlyAdminsCanPost: false });
    const [oSocket, mSocket] = await Promise.all([owner.connect(), member.connect()]);
    const { message } = await send(mSocket, channel.id, "spam");
    const deleted = await request(oSocket, "message:delete", { chatId: channel.id, messageId: message.id });
    expect(deleted.message.deletedAt).not.toBeNull();
  });
});
