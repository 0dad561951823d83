/**
 * Live delivery through a Redis outage, and nginx moving clients off a dead node (issue 21).
 * 3 real nodes behind nginx, real PostgreSQL, a redis-server of the test's own, real SDK clients.
 * Numbers are printed (and copied to docs/scaling.md), never asserted: the machine is shared.
 * Ports (FAULT_PORT_BASE, 4150): nginx +20, redis +21, nodes +30..+32 (cluster-faults uses +0..+12).
 */
import crypto from "node:crypto";
import { performance } from "node:perf_hooks";
import { type ChatSocket, createSocket, request } from "@teamchat/sdk";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, type ClusterNode, startCluster } from "../deploy/cluster.js";
import { type Database, openDatabase, rowsOf } from "../packages/server/src/db/database.js";
import { expectConverged, type Fleet, recorder, seedFleet, signInAll, until } from "./lib/fleet.js";
import { startRedis } from "./lib/services.js";

const adminUrl = process.env.DATABASE_URL ?? "";
const BASE = Number(process.env.FAULT_PORT_BASE ?? 4150);
const CLIENTS = Number(process.env.FAULT_OUTAGE_CLIENTS ?? 60);
const OUTAGE_MS = 10_000;

let cluster: Cluster;
let database: Database;
let redis: Awaited<ReturnType<typeof startRedis>>;
let dbName = "";

