/**
 * After a Redis restart (kill -9, empty on return) the cross-node operations the adapter carries
 * work again: fan-out to a socket on the other node, and the room-wide operation deprovisioning
 * uses (`disconnectSockets` on a user's room, sent from another node). Socket.IO's Redis adapters
 * have lost both after a reconnection before (socket.io-redis-streams-adapter #32, #7).
 * Two nodes, their own redis-server and database. Ports (FAULT_PORT_BASE, 4150): nginx +0,
 * redis +1, nodes +10, +11 (the fault files run one after the other).
 */
import crypto from "node:crypto";
import { REFRESH_COOKIE } from "@teamchat/protocol";
import { AdminClient, ApiClient, type ChatSocket, createSocket, request } from "@teamchat/sdk";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, startCluster } from "../deploy/cluster.js";
import { type Database, openDatabase } from "../packages/server/src/db/database.js";
import { RefreshTokens } from "../packages/server/src/modules/auth/refresh-tokens.js";
import { until } from "./lib/fleet.js";
import { startRedis } from "./lib/services.js";

const adminUrl = process.env.DATABASE_URL ?? "";
const BASE = Number(process.env.FAULT_PORT_BASE ?? 4150);
const SERVICE_TOKEN = crypto.randomBytes(24).toString("hex");

let cluster: Cluster;
let database: Database;
let redis: Awaited<ReturnType<typeof startRedis>>;
let dbName = "";

beforeAll(async () => {
  dbName = `teamchat_fault_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const direct = new URL(adminUrl);
  direct.pathname = `/${dbName}`;
  redis = await startRedis(BASE + 1);
  cluster = await startCluster({
    databaseUrl: direct.toString(),
    redisUrl: redis.url,
    port: BASE,
    nodePorts: [BASE + 10, BASE + 11],
    env: { ADMIN_API_TOKEN: SERVICE_TOKEN, LOG_LEVEL: "error", PRESENCE_TTL_SECONDS: "5" },
  });
  database = await openDatabase({ kind: "postgres", url: direct.toString(), poolSize: 2 });
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

/** An access token for `userId` from a node's real refresh route. */
async function accessToken(nodeUrl: string, userId: string): Promise<string> {
  const { cookieValue } = await new RefreshTokens(database.db, 1).issue(userId);
  const res = await fetch(`${nodeUrl}/api/auth/refresh`, {
    method: "POST",
    headers: { cookie: `${REFRESH_COOKIE}=${cookieValue}` },
  });
  const body = (await res.json()) as { data: { accessToken: string } };
  return body.data.accessToken;
}

async function socketOn(nodeUrl: string, token: string): Promise<ChatSocket> {
  const socket = createSocket({ serverUrl: nodeUrl, getToken: () => token, autoConnect: false });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
    socket.connect();
  });
  return socket;
}

describe("2 nodes, Redis restarted", () => {
  it("fan-out to the other node and deprovisioning across nodes work again; nothing is lost", async () => {
    const [node1, node2] = cluster.nodes.map((n) => n.url) as [string, string];
    const adminApi = new AdminClient({ baseUrl: node2, serviceToken: SERVICE_TOKEN });
    const [reader, writer] = await Promise.all([
      adminApi.upsertUser({ externalId: "rr-reader", displayName: "Reader" }),
      adminApi.upsertUser({ externalId: "rr-writer", displayName: "Writer" }),
    ]);
    const writerToken = await accessToken(node2, writer.id);
    const writerApi = new ApiClient({ baseUrl: node2, getAccessToken: () => writerToken });
    const { chat } = await writerApi.createDirectChat(reader.id);

    const readerSocket = await socketOn(node1, await accessToken(node1, reader.id));
    const writerSocket = await socketOn(node2, writerToken);
    const received = new Set<number>();
    readerSocket.on("message:new", (m) => received.add(m.seq));
    let sent = 0;
    const send = async () => {
      const ack = await request(writerSocket, "message:send", {
        chatId: chat.id,
        clientId: crypto.randomUUID(),
        body: `after restart ${++sent}`,
      });
      return ack.message.seq;
    };
    await send();
    await until(() => received.size === 1, 10_000, "fan-out before the restart");

    await redis.restart(1_500);
    const restartedAt = Date.now();
    // Fan-out from node 2 to the socket on node 1 comes back (the adapter reconnects).
    let lastSeq = 0;
    await until(
      async () => {
        lastSeq = await send().catch(() => lastSeq);
        return received.has(lastSeq);
      },
      60_000,
      "cross-node fan-out after the Redis restart",
    );
    console.log(`redis restart: cross-node fan-out back after ${Date.now() - restartedAt} ms`);

    // What the live path missed during the restart, the reader gets from the database.
    const readerToken = await accessToken(node1, reader.id);
    const readerApi = new ApiClient({ baseUrl: node1, getAccessToken: () => readerToken });
    const page = await readerApi.history(chat.id, { limit: 100 });
    expect(page.messages.map((m) => m.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));

    // Deprovisioning from node 2 reaches the reader's socket on node 1.
    const gone = new Promise<string>((resolve) => readerSocket.once("disconnect", resolve));
    await adminApi.updateUser("rr-reader", { disabled: true });
    expect(await gone).toBe("io server disconnect");
    readerSocket.close();
    writerSocket.close();
  }, 180_000);
});
