import { LIMITS, type Message } from "@teamchat/protocol";
import { type ChatSocket, request } from "@teamchat/sdk";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { newClientId, type TestUser, useTestServer } from "./harness.js";

const server = useTestServer();

async function send(socket: ChatSocket, chatId: string, body: string): Promise<Message> {
  return (await request(socket, "message:send", { chatId, clientId: newClientId(), body })).message;
}

/** What a message looks like to the reader: content, tombstone, edit mark, reactions, pin. */
function view(m: Message) {
  return {
    seq: m.seq,
    body: m.body,
    deleted: m.deletedAt !== null,
    edited: m.editedAt !== null,
    reactions: m.reactions.map((r) => r.emoji),
    pinned: Boolean(m.pinnedAt),
  };
}

async function fullSync(user: TestUser, chatId: string, since: number): Promise<Message[]> {
  const seen: Message[] = [];
  let cursor = since;
  for (;;) {
    const answer = await user.api.sync({ chats: [{ chatId, since: cursor }] });
    const chat = answer.chats[0];
    if (!chat) throw new Error("no answer for the chat");
    expect(chat.removed).toBe(false);
    seen.push(...chat.changes);
    cursor = chat.cursor;
    if (!chat.hasMore) return seen;
  }
}

/** Latest copy per seq, as a client's cache keeps them (a higher changeSeq wins). */
function applied(base: Message[], changes: Message[]): Message[] {
  const bySeq = new Map(base.map((m) => [m.seq, m]));
  for (const m of changes) {
    const cached = bySeq.get(m.seq);
    if (!cached || cached.changeSeq <= m.changeSeq) bySeq.set(m.seq, m);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

describe("a former member sees the chat as it was when they left", () => {
  it("history, sync (new device and cached device) and search agree: later edits, reactions and pins hidden, a later delete applied", async () => {
    const [a, c] = [await server.user("fm-a"), await server.user("fm-c")];
    const chat = await a.api.createGroupChat({ name: "former view", memberIds: [c.id] });
    const socket = await a.connect();
    const one = await send(socket, chat.id, "alpha original");
    const two = await send(socket, chat.id, "bravo original");
    const three = await send(socket, chat.id, "charlie original");
    await request(socket, "message:edit", { chatId: chat.id, messageId: one.id, body: "alpha edited before" });
    await request(socket, "reaction:add", { chatId: chat.id, messageId: two.id, emoji: "👍" });

    // The cached device catches up while C is still a member.
    const cachedBefore = await fullSync(c, chat.id, 0);
    const cursorBefore = Math.max(...cachedBefore.map((m) => m.changeSeq));
    const asAMember = (await c.api.history(chat.id, {})).messages.map(view);

    await a.api.removeMember(chat.id, c.id);
    const departureSeq = (await c.api.chats()).find((x) => x.id === chat.id)?.leftAtSeq;
    expect(departureSeq).toBe(4);

    // Everything after the departure: an edit, a reaction, a pin and a delete for everyone.
    await request(socket, "message:edit", { chatId: chat.id, messageId: one.id, body: "alpha edited after" });
    await request(socket, "reaction:add", { chatId: chat.id, messageId: one.id, emoji: "🎉" });
    await request(socket, "reaction:add", { chatId: chat.id, messageId: two.id, emoji: "❤️" });
    await request(socket, "message:pin", { chatId: chat.id, messageId: two.id });
    await request(socket, "message:delete", { chatId: chat.id, messageId: three.id });
    await send(socket, chat.id, "after departure");

    const expected = [
      { seq: 1, body: "alpha edited before", deleted: false, edited: true, reactions: [], pinned: false },
      { seq: 2, body: "bravo original", deleted: false, edited: false, reactions: ["👍"], pinned: false },
      { seq: 3, body: "", deleted: true, edited: false, reactions: [], pinned: false },
    ];
    expect(asAMember.slice(0, 3)).toEqual([{ ...expected[0] }, { ...expected[1] }, { ...asAMember[2] }]);

    const history = (await c.api.history(chat.id, {})).messages;
    expect(history.map(view).slice(0, 3)).toEqual(expected);
    expect(history.map((m) => m.seq)).toEqual([1, 2, 3, 4]);

    // A new device: the whole feed from 0 gives the same messages as the history.
    const fresh = applied([], await fullSync(c, chat.id, 0));
    expect(fresh.map(view)).toEqual(history.map(view));

    // A device with a cache from before the departure: its catch-up lands on the same view.
    const summary = (await c.api.chats()).find((x) => x.id === chat.id);
    expect(summary?.changeSeq).toBeGreaterThan(cursorBefore);
    const cached = applied(cachedBefore, await fullSync(c, chat.id, cursorBefore));
    expect(cached.map(view)).toEqual(history.map(view));
    // Nothing left to fetch at the summary's head.
    expect(await fullSync(c, chat.id, summary?.changeSeq ?? 0)).toEqual([]);

    // Search: the words C saw, not the ones written after they left; the deleted one not at all.
    const hits = async (q: string) => (await c.api.search(q)).results.map((r) => r.message.body);
    expect(await hits("alpha")).toEqual(["alpha edited before"]);
    expect(await hits("after")).toEqual([]);
    expect(await hits("charlie")).toEqual([]);
    expect(await hits("bravo")).toEqual(["bravo original"]);
    const bravo = (await c.api.search("bravo")).results[0]?.message;
    expect(bravo && view(bravo)).toEqual(expected[1]);
  });

  it("the feed pages past more rows changed after the departure than a page holds, skipping none", async () => {
    const [a, c] = [await server.user("fm-pa"), await server.user("fm-pc")];
    const chat = await a.api.createGroupChat({ name: "former paging", memberIds: [c.id] });
    const db = server.database.db;
    const rows = LIMITS.syncChangesPerChat + 20;
    // Bulk rows (as scripts/demo.ts does): seqs and change numbers 1..rows.
    await db.execute(sql`INSERT INTO messages (chat_id, seq, sender_id, body, change_seq)
      SELECT ${chat.id}, n, ${a.id}, 'line ' || n, n FROM generate_series(1, ${rows}) AS n`);
    await db.execute(sql`UPDATE chats SET last_seq = ${rows}, change_seq = ${rows} WHERE id = ${chat.id}`);
    await a.api.removeMember(chat.id, c.id);
    // Every one of them changed after the departure (as a reaction would): all share its number.
    await db.execute(
      sql`UPDATE messages SET change_seq = change_seq + 1000 WHERE chat_id = ${chat.id} AND seq <= ${rows}`,
    );
    await db.execute(sql`UPDATE chats SET change_seq = change_seq + 1000 WHERE id = ${chat.id}`);

    const seen = await fullSync(c, chat.id, 0);
    expect(new Set(seen.map((m) => m.seq)).size).toBe(rows + 1);
    const history = await c.api.history(chat.id, { limit: 5 });
    expect(history.changeSeq).toBe(Math.max(...seen.map((m) => m.changeSeq)));
  });
});
