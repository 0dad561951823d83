/**
 * Fault tests: 3 real nodes behind nginx on 127.0.0.1, real PostgreSQL (through a TCP proxy the
 * test can cut) and a redis-server of the test's own, driven with the real SDK. Each ends with
 * the same check (fleet.ts `expectConverged`): every queued message stored exactly once, seqs
 * gap-free, each sender's order kept, every client's cache equal to the database.
 * Ports (FAULT_PORT_BASE, 4150): nginx +0, redis +1, PostgreSQL proxy +2, nodes +10..+12.
 */
import crypto from "node:crypto";
import { createSocket, request } from "@teamchat/sdk";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReconnectStorm } from "../bench/cluster/reconnect-storm.js";
import { type Cluster, startCluster } from "../deploy/cluster.js";
import { type Database, openDatabase, rowsOf } from "../packages/server/src/db/database.js";
import { expectConverged, type Fleet, recorder, seedFleet, signInAll, until } from "./lib/fleet.js";
import { startRedis, startTcpProxy } from "./lib/services.js";

const adminUrl = process.env.DATABASE_URL ?? "";
const STORM_CLIENTS = Number(process.env.FAULT_STORM_CLIENTS ?? 1000);
const BASE = Number(process.env.FAULT_PORT_BASE ?? 4150);

let cluster: Cluster;
let database: Database;
let redis: Awaited<ReturnType<typeof startRedis>>;
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
let dbName = "";

