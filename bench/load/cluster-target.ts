import crypto from "node:crypto";
import { startCluster } from "../../deploy/cluster.js";
import { startRedis } from "../../fault/lib/services.js";
import { freePort } from "../lib/server-process.js";

export type ServerUnderTest = {
  url: string;
  /** Every process serving the chat (one node, or each node of a cluster), for /proc sampling. */
  pids: () => number[];
  stop: () => Promise<void>;
};

export const CLUSTER_NODES = 3;

/**
 * Three real nodes on one PostgreSQL database and a redis-server of their own, behind nginx, all
 * on 127.0.0.1 (deploy/cluster.ts): the generator talks to nginx only, so users land on every node
 * and each message crosses nodes through the Redis adapter.
 */
export async function startClusterTarget(databaseUrl: string, cpuProfDir?: string): Promise<ServerUnderTest> {
  const redis = await startRedis(await freePort());
  const nodePorts = [];
  for (let i = 0; i < CLUSTER_NODES; i++) nodePorts.push(await freePort());
  try {
    const cluster = await startCluster({
      databaseUrl,
      redisUrl: redis.url,
      port: await freePort(),
      nodePorts,
      env: {
        // As for the single node (bench/lib/server-process.ts): the generator is one IP for everyone.
        ACCESS_TOKEN_TTL_SECONDS: "7200",
        RATE_LIMIT_HTTP_PER_MINUTE: "10000000",
        RATE_LIMIT_AUTH_PER_MINUTE: "10000000",
        RATE_LIMIT_MESSAGES_PER_10S: "100000",
        DATABASE_POOL_SIZE: "10",
        REDIS_KEY_PREFIX: `bench-${crypto.randomBytes(4).toString("hex")}:`,
        ...(cpuProfDir && { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${cpuProfDir}` }),
      },
    });
    return {
      url: cluster.url,
      pids: () => cluster.nodes.map((n) => n.pid()).filter((p) => p > 0),
      stop: async () => {
        await cluster.stop();
        await redis.stop();
      },
    };
  } catch (err) {
    await redis.stop();
    throw err;
  }
}