beforeAll(async () => {
  dbName = `teamchat_outage_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  redis = await startRedis(BASE + 21);
  cluster = await startCluster({
    databaseUrl: url.toString(),
    redisUrl: redis.url,
    port: BASE + 20,
    nodePorts: [BASE + 30, BASE + 31, BASE + 32],
    env: {
      RATE_LIMIT_HTTP_PER_MINUTE: "100000000",
      RATE_LIMIT_AUTH_PER_MINUTE: "100000000",
      RATE_LIMIT_MESSAGES_PER_10S: "100000",
      PRESENCE_TTL_SECONDS: "5",
      LOG_LEVEL: "error",
    },
  });
  database = await openDatabase({ kind: "postgres", url: url.toString(), poolSize: 4 });
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
  await database?.close();
  await redis?.stop();
  if (dbName) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}, 120_000);

describe.sequential("Redis outage and node death, 3 nodes behind nginx", () => {
  let fleet: Fleet;
  let clients: Awaited<ReturnType<typeof signInAll>>;
  const record = recorder();

  beforeAll(async () => {
    fleet = await seedFleet(database, CLIENTS, 10);
    clients = await signInAll(database, cluster.url, fleet.userIds, (i) =>
      fleet.chats.filter((c) => c.members.includes(i)).map((c) => c.id),
    );
  }, 300_000);

  afterAll(() => {
    for (const c of clients ?? []) c.stop();
  });

  it("(nginx) clients of a node that dies reconnect to the live nodes, spread evenly (shared least_conn zone)", async () => {
    const before = await socketCounts(cluster.nodes);
    const victim = busiest(cluster.nodes, before);
    await victim.crash();
    const survivors = cluster.nodes.filter((n) => n !== victim);
    await until(() => clients.every((c) => c.connection === "live"), 60_000, "every client live again");
    let after = new Map<ClusterNode, number>();
    await until(
      async () => {
        after = await socketCounts(survivors);
        return [...after.values()].reduce((a, b) => a + b, 0) === clients.length;
      },
      30_000,
      "every client counted on a live node",
    );
    const [a = 0, b = 0] = [...after.values()];
    console.log(
      `node death: before ${fmt(before)}; ${victim.name} killed; after ${fmt(after)} (${clients.length} clients)`,
    );
    // Every client is on a live node (the counts add up), and least_conn evened them out.
    expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.max(3, Math.ceil(clients.length * 0.1)));
    await victim.start();
  }, 240_000);

  it("(local-first) Redis down 10 s: same-node delivery continues at once, cross-node resumes when Redis returns, no duplicates", async () => {
    const chat = fleet.chats[0];
    const [node1, node2] = cluster.nodes;
    if (!chat || !node1 || !node2) throw new Error("fleet");
    const tokenOf = (i: number) => clients[chat.members[i] ?? -1]?.accessToken ?? "";
    const sender = await rawSocket(node1.url, tokenOf(0));
    const sameNode = await rawSocket(node1.url, tokenOf(1));
    const otherNode = await rawSocket(node2.url, tokenOf(2));
    const sentAt = new Map<string, number>();
    let rawOrder = 0;
    const seenSame = new Map<string, number[]>();
    const seenOther = new Map<string, number>();
    sameNode.on("message:new", (m) => {
      const at = sentAt.get(m.body);
      if (at !== undefined) seenSame.set(m.body, [...(seenSame.get(m.body) ?? []), performance.now() - at]);
    });
    otherNode.on("message:new", (m) => {
      if (sentAt.has(m.body)) seenOther.set(m.body, performance.now());
    });
    const sendFor = async (tag: string, ms: number) => {
      const bodies: string[] = [];
      const acks: Promise<unknown>[] = [];
      const end = Date.now() + ms;
      for (let n = 0; Date.now() < end; n++) {
        const body = `${tag} ${n} ${crypto.randomUUID()}`;
        bodies.push(body);
        const clientId = crypto.randomUUID();
        sentAt.set(body, performance.now());
        acks.push(request(sender, "message:send", { chatId: chat.id, clientId, body }, 30_000));
        // Expected by the final check too, ordered before everything the recorder queues later.
        record.queued.set(clientId, {
          chatId: chat.id,
          senderIndex: chat.members[0] ?? 0,
          order: -1 + ++rawOrder / 1e6,
        });
        await new Promise((r) => setTimeout(r, 100));
      }
      await Promise.all(acks);
      return bodies;
    };
    const latencies = (bodies: string[]) => bodies.map((b) => seenSame.get(b)?.[0] ?? Number.POSITIVE_INFINITY);

    const baseline = await sendFor("baseline", 3_000);
    await until(() => baseline.every((b) => seenSame.has(b) && seenOther.has(b)), 30_000, "baseline delivered");

    await redis.kill();
    const killedAt = Date.now();
    await new Promise((r) => setTimeout(r, 500));
    const during = await sendFor("outage", OUTAGE_MS - 2_000);
    // Redis is still down here: the same-node member must already have every message.
    await until(() => during.every((b) => seenSame.has(b)), 10_000, "same-node delivery while Redis is down");
    const crossDuringOutage = during.filter((b) => seenOther.has(b)).length;
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - killedAt))));
    await redis.start();
    const backAt = performance.now();
    await until(() => during.every((b) => seenOther.has(b)), 60_000, "cross-node delivery after Redis returns");
    const crossResumedMs = Math.max(...during.map((b) => (seenOther.get(b) ?? 0) - backAt));
    // node1 reads its own stream entries back by now: they must not be emitted a second time.
    await new Promise((r) => setTimeout(r, 2_000));
    const duplicates = [...seenSame.values()].filter((times) => times.length > 1).length;

    const base = percentiles(latencies(baseline));
    const outage = percentiles(latencies(during));
    const outageLatencies = latencies(during);
    const worst = outageLatencies.indexOf(Math.max(...outageLatencies));
    const firstCross = Math.min(...during.map((b) => (seenOther.get(b) ?? 0) - backAt));
    console.log(
      `local-first: same-node delivery (send → receive) with Redis up p50 ${base.p50.toFixed(1)} ms p99 ${base.p99.toFixed(1)} ms; ` +
        `Redis down ${OUTAGE_MS / 1000} s: ${during.length} messages, p50 ${outage.p50.toFixed(1)} ms p99 ${outage.p99.toFixed(1)} ms, max ${outage.max.toFixed(1)} ms; ` +
        `cross-node during the outage ${crossDuringOutage}/${during.length}, first ${firstCross.toFixed(0)} ms and all ${crossResumedMs.toFixed(0)} ms after Redis returned; ${duplicates} duplicates; slowest same-node was #${worst} (${outageLatencies
          .slice(0, 5)
          .map((l) => l.toFixed(0))
          .join(", ")} …)`,
    );
    expect(duplicates).toBe(0);
    for (const s of [sender, sameNode, otherNode]) s.disconnect();
    await until(() => clients.every((c) => c.connection === "live"), 60_000, "every client live");
  }, 240_000);

  it("(heads) Redis down 10 s and a node killed 5 s in: clients that stayed connected get every acked message without reconnecting", async () => {
    const lost = new Set<number>();
    let syncs = 0;
    let heads = 0;
    const unsubscribe = clients.map((c, i) =>
      c.on("connection", (state) => {
        if (state === "reconnecting" || state === "offline") lost.add(i);
        if (state === "syncing") syncs++;
      }),
    );
    const restTimes: number[] = [];
    let restFailures = 0;
    let restStarted = 0;
    for (const c of clients) {
      const api = (c as unknown as { api: Record<string, (...a: unknown[]) => Promise<unknown>> }).api;
      for (const name of ["chats", "sync"]) {
        const original = api[name]?.bind(api);
        if (!original) continue;
        api[name] = async (...args: unknown[]) => {
          const t = Date.now();
          restStarted++;
          try {
            return await original(...args);
          } catch (err) {
            restFailures++;
            throw err;
          } finally {
            restTimes.push(Date.now() - t);
          }
        };
      }
    }
    for (const c of clients) {
      // The SDK keeps its socket private; the test only listens to it.
      (c as unknown as { socket: ChatSocket | null }).socket?.on("chat:head", () => heads++);
    }
    let sending = true;
    const storm = Promise.all(
      clients.map(async (client, i) => {
        const chat = fleet.chats.find((c) => c.members.includes(i));
        if (!chat) return;
        await new Promise((r) => setTimeout(r, Math.random() * 1_000));
        for (let n = 0; sending; n++) {
          await record.send(client, i, chat.id, `storm ${i} #${n}`);
          await new Promise((r) => setTimeout(r, 700 + Math.random() * 600));
        }
      }),
    );
    const states = () => {
      const n = new Map<string, number>();
      for (const c of clients) n.set(c.connection, (n.get(c.connection) ?? 0) + 1);
      return [...n].map(([k, v]) => `${k} ${v}`).join(", ");
    };
    const t0 = Date.now();
    const victim = busiest(cluster.nodes, await socketCounts(cluster.nodes));
    const step = (what: string) =>
      console.log(
        `heads: +${Date.now() - t0} ms ${what} (so far ${heads} heads received, ${syncs} syncs; states ${states()}; REST ${restStarted} started, ${restTimes.length} done, ${restFailures} failed, max ${Math.max(0, ...restTimes)} ms)`,
      );
    await new Promise((r) => setTimeout(r, 1_000));
    await redis.kill();
    step("Redis killed");
    await new Promise((r) => setTimeout(r, OUTAGE_MS / 2));
    await victim.crash();
    step(`${victim.name} killed`);
    await new Promise((r) => setTimeout(r, OUTAGE_MS / 2));
    await redis.start();
    step("Redis back");
    const backAt = Date.now();
    sending = false;

    // Every message the database holds now (acked, or stored by the dead node just before it died).
    const storedNow = rowsOf<{ id: string; chat_id: string }>(
      await database.db.execute(
        sql`SELECT id, chat_id FROM messages WHERE chat_id IN (${sql.join(
          fleet.chats.map((c) => sql`${c.id}`),
          sql`, `,
        )})`,
      ),
    );
    const stayed = clients.map((_, i) => i).filter((i) => !lost.has(i));
    const missing = async () => {
      let count = 0;
      for (const i of stayed) {
        const client = clients[i];
        for (const chat of fleet.chats.filter((c) => c.members.includes(i))) {
          const cached = new Set((await client?.cachedMessages(chat.id, { limit: 100_000 }))?.map((m) => m.id));
          count += storedNow.filter((r) => r.chat_id === chat.id && !cached.has(r.id)).length;
        }
      }
      return count;
    };
    const missingAtReturn = await missing();
    step(`${missingAtReturn} deliveries missing at stayed clients`);
    await until(
      async () => {
        const n = await missing();
        if (n > 0) step(`${n} missing`);
        return n === 0;
      },
      120_000,
      "stayed-connected clients hold every stored message",
    );
    const completeMs = Date.now() - backAt;
    const stillStayed = stayed.filter((i) => !lost.has(i));
    console.log(
      `heads: ${victim.name} killed 5 s into a ${OUTAGE_MS / 1000} s Redis outage; ${stayed.length}/${clients.length} clients stayed connected; ` +
        `${storedNow.length} messages stored by Redis's return, ${missingAtReturn} deliveries missing then; all held ${completeMs} ms after Redis returned, no reconnection`,
    );
    expect(stayed.length).toBeGreaterThan(0);
    expect(stillStayed).toEqual(stayed); // none of them reconnected to get there
    await storm;
    step("storm ended");
    for (const off of unsubscribe) off();
    // Everything else (every outbox sent, stored once, every cache equal to the database).
    const { stored, convergedMs } = await expectConverged(database, fleet, clients, record.queued);
    console.log(
      `heads: all ${stored} messages stored once, every client equal to the database after ${convergedMs} ms`,
    );
    await victim.start();
  }, 300_000);
});

async function rawSocket(serverUrl: string, token: string): Promise<ChatSocket> {
  const socket = createSocket({ serverUrl, getToken: () => token });
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return socket;
}

async function socketCounts(nodes: ClusterNode[]): Promise<Map<ClusterNode, number>> {
  const counts = new Map<ClusterNode, number>();
  for (const node of nodes) {
    if (!node.running()) continue;
    const text = await (await fetch(`${node.url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
    const line = text.split("\n").find((l) => l.startsWith("teamchat_connected_sockets"));
    counts.set(node, Number(line?.split(" ").pop() ?? 0));
  }
  return counts;
}

function busiest(nodes: ClusterNode[], counts: Map<ClusterNode, number>): ClusterNode {
  const [top] = [...nodes].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0));
  if (!top) throw new Error("no node");
  return top;
}

const fmt = (counts: Map<ClusterNode, number>) => [...counts].map(([n, c]) => `${n.name} ${c}`).join(", ");

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
}