beforeAll(async () => {
  dbName = `teamchat_fault_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const direct = new URL(adminUrl);
  direct.pathname = `/${dbName}`;
  const proxied = new URL(direct);
  proxy = await startTcpProxy(BASE + 2, { host: direct.hostname, port: Number(direct.port || 5432) });
  proxied.hostname = "127.0.0.1";
  proxied.port = String(proxy.port);
  redis = await startRedis(BASE + 1);
  cluster = await startCluster({
    databaseUrl: proxied.toString(),
    redisUrl: redis.url,
    port: BASE,
    nodePorts: [BASE + 10, BASE + 11, BASE + 12],
    env: {
      RATE_LIMIT_HTTP_PER_MINUTE: "100000000",
      RATE_LIMIT_AUTH_PER_MINUTE: "100000000",
      RATE_LIMIT_MESSAGES_PER_10S: "100000",
      PRESENCE_TTL_SECONDS: "5",
      LOG_LEVEL: "error",
    },
  });
  database = await openDatabase({ kind: "postgres", url: direct.toString(), poolSize: 4 });
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
  await database?.close();
  await redis?.stop();
  await proxy?.stop();
  if (dbName) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}, 120_000);

/** 200 clients in 20 groups of 10, shared by the first three faults (each adds traffic). */
describe.sequential("3 nodes behind nginx, under faults", () => {
  let fleet: Fleet;
  let clients: Awaited<ReturnType<typeof signInAll>>;
  const record = recorder();

  /** Every client sends `perClient` messages into its group, `gapMs` apart (with jitter). */
  const storm = (perClient: number, gapMs: number) =>
    Promise.all(
      clients.map(async (client, i) => {
        const chat = fleet.chats.find((c) => c.members.includes(i));
        if (!chat) return;
        await new Promise((r) => setTimeout(r, Math.random() * gapMs));
        for (let n = 0; n < perClient; n++) {
          await record.send(client, i, chat.id, `from ${i} #${n}`);
          await new Promise((r) => setTimeout(r, gapMs * (0.5 + Math.random())));
        }
      }),
    );

  beforeAll(async () => {
    fleet = await seedFleet(database, 200, 10);
    clients = await signInAll(database, cluster.url, fleet.userIds, (i) =>
      fleet.chats.filter((c) => c.members.includes(i)).map((c) => c.id),
    );
  }, 300_000);

  afterAll(() => {
    for (const c of clients ?? []) c.stop();
  });

  it("(1) kill -9 of one node during a send storm: its clients come back through nginx, nothing lost or doubled", async () => {
    const sending = storm(5, 400);
    await new Promise((r) => setTimeout(r, 1_000));
    const victim = cluster.nodes[1];
    if (!victim) throw new Error("no node 2");
    const victimSockets = await connectedSockets(victim.url);
    await victim.crash();
    await sending;
    const { stored, convergedMs } = await expectConverged(database, fleet, clients, record.queued);
    console.log(
      `kill -9: node2 had ${victimSockets} sockets; ${stored} messages stored once each; converged in ${convergedMs} ms`,
    );
    expect(victimSockets).toBeGreaterThan(0);
    // A gap repair may be running ("syncing"): every client settles on "live".
    await until(() => clients.every((c) => c.connection === "live"), 60_000, "every client live");
    await victim.start(); // back for the next faults
  }, 240_000);

  it("(2) Redis restarted (empty) during traffic: fan-out, presence and limits resume", async () => {
    const sending = storm(4, 400);
    await new Promise((r) => setTimeout(r, 800));
    await redis.restart(1_500);
    await sending;
    const { stored, convergedMs } = await expectConverged(database, fleet, clients, record.queued);
    console.log(`redis restart: ${stored} messages stored once each; converged in ${convergedMs} ms`);
    // Presence is rebuilt by the nodes' refresh: a member shows online again.
    const [first] = [clients[0]];
    await until(
      async () => ((await first?.queryPresence([fleet.userIds[1] as string]))?.[0]?.online ?? false) === true,
      30_000,
      "presence back after the Redis restart",
    );
    await until(() => clients.every((c) => c.connection === "live"), 60_000, "every client live");
  }, 240_000);

  it("(3) PostgreSQL unreachable for 5 s: sends fail retryably or wait, the outbox resends, nothing half-written", async () => {
    const sending = storm(4, 500);
    await new Promise((r) => setTimeout(r, 800));
    await proxy.cut(5_000);
    await sending;
    const { stored, convergedMs } = await expectConverged(database, fleet, clients, record.queued);
    console.log(`postgres cut 5 s: ${stored} messages stored once each; converged in ${convergedMs} ms`);
    // Nothing half-written: every chat's counters agree with its messages.
    const bad = rowsOf<{ id: string }>(
      await database.db.execute(sql`
        SELECT c.id FROM chats c LEFT JOIN messages m ON m.chat_id = c.id
        GROUP BY c.id, c.last_seq HAVING c.last_seq <> coalesce(max(m.seq), 0) OR c.last_seq <> count(m.id)`),
    );
    expect(bad).toEqual([]);
  }, 240_000);

  it("(4) ack lost (the sender disconnects right after sending): a resend with the same clientId stores nothing new", async () => {
    for (let i = 0; i < 10; i++) {
      const client = clients[i * 20];
      const chat = fleet.chats.find((c) => c.members.includes(i * 20));
      if (!client || !chat) throw new Error("fleet");
      const token = client.accessToken;
      const payload = { chatId: chat.id, clientId: crypto.randomUUID(), body: `ack lost ${i}` };
      const first = createSocket({ serverUrl: cluster.url, getToken: () => token });
      await new Promise<void>((resolve) => first.once("connect", () => resolve()));
      first.emit("message:send", payload, () => {}); // the ack is ignored…
      await until(async () => (await storedCopies(payload.clientId)) === 1, 60_000, "the first send stored");
      first.disconnect(); // …and the connection is gone: the client never learnt it was stored
      const again = createSocket({ serverUrl: cluster.url, getToken: () => token });
      const ack = await request(again, "message:send", payload);
      again.disconnect();
      expect(ack.duplicate).toBe(true);
      expect(await storedCopies(payload.clientId)).toBe(1);
      record.queued.set(payload.clientId, {
        chatId: chat.id,
        senderIndex: i * 20,
        order: Number.MAX_SAFE_INTEGER - 100 + i,
      });
    }
    // The other members got each message once (live or by catch-up), like everything else.
    const { stored } = await expectConverged(database, fleet, clients, record.queued);
    expect(stored).toBe(record.queued.size);
  }, 240_000);
});

describe.sequential("reconnect storm", () => {
  it(`(5) ${STORM_CLIENTS} clients reconnect at once: all caught up, the nodes keep answering`, async () => {
    const fleet = await seedFleet(database, STORM_CLIENTS, 2);
    const { result, clients } = await runReconnectStorm({ cluster, database, fleet, log: console.log });
    try {
      console.log(
        `reconnect storm, ${result.clients} clients: all live after ${result.allLiveMs} ms, fully recovered after ${result.fullRecoveryMs} ms; ` +
          `/healthz during recovery p50 ${result.healthzMs.p50.toFixed(1)} ms, max ${result.healthzMs.max.toFixed(1)} ms`,
      );
      expect(result.clients).toBe(STORM_CLIENTS);
      expect(result.healthzMs.count).toBeGreaterThan(0);
    } finally {
      for (const c of clients) c.stop();
    }
  }, 600_000);
});

async function storedCopies(clientId: string): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await database.db.execute(sql`SELECT count(*)::int AS n FROM messages WHERE client_id = ${clientId}`),
  );
  return row?.n ?? 0;
}

async function connectedSockets(nodeUrl: string): Promise<number> {
  const text = await (await fetch(`${nodeUrl}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith("teamchat_connected_sockets"));
  return Number(line?.split(" ").pop() ?? 0);
}
