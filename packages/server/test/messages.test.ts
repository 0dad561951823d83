import { messageSchema } from "@teamchat/protocol";
import { request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import { collect, newClientId, nextEvent, sleep, useTestServer } from "./harness.js";

const server = useTestServer();

describe("two users chatting", () => {
  it("delivers in both directions with seq 1, 2, 3 and the sender's other tabs get it too", async () => {
    const [a, b] = [await server.user("a"), await server.user("b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const [aTab1, aTab2, bPhone, bLaptop] = await Promise.all([a.connect(), a.connect(), b.connect(), b.connect()]);

    const atPhone = nextEvent(bPhone, "message:new");
    const atLaptop = nextEvent(bLaptop, "message:new");
    const atOtherTab = nextEvent(aTab2, "message:new");
    const ack = await request(aTab1, "message:send", { chatId: chat.id, clientId: newClientId(), body: "hello **b**" });
    expect(ack.duplicate).toBe(false);
    expect(messageSchema.parse(ack.message)).toMatchObject({
      seq: 1,
      senderId: a.id,
      body: "hello **b**",
      kind: "text",
    });
    for (const got of await Promise.all([atPhone, atLaptop, atOtherTab])) expect(got).toEqual(ack.message);

    const reply = nextEvent(aTab1, "message:new");
    const second = await request(bPhone, "message:send", { chatId: chat.id, clientId: newClientId(), body: "hey" });
    expect(second.message.seq).toBe(2);
    expect(await reply).toEqual(second.message);
  });
});

describe("three users in a group", () => {
  it("every member receives every message exactly once, in seq order", async () => {
    const users = [await server.user("g1"), await server.user("g2"), await server.user("g3")];
    const [owner, ...rest] = users;
    if (!owner) throw new Error("no owner");
    const chat = await owner.api.createGroupChat({ name: "trio", memberIds: rest.map((u) => u.id) });
    const sockets = await Promise.all(users.map((u) => u.connect()));
    const inboxes = sockets.map((s) => collect(s, "message:new"));
    for (let round = 0; round < 3; round++) {
      for (const socket of sockets) {
        await request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body: `r${round}` });
      }
    }
    await sleep(200);
    for (const inbox of inboxes) {
      expect(inbox.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
  });
});

describe("idempotent send", () => {
  it("a resend with the same clientId returns the original; members may hear it again, the same message", async () => {
    const [a, b] = [await server.user("idem-a"), await server.user("idem-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const [aSocket, bSocket] = await Promise.all([a.connect(), b.connect()]);
    const inbox = collect(bSocket, "message:new");
    const payload = { chatId: chat.id, clientId: newClientId(), body: "once" };
    const first = await request(aSocket, "message:send", payload);
    // A second tab (as after a reload with a persisted outbox) retries the same clientId.
    const retry = await request(await a.connect(), "message:send", payload);
    expect(retry).toEqual({ message: first.message, duplicate: true });
    await sleep(150);
    // Re-announced in case the first broadcast was lost (its node died): same id and seq, so
    // clients keep one copy.
    expect(inbox.map((m) => [m.id, m.seq])).toEqual([
      [first.message.id, 1],
      [first.message.id, 1],
    ]);
    expect((await a.api.history(chat.id)).messages).toHaveLength(1);
  });

  it("afterClientId: a send waits (retryable refusal) until the sender's previous message is stored", async () => {
    const [a, b] = [await server.user("after-a"), await server.user("after-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const socket = await a.connect();
    const first = { chatId: chat.id, clientId: newClientId(), body: "first" };
    const second = { chatId: chat.id, clientId: newClientId(), body: "second", afterClientId: first.clientId };
    await expect(request(socket, "message:send", second)).rejects.toMatchObject({
      code: "UNAVAILABLE",
      retryable: true,
    });
    // Another tab (a fresh ordered queue): the predecessor, then the resend.
    const other = await a.connect();
    expect((await request(other, "message:send", first)).message.seq).toBe(1);
    const stored = await request(other, "message:send", second);
    expect(stored.message.seq).toBe(2);
    expect((await a.api.history(chat.id)).messages.map((m) => m.body)).toEqual(["first", "second"]);
  });

  it("concurrent resends of one clientId store exactly one message and use one seq", async () => {
    const [a, b] = [await server.user("race-a"), await server.user("race-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const sockets = await Promise.all([a.connect(), a.connect(), a.connect()]);
    const payload = { chatId: chat.id, clientId: newClientId(), body: "racy" };
    const acks = await Promise.all(sockets.flatMap((s) => [s, s].map((x) => request(x, "message:send", payload))));
    expect(new Set(acks.map((x) => x.message.id)).size).toBe(1);
    expect(acks.filter((x) => !x.duplicate)).toHaveLength(1);
    const next = await request(sockets[0] ?? sockets[1] ?? (await a.connect()), "message:send", {
      chatId: chat.id,
      clientId: newClientId(),
      body: "after",
    });
    expect(next.message.seq).toBe(2);
  });

  it("reusing a clientId for a different message is refused, not silently merged", async () => {
    const [a, b] = [await server.user("reuse-a"), await server.user("reuse-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const socket = await a.connect();
    const clientId = newClientId();
    await request(socket, "message:send", { chatId: chat.id, clientId, body: "original" });
    await expect(
      request(socket, "message:send", { chatId: chat.id, clientId, body: "different" }),
    ).rejects.toMatchObject({
      code: "CLIENT_ID_REUSED",
    });
  });

  it("clientIds are per sender: two users may use the same one", async () => {
    const [a, b] = [await server.user("per-a"), await server.user("per-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const clientId = newClientId();
    const one = await request(await a.connect(), "message:send", { chatId: chat.id, clientId, body: "same" });
    const two = await request(await b.connect(), "message:send", { chatId: chat.id, clientId, body: "same" });
    expect(two.duplicate).toBe(false);
    expect(two.message.id).not.toBe(one.message.id);
  });
});

describe("seq under concurrent senders", () => {
  it("assigns 1..N with no gap and no reuse, and every receiver sees each seq once", async () => {
    const members = await Promise.all(Array.from({ length: 5 }, (_, i) => server.user(`conc${i}`)));
    const [owner, ...rest] = members;
    if (!owner) throw new Error("no owner");
    const chat = await owner.api.createGroupChat({ name: "storm", memberIds: rest.map((u) => u.id) });
    const sockets = await Promise.all(members.map((u) => u.connect()));
    const observer = collect(sockets[0] ?? (await owner.connect()), "message:new");
    const perSender = 20;
    const acks = await Promise.all(
      sockets.flatMap((socket, i) =>
        Array.from({ length: perSender }, (_, n) =>
          request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body: `${i}:${n}` }),
        ),
      ),
    );
    const total = members.length * perSender;
    expect(acks.map((x) => x.message.seq).sort((p, q) => p - q)).toEqual(
      Array.from({ length: total }, (_, i) => i + 1),
    );
    await sleep(300);
    expect(observer.map((m) => m.seq).sort((p, q) => p - q)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // Per sender, the server kept each sender's emission order (one socket, one ordered stream).
    for (let i = 0; i < members.length; i++) {
      const mine = acks.filter((x) => x.message.body.startsWith(`${i}:`)).map((x) => x.message);
      const order = [...mine].sort((p, q) => p.seq - q.seq).map((m) => Number(m.body.split(":")[1]));
      expect(order).toEqual([...order].sort((p, q) => p - q));
    }
  });
});

describe("history", () => {
  it("pages by seq in ascending order with before/after and hasMore", async () => {
    const [a, b] = [await server.user("hist-a"), await server.user("hist-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    const socket = await a.connect();
    for (let i = 1; i <= 25; i++) {
      await request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body: `m${i}` });
    }
    const newest = await b.api.history(chat.id, { limit: 10 });
    expect(newest.messages.map((m) => m.seq)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(newest).toMatchObject({ hasMore: true, lastSeq: 25 });
    const older = await b.api.history(chat.id, { before: 16, limit: 10 });
    expect(older.messages.map((m) => m.seq)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    const oldest = await b.api.history(chat.id, { before: 6, limit: 10 });
    expect(oldest.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(oldest.hasMore).toBe(false);
    const gapFill = await b.api.history(chat.id, { after: 20, limit: 3 });
    expect(gapFill.messages.map((m) => m.seq)).toEqual([21, 22, 23]);
    expect(gapFill.hasMore).toBe(true);
    const tail = await b.api.history(chat.id, { after: 23 });
    expect(tail).toMatchObject({ hasMore: false });
    expect(tail.messages.map((m) => m.body)).toEqual(["m24", "m25"]);
  });

  it("rejects bad paging parameters", async () => {
    const [a, b] = [await server.user("hq-a"), await server.user("hq-b")];
    const { chat } = await a.api.createDirectChat(b.id);
    for (const query of [{ before: 5, after: 1 }, { limit: 0 }, { limit: 1000 }, { before: -1 }]) {
      await expect(a.api.history(chat.id, query)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    }
  });
});

describe("message times", () => {
  it("never go before the chat's last activity (a change that began before a send committed)", async () => {
    // A group change's transaction can begin before a concurrent send commits, then write its
    // later-seq system message: stamped with the transaction's start, the chat's time went
    // backwards. Here the chat's last activity is set ahead of the clock to stand for that send.
    const [a, b, c] = [await server.user("t1"), await server.user("t2"), await server.user("t3")];
    const chat = await a.api.createGroupChat({ name: "clock", memberIds: [b.id] });
    await server.database.exec(`UPDATE chats SET last_activity_at = now() + interval '1 hour' WHERE id = '${chat.id}'`);
    const ahead = (await a.api.chat(chat.id)).lastActivityAt;
    expect(Date.parse(ahead)).toBeGreaterThan(Date.now() + 30 * 60_000);

    const socket = await a.connect();
    const sent = await request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body: "later" });
    await a.api.addMembers(chat.id, [c.id]);
    const history = (await a.api.history(chat.id, { limit: 50 })).messages;
    const times = history.map((m) => Date.parse(m.createdAt));
    expect(Date.parse(sent.message.createdAt)).toBeGreaterThanOrEqual(Date.parse(ahead));
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect((await a.api.chat(chat.id)).lastActivityAt).toBe(history.at(-1)?.createdAt);
  });
});
