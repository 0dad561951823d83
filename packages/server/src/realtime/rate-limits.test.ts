import net from "node:net";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../errors.js";
import { SocketRateLimits } from "./rate-limits.js";

/** A port nothing listens on: Redis "down". */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("SocketRateLimits with Redis down", () => {
  const clients: Redis[] = [];
  afterEach(() => {
    for (const c of clients.splice(0)) c.disconnect();
  });

  it("answers from memory at once, even on a client that would queue commands until Redis returns", async () => {
    // Offline queue, never given up: a limiter that sent a command would wait for the outage's end.
    const redis = new Redis({
      host: "127.0.0.1",
      port: await closedPort(),
      lazyConnect: true,
      maxRetriesPerRequest: null,
      retryStrategy: () => 50,
    });
    redis.on("error", () => {});
    clients.push(redis);
    const warnings: string[] = [];
    const limits = new SocketRateLimits(3, redis, "test:", 10, 20, { warn: (m) => warnings.push(m), info: () => {} });
    redis.connect().catch(() => {});
    await expect.poll(() => warnings.length).toBe(1);
    expect(warnings[0]).toMatch(/per node \(in memory\)/);

    for (let i = 0; i < 3; i++) await limits.consume("messages", "u1");
    const refused = await limits.consume("messages", "u1").catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("RATE_LIMITED");
    await limits.consume("messages", "u2"); // per user, as with Redis
    expect(warnings).toHaveLength(1); // one line per outage, not per reconnect attempt
  });
});
