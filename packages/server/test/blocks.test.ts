import { request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { collect, newClientId, nextEvent, sleep, useTestServer } from "./harness.js";

const server = useTestServer();

describe("block", () => {
  it("stops messages both ways in their direct chat, until unblocked", async () => {
    const [blocker, pest] = [await server.user("bl-er"), await server.user("bl-pest")];
    const { chat } = await pest.api.createDirectChat(blocker.id);
    const [pestSocket, blockerSocket] = await Promise.all([pest.connect(), blocker.connect()]);
    await request(pestSocket, "message:send", { chatId: chat.id, clientId: newClientId(), body: "hi" });

    expect(await blocker.api.blockUser(pest.id)).toEqual({ userId: pest.id, blocked: true });
    expect((await blocker.api.myBlocks()).map((u) => u.id)).toEqual([pest.id]);
    const inbox = collect(blockerSocket, "message:new");
    const send = (socket: typeof pestSocket, body: string) =>
      request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body });
    await expect(send(pestSocket, "let me in")).rejects.toMatchObject({ code: "BLOCKED" });
    await expect(send(blockerSocket, "and not you either")).rejects.toMatchObject({ code: "BLOCKED" });
    await sleep(100);
    expect(inbox).toEqual([]);
    // No new direct chat either (both directions), and the seq did not move.
    await expect(pest.api.createDirectChat(blocker.id)).rejects.toMatchObject({ code: "BLOCKED" });
    expect((await blocker.api.history(chat.id)).lastSeq).toBe(1);

    await blocker.api.unblockUser(pest.id);
    const ack = await send(pestSocket, "sorry");
    expect(ack.message.seq).toBe(2);
  });

  it("does not affect groups, and blocking yourself or a stranger id is refused", async () => {
    const [a, b, c] = [await server.user("bg-a"), await server.user("bg-b"), await server.user("bg-c")];
    const group = await a.api.createGroupChat({ name: "g", memberIds: [b.id, c.id] });
    await a.api.blockUser(b.id);
    const ack = await request(await b.connect(), "message:send", {
      chatId: group.id,
      clientId: newClientId(),
      body: "x",
    });
    expect(ack.message.seq).toBe(1);
    await expect(a.api.blockUser(a.id)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(a.api.blockUser("99999999-9999-4999-8999-999999999999")).rejects.toMatchObject({
      code: "USER_NOT_FOUND",
    });
  });

  it("hides the blocker's presence from the blocked user, not from others", async () => {
    const [blocker, blocked, friend] = [
      await server.user("bp-er"),
      await server.user("bp-ed"),
      await server.user("bp-fr"),
    ];
    await blocker.api.createDirectChat(blocked.id);
    await blocker.api.createDirectChat(friend.id);
    await blocker.api.blockUser(blocked.id);
    const [blockedSocket, friendSocket] = await Promise.all([blocked.connect(), friend.connect()]);
    const seenByBlocked = collect(blockedSocket, "presence:update");
    const seenByFriend = nextEvent(friendSocket, "presence:update", (p) => p.userId === blocker.id);
    await blocker.connect();
    expect((await seenByFriend).online).toBe(true);
    await sleep(150);
    expect(seenByBlocked).toEqual([]);
    expect((await request(blockedSocket, "presence:query", { userIds: [blocker.id] })).presence).toEqual([]);
    expect((await request(friendSocket, "presence:query", { userIds: [blocker.id] })).presence).toHaveLength(1);
  });
});
