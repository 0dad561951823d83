import { type Message, messageSchema, serverEventSchemas } from "@teamchat/protocol";
import { ChatError, type ChatSocket, request } from "@teamchat/sdk";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { PDF } from "./fixtures/files.js";
import { collect, newClientId, nextEvent, sleep, type TestUser, useTestServer } from "./harness.js";

const server = useTestServer();

async function send(socket: ChatSocket, chatId: string, body: string, replyToId?: string): Promise<Message> {
  const payload = { chatId, clientId: newClientId(), body, ...(replyToId && { replyToId }) };
  return (await request(socket, "message:send", payload)).message;
}

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return err instanceof ChatError ? err.code : String(err);
  }
  return "no error";
}

async function group(owner: TestUser, members: TestUser[], name = "nav") {
  return owner.api.createGroupChat({ name, memberIds: members.map((m) => m.id) });
}

describe("history around a message (jump)", () => {
  it("centres the page on the asked seq and says what lies on each side", async () => {
    const a = await server.user("ar-a");
    const chat = await group(a, []);
    const socket = await a.connect();
    for (let i = 1; i <= 30; i++) await send(socket, chat.id, `m${i}`);

    const middle = await a.api.history(chat.id, { around: 15, limit: 9 });
    expect(middle.messages.map((m) => m.seq)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(middle).toMatchObject({ hasOlder: true, hasNewer: true, hasMore: true, lastSeq: 30 });

    // Near an end the page fills from the other side.
    const start = await a.api.history(chat.id, { around: 2, limit: 9 });
    expect(start.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(start).toMatchObject({ hasOlder: false, hasNewer: true });
    const end = await a.api.history(chat.id, { around: 30, limit: 9 });
    expect(end.messages.map((m) => m.seq)).toEqual([22, 23, 24, 25, 26, 27, 28, 29, 30]);
    expect(end).toMatchObject({ hasOlder: true, hasNewer: false });
    const whole = await a.api.history(chat.id, { around: 10, limit: 50 });
    expect(whole.messages).toHaveLength(30);
    expect(whole).toMatchObject({ hasOlder: false, hasNewer: false, hasMore: false });

    expect(await errorCode(a.api.history(chat.id, { around: 3, before: 5 }))).toBe("VALIDATION_FAILED");
    const outsider = await server.user("ar-x");
    expect(await errorCode(outsider.api.history(chat.id, { around: 3 }))).toBe("NOT_A_MEMBER");
  });

  it("stops at a former member's departure", async () => {
    const [a, b] = [await server.user("ar-fa"), await server.user("ar-fb")];
    const chat = await group(a, [b]);
    const socket = await a.connect();
    for (let i = 1; i <= 5; i++) await send(socket, chat.id, `before ${i}`);
    await a.api.removeMember(chat.id, b.id);
    for (let i = 1; i <= 5; i++) await send(socket, chat.id, `after ${i}`);
    const page = await b.api.history(chat.id, { around: 9, limit: 20 });
    expect(page.messages.some((m) => m.body.startsWith("after"))).toBe(false);
    expect(page.hasNewer).toBe(false);
  });
});

describe("replies", () => {
  it("a reply carries the quote, live and in history; deleting the original scrubs it everywhere", async () => {
    const [a, b] = [await server.user("rp-a"), await server.user("rp-b")];
    const chat = await group(a, [b]);
    const [aSocket, bSocket] = await Promise.all([a.connect(), b.connect()]);
    const original = await send(aSocket, chat.id, "Original line one\nsecond line");
    const live = nextEvent(bSocket, "message:new", (m) => m.body === "my answer");
    const reply = await send(bSocket, chat.id, "my answer", original.id);
    expect(messageSchema.parse(reply).replyTo).toEqual({
      id: original.id,
      seq: original.seq,
      senderId: a.id,
      body: "Original line one\nsecond line",
      deleted: false,
    });
    expect((await live).replyTo?.id).toBe(original.id);
    const page = await a.api.history(chat.id, {});
    expect(page.messages.find((m) => m.id === reply.id)?.replyTo?.body).toBe("Original line one\nsecond line");

    // Edits keep the quote.
    const edited = await request(bSocket, "message:edit", { chatId: chat.id, messageId: reply.id, body: "my answer!" });
    expect(edited.message.replyTo?.id).toBe(original.id);

    const updates = collect(bSocket, "message:updated");
    await request(aSocket, "message:delete", { chatId: chat.id, messageId: original.id });
    await sleep(200);
    const scrubbed = updates.find((m) => m.id === reply.id);
    expect(scrubbed?.replyTo).toEqual({ id: original.id, seq: original.seq, senderId: a.id, body: "", deleted: true });
    // A device that was offline gets the scrubbed copy through sync.
    const synced = await b.api.sync({ chats: [{ chatId: chat.id, since: edited.message.changeSeq }] });
    const change = synced.chats[0]?.changes.find((m) => m.id === reply.id);
    expect(change?.replyTo).toMatchObject({ deleted: true, body: "" });
    expect(change?.changeSeq).toBeGreaterThan(edited.message.changeSeq);
    const after = await a.api.history(chat.id, {});
    expect(JSON.stringify(after)).not.toContain("Original line one");
  });

  it("refuses quotes from another chat, of deleted messages, and from outsiders", async () => {
    const [a, b, c] = [await server.user("rq-a"), await server.user("rq-b"), await server.user("rq-c")];
    const chat = await group(a, [b]);
    const other = await group(c, [a], "other");
    const [aSocket, cSocket] = await Promise.all([a.connect(), c.connect()]);
    const inOther = await send(cSocket, other.id, "secret elsewhere");
    const here = await send(aSocket, chat.id, "here");
    expect(await errorCode(send(aSocket, chat.id, "x", inOther.id))).toBe("MESSAGE_NOT_FOUND");
    expect(await errorCode(send(cSocket, chat.id, "x", here.id))).toBe("NOT_A_MEMBER");
    await request(aSocket, "message:delete", { chatId: chat.id, messageId: here.id });
    expect(await errorCode(send(aSocket, chat.id, "x", here.id))).toBe("MESSAGE_DELETED");
    await a.api.removeMember(chat.id, b.id);
    const bSocket = await b.connect();
    const kept = await send(aSocket, chat.id, "after removal");
    expect(await errorCode(send(bSocket, chat.id, "x", kept.id))).toBe("NOT_A_MEMBER");
  });
});

describe("pins", () => {
  const pin = (socket: ChatSocket, chatId: string, messageId: string) =>
    request(socket, "message:pin", { chatId, messageId });

  it("an admin pins: message:updated, a system message, chat:pins; the chat list and sync carry it", async () => {
    const [a, b] = [await server.user("pn-a"), await server.user("pn-b")];
    const chat = await group(a, [b]);
    const [aSocket, bSocket] = await Promise.all([a.connect(), b.connect()]);
    const target = await send(bSocket, chat.id, "pin me please");
    const pinsEvent = nextEvent(bSocket, "chat:pins");
    const note = nextEvent(bSocket, "message:new", (m) => m.kind === "system");
    const updated = nextEvent(bSocket, "message:updated", (m) => m.id === target.id);
    const { message } = await pin(aSocket, chat.id, target.id);
    expect(message.pinnedAt).not.toBeNull();
    expect(message.changeSeq).toBeGreaterThan(target.changeSeq);
    expect((await updated).pinnedAt).toBe(message.pinnedAt);
    expect((await note).body).toContain("pinned a message");
    const pins = serverEventSchemas["chat:pins"].parse(await pinsEvent);
    expect(pins.pins).toEqual([
      expect.objectContaining({ messageId: target.id, seq: target.seq, body: "pin me please", pinnedBy: a.id }),
    ]);
    const listed = (await b.api.chats()).find((c) => c.id === chat.id);
    expect(listed?.pins?.map((p) => p.messageId)).toEqual([target.id]);
    const synced = await b.api.sync({ chats: [{ chatId: chat.id, since: target.changeSeq }] });
    expect(synced.chats[0]?.changes.find((m) => m.id === target.id)?.pinnedAt).toBe(message.pinnedAt);

    // Pinning again changes nothing; unpinning clears it.
    expect((await pin(aSocket, chat.id, target.id)).message.changeSeq).toBe(message.changeSeq);
    const unpinned = await request(aSocket, "message:unpin", { chatId: chat.id, messageId: target.id });
    expect(unpinned.message.pinnedAt).toBeNull();
    expect((await b.api.chats()).find((c) => c.id === chat.id)?.pins).toEqual([]);
  });

  it("keeps at most three pins: a fourth unpins the oldest", async () => {
    const a = await server.user("pl-a");
    const chat = await group(a, []);
    const socket = await a.connect();
    const ms = [];
    for (let i = 0; i < 4; i++) ms.push(await send(socket, chat.id, `p${i}`));
    for (const m of ms) await pin(socket, chat.id, m.id);
    const pins = (await a.api.chats()).find((c) => c.id === chat.id)?.pins ?? [];
    expect(pins.map((p) => p.body)).toEqual(["p3", "p2", "p1"]);
  });

  it("authorization: admin, member (with and without the setting), outsider, removed member, blocked person", async () => {
    const [a, b, c, d] = [
      await server.user("pz-a"),
      await server.user("pz-b"),
      await server.user("pz-c"),
      await server.user("pz-d"),
    ];
    const chat = await group(a, [b, d]);
    const [aSocket, bSocket, cSocket, dSocket] = await Promise.all([
      a.connect(),
      b.connect(),
      c.connect(),
      d.connect(),
    ]);
    const m = await send(aSocket, chat.id, "pinnable");
    expect(await errorCode(pin(bSocket, chat.id, m.id))).toBe("NOT_AN_ADMIN");
    expect(await errorCode(pin(cSocket, chat.id, m.id))).toBe("NOT_A_MEMBER");
    const settings = await a.api.updateGroupSettings(chat.id, { membersCanPin: true });
    expect(settings.membersCanPin).toBe(true);
    expect((await pin(bSocket, chat.id, m.id)).message.pinnedAt).not.toBeNull();
    await a.api.removeMember(chat.id, d.id);
    expect(await errorCode(request(dSocket, "message:unpin", { chatId: chat.id, messageId: m.id }))).toBe(
      "NOT_A_MEMBER",
    );
    // Other chat's message id → not found; deleted message → MESSAGE_DELETED.
    const other = await group(c, []);
    const foreign = await send(cSocket, other.id, "foreign");
    expect(await errorCode(pin(aSocket, chat.id, foreign.id))).toBe("MESSAGE_NOT_FOUND");
    const gone = await send(aSocket, chat.id, "gone");
    await request(aSocket, "message:delete", { chatId: chat.id, messageId: gone.id });
    expect(await errorCode(pin(aSocket, chat.id, gone.id))).toBe("MESSAGE_DELETED");

    // Direct chat: either person. Under a block, the blocker must unblock first; the blocked
    // person's unpin is answered as done and stored nowhere (nothing names the block).
    const direct = (await a.api.createDirectChat(b.id)).chat;
    const dm = await send(aSocket, direct.id, "dm");
    expect((await pin(bSocket, direct.id, dm.id)).message.pinnedAt).not.toBeNull();
    await b.api.blockUser(a.id);
    const unpinned = await request(aSocket, "message:unpin", { chatId: direct.id, messageId: dm.id });
    expect(unpinned.message.pinnedAt).toBeNull();
    expect((await b.api.chat(direct.id)).pins.map((p) => p.messageId)).toEqual([dm.id]);
    expect(await errorCode(request(bSocket, "message:unpin", { chatId: direct.id, messageId: dm.id }))).toBe("BLOCKED");
  });

  it("deleting a pinned message unpins it", async () => {
    const a = await server.user("pd-a");
    const chat = await group(a, []);
    const socket = await a.connect();
    const m = await send(socket, chat.id, "soon gone");
    await pin(socket, chat.id, m.id);
    const pinsEvent = nextEvent(socket, "chat:pins");
    const { message } = await request(socket, "message:delete", { chatId: chat.id, messageId: m.id });
    expect(message.pinnedAt).toBeNull();
    expect((await pinsEvent).pins).toEqual([]);
  });
});

describe("search", () => {
  it("stems, finds parts of words, highlights, groups by chat; never other chats or deleted messages", async () => {
    const [a, b, c] = [await server.user("se-a"), await server.user("se-b"), await server.user("se-c")];
    const ab = (await a.api.createDirectChat(b.id)).chat;
    const team = await group(a, [b], "Team room");
    const foreign = await group(c, [b], "foreign");
    const [aSocket, bSocket, cSocket] = await Promise.all([a.connect(), b.connect(), c.connect()]);
    await send(aSocket, ab.id, "We were running late");
    await send(bSocket, team.id, "A wonderful <b>day</b> in the team");
    await send(cSocket, foreign.id, "running wonderful secret");
    const deleted = await send(aSocket, team.id, "running away deleted");
    await request(aSocket, "message:delete", { chatId: team.id, messageId: deleted.id });

    const stemmed = await a.api.search("run");
    expect(stemmed.results.map((r) => r.message.body)).toEqual(["We were running late"]);
    const hit = stemmed.results[0];
    expect(hit?.highlights?.map((h) => hit.snippet?.slice(h.start, h.end))).toEqual(["running"]);

    const partial = await a.api.search("wonde");
    expect(partial.results.map((r) => r.message.body)).toEqual(["A wonderful <b>day</b> in the team"]);
    const p = partial.results[0];
    expect(p?.snippet).toContain("<b>day</b>"); // plain text: markup is the client's to escape
    expect(p?.highlights?.map((h) => p.snippet?.slice(h.start, h.end))).toContain("wonde");
    expect(partial.groups).toEqual([{ chatId: team.id, results: partial.results }]);

    // b is in all three chats but never sees the deleted one.
    const bAll = await b.api.search("running");
    expect(bAll.results.map((r) => r.message.body).sort()).toEqual([
      "We were running late",
      "running wonderful secret",
    ]);
    expect(bAll.groups?.map((g) => g.chatId).sort()).toEqual([ab.id, foreign.id].sort());
  });

  it("filters: from:, in:, before:, after:, has:file", async () => {
    const [a, b] = [await server.user("sf-a"), await server.user("sf-b")];
    const ab = (await a.api.createDirectChat(b.id)).chat;
    const team = await group(a, [b], "Filter Team");
    const [aSocket, bSocket] = await Promise.all([a.connect(), b.connect()]);
    const old = await send(aSocket, team.id, "report draft old");
    await server.database.db.execute(sql`UPDATE messages SET created_at = '2025-01-15T12:00:00Z' WHERE id = ${old.id}`);
    await send(bSocket, team.id, "report from b");
    await send(aSocket, ab.id, "report in direct");

    const bodies = async (q: string) => (await a.api.search(q)).results.map((r) => r.message.body).sort();
    expect(await bodies(`report from:${b.username}`)).toEqual(["report from b"]);
    expect(await bodies("report from:me")).toEqual(["report draft old", "report in direct"]);
    expect(await bodies('report in:"filter team"')).toEqual(["report draft old", "report from b"]);
    expect(await bodies(`report in:@${b.username}`)).toEqual(["report in direct"]);
    expect(await bodies("report before:2025-01-16")).toEqual(["report draft old"]);
    expect(await bodies("report before:2025-01-15")).toEqual([]);
    expect(await bodies("report after:2025-01-15")).toEqual(["report from b", "report in direct"]);
    expect(await bodies(`from:${b.username}`)).toEqual(["report from b"]);
    expect(await bodies("report has:file")).toEqual([]);
    // A message carrying a file (its caption searched like any text).
    const pdf = await a.api.uploadFile(new Blob([new Uint8Array(PDF)], { type: "application/pdf" }), "q.pdf");
    await request(aSocket, "message:send", {
      chatId: team.id,
      clientId: newClientId(),
      body: "report with the numbers",
      attachmentIds: [pdf.id],
    });
    expect(await bodies("report has:file")).toEqual(["report with the numbers"]);
    expect(await bodies("has:file")).toEqual(["report with the numbers"]);
  });

  it("a removed member finds what they could read (up to their departure), nothing written after it", async () => {
    const [a, b] = [await server.user("sm-a"), await server.user("sm-b")];
    const team = await group(a, [b], "members");
    const aSocket = await a.connect();
    await send(aSocket, team.id, "confidential plan");
    expect((await b.api.search("confidential")).results).toHaveLength(1);
    await a.api.removeMember(team.id, b.id);
    await send(aSocket, team.id, "confidential after removal");
    const bodies = async (chatId?: string) =>
      (await b.api.search("confidential", chatId ? { chatId } : {})).results.map((r) => r.message.body);
    expect(await bodies()).toEqual(["confidential plan"]);
    expect(await bodies(team.id)).toEqual(["confidential plan"]);
  });

  it("pathological queries answer normally", async () => {
    const a = await server.user("sp-a");
    const inputs = [
      '"'.repeat(200),
      "((((((((((".repeat(20),
      "\\%_'".repeat(50),
      "a:b:c:".repeat(33),
      "from:".repeat(40),
      "before:9999-99-99 after:0000-00-00",
      "!!! & | <-> :* ''",
      "x".repeat(200),
      "\u202e\ud83d\ude00",
      "-",
      "or or or",
    ];
    for (const q of inputs) {
      const result = await a.api.search(q).catch((err) => ({ failed: q, err: String(err) }));
      expect(result).toHaveProperty("results");
    }
    expect(await errorCode(a.api.search("x".repeat(201)))).toBe("VALIDATION_FAILED");
    // NUL and lone surrogates cannot be stored or searched: a typed refusal, not a 500.
    expect(await errorCode(a.api.search("\u202e\u0000\ud83d"))).toBe("VALIDATION_FAILED");
  });
});
