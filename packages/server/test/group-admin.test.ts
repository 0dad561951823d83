import { type ChatSummary, chatSummarySchema, type Message, serverEventSchemas } from "@teamchat/protocol";
import { ChatClient, type ChatSocket, memoryCookieJar, request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { collect, newClientId, nextEvent, sleep, type TestUser, useTestServer } from "./harness.js";

const server = useTestServer();

/** An admin, two members and an outsider; `former` was in the group and has been removed. */
async function group(name = "g") {
  const [admin, member, other, outsider, former] = await Promise.all(
    ["ana", "bo", "cy", "out", "fo"].map((n) => server.user(`${name}-${n}`)),
  );
  if (!admin || !member || !other || !outsider || !former) throw new Error("users");
  const chat = await admin.api.createGroupChat({ name: "Team", memberIds: [member.id, other.id, former.id] });
  await admin.api.removeMember(chat.id, former.id);
  return { admin, member, other, outsider, former, chat };
}

const send = (socket: ChatSocket, chatId: string, body: string) =>
  request(socket, "message:send", { chatId, clientId: newClientId(), body });

async function systemBodies(user: TestUser, chatId: string): Promise<string[]> {
  const page = await user.api.history(chatId, { limit: 200 });
  return page.messages.filter((m) => m.kind === "system").map((m) => m.body);
}

describe("group administration: authorization matrix", () => {
  it("admin-only actions: admin allowed; member, outsider and former member refused", async () => {
    const { admin, member, other, outsider, former, chat } = await group("matrix");
    const attempts: [string, (u: TestUser) => Promise<ChatSummary>][] = [
      ["remove", (u) => u.api.removeMember(chat.id, other.id)],
      ["promote", (u) => u.api.setMemberRole(chat.id, other.id, "admin")],
      ["rename", (u) => u.api.updateGroup(chat.id, { name: "Nope" })],
      ["settings", (u) => u.api.updateGroupSettings(chat.id, { onlyAdminsCanPost: true })],
      ["add", (u) => u.api.addMembers(chat.id, [outsider.id])],
    ];
    for (const [label, attempt] of attempts) {
      await expect(attempt(member), label).rejects.toMatchObject({ code: "NOT_AN_ADMIN", httpStatus: 403 });
      await expect(attempt(outsider), label).rejects.toMatchObject({ code: "NOT_A_MEMBER", httpStatus: 403 });
      await expect(attempt(former), label).rejects.toMatchObject({ code: "NOT_A_MEMBER", httpStatus: 403 });
    }
    await expect(outsider.api.leaveChat(chat.id)).rejects.toMatchObject({ code: "NOT_A_MEMBER" });
    await expect(former.api.leaveChat(chat.id)).rejects.toMatchObject({ code: "NOT_A_MEMBER" });
    await expect(admin.api.removeMember("44444444-4444-4444-8444-444444444444", other.id)).rejects.toMatchObject({
      code: "CHAT_NOT_FOUND",
    });

    const promoted = await admin.api.setMemberRole(chat.id, other.id, "admin");
    expect(promoted.members.find((m) => m.user.id === other.id)?.role).toBe("admin");
    const renamed = await admin.api.updateGroup(chat.id, { name: "Renamed", description: "about" });
    expect(chatSummarySchema.parse(renamed)).toMatchObject({ name: "Renamed", description: "about" });
    const set = await admin.api.updateGroupSettings(chat.id, { onlyAdminsCanPost: true, membersCanAddOthers: true });
    expect(set).toMatchObject({ onlyAdminsCanPost: true, membersCanAddOthers: true, leftAtSeq: null });
    const removed = await admin.api.removeMember(chat.id, other.id);
    expect(removed.members.map((m) => m.user.id)).not.toContain(other.id);
  });

  it("refuses bad input and group actions on a direct chat; demoting the last admin is refused", async () => {
    const { admin, member, chat } = await group("bad");
    await expect(admin.api.updateGroup(chat.id, { name: " " })).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(admin.api.updateGroup(chat.id, {})).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(admin.api.removeMember(chat.id, admin.id)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(admin.api.addMembers(chat.id, ["55555555-5555-4555-8555-555555555555"])).rejects.toMatchObject({
      code: "USER_NOT_FOUND",
    });
    await expect(admin.api.setMemberRole(chat.id, admin.id, "member")).rejects.toMatchObject({ code: "LAST_ADMIN" });
    const { chat: direct } = await admin.api.createDirectChat(member.id);
    await expect(admin.api.updateGroup(direct.id, { name: "x" })).rejects.toMatchObject({ code: "NOT_A_GROUP" });
    expect(direct).toMatchObject({ onlyAdminsCanPost: false, membersCanAddOthers: false, leftAtSeq: null });
  });
});

describe("group administration: system messages and settings", () => {
  it("every change writes a system message in seq order; no-ops write none", async () => {
    const { admin, member, outsider, chat } = await group("sys");
    await admin.api.addMembers(chat.id, [outsider.id]);
    await admin.api.addMembers(chat.id, [outsider.id]); // already in: nothing
    await admin.api.setMemberRole(chat.id, member.id, "admin");
    await admin.api.setMemberRole(chat.id, member.id, "admin"); // same role: nothing
    await admin.api.updateGroup(chat.id, { name: "New name" });
    await admin.api.updateGroupSettings(chat.id, { onlyAdminsCanPost: true });
    await admin.api.setMemberRole(chat.id, member.id, "member");
    await outsider.api.leaveChat(chat.id);
    const page = await admin.api.history(chat.id, { limit: 200 });
    const system = page.messages.filter((m) => m.kind === "system");
    expect(system.every((m) => m.senderId === null && m.clientId === null)).toBe(true);
    expect(system.map((m) => m.body)).toEqual([
      "sys-ana removed sys-fo",
      "sys-ana added sys-out",
      "sys-ana made sys-bo an admin",
      "sys-ana changed the group name to “New name”",
      "sys-ana turned on: only admins can send messages",
      "sys-ana dismissed sys-bo as admin",
      "sys-out left",
    ]);
    const seqs = page.messages.map((m) => m.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const changeSeqs = system.map((m) => m.changeSeq);
    expect(changeSeqs).toEqual([...changeSeqs].sort((a, b) => a - b));
    // The change feed carries them too.
    const synced = await admin.api.sync({ chats: [{ chatId: chat.id, since: 0 }] });
    expect(synced.chats[0]?.changes.filter((m) => m.kind === "system")).toHaveLength(7);
  });

  it("onlyAdminsCanPost: members cannot send (403) but can react; admins can send", async () => {
    const { admin, member, chat } = await group("post");
    const [adminSocket, memberSocket] = [await admin.connect(), await member.connect()];
    const { message } = await send(adminSocket, chat.id, "before");
    await admin.api.updateGroupSettings(chat.id, { onlyAdminsCanPost: true });
    await expect(send(memberSocket, chat.id, "nope")).rejects.toMatchObject({ code: "ONLY_ADMINS_CAN_POST" });
    await expect(send(adminSocket, chat.id, "admins only")).resolves.toMatchObject({ duplicate: false });
    const reacted = await request(memberSocket, "reaction:add", {
      chatId: chat.id,
      messageId: message.id,
      emoji: "👍",
    });
    expect(reacted.message.reactions).toEqual([{ emoji: "👍", userIds: [member.id] }]);
    await admin.api.updateGroupSettings(chat.id, { onlyAdminsCanPost: false });
    await expect(send(memberSocket, chat.id, "open again")).resolves.toMatchObject({ duplicate: false });
  });

  it("membersCanAddOthers lets any member add people", async () => {
    const { admin, member, outsider, chat } = await group("adders");
    await expect(member.api.addMembers(chat.id, [outsider.id])).rejects.toMatchObject({ code: "NOT_AN_ADMIN" });
    await admin.api.updateGroupSettings(chat.id, { membersCanAddOthers: true });
    const added = await member.api.addMembers(chat.id, [outsider.id]);
    expect(added.members.map((m) => m.user.id)).toContain(outsider.id);
    expect(await systemBodies(admin, chat.id)).toContain("adders-bo added adders-out");
    // Still admin-only: removing.
    await expect(member.api.removeMember(chat.id, outsider.id)).rejects.toMatchObject({ code: "NOT_AN_ADMIN" });
  });

  it("the last admin leaving makes the longest-standing remaining member admin", async () => {
    const [admin, early, late, later] = await Promise.all(
      ["ana", "bo", "cy", "di"].map((n) => server.user(`succ-${n}`)),
    );
    if (!admin || !early || !late || !later) throw new Error("users");
    // Members added in one change join at the same instant: separate changes make the order certain.
    const chat = await admin.api.createGroupChat({ name: "Succession", memberIds: [early.id] });
    await admin.api.addMembers(chat.id, [late.id]);
    await admin.api.addMembers(chat.id, [later.id]);
    const left = await admin.api.leaveChat(chat.id);
    expect(left.leftAtSeq).toBeGreaterThan(0);
    const seen = await late.api.chat(chat.id);
    const roles = Object.fromEntries(seen.members.map((m) => [m.user.id, m.role]));
    expect(roles).toEqual({ [early.id]: "admin", [late.id]: "member", [later.id]: "member" });
    expect((await systemBodies(early, chat.id)).slice(-2)).toEqual(["succ-ana left", "succ-bo is now an admin"]);
    // An admin leaving while another admin remains promotes nobody.
    await early.api.setMemberRole(chat.id, late.id, "admin");
    await early.api.leaveChat(chat.id);
    const after = await later.api.chat(chat.id);
    expect(after.members.find((m) => m.user.id === later.id)?.role).toBe("member");
  });
});

describe("group administration: live membership", () => {
  it("an added member's live socket joins at once: chat:created, then the group's messages", async () => {
    const { admin, outsider, chat } = await group("join");
    const [adminSocket, outsiderSocket] = [await admin.connect(), await outsider.connect()];
    const created = nextEvent(outsiderSocket, "chat:created");
    const systemNew = nextEvent(outsiderSocket, "message:new", (m) => m.kind === "system");
    await admin.api.addMembers(chat.id, [outsider.id]);
    const summary = serverEventSchemas["chat:created"].parse(await created);
    expect(summary).toMatchObject({ id: chat.id, myRole: "member", unreadCount: 0, leftAtSeq: null });
    expect((await systemNew).body).toBe("join-ana added join-out");
    const live = nextEvent(outsiderSocket, "message:new", (m) => m.kind === "text");
    await send(adminSocket, chat.id, "welcome");
    expect((await live).body).toBe("welcome");
  });

  it("every member gets chat:updated with their own role", async () => {
    const { admin, member, chat } = await group("upd");
    const memberSocket = await member.connect();
    const updated = nextEvent(memberSocket, "chat:updated");
    await admin.api.updateGroup(chat.id, { description: "new description" });
    expect(serverEventSchemas["chat:updated"].parse(await updated)).toMatchObject({
      id: chat.id,
      description: "new description",
      myRole: "member",
    });
  });

  it("a removed member's live socket gets chat:removed and nothing after; history and sync are capped", async () => {
    const { admin, member, other, chat } = await group("rm");
    const [adminSocket, memberSocket, otherSocket] = [
      await admin.connect(),
      await member.connect(),
      await other.connect(),
    ];
    await send(adminSocket, chat.id, "before removal");
    const removedEvent = nextEvent(memberSocket, "chat:removed");
    const removalNote = nextEvent(memberSocket, "message:new", (m) => m.kind === "system");
    await admin.api.removeMember(chat.id, member.id);
    const removed = serverEventSchemas["chat:removed"].parse(await removedEvent);
    expect(removed).toMatchObject({ chatId: chat.id, reason: "removed" });
    const note = await removalNote;
    expect(note.body).toBe("rm-ana removed rm-bo");
    expect(removed.chat.leftAtSeq).toBe(note.seq);

    const afterwards: Message[] = collect(memberSocket, "message:new");
    const typing = collect(memberSocket, "typing:start");
    const otherSees = nextEvent(otherSocket, "message:new", (m) => m.body === "after removal");
    await send(adminSocket, chat.id, "after removal");
    await request(adminSocket, "typing:start", { chatId: chat.id });
    await otherSees;
    await sleep(200);
    expect(afterwards).toEqual([]);
    expect(typing).toEqual([]);

    await expect(send(memberSocket, chat.id, "still here?")).rejects.toMatchObject({ code: "NOT_A_MEMBER" });
    const page = await member.api.history(chat.id, {});
    expect(page.messages.map((m) => m.body)).toEqual([
      "rm-ana removed rm-fo",
      "before removal",
      "rm-ana removed rm-bo",
    ]);
    expect(page.lastSeq).toBe(note.seq);
    expect((await member.api.history(chat.id, { after: note.seq })).messages).toEqual([]);
    const synced = await member.api.sync({ chats: [{ chatId: chat.id, since: 0 }] });
    expect(synced.chats[0]).toMatchObject({ removed: false, cursor: note.changeSeq, hasMore: false });
    expect(synced.chats[0]?.changes.map((m) => m.body)).not.toContain("after removal");
    const list = await member.api.chats();
    expect(list.find((c) => c.id === chat.id)).toMatchObject({ leftAtSeq: note.seq, lastSeq: note.seq });

    // A new socket of the former member does not join the room either.
    const fresh = await member.connect();
    const freshSeen = collect(fresh, "message:new");
    await send(adminSocket, chat.id, "later still");
    await sleep(200);
    expect(freshSeen).toEqual([]);

    // Re-added: a member again, live at once.
    const back = nextEvent(fresh, "chat:created");
    await admin.api.addMembers(chat.id, [member.id]);
    expect((await back).leftAtSeq).toBeNull();
  });
});

describe("ChatClient (SDK) group administration", () => {
  it("emits chatUpdated and chatLeft and keeps the cache in step", async () => {
    const { admin, member, chat } = await group("sdk");
    const client = new ChatClient({ serverUrl: server.baseUrl, cookieJar: memoryCookieJar() });
    await client.login({ username: member.username, password: "correct horse battery" });
    while (client.connection !== "live") await sleep(20);
    const updates: ChatSummary[] = [];
    const left: string[] = [];
    client.on("chatUpdated", (c) => updates.push(c));
    client.on("chatLeft", (p) => left.push(`${p.reason}:${p.chat.leftAtSeq}`));
    await admin.api.updateGroupSettings(chat.id, { onlyAdminsCanPost: true });
    while (updates.length === 0) await sleep(20);
    expect(updates[0]).toMatchObject({ id: chat.id, onlyAdminsCanPost: true });
    expect((await client.cachedChats()).find((c) => c.id === chat.id)?.onlyAdminsCanPost).toBe(true);
    const mine = await client.leaveChat(chat.id);
    expect(mine.leftAtSeq).not.toBeNull();
    expect(left).toContain(`left:${mine.leftAtSeq}`);
    expect((await client.cachedChats()).find((c) => c.id === chat.id)?.leftAtSeq).toBe(mine.leftAtSeq);
    client.stop();
  });
});
