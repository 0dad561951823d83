import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ApiClient, type ChatSocket, createSocket, memoryCookieJar, request } from "@teamchat/sdk";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../../../bench/lib/postgres-db.js";
import { startServer } from "../../../bench/lib/server-process.js";
import { openDatabase, rowsOf } from "../src/db/database.js";
import { testStorage } from "./databases.js";
import { connected } from "./harness.js";

/**
 * kill -9 of a real server process while many senders' messages are being group-committed:
 * every message whose ack reached a client is in the database afterwards, once, and every
 * chat's seqs are still gap-free (an unacked batch is all or nothing).
 */
const SENDERS = 12;
const KILL_AFTER_ACKS = 150;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

describe("durability under group commit", () => {
  it("kill -9 during a storm of concurrent sends: every acked message is stored, seqs gap-free", async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "teamchat-durability-"));
    cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const storage = testStorage();
    const scratch =
      storage === "postgres" ? await createScratchDatabase(process.env.DATABASE_URL ?? "", "tc_dur") : null;
    if (scratch) cleanups.push(scratch.drop);
    const server = await startServer({ kind: storage, dataDir, databaseUrl: scratch?.url });
    cleanups.push(server.stop);

    const tag = crypto.randomBytes(3).toString("hex");
    const people = await Promise.all(
      Array.from({ length: SENDERS }, async (_, i) => {
        let token: string | null = null;
        const api = new ApiClient({ baseUrl: server.url, getAccessToken: () => token, cookieJar: memoryCookieJar() });
        const session = await api.register({
          username: `dur${tag}-${i}`,
          password: "correct horse battery",
          displayName: `S${i}`,
        });
        token = session.accessToken;
        return { api, id: session.user.id, token };
      }),
    );
    const [owner, ...rest] = people as [(typeof people)[number], ...typeof people];
    const group = await owner.api.createGroupChat({ name: "storm", memberIds: rest.map((p) => p.id) });
    // Half the senders also talk in direct chats, so batches span several chats.
    const directs = await Promise.all(rest.slice(0, 4).map((p) => owner.api.createDirectChat(p.id)));
    const chatIds = [group.id, ...directs.map((d) => d.chat.id)];
    const sockets: ChatSocket[] = [];
    for (const person of people) {
      const socket = createSocket({ serverUrl: server.url, getToken: () => person.token, autoConnect: false });
      sockets.push(socket);
      await connected(socket);
    }

    const acked: { clientId: string; id: string; chatId: string; seq: number }[] = [];
    let killed = false;
    let kill: () => void = () => {};
    const killedNow = new Promise<void>((resolve) => {
      kill = resolve;
    });
    const senders = sockets.map(async (socket, i) => {
      for (let n = 0; !killed; n++) {
        // The owner writes to every chat in turn; the four with a direct chat alternate; the rest
        // write to the group.
        const direct = directs[i - 1]?.chat.id;
        const target = i === 0 ? (chatIds[n % chatIds.length] ?? group.id) : direct && n % 2 === 1 ? direct : group.id;
        const clientId = crypto.randomUUID();
        try {
          // A few in flight per socket, as an outbox draining does.
          const burst = [0, 1, 2].map((k) =>
            request(
              socket,
              "message:send",
              { chatId: target, clientId: `${clientId}-${k}`, body: `${i}:${n}:${k}` },
              5_000,
            ),
          );
          for (const settled of await Promise.allSettled(burst)) {
            if (settled.status !== "fulfilled") continue;
            const { message } = settled.value;
            acked.push({ clientId: message.clientId ?? "", id: message.id, chatId: message.chatId, seq: message.seq });
            if (acked.length >= KILL_AFTER_ACKS) kill();
          }
        } catch {
          // the server is gone
        }
      }
    });
    await killedNow;
    killed = true;
    process.kill(server.pid, "SIGKILL");
    await Promise.allSettled(senders);
    for (const socket of sockets) socket.disconnect();
    const ackedCount = acked.length;
    expect(ackedCount).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    // Reopen the storage the dead process left behind.
    const database =
      storage === "postgres"
        ? await openDatabase({ kind: "postgres", url: scratch?.url ?? "", poolSize: 2 })
        : await openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "db"), thread: "main" });
    try {
      const rows = rowsOf<{ id: string; chat_id: string; seq: number; client_id: string }>(
        await database.db.execute(sql`SELECT id, chat_id, seq, client_id FROM messages WHERE kind = 'text'`),
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const message of acked) {
        expect(byId.get(message.id), `acked ${message.clientId}`).toMatchObject({
          chat_id: message.chatId,
          seq: message.seq,
          client_id: message.clientId,
        });
      }
      expect(new Set(rows.map((r) => r.client_id)).size).toBe(rows.length);
      const all = rowsOf<{ chat_id: string; seq: number }>(
        await database.db.execute(sql`SELECT chat_id, seq FROM messages ORDER BY chat_id, seq`),
      );
      for (const chatId of chatIds) {
        const seqs = all.filter((r) => r.chat_id === chatId).map((r) => r.seq);
        expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      }
      console.log(`kill -9 (${storage}): ${ackedCount} acked, ${rows.length} stored, all acked present`);
    } finally {
      await database.close();
    }
  }, 180_000);
});
