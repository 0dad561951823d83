import { createAdapter } from "@socket.io/redis-streams-adapter";
import { Redis } from "ioredis";
import type { ChatIo } from "./io.js";

/**
 * The command client (rate limits, presence, readiness): commands fail fast while Redis is
 * away (limiters fall back to memory, presence to this node) instead of queueing forever.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
  redis.on("error", () => {}); // reconnects by itself; readiness reports the state
  await redis.connect();
  return redis;
}

/**
 * Shares rooms and fan-out between nodes through a Redis stream. Its own client keeps an
 * offline queue and never gives up on a command, so broadcasts made during a short Redis
 * outage are sent when it is back, and each node resumes reading the stream where it stopped.
 * Returns a closer for the client (the adapter's own reader clients close with `io.close()`).
 */
export function attachClusterAdapter(io: ChatIo, url: string, prefix: string): () => void {
  const client = new Redis(url, { maxRetriesPerRequest: null });
  client.on("error", () => {});
  io.adapter(
    createAdapter(client, {
      streamName: `${prefix}socket.io`,
      channelPrefix: `${prefix}socket.io`,
      sessionKeyPrefix: `${prefix}sio:session:`,
    }),
  );
  return () => client.disconnect();
}
