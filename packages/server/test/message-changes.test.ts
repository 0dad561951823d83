import { type Message, messageSchema } from "@teamchat/protocol";
import { type ChatSocket, request } from "@teamchat/sdk";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../src/db/database.js";
import { collect, newClientId, nextEvent, sleep, type TestUser, useTestServer } from "./harness.js";

const server = useTestServer();

async function send(socket: ChatSocket, chatId: string, body: string): Promise<Message> {
  return (await request(socket, "message:send", { chatId, clientId: newClientId(), body })).message;
}

/** Pretends the message was sent `seconds` ago (the windows are measured by the database clock). */
async function age(messageId: string, seconds: number): Promise<void> {
  await server.database.db.execute(
    sql`UPDATE messages SET created_at = now() - make_interval(secs => ${seconds}) WHERE id = ${messageId}`,
  );
}

async function storedRow(messageId: string) {
  const [row] = rowsOf<{ body: string; deleted_at: unknown; change_seq: number }>(
    await server.database.db.execute(sql`SELECT body, deleted_at, change_seq FROM messages WHERE id = ${messageId}`),
  );
  return row;
}

async function countRows(table: "message_edits" | "message_reactions", messageId: string): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await server.database.db.execute(
      sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE message_id = ${messageId}`,
    ),
  );
  return row?.n ?? -1;
}

async function group(owner: TestUser, members: TestUser[]) {
  return owner.api.createGroupChat({ name: "changes", memberIds: members.map((m) => m.id) });
}

describe("edit", () => {
  it("the sender edits within the window; members see it live and can read the history", async () => {
    const [a, b, c] = [await server.user("ed-a"), await server.user("ed-b"), await server.user("ed-c")];
    const chat = await group(a, [b]);
    const [aSocket, bSocket] = await Promise.all([a.connect(), b.connect()]);
    const original = await send(aSocket, chat.id, "frist draft");

    const live = nextEvent(bSocket, "message:updated");
    const { message } = await request(aSocket, "message:edit", {
      chatId: chat.id,
      messageId: original.id,
      body: "first draft",
    });
    expect(messageSchema.parse(message)).toMatchObject({ body: "first draft", deletedAt: null, seq: original.seq });
    expect(message.editedAt).not.toBeNull();
    expect(message.changeSeq).toBe(original.changeSeq + 1);
    expect(await live).toEqual(message);

    const again = await request(aSocket, "message:edit", { chatId: chat.id, messageId: original.id, body: "final" });
    const history = await b.api.messageEdits(chat.id, original.id);
    expect(history.edits.map((e) => e.body)).toEqual(["frist draft", "first draft"]);
    expect(history.edits.at(-1)?.editedAt).toBe(again.message.editedAt);
    // The edited body is what history pages and search return.
    expect((await b.api.history(chat.id)).messages.at(-1)).toEqual(again.message);
    expect((await b.api.search("final", { chatId: chat.id })).results.map((r) => r.message.id)).toEqual([original.id]);
    await expect(c.api.messageEdits(chat.id, original.id)).rejects.toMatchObject({ code: "NOT_A_MEMBER" });
  });

  it("only the sender may edit, within the window; the same body again is no change", async () => {
    const [a, b] = [await server.user("ew-a"), await server.user("ew-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const [aSocket, bSocket] = await Promise.all([a.connect(), b.connect()]);
    const mine = await send(aSocket, chat.id, "mine");
    await expect(
      request(bSocket, "message:edit", { chatId: chat.id, messageId: mine.id, body: "yours now" }),
    ).rejects.toMatchObject({ code: "NOT_YOUR_MESSAGE" });

    const updates = collect(bSocket, "message:updated");
    const same = await request(aSocket, "message:edit", { chatId: chat.id, messageId: mine.id, body: "mine" });
    expect(same.message).toMatchObject({ editedAt: null, changeSeq: mine.changeSeq });

    await age(mine.id, 901); // default window: 900 s
    await expect(
      request(aSocket, "message:edit", { chatId: chat.id, messageId: mine.id, body: "too late" }),
    ).rejects.toMatchObject({ code: "EDIT_WINDOW_PASSED" });
    await sleep(150);
    expect(updates).toEqual([]);
    // Refused changes leave no gap in the change counter.
    const next = await send(aSocket, chat.id, "next");
    expect(next.changeSeq).toBe(mine.changeSeq + 1);
  });
});

describe("delete for everyone", () => {
  it("the sender deletes within the window: a tombstone everywhere, content gone from the database and search", async () => {
    const [a, b] = [await server.user("de-a"), await server.user("de-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const [aSocket, bSocket] = await Promise.all([a.connect(), b.connect()]);
    const doomed = await send(aSocket, chat.id, "launch codes zebra");
    await request(aSocket, "message:edit", { chatId: chat.id, messageId: doomed.id, body: "launch codes okapi" });
    await request(bSocket, "reaction:add", { chatId: chat.id, messageId: doomed.id, emoji: "😮" });

    const live = nextEvent(bSocket, "message:updated", (m) => m.deletedAt !== null);
    const { message } = await request(aSocket, "message:delete", { chatId: chat.id, messageId: doomed.id });
    expect(message).toMatchObject({ body: "", reactions: [], editedAt: null, seq: doomed.seq });
    expect(message.deletedAt).not.toBeNull();
    expect(await live).toEqual(message);

    expect(await storedRow(doomed.id)).toMatchObject({ body: "" });
    expect(await countRows("message_edits", doomed.id)).toBe(0);
    expect(await countRows("message_reactions", doomed.id)).toBe(0);
    expect((await b.api.messageEdits(chat.id, doomed.id)).edits).toEqual([]);
    for (const word of ["zebra", "okapi", "launch"]) expect((await b.api.search(word)).results).toEqual([]);
    expect((await b.api.history(chat.id)).messages).toEqual([message]);

    // Deleting again is no change; editing or reacting to a tombstone is refused.
    const again = await request(aSocket, "message:delete", { chatId: chat.id, messageId: doomed.id });
    expect(again.message).toEqual(message);
    await expect(
      request(aSocket, "message:edit", { chatId: chat.id, messageId: doomed.id, body: "undo" }),
    ).rejects.toMatchObject({ code: "MESSAGE_DELETED" });
    await expect(
      request(bSocket, "reaction:add", { chatId: chat.id, messageId: doomed.id, emoji: "👍" }),
    ).rejects.toMatchObject({ code: "MESSAGE_DELETED" });
  });

  it("others' messages only as a group admin (any age); own messages only within the window", async () => {
    const [admin, m1, m2] = [await server.user("da-admin"), await server.user("da-m1"), await server.user("da-m2")];
    const chat = await group(admin, [m1, m2]);
    const { chat: direct } = await m1.api.createDirectChat(m2.id);
    const [adminSocket, m1Socket, m2Socket] = await Promise.all([admin.connect(), m1.connect(), m2.connect()]);

    const byM1 = await send(m1Socket, chat.id, "by m1");
    await expect(request(m2Socket, "message:delete", { chatId: chat.id, messageId: byM1.id })).rejects.toMatchObject({
      code: "NOT_YOUR_MESSAGE",
    });
    await age(byM1.id, 86_400);
    await expect(request(m1Socket, "message:delete", { chatId: chat.id, messageId: byM1.id })).rejects.toMatchObject({
      code: "DELETE_WINDOW_PASSED",
    });
    const byAdmin = await request(adminSocket, "message:delete", { chatId: chat.id, messageId: byM1.id });
    expect(byAdmin.message.deletedAt).not.toBeNull();

    // In a direct chat nobody is an admin: the other side cannot delete my message.
    const inDirect = await send(m1Socket, direct.id, "direct");
    await expect(
      request(m2Socket, "message:delete", { chatId: direct.id, messageId: inDirect.id }),
    ).rejects.toMatchObject({ code: "NOT_YOUR_MESSAGE" });
    const own = await request(m1Socket, "message:delete", { chatId: direct.id, messageId: inDirect.id });
    expect(own.message.body).toBe("");
  });
});

describe("reactions", () => {
  it("add and remove with who reacted, live for every member, idempotent", async () => {
    const users = [await server.user("re-a"), await server.user("re-b"), await server.user("re-c")];
    const [a, b, c] = users as [TestUser, TestUser, TestUser];
    const chat = await group(a, [b, c]);
    const sockets = await Promise.all(users.map((u) => u.connect()));
    const [aSocket, bSocket, cSocket] = sockets as [ChatSocket, ChatSocket, ChatSocket];
    const target = await send(aSocket, chat.id, "react to me");
    const inboxes = sockets.map((s) => collect(s, "message:updated"));

    await request(bSocket, "reaction:add", { chatId: chat.id, messageId: target.id, emoji: "👍" });
    await request(cSocket, "reaction:add", { chatId: chat.id, messageId: target.id, emoji: "❤️" });
    const third = await request(aSocket, "reaction:add", { chatId: chat.id, messageId: target.id, emoji: "👍" });
    expect(third.message.reactions).toEqual([
      { emoji: "👍", userIds: [b.id, a.id] },
      { emoji: "❤️", userIds: [c.id] },
    ]);

    const twice = await request(aSocket, "reaction:add", { chatId: chat.id, messageId: target.id, emoji: "👍" });
    expect(twice.message).toEqual(third.message);
    const missing = await request(cSocket, "reaction:remove", { chatId: chat.id, messageId: target.id, emoji: "🎉" });
    expect(missing.message).toEqual(third.message);

    const removed = await request(bSocket, "reaction:remove", { chatId: chat.id, messageId: target.id, emoji: "👍" });
    // 👍's first reaction is now a's, later than c's ❤️: the order follows.
    expect(removed.message.reactions).toEqual([
      { emoji: "❤️", userIds: [c.id] },
      { emoji: "👍", userIds: [a.id] },
    ]);
    await sleep(200);
    // Four real changes, each to every member once, in change order; the no-ops sent nothing.
    for (const inbox of inboxes) {
      expect(inbox.map((m) => m.changeSeq)).toEqual([1, 2, 3, 4].map((n) => target.changeSeq + n));
      expect(inbox.at(-1)).toEqual(removed.message);
    }
    // History pages, sync and the chat list's preview carry the reactions too.
    expect((await b.api.history(chat.id)).messages.at(-1)).toEqual(removed.message);
    const synced = await c.api.sync({ chats: [{ chatId: chat.id, since: target.changeSeq }] });
    expect(synced.chats[0]?.changes).toEqual([removed.message]);
    expect((await c.api.chat(chat.id)).lastMessage).toEqual(removed.message);
    expect(await countRows("message_reactions", target.id)).toBe(2);
  });
});

describe("authorization and validation", () => {
  it("a non-member can do none of the four and hears nothing", async () => {
    const [a, b, intruder] = [await server.user("nm-a"), await server.user("nm-b"), await server.user("nm-x")];
    const { chat } = await a.api.createDirectChat(b.id);
    const [aSocket, xSocket] = await Promise.all([a.connect(), intruder.connect()]);
    const leaked = collect(xSocket, "message:updated");
    const target = await send(aSocket, chat.id, "members only");
    const ref = { chatId: chat.id, messageId: target.id };
    const attempts = [
      () => request(xSocket, "message:edit", { ...ref, body: "mine now" }),
      () => request(xSocket, "message:delete", ref),
      () => request(xSocket, "reaction:add", { ...ref, emoji: "👀" }),
      () => request(xSocket, "reaction:remove", { ...ref, emoji: "👀" }),
      () => intruder.api.messageEdits(chat.id, target.id),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: "NOT_A_MEMBER" });
    await request(aSocket, "reaction:add", { ...ref, emoji: "👍" });
    await sleep(150);
    expect(leaked).toEqual([]);
    expect(await storedRow(target.id)).toMatchObject({ body: "members only" });
  });

  it("unknown chats and messages, and a message of another chat, are not found", async () => {
    const [a, b, c] = [await server.user("nf-a"), await server.user("nf-b"), await server.user("nf-c")];
    const { chat } = await a.api.createDirectChat(b.id);
    const { chat: other } = await a.api.createDirectChat(c.id);
    const aSocket = await a.connect();
    const elsewhere = await send(aSocket, other.id, "elsewhere");
    const unknownId = "00000000-0000-4000-8000-000000000000";
    await expect(
      request(aSocket, "message:delete", { chatId: unknownId, messageId: elsewhere.id }),
    ).rejects.toMatchObject({ code: "CHAT_NOT_FOUND" });
    for (const messageId of [unknownId, elsewhere.id]) {
      await expect(request(aSocket, "message:delete", { chatId: chat.id, messageId })).rejects.toMatchObject({
        code: "MESSAGE_NOT_FOUND",
      });
      await expect(a.api.messageEdits(chat.id, messageId)).rejects.toMatchObject({ code: "MESSAGE_NOT_FOUND" });
    }
  });

  it("refuses malformed payloads with VALIDATION_FAILED", async () => {
    const [a, b] = [await server.user("bad-a"), await server.user("bad-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const aSocket = await a.connect();
    const target = await send(aSocket, chat.id, "valid");
    const ref = { chatId: chat.id, messageId: target.id };
    const bad: [string, unknown][] = [
      ["message:edit", { ...ref, body: "   " }],
      ["message:edit", { ...ref, body: "x".repeat(4001) }],
      ["message:edit", { ...ref }],
      ["message:edit", { ...ref, body: "ok", extra: 1 }],
      ["message:delete", { chatId: chat.id, messageId: "not-a-uuid" }],
      ["reaction:add", { ...ref, emoji: "" }],
      ["reaction:add", { ...ref, emoji: "👍".repeat(17) }],
      ["reaction:add", { ...ref, emoji: "👍 " }],
      ["reaction:add", { ...ref, emoji: "a\u0000" }],
      ["reaction:remove", { ...ref, emoji: "\n" }],
      ["reaction:remove", { ...ref }],
    ];
    for (const [event, payload] of bad) {
      const emit = aSocket.emitWithAck.bind(aSocket) as (
        e: string,
        p: unknown,
      ) => Promise<{ ok: boolean; error?: { code: string } }>;
      const answer = await emit(event, payload);
      expect(answer.ok, `${event} ${JSON.stringify(payload)}`).toBe(false);
      expect(answer.error?.code).toBe("VALIDATION_FAILED");
    }
    // Multi-code-point emoji (ZWJ sequences, flags, skin tones) are accepted.
    for (const emoji of ["👨‍👩‍👧‍👦", "🇳🇱", "👍🏽", "❤️"]) {
      await request(aSocket, "reaction:add", { ...ref, emoji });
    }
    expect(await storedRow(target.id)).toMatchObject({ body: "valid" });
  });
});
