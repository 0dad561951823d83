/**
 * Reconnect storm against a real 3-node cluster behind nginx (deploy/cluster.ts): N clients
 * drop at once and come back together; prints and writes the time to full recovery.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:storm -- --clients 1000
 *
 * Uses its own redis-server (port 4151) and a scratch database; nginx on 4150, nodes 4160-4162.
 */
import crypto from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { startCluster } from "../../deploy/cluster.js";
import { seedFleet } from "../../fault/lib/fleet.js";
import { startRedis } from "../../fault/lib/services.js";
import { openDatabase } from "../../packages/server/src/db/database.js";
import { writeResults } from "../lib/results.js";
import { runReconnectStorm } from "./reconnect-storm.js";

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "1000" },
    out: { type: "string" },
  },
});
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error("DATABASE_URL is required");
const count = Math.min(20_000, Math.max(2, Number(values.clients) - (Number(values.clients) % 2)));

const name = `teamchat_storm_${crypto.randomBytes(4).toString("hex")}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const redis = await startRedis(4151);
const cluster = await startCluster({
  databaseUrl: url.toString(),
  redisUrl: redis.url,
  port: 4150,
  nodePorts: [4160, 4161, 4162],
  env: { RATE_LIMIT_HTTP_PER_MINUTE: "100000000", RATE_LIMIT_AUTH_PER_MINUTE: "100000000" },
});
const database = await openDatabase({ kind: "postgres", url: url.toString(), poolSize: 5 });
try {
  const fleet = await seedFleet(database, count, 2);
  const { result, clients } = await runReconnectStorm({ cluster, database, fleet, log: console.log });
  for (const c of clients) c.stop();
  console.table({ ...result, healthzMs: undefined });
  console.log("healthz during recovery (ms):", result.healthzMs);
  const file = await writeResults("reconnect-storm", { result }, values.out);
  console.log(`written to ${file}`);
} finally {
  await cluster.stop();
  await database.close();
  await redis.stop();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
