import { createSocket, request } from "@teamchat/sdk";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "../src/db/database.js";
import { newClientId, nextEvent, sleep, startTestServer } from "./harness.js";

describe("health, readiness and graceful shutdown", () => {
  it("/healthz and /readyz answer; shutdown finishes the writes in flight before it closes", async () => {
    const server = await startTestServer();
    let closed = false;
    try {
      expect(await (await fetch(`${server.baseUrl}/healthz`)).json()).toEqual({ status: "ok" });
      expect(await (await fetch(`${server.baseUrl}/readyz`)).json()).toEqual({ status: "ready" });

      const [a, b] = [await server.user("sd-a"), await server.user("sd-b")];
      const { chat } = await a.api.createDirectChat(b.id);
      const socket = await a.connect();

      // Hold the chat row so the sends below are all mid-write when shutdown begins.
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked = false;
      const locker = server.database.db.transaction(async (tx) => {
        await tx.execute(sql`SELECT id FROM chats WHERE id = ${chat.id} FOR UPDATE`);
        locked = true;
        await held;
      });
      while (!locked) await sleep(5);

      const count = 20;
      for (let i = 0; i < count; i++) {
        request(socket, "message:send", { chatId: chat.id, clientId: newClientId(), body: `m${i}` }, 2_000).catch(
          () => {},
        );
      }
      while (server.built.ctx.inflight.size < count) await sleep(5);

      const told = nextEvent(socket, "server:reconnect");
      const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));
      const closing = server.built.close();
      expect(await told).toEqual({ reason: "shutdown", withinMs: expect.any(Number) });
      // The transport is closed, not the socket: every socket.io-client reconnects from that by itself.
      expect(await disconnected).toBe("transport close");
      await sleep(100);
      release();
      await locker;
      await closing;
      closed = true;

      const stored = rowsOf<{ seq: number }>(
        await server.database.db.execute(sql`SELECT seq FROM messages WHERE chat_id = ${chat.id} ORDER BY seq`),
      );
      expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      await expect(fetch(`${server.baseUrl}/healthz`)).rejects.toThrow();
    } finally {
      if (!closed) await server.built.close().catch(() => {});
      await server.stop();
    }
  });
});

describe("a socket whose handshake is under way when shutdown begins", () => {
  it("is refused and closed, so the shutdown ends", async () => {
    const server = await startTestServer();
    let closed = false;
    try {
      const late = await server.user("sd-late");
      // The handshake's account check waits on this lock (PGlite: on the one session it holds).
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked = false;
      const locker = server.database.db.transaction(async (tx) => {
        await tx.execute(sql`LOCK TABLE users IN ACCESS EXCLUSIVE MODE`);
        locked = true;
        await held;
      });
      while (!locked) await sleep(5);

      const socket = createSocket({
        serverUrl: server.baseUrl,
        getToken: () => late.session.accessToken,
        autoConnect: false,
      });
      const outcomes: string[] = [];
      socket.on("connect", () => outcomes.push("connect"));
      socket.on("connect_error", (err) => outcomes.push(`connect_error ${err.message}`));
      socket.io.on("reconnect_attempt", () => socket.disconnect());
      socket.connect();
      while (server.built.ctx.io.engine.clientsCount < 1) await sleep(5);
      await sleep(50);

      const closing = server.built.close().then(() => "closed");
      await sleep(100);
      release();
      await locker;
      const ended = await Promise.race([closing, sleep(8_000).then(() => "still closing after 8 s")]);
      closed = ended === "closed";
      socket.disconnect();
      expect(ended).toBe("closed");
      expect(outcomes).not.toContain("connect");
    } finally {
      if (!closed) await server.built.close().catch(() => {});
      await server.stop();
    }
  });
});

describe("planner statistics on PGlite", () => {
  it("are collected after start (PGlite has no autovacuum) for tables past a few pages, not for nearly empty ones", async () => {
    const first = await startTestServer();
    let second: Awaited<ReturnType<typeof startTestServer>> | null = null;
    try {
      if (first.database.kind !== "pglite") return; // PostgreSQL's autovacuum does it there
      await first.database.exec(
        "INSERT INTO users (username, display_name) SELECT 'stats-' || g, 'User ' || g FROM generate_series(1, 3000) g",
      );
      // A server starting on this database analyzes `users` (~40 pages) in the background; an
      // empty table stays unanalyzed, so the planner does not plan for it as for an empty one.
      second = await startTestServer({}, { shareDatabaseWith: first });
      const analyzed = async () => {
        const result = await first.database.db.execute(
          sql`SELECT relname FROM pg_stat_user_tables WHERE relname IN ('users', 'user_blocks') AND last_analyze IS NOT NULL`,
        );
        return rowsOf<{ relname: string }>(result).map((row) => row.relname);
      };
      const deadline = Date.now() + 20_000;
      while ((await analyzed()).length === 0 && Date.now() < deadline) await sleep(100);
      expect(await analyzed()).toEqual(["users"]);
    } finally {
      await second?.stop();
      await first.stop();
    }
  });
});
