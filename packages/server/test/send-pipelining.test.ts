import { type ChatSocket, request } from "@teamchat/sdk";
import { describe, expect, it } from "vitest";
import type { Db } from "../src/db/database.js";
import { SendBatcher } from "../src/modules/messages/send-batcher.js";
import { collect, newClientId, sleep, type TestUser, useTestServer } from "./harness.js";

/**
 * Pipelining (realtime/ordered-queue.ts, send-batcher.ts): one socket's sends enter the group
 * commit before the previous one is committed, so a batch holds many of them, still stored in
 * emission order. A failed batch is refused as a whole (retryable), together with the socket's
 * later sends, and the resends are stored once each, in order.
 */
// A long window so every send of the tick is queued before the batch is written, whatever the load.
const server = useTestServer({ SEND_BATCH_WINDOW_MS: "200", SEND_PIPELINE_DEPTH: "32" });

async function pair(prefix: string): Promise<{ a: TestUser; b: TestUser; chatId: string; socket: ChatSocket }> {
  const [a, b] = await Promise.all([server.user(`${prefix}a`), server.user(`${prefix}b`)]);
  const { chat } = await a.api.createDirectChat(b.id);
  return { a, b, chatId: chat.id, socket: await a.connect() };
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${server.baseUrl}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(name));
  return line ? Number(line.split(" ").pop()) : 0;
}

async function storedBodies(chatId: string): Promise<{ seq: number; body: string }[]> {
  const rows = await server.database.db.query.messages.findMany({
    where: (m, { eq }) => eq(m.chatId, chatId),
    orderBy: (m, { asc }) => asc(m.seq),
  });
  return rows.map((r) => ({ seq: r.seq, body: r.body }));
}

/** Sends as the SDK outbox does: each names the previous one still unacknowledged. */
function outbox(chatId: string, n: number, from = 0) {
  const ids = Array.from({ length: n }, () => newClientId());
  return ids.map((clientId, i) => ({
    chatId,
    clientId,
    body: `m${from + i}`,
    ...(i > 0 && { afterClientId: ids[i - 1] }),
  }));
}

describe("send pipelining", () => {
  it("many sends from one socket in one tick land in one batch, stored in emission order", async () => {
    const { chatId, socket } = await pair("pipe-one");
    const [batches, batched] = await Promise.all([
      metric("teamchat_send_batch_size_count"),
      metric("teamchat_send_batch_size_sum"),
    ]);
    const sends = 20;
    const acks = await Promise.all(
      Array.from({ length: sends }, (_, i) =>
        request(socket, "message:send", { chatId, clientId: newClientId(), body: `m${i}` }),
      ),
    );
    expect(acks.map((a) => a.message.seq)).toEqual(Array.from({ length: sends }, (_, i) => i + 1));
    expect(acks.every((a) => !a.duplicate)).toBe(true);
    // One statement for all of them (a send waiting for the previous commit would need 20).
    expect((await metric("teamchat_send_batch_size_count")) - batches).toBe(1);
    expect((await metric("teamchat_send_batch_size_sum")) - batched).toBe(sends);
    expect(await storedBodies(chatId)).toEqual(
      Array.from({ length: sends }, (_, i) => ({ seq: i + 1, body: `m${i}` })),
    );
  });

  it("afterClientId naming a send still in the batcher is accepted: an outbox's burst shares a batch", async () => {
    const { chatId, socket } = await pair("pipe-after");
    const batches = await metric("teamchat_send_batch_size_count");
    const acks = await Promise.all(outbox(chatId, 10).map((p) => request(socket, "message:send", p)));
    expect(acks.map((a) => a.message.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect((await metric("teamchat_send_batch_size_count")) - batches).toBe(1);
  });

  it("a batch that fails: its sends and the socket's later ones are refused retryably, nothing stored; resends land once, in order", async () => {
    const { chatId, socket } = await pair("pipe-fail");
    const ctx = server.built.ctx;
    const original = ctx.sendBatcher;
    // The database goes away during the first batch statement (after a while, so later sends queue behind it).
    let failures = 0;
    const flaky = new Proxy(ctx.db, {
      get(target, prop) {
        if (prop === "execute" && failures === 0) {
          return async () => {
            failures++;
            await sleep(150);
            throw Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    }) as Db;
    ctx.sendBatcher = new SendBatcher(flaky, () => {}, 1);
    try {
      const payloads = outbox(chatId, 10);
      const early = payloads.slice(0, 5).map((p) => request(socket, "message:send", p));
      await sleep(30); // the first batch is being written (and will fail) when these arrive
      const late = payloads.slice(5).map((p) => request(socket, "message:send", p));
      const results = await Promise.allSettled([...early, ...late]);
      expect(failures).toBe(1);
      for (const r of results) {
        expect(r).toMatchObject({ status: "rejected", reason: { code: "UNAVAILABLE" } });
        expect((r as PromiseRejectedResult).reason.retryAfterMs).toBeGreaterThanOrEqual(500);
      }
      expect(await storedBodies(chatId)).toEqual([]);

      await sleep(500); // the delay the refusal asked for
      const acks = await Promise.all(payloads.map((p) => request(socket, "message:send", p)));
      expect(acks.map((a) => [a.message.seq, a.duplicate])).toEqual(
        Array.from({ length: 10 }, (_, i) => [i + 1, false]),
      );
      expect(await storedBodies(chatId)).toEqual(Array.from({ length: 10 }, (_, i) => ({ seq: i + 1, body: `m${i}` })));
      // Exactly once: a further resend is the duplicate of what was stored.
      const fourth = payloads[3];
      if (!fourth) throw new Error("no fourth send");
      const again = await request(socket, "message:send", fourth);
      expect([again.duplicate, again.message.seq]).toEqual([true, 4]);
    } finally {
      ctx.sendBatcher = original;
    }
  });

  it("a send written on its own (with a file) waits for the socket's earlier sends still in the batcher", async () => {
    const { a, chatId, socket } = await pair("pipe-file");
    const file = await a.api.uploadFile(new Blob([new Uint8Array([1, 2, 3])], { type: "text/plain" }), "note.txt");
    const acks = await Promise.all([
      request(socket, "message:send", { chatId, clientId: newClientId(), body: "m0" }),
      request(socket, "message:send", { chatId, clientId: newClientId(), body: "m1", attachmentIds: [file.id] }),
      request(socket, "message:send", { chatId, clientId: newClientId(), body: "m2" }),
    ]);
    expect(acks.map((ack) => ack.message.seq)).toEqual([1, 2, 3]);
    expect((await storedBodies(chatId)).map((m) => m.body)).toEqual(["m0", "m1", "m2"]);
  });

  it("the peer hears one socket's batched messages in seq order, the first (which lists the new chat) first", async () => {
    const { b, chatId, socket } = await pair("pipe-fanout");
    const heard = collect(await b.connect(), "message:new");
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request(socket, "message:send", { chatId, clientId: newClientId(), body: `m${i}` }),
      ),
    );
    const deadline = Date.now() + 5_000;
    while (heard.length < 10 && Date.now() < deadline) await sleep(20);
    expect(heard.map((m) => m.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });
});
