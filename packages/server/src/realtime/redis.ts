import { createAdapter } from "@socket.io/redis-streams-adapter";
import { Redis } from "ioredis";
import type { ChatIo } from "./io.js";
import { deliverLocallyFirst } from "./local-first.js";

/** Reconnect attempts to a Redis that went away: often, so fan-out resumes within a second of its return. */
const ADAPTER_RECONNECT_MS = 250;

/**
 * A command on a connection Redis no longer answers (frozen, or a network cut with no reset)
 * fails after this long instead of waiting for TCP to notice; generous next to a normal answer
 * (a presence pipeline of 10,000 sockets takes tens of ms).
 */
const COMMAND_TIMEOUT_MS = 2_000;

/**
 * The command client (rate limits, presence, readiness): commands fail fast while Redis is
 * away (limiters fall back to memory, presence to this node) instead of queueing forever.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: true,
    commandTimeout: COMMAND_TIMEOUT_MS,
  });
  redis.on("error", () => {}); // reconnects by itself; readiness reports the state
  await redis.connect();
  return redis;
}

/**
 * Shares rooms and fan-out between nodes through a Redis stream. Each broadcast reaches this
 * node's sockets at once and is handed to the others through the stream (`deliverLocallyFirst`),
 * whatever Redis is doing. The client keeps an offline queue and never gives up on a command, so
 * broadcasts made during a Redis outage are sent when it is back (its reader clients, duplicates
 * of it, resume the stream where they stopped). Returns a closer for the client (the reader
 * clients close with `io.close()`).
 */
export function attachClusterAdapter(io: ChatIo, url: string, prefix: string): () => void {
  const client = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => ADAPTER_RECONNECT_MS });
  client.on("error", () => {});
  const streamsAdapter = createAdapter(client, {
    streamName: `${prefix}socket.io`,
    channelPrefix: `${prefix}socket.io`,
    sessionKeyPrefix: `${prefix}sio:session:`,
  });
  // Socket.IO calls the factory with `new`: a function, not an arrow.
  io.adapter(function localFirstAdapter(nsp: Parameters<typeof streamsAdapter>[0]) {
    return deliverLocallyFirst(streamsAdapter(nsp));
  });
  return () => client.disconnect();
}
