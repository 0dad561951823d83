import { request } from "@teamchat/sdk";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insertBatchWithNextSeqs } from "../src/modules/messages/messages.repo.js";
import { SendBatcher } from "../src/modules/messages/send-batcher.js";
import { testStorage } from "./databases.js";
import { newClientId, type TestUser, useTestServer } from "./harness.js";

/**
 * Group commit (send-batcher.ts): sends from many sockets share one statement. Each still gets
 * its own gap-free seq and its own idempotency check; a refused or repeated send in a batch
 * takes no seq and fails none of the others.
 */
const server = useTestServer();

async function users(prefix: string, n: number): Promise<TestUser[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => server.user(`${prefix}${i}`)));
}

async function storedSeqs(chatId: string): Promise<{ seq: number; senderId: string | null; body: string }[]> {
  const rows = await server.database.db.query.messages.findMany({
    where: (m, { eq }) => eq(m.chatId, chatId),
    orderBy: (m, { asc }) => asc(m.seq),
  });
  return rows.map((r) => ({ seq: r.seq, senderId: r.senderId, body: r.body }));
}

describe("group commit", () => {
  it("concurrent senders into one group: contiguous seqs, none doubled, each sender's order kept", async () => {
    const members = await users("gc-one", 8);
    const [owner, ...rest] = members as [TestUser, ...TestUser[]];
    const chat = await owner.api.createGroupChat({ name: "storm", memberIds: rest.map((u) => u.id) });
    const sockets = await Promise.all(members.map((u) => u.connect()));
    const perSender = 15;
    const acks = await Promise.all(
      sockets.flatMap((socket, s) =>
        Array.from({ length: perSender }, (_, n) =>
          request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body: `${s}:${n}` }),
        ),
      ),
    );
    expect(acks.every((a) => !a.duplicate)).toBe(true);
    const total = members.length * perSender;
    expect(acks.map((a) => a.message.seq).sort((x, y) => x - y)).toEqual(
      Array.from({ length: total }, (_, i) => i + 1),
    );
    const stored = await storedSeqs(chat.id);
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    members.forEach((member, s) => {
      const mine = stored.filter((m) => m.senderId === member.id).map((m) => m.body);
      expect(mine).toEqual(Array.from({ length: perSender }, (_, n) => `${s}:${n}`));
    });
  });

  it("concurrent senders into many chats: every chat's seqs contiguous from 1", async () => {
    const people = await users("gc-many", 12);
    const pairs = Array.from({ length: 6 }, (_, i) => [people[2 * i], people[2 * i + 1]] as [TestUser, TestUser]);
    const chats = await Promise.all(pairs.map(([a, b]) => a.api.createDirectChat(b.id).then((r) => r.chat)));
    const sockets = await Promise.all(people.map((u) => u.connect()));
    await Promise.all(
      sockets.flatMap((socket, i) =>
        Array.from({ length: 10 }, (_, n) =>
          request(socket, "message:send", {
            chatId: (chats[Math.floor(i / 2)] as { id: string }).id,
            clientId: newClientId(),
            body: `${i}:${n}`,
          }),
        ),
      ),
    );
    for (const chat of chats) {
      expect((await storedSeqs(chat.id)).map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
  });

  it("a resend and a refused send racing with others: one duplicate, one NOT_A_MEMBER, no seq taken, none failed", async () => {
    const members = await users("gc-mixed", 4);
    const [outsider] = await users("gc-out", 1);
    const [owner, ...rest] = members as [TestUser, ...TestUser[]];
    if (!outsider) throw new Error("no outsider");
    const chat = await owner.api.createGroupChat({ name: "mixed", memberIds: rest.map((u) => u.id) });
    const sockets = await Promise.all(members.map((u) => u.connect()));
    const [ownerTab2, outsiderSocket] = await Promise.all([owner.connect(), outsider.connect()]);
    const twice = { chatId: chat.id, clientId: newClientId(), body: "twice" };
    const reused = { chatId: chat.id, clientId: newClientId(), body: "first body" };
    const results = await Promise.allSettled([
      ...sockets.map((socket, i) =>
        request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body: `m${i}` }),
      ),
      // The same send from two tabs at once, most likely in one batch.
      request(sockets[0] ?? ownerTab2, "message:send", twice),
      request(ownerTab2, "message:send", twice),
      request(outsiderSocket, "message:send", { chatId: chat.id, clientId: newClientId(), body: "let me in" }),
      request(sockets[1] ?? ownerTab2, "message:send", reused),
    ]);
    const values = results.map((r) => (r.status === "fulfilled" ? r.value : null));
    for (const v of values.slice(0, 4)) expect(v?.duplicate).toBe(false);
    const [firstTwice, secondTwice] = [values[4], values[5]];
    expect([firstTwice?.duplicate, secondTwice?.duplicate].sort()).toEqual([false, true]);
    expect(firstTwice?.message.id).toBe(secondTwice?.message.id);
    expect(results[6]).toMatchObject({ status: "rejected", reason: { code: "NOT_A_MEMBER" } });
    expect(values[7]?.duplicate).toBe(false);
    // 4 + 1 + 1 stored, gap-free; the resend and the refusal took no seq.
    expect((await storedSeqs(chat.id)).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    // A reuse of a stored clientId with another body is refused, even inside a batch.
    await expect(
      request(sockets[1] ?? ownerTab2, "message:send", { ...reused, body: "another body" }),
    ).rejects.toMatchObject({ code: "CLIENT_ID_REUSED" });
  });

  it("one batch statement: repeats, refusals and stored clientIds are left out without taking a seq", async () => {
    const [a, b, c] = (await users("gc-repo", 3)) as [TestUser, TestUser, TestUser];
    const { chat } = await a.api.createDirectChat(b.id);
    const { chat: other } = await b.api.createDirectChat(c.id);
    const socket = await a.connect();
    const stored = await request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body: "old" });
    const repeated = newClientId();
    const send = (senderId: string, chatId: string, clientId: string, body: string) => ({
      senderId,
      chatId,
      clientId,
      body,
    });
    const rows = await insertBatchWithNextSeqs(server.database.db, [
      send(a.id, chat.id, repeated, "x1"),
      send(b.id, chat.id, newClientId(), "y1"),
      send(a.id, chat.id, repeated, "x1 again"), // a repeat within the batch
      send(c.id, chat.id, newClientId(), "not a member"),
      send(a.id, chat.id, stored.message.clientId ?? "", "old"), // already stored
      send(c.id, other.id, newClientId(), "z1"),
      send(a.id, chat.id, newClientId(), "x2"),
    ]);
    expect(rows).toHaveLength(4);
    const byBody = new Map(rows.map((r) => [r.body, r]));
    expect([...byBody.keys()].sort()).toEqual(["x1", "x2", "y1", "z1"]);
    expect(byBody.get("x1")?.seq).toBe(2);
    expect(byBody.get("y1")?.seq).toBe(3);
    expect(byBody.get("x2")?.seq).toBe(4);
    expect(byBody.get("z1")?.seq).toBe(1);
    expect((await storedSeqs(chat.id)).map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });

  it("one batch statement: a block leaves out both people's sends in their direct chat, nobody else's", async () => {
    const [a, b, c, d] = (await users("gc-blocks", 4)) as [TestUser, TestUser, TestUser, TestUser];
    const { chat: ab } = await a.api.createDirectChat(b.id);
    const { chat: cd } = await c.api.createDirectChat(d.id);
    const { chat: ac } = await a.api.createDirectChat(c.id);
    const group = await a.api.createGroupChat({ name: "both in it", memberIds: [b.id, c.id] });
    await b.api.blockUser(a.id);
    const send = (senderId: string, chatId: string, body: string) => ({
      senderId,
      chatId,
      clientId: newClientId(),
      body,
    });
    const rows = await insertBatchWithNextSeqs(server.database.db, [
      send(a.id, ab.id, "a to b"), // blocked by b
      send(c.id, cd.id, "c to d"),
      send(b.id, ab.id, "b to a"), // b blocked a: stopped both ways
      send(a.id, ac.id, "a to c"), // a's other direct chat
      send(a.id, group.id, "a in the group"), // a block does not stop groups
      send(b.id, group.id, "b in the group"),
    ]);
    expect(rows.map((r) => r.body).sort()).toEqual(["a in the group", "a to c", "b in the group", "c to d"]);
    // Ids are made by the server, time-ordered (UUIDv7), one per stored message.
    expect(rows.every((r) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(r.id))).toBe(
      true,
    );
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(await storedSeqs(ab.id)).toEqual([]);
  });

  it("/metrics shows where a send's time went, stage by stage, and the batch sizes", async () => {
    const [a, b] = (await users("gc-metrics", 2)) as [TestUser, TestUser];
    const { chat } = await a.api.createDirectChat(b.id);
    const socket = await a.connect();
    const count = async (line: RegExp) => {
      const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
      const found = text.split("\n").find((l) => line.test(l));
      return found ? Number(found.split(" ").pop()) : 0;
    };
    const stage = (name: string) => count(new RegExp(`^teamchat_send_stage_seconds_count\\{.*stage="${name}"`));
    const before = await Promise.all(["admission", "queue", "store", "fanout"].map(stage));
    const batches = await count(/^teamchat_send_batch_size_count\{/);
    await request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body: "timed" });
    const after = await Promise.all(["admission", "queue", "store", "fanout"].map(stage));
    expect(after.map((n, i) => n - (before[i] ?? 0))).toEqual([1, 1, 1, 1]);
    expect(await count(/^teamchat_send_batch_size_count\{/)).toBe(batches + 1);
  });

  it("a send that fails the batch statement fails alone: the others are stored one by one, gap-free", async () => {
    const [a, b] = (await users("gc-fallback", 2)) as [TestUser, TestUser];
    const { chat } = await a.api.createDirectChat(b.id);
    const batcher = new SendBatcher(server.database.db);
    const send = (body: string, replyToId?: string) =>
      batcher.store({ senderId: a.id, chatId: chat.id, clientId: newClientId(), body, replyToId });
    // Queued together, so one batch: the reply to a message that does not exist violates the
    // foreign key and fails the whole statement.
    const results = await Promise.allSettled([send("one"), send("broken", crypto.randomUUID()), send("two")]);
    expect(results[1]?.status).toBe("rejected");
    const stored = results.flatMap((r) => (r.status === "fulfilled" && r.value ? [[r.value.body, r.value.seq]] : []));
    expect(stored).toEqual([
      ["one", 1],
      ["two", 2],
    ]);
    expect((await storedSeqs(chat.id)).map((m) => m.seq)).toEqual([1, 2]);
  });

  it("a batch of one goes through the prepared single-send statement, with the batch's answers", async () => {
    const [a, b, outsider] = (await users("gc-one", 3)) as [TestUser, TestUser, TestUser];
    const { chat } = await a.api.createDirectChat(b.id);
    const statements: string[] = [];
    const batcher = new SendBatcher(
      server.database.db,
      () => {},
      1,
      (query) => {
        statements.push("batch");
        return server.database.prepared("send_batch", query);
      },
      (query) => {
        statements.push("one");
        return server.database.prepared("send_one", query);
      },
    );
    const clientId = newClientId();
    const first = await batcher.store({ senderId: a.id, chatId: chat.id, clientId, body: "alone" });
    expect([first?.body, first?.seq]).toEqual(["alone", 1]);
    // The same clientId again (a resend whose ack was lost): not stored twice, answered null.
    expect(await batcher.store({ senderId: a.id, chatId: chat.id, clientId, body: "alone" })).toBeNull();
    // Not a member of the chat: null, and no seq taken.
    expect(
      await batcher.store({ senderId: outsider.id, chatId: chat.id, clientId: newClientId(), body: "x" }),
    ).toBeNull();
    expect(statements).toEqual(["one", "one", "one"]);
    // Two at once are a batch.
    const pair = await Promise.all([
      batcher.store({ senderId: a.id, chatId: chat.id, clientId: newClientId(), body: "two" }),
      batcher.store({ senderId: b.id, chatId: chat.id, clientId: newClientId(), body: "three" }),
    ]);
    expect(pair.map((row) => row?.seq)).toEqual([2, 3]);
    expect(statements.at(-1)).toBe("batch");
    expect((await storedSeqs(chat.id)).map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  // PostgreSQL: the group commit has a connection of its own (Database.sendPrepared). PGlite is
  // one session, where every statement waits its turn anyway.
  it.runIf(testStorage() === "postgres")("a send is not queued behind reads that fill the pool", async () => {
    const [a, b] = (await users("gc-pool", 2)) as [TestUser, TestUser];
    const { chat } = await a.api.createDirectChat(b.id);
    const socket = await a.connect();
    // The first message lists the chat for b (an announcement that reads through the pool).
    await request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body: "first" });
    const poolSize = 10; // openTestDatabase's
    let readsDone = 0;
    const reads = Promise.all(
      Array.from({ length: poolSize }, () =>
        server.database.db.execute(sql`SELECT pg_sleep(1.5)`).then(() => {
          readsDone++;
        }),
      ),
    );
    while (server.database.poolStats().idle > 0 || server.database.poolStats().total < poolSize) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const ack = await request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body: "now" });
    expect(ack.message.seq).toBe(2);
    // Stored and acked while every pooled connection was still asleep (with the send's statement
    // on the pool, it got the first connection a read gave back).
    expect(readsDone).toBe(0);
    await reads;
  });
});
