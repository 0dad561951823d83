/**
 * Same-node delivery latency with Redis up versus Redis down, in one run (issue 21): 2 real
 * nodes (deploy/cluster.ts) with a redis-server of their own; a sender and a receiver on node 1,
 * a receiver on node 2. Phases alternate (up, down, up, down, …) so machine load hits both
 * alike; each message's send → receive time at the same-node receiver is recorded per phase.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:redis-outage -- --cycles 3
 *
 * Ports: --port-base B (default 4150): nginx B+40, redis B+41, nodes B+42 and B+43.
 */
import crypto from "node:crypto";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { type ChatSocket, createSocket, request } from "@teamchat/sdk";
import pg from "pg";
import { startCluster } from "../../deploy/cluster.js";
import { seedFleet, signInAll, until } from "../../fault/lib/fleet.js";
import { startRedis } from "../../fault/lib/services.js";
import { openDatabase } from "../../packages/server/src/db/database.js";
import { type ProcSample, sampleProcess } from "../lib/proc-stats.js";
import { writeResults } from "../lib/results.js";
import { percentiles, round } from "../lib/stats.js";

const { values } = parseArgs({
  options: {
    cycles: { type: "string", default: "3" },
    "phase-seconds": { type: "string", default: "6" },
    "port-base": { type: "string", default: "4150" },
    out: { type: "string" },
  },
});
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error("DATABASE_URL is required");
const cycles = Math.max(1, Number(values.cycles));
const phaseMs = Math.max(1, Number(values["phase-seconds"])) * 1_000;
const base = Number(values["port-base"]);
const SEND_EVERY_MS = 100;

