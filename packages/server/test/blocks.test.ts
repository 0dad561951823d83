import { ServerEvent } from "@teamchat/protocol";
import { request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { png } from "./fixtures/files.js";
import { collect, newClientId, nextEvent, sleep, type TestUser, useTestServer } from "./harness.js";

const server = useTestServer();

const send = (socket: Awaited<ReturnType<TestUser["connect"]>>, chatId: string, body: string) =>
  request(socket, "message:send", { chatId, clientId: newClientId(), body });

describe("block: the blocked person is told nothing", () => {
  it("their messages are acknowledged, stay undelivered and never reach the blocker, not even after unblock", async () => {
    const [blocker, pest] = [await server.user("bl-er"), await server.user("bl-pest")];
    const { chat } = await pest.api.createDirectChat(blocker.id);
    const [pestSocket, blockerSocket] = await Promise.all([pest.connect(), blocker.connect()]);
    await send(pestSocket, chat.id, "hi");

    expect(await blocker.api.blockUser(pest.id)).toEqual({ userId: pest.id, blocked: true });
    expect((await blocker.api.myBlocks()).map((u) => u.id)).toEqual([pest.id]);
    const inbox = collect(blockerSocket, ServerEvent.messageNew);
    const blockerChanges = collect(blockerSocket, ServerEvent.messageUpdated);

    // Acknowledged like any message (one ✓ for good): no error, nothing names the block.
    const echo = nextEvent(pestSocket, ServerEvent.messageNew, (m) => m.body === "let me in");
    const ack = await send(pestSocket, chat.id, "let me in");
    expect(ack.message).toMatchObject({ seq: 2, body: "let me in", undelivered: true });
    expect((await echo).undelivered).toBe(true);
    // A resend of the same clientId is the same undelivered message.
    const again = await request(pestSocket, "message:send", {
      chatId: chat.id,
      clientId: ack.message.clientId as string,
      body: "let me in",
    });
    expect(again).toMatchObject({ duplicate: true, message: { id: ack.message.id, undelivered: true } });
    // Changing it (here: deleting it for everyone) reaches the sender's own devices only.
    const deleted = await request(pestSocket, "message:delete", { chatId: chat.id, messageId: ack.message.id });
    expect(deleted.message).toMatchObject({ undelivered: true, body: "" });
    // The blocker must unblock to write (they know they blocked).
    await expect(send(blockerSocket, chat.id, "and not you")).rejects.toMatchObject({ code: "BLOCKED" });
    // Opening the chat again is no error for the blocked person either.
    expect((await pest.api.createDirectChat(blocker.id)).chat.id).toBe(chat.id);

    await sleep(300);
    expect(inbox).toEqual([]);
    expect(blockerChanges).toEqual([]);
    const blockerHistory = await blocker.api.history(chat.id);
    expect(blockerHistory.messages.map((m) => m.body)).toEqual(["hi"]);
    const listed = (await blocker.api.chats()).find((c) => c.id === chat.id);
    expect(listed?.unreadCount).toBe(1);
    // The preview is the newest message the blocker can see (the list walks back past hides).
    expect(listed?.lastMessage?.body).toBe("hi");
    const synced = await blocker.api.sync({ chats: [{ chatId: chat.id, since: 1 }] });
    expect(JSON.stringify(synced)).not.toContain("let me in");
    // The pest's own history keeps it, undelivered.
    const pestHistory = await pest.api.history(chat.id);
    expect(pestHistory.messages.find((m) => m.id === ack.message.id)?.undelivered).toBe(true);

    // After an unblock, new messages flow; the withheld one never appears and stays undelivered.
    await blocker.api.unblockUser(pest.id);
    const arrived = nextEvent(blockerSocket, ServerEvent.messageNew);
    const sorry = await send(pestSocket, chat.id, "sorry");
    expect((await arrived).body).toBe("sorry");
    expect(sorry.message.undelivered).toBe(false);
    await request(blockerSocket, "message:read", { chatId: chat.id, upToSeq: sorry.message.seq });
    expect((await blocker.api.history(chat.id)).messages.map((m) => m.body)).toEqual(["hi", "sorry"]);
    expect((await pest.api.history(chat.id)).messages.find((m) => m.id === ack.message.id)?.undelivered).toBe(true);
    expect(inbox.map((m) => m.body)).toEqual(["sorry"]);
  });

  it("a blocked person's edits, reactions, pins and timer changes succeed for them and never reach the blocker", async () => {
    const [blocker, pest] = [await server.user("bc-er"), await server.user("bc-pest")];
    const { chat } = await pest.api.createDirectChat(blocker.id);
    const [pestSocket, blockerSocket] = await Promise.all([pest.connect(), blocker.connect()]);
    const mine = (await send(pestSocket, chat.id, "typo")).message;
    const theirs = (await send(blockerSocket, chat.id, "hello")).message;
    await blocker.api.blockUser(pest.id);
    const undelivered = (await send(pestSocket, chat.id, "after")).message;
    const blockerSees = {
      updated: collect(blockerSocket, ServerEvent.messageUpdated),
      created: collect(blockerSocket, ServerEvent.messageNew),
      pins: collect(blockerSocket, ServerEvent.chatPins),
      chat: collect(blockerSocket, ServerEvent.chatUpdated),
    };
    const pestSees = collect(pestSocket, ServerEvent.messageUpdated);

    // Each answers as done: no error, nothing names the block.
    const edited = await request(pestSocket, "message:edit", { chatId: chat.id, messageId: mine.id, body: "fixed" });
    expect(edited.message).toMatchObject({ id: mine.id, body: "fixed", changeSeq: mine.changeSeq });
    expect(edited.message.editedAt).not.toBeNull();
    const reacted = await request(pestSocket, "reaction:add", { chatId: chat.id, messageId: theirs.id, emoji: "👍" });
    expect(reacted.message.reactions).toEqual([expect.objectContaining({ emoji: "👍", userIds: [pest.id] })]);
    const unreacted = await request(pestSocket, "reaction:remove", {
      chatId: chat.id,
      messageId: theirs.id,
      emoji: "👍",
    });
    expect(unreacted.message.reactions ?? []).toEqual([]);
    const pinned = await request(pestSocket, "message:pin", { chatId: chat.id, messageId: theirs.id });
    expect(pinned.message.pinnedAt).not.toBeNull();
    const timer = await pest.api.setDisappearing(chat.id, 86_400);
    expect(timer.disappearingSeconds).toBe(86_400);
    // Their own undelivered message is theirs alone: the change is stored, for them.
    const editedAfter = await request(pestSocket, "message:edit", {
      chatId: chat.id,
      messageId: undelivered.id,
      body: "after, edited",
    });
    expect(editedAfter.message).toMatchObject({ body: "after, edited", undelivered: true });

    await sleep(300);
    // (Removing the withheld reaction finds nothing stored: a no-op answered with the message as it is.)
    expect(pestSees.map((m) => m.id)).toEqual([mine.id, theirs.id, theirs.id, undelivered.id]);
    expect(blockerSees).toEqual({ updated: [], created: [], pins: [], chat: [] });
    // The blocker's view is untouched, in history, sync, pins and the chat's settings.
    const history = await blocker.api.history(chat.id);
    expect(history.messages.map((m) => [m.body, m.reactions?.length ?? 0, m.pinnedAt, m.editedAt])).toEqual([
      ["typo", 0, null, null],
      ["hello", 0, null, null],
    ]);
    const synced = await blocker.api.sync({ chats: [{ chatId: chat.id, since: 0 }] });
    expect(JSON.stringify(synced)).not.toContain("fixed");
    expect(JSON.stringify(synced)).not.toContain("after");
    const listed = (await blocker.api.chats()).find((c) => c.id === chat.id);
    expect(listed?.disappearingSeconds ?? null).toBeNull();
    expect(listed?.pins ?? []).toEqual([]);
    expect((await pest.api.history(chat.id)).messages.find((m) => m.id === undelivered.id)?.body).toBe("after, edited");

    // The blocker knows they blocked: their own changes are refused until they unblock.
    await expect(
      request(blockerSocket, "message:edit", { chatId: chat.id, messageId: theirs.id, body: "hi" }),
    ).rejects.toMatchObject({ code: "BLOCKED" });
    await expect(blocker.api.setDisappearing(chat.id, 86_400)).rejects.toMatchObject({ code: "BLOCKED" });
  });

  it("the blocker's read receipts, typing, presence and profile changes do not reach the blocked person", async () => {
    const [blocker, blocked, friend] = [
      await server.user("bp-er"),
      await server.user("bp-ed"),
      await server.user("bp-fr"),
    ];
    const { chat: direct } = await blocked.api.createDirectChat(blocker.id);
    await blocker.api.createDirectChat(friend.id);
    const group = await blocker.api.createGroupChat({ name: "both", memberIds: [blocked.id, friend.id] });
    const blockedSocket = await blocked.connect();
    await send(blockedSocket, direct.id, "before");
    await blocker.api.blockUser(blocked.id);
    const friendSocket = await friend.connect();
    const seen = {
      presence: collect(blockedSocket, ServerEvent.presenceUpdate),
      typing: collect(blockedSocket, ServerEvent.typingStart),
      read: collect(blockedSocket, ServerEvent.messageRead),
      profile: collect(blockedSocket, ServerEvent.userUpdated),
    };
    const friendSeesOnline = nextEvent(friendSocket, ServerEvent.presenceUpdate, (p) => p.userId === blocker.id);
    const blockerSocket = await blocker.connect();
    expect((await friendSeesOnline).online).toBe(true);

    await request(blockerSocket, "message:read", { chatId: direct.id, upToSeq: 1 });
    await request(blockerSocket, "typing:start", { chatId: group.id });
    const friendSeesProfile = nextEvent(friendSocket, ServerEvent.userUpdated, (u) => u.id === blocker.id);
    await blocker.api.updateProfile({ statusMessage: "busy" });
    expect((await friendSeesProfile).statusMessage).toBe("busy");
    await sleep(300);
    const fromBlocker = (list: { userId?: string; id?: string }[]) =>
      list.filter((e) => e.userId === blocker.id || e.id === blocker.id);
    expect({
      presence: fromBlocker(seen.presence),
      typing: fromBlocker(seen.typing),
      read: fromBlocker(seen.read),
      profile: fromBlocker(seen.profile),
    }).toEqual({ presence: [], typing: [], read: [], profile: [] });
    expect((await request(blockedSocket, "presence:query", { userIds: [blocker.id] })).presence).toEqual([]);
    expect((await request(friendSocket, "presence:query", { userIds: [blocker.id] })).presence).toHaveLength(1);
  });

  it("the blocker's profile (photo, about) is withheld from the blocked person on every read path", async () => {
    const [blocker, blocked, friend, newcomer] = [
      await server.user("bw-er"),
      await server.user("bw-ed"),
      await server.user("bw-fr"),
      await server.user("bw-new"),
    ];
    const photo = await blocker.api.uploadFile(new Blob([new Uint8Array(await png(64, 64))]), "me.png", {
      square: true,
    });
    await blocker.api.updateProfile({ statusMessage: "old news", avatarFileId: photo.id });
    await blocked.api.createDirectChat(blocker.id);
    const group = await blocker.api.createGroupChat({ name: "team", memberIds: [blocked.id, friend.id] });
    await blocker.api.blockUser(blocked.id);
    // Changed after the block: the live event never reached the blocked person; a reload must not either.
    await blocker.api.updateProfile({ statusMessage: "after the block" });
    const full = { id: blocker.id, statusMessage: "after the block", avatarFileId: photo.id };
    const withheld = { id: blocker.id, displayName: expect.any(String), statusMessage: null, avatarFileId: null };
    const blockerIn = (chats: { id: string; members: { user: { id: string } }[] }[], chatId: string) =>
      chats.find((c) => c.id === chatId)?.members.find((m) => m.user.id === blocker.id)?.user;

    // Chat list, one chat, user lookup and search: the blocked person gets the name only.
    const list = await blocked.api.chats();
    expect(blockerIn(list, group.id)).toMatchObject(withheld);
    expect(JSON.stringify(list)).not.toContain("after the block");
    expect(JSON.stringify(list)).not.toContain(photo.id);
    expect(blockerIn([await blocked.api.chat(group.id)], group.id)).toMatchObject(withheld);
    expect(await blocked.api.user(blocker.id)).toMatchObject(withheld);
    const found = (await blocked.api.searchUsers("bw-er")).find((u) => u.id === blocker.id);
    expect(found).toMatchObject(withheld);
    // Anyone else sees the profile in full.
    expect(blockerIn(await friend.api.chats(), group.id)).toMatchObject(full);
    expect(await friend.api.user(blocker.id)).toMatchObject(full);

    // A group change tells each member the chat as they may see it.
    const [blockedSocket, friendSocket] = await Promise.all([blocked.connect(), friend.connect()]);
    const toBlocked = nextEvent(blockedSocket, ServerEvent.chatUpdated, (c) => c.id === group.id);
    const toFriend = nextEvent(friendSocket, ServerEvent.chatUpdated, (c) => c.id === group.id);
    await blocker.api.addMembers(group.id, [newcomer.id]);
    expect(blockerIn([await toBlocked], group.id)).toMatchObject(withheld);
    expect(blockerIn([await toFriend], group.id)).toMatchObject(full);

    // After an unblock the profile is back.
    await blocker.api.unblockUser(blocked.id);
    expect(await blocked.api.user(blocker.id)).toMatchObject(full);
  });

  it("a blocked person sees the blocker go offline the moment they are blocked", async () => {
    const [blocker, blocked] = [await server.user("bo-er"), await server.user("bo-ed")];
    await blocker.api.createDirectChat(blocked.id);
    const blockedSocket = await blocked.connect();
    const online = nextEvent(blockedSocket, ServerEvent.presenceUpdate, (p) => p.userId === blocker.id);
    await blocker.connect();
    expect((await online).online).toBe(true);
    const offline = nextEvent(blockedSocket, ServerEvent.presenceUpdate, (p) => p.userId === blocker.id);
    await blocker.api.blockUser(blocked.id);
    expect(await offline).toEqual({ userId: blocker.id, online: false, lastSeenAt: null });
  });

  it("does not affect groups, and blocking yourself or a stranger id is refused", async () => {
    const [a, b, c] = [await server.user("bg-a"), await server.user("bg-b"), await server.user("bg-c")];
    const group = await a.api.createGroupChat({ name: "g", memberIds: [b.id, c.id] });
    await a.api.blockUser(b.id);
    const ack = await send(await b.connect(), group.id, "x");
    expect(ack.message.seq).toBe(1);
    expect(ack.message.undelivered).toBe(false);
    await expect(a.api.blockUser(a.id)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(a.api.blockUser("99999999-9999-4999-8999-999999999999")).rejects.toMatchObject({
      code: "USER_NOT_FOUND",
    });
  });
});

describe("a new direct chat", () => {
  it("enters the other person's list with its first message, not before", async () => {
    const [starter, peer] = [await server.user("dc-start"), await server.user("dc-peer")];
    const peerSocket = await peer.connect();
    const announced = collect(peerSocket, ServerEvent.chatCreated);
    const { chat } = await starter.api.createDirectChat(peer.id);
    expect((await starter.api.chats()).map((c) => c.id)).toContain(chat.id);
    await sleep(200);
    expect(announced).toEqual([]);
    expect((await peer.api.chats()).map((c) => c.id)).not.toContain(chat.id);

    const created = nextEvent(peerSocket, ServerEvent.chatCreated, (c) => c.id === chat.id);
    const message = nextEvent(peerSocket, ServerEvent.messageNew, (m) => m.chatId === chat.id);
    await send(await starter.connect(), chat.id, "hello");
    expect((await created).lastMessage?.body).toBe("hello");
    expect((await message).body).toBe("hello");
    expect((await peer.api.chats()).map((c) => c.id)).toContain(chat.id);
    // The second message announces nothing new.
    await send(await starter.connect(), chat.id, "again");
    await sleep(200);
    expect(announced).toHaveLength(1);
  });
});