const name = `teamchat_outage_bench_${crypto.randomBytes(4).toString("hex")}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const redis = await startRedis(base + 41);
const nodeLog: string[] = [];
const cluster = await startCluster({
  databaseUrl: url.toString(),
  redisUrl: redis.url,
  port: base + 40,
  nodePorts: [base + 42, base + 43],
  env: {
    RATE_LIMIT_HTTP_PER_MINUTE: "100000000",
    RATE_LIMIT_AUTH_PER_MINUTE: "100000000",
    RATE_LIMIT_MESSAGES_PER_10S: "100000",
    PRESENCE_TTL_SECONDS: "5",
    LOG_LEVEL: "warn",
  },
  onOutput: (node, line) => nodeLog.push(`${node}: ${line}`),
});
const database = await openDatabase({ kind: "postgres", url: url.toString(), poolSize: 2 });
const sockets: ChatSocket[] = [];
try {
  const fleet = await seedFleet(database, 3, 3);
  const chat = fleet.chats[0];
  const [node1, node2] = cluster.nodes;
  if (!chat || !node1 || !node2) throw new Error("fleet");
  const clients = await signInAll(database, cluster.url, fleet.userIds, () => []);
  // Raw sockets (no SDK work in the measurement): the clients only signed the users in.
  const tokens = chat.members.map((m) => clients[m]?.accessToken ?? "");
  const tokenOf = (i: number) => tokens[i] ?? "";
  for (const c of clients) c.stop();
  const sender = await rawSocket(node1.url, tokenOf(0));
  const sameNode = await rawSocket(node1.url, tokenOf(1));
  const otherNode = await rawSocket(node2.url, tokenOf(2));
  sockets.push(sender, sameNode, otherNode);

  const sentAt = new Map<string, number>();
  const sameAt = new Map<string, number>();
  const otherAt = new Map<string, number>();
  sameNode.on("message:new", (m) => {
    if (sentAt.has(m.body) && !sameAt.has(m.body)) sameAt.set(m.body, performance.now());
  });
  otherNode.on("message:new", (m) => {
    if (sentAt.has(m.body) && !otherAt.has(m.body)) otherAt.set(m.body, performance.now());
  });
  const sendFor = async (tag: string, ms: number) => {
    const bodies: string[] = [];
    const acks: Promise<unknown>[] = [];
    const end = Date.now() + ms;
    for (let n = 0; Date.now() < end; n++) {
      const body = `${tag} ${n} ${crypto.randomUUID()}`;
      bodies.push(body);
      sentAt.set(body, performance.now());
      acks.push(request(sender, "message:send", { chatId: chat.id, clientId: crypto.randomUUID(), body }, 30_000));
      await new Promise((r) => setTimeout(r, SEND_EVERY_MS));
    }
    await Promise.all(acks);
    return bodies;
  };

  // Node 1's CPU (user + system) while each kind of phase runs: a Redis client spinning in an
  // outage would show here even if latency hid it.
  const cpu = { up: { seconds: 0, wallMs: 0 }, down: { seconds: 0, wallMs: 0 } };
  const measured = async <T>(kind: "up" | "down", work: () => Promise<T>): Promise<T> => {
    const from: ProcSample = sampleProcess(node1.pid());
    const result = await work();
    const to = sampleProcess(node1.pid());
    cpu[kind].seconds += to.cpuSeconds - from.cpuSeconds;
    cpu[kind].wallMs += to.at - from.at;
    return result;
  };
  // Warm-up (JIT, pools), not counted.
  await sendFor("warm-up", 2_000);
  const up: string[] = [];
  const down: string[] = [];
  const loads: number[] = [];
  for (let cycle = 0; cycle < cycles; cycle++) {
    loads.push(os.loadavg()[0] ?? 0);
    up.push(...(await measured("up", () => sendFor(`up-${cycle}`, phaseMs))));
    await until(() => up.every((b) => otherAt.has(b)), 60_000, "cross-node delivery with Redis up");
    await redis.kill();
    await new Promise((r) => setTimeout(r, 500)); // the nodes notice the lost connection
    loads.push(os.loadavg()[0] ?? 0);
    const sent = await measured("down", () => sendFor(`down-${cycle}`, phaseMs));
    down.push(...sent);
    await until(() => sent.every((b) => sameAt.has(b)), 30_000, "same-node delivery with Redis down");
    await redis.start();
    await until(() => sent.every((b) => otherAt.has(b)), 60_000, "cross-node delivery after Redis returned");
    console.log(`cycle ${cycle + 1}/${cycles} done (load average ${os.loadavg()[0]?.toFixed(1)})`);
  }

  const latencies = (bodies: string[]) => bodies.map((b) => (sameAt.get(b) ?? Number.NaN) - (sentAt.get(b) ?? 0));
  const redisUp = percentiles(latencies(up));
  const redisDown = percentiles(latencies(down));
  const fallbackLogs = nodeLog.filter((l) => /rate limits? .*(local|memory)/i.test(l)).length;
  const result = {
    cycles,
    phaseMs,
    sendEveryMs: SEND_EVERY_MS,
    loadAverage: { min: round(Math.min(...loads), 1), max: round(Math.max(...loads), 1) },
    sameNodeRedisUpMs: roundAll(redisUp),
    sameNodeRedisDownMs: roundAll(redisDown),
    node1CpuPercent: {
      redisUp: round((cpu.up.seconds / (cpu.up.wallMs / 1000)) * 100, 1),
      redisDown: round((cpu.down.seconds / (cpu.down.wallMs / 1000)) * 100, 1),
    },
    ratioDownToUp: { p50: round(redisDown.p50 / redisUp.p50), p99: round(redisDown.p99 / redisUp.p99) },
    rateLimitFallbackLogLines: fallbackLogs,
  };
  console.table({ "Redis up": roundAll(redisUp), "Redis down": roundAll(redisDown) });
  console.log(JSON.stringify(result));
  const file = await writeResults("redis-outage-latency", result, values.out);
  console.log(`written to ${file}`);
} finally {
  for (const s of sockets) s.disconnect();
  await cluster.stop();
  await database.close();
  await redis.stop();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

async function rawSocket(serverUrl: string, token: string): Promise<ChatSocket> {
  const socket = createSocket({ serverUrl, getToken: () => token });
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return socket;
}

function roundAll(p: ReturnType<typeof percentiles>) {
  return { count: p.count, p50: round(p.p50, 1), p95: round(p.p95, 1), p99: round(p.p99, 1), max: round(p.max, 1) };
}
