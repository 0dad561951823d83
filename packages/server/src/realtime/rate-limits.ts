import type { Redis } from "ioredis";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "../errors.js";

/**
 * Budgets per user for socket events, grouped by how costly they are; `signOn` per host identity;
 * `refresh` per session (refresh-token family).
 */
export type RateLimitBucket = "messages" | "receipts" | "typing" | "queries" | "signOn" | "refresh";

type Budget = { points: number; duration: number };
type Log = { warn: (msg: string) => void; info: (msg: string) => void };

/**
 * Per-user socket rate limits. With Redis the budget is shared by every node (a user cannot
 * multiply it by opening sockets on several nodes); an in-memory limiter stands in while Redis
 * is unreachable, so an outage degrades to per-node limits instead of refusing everything.
 * While the client is not connected the in-memory limiter answers at once, without sending a
 * command (`rejectIfRedisNotReady`): a send never waits on Redis (issue 21).
 */
export class SocketRateLimits {
  private readonly limiters: Record<RateLimitBucket, RateLimiterAbstract>;

  constructor(
    messagesPer10s: number,
    redis: Redis | null = null,
    redisKeyPrefix = "teamchat:",
    signOnsPerMinute = 10,
    refreshesPerMinute = 20,
    log?: Log,
  ) {
    const budgets: Record<RateLimitBucket, Budget> = {
      messages: { points: messagesPer10s, duration: 10 },
      receipts: { points: 200, duration: 10 },
      typing: { points: 50, duration: 10 },
      queries: { points: 30, duration: 10 },
      signOn: { points: signOnsPerMinute, duration: 60 },
      refresh: { points: refreshesPerMinute, duration: 60 },
    };
    const make = (bucket: RateLimitBucket): RateLimiterAbstract => {
      const options = { keyPrefix: `${redisKeyPrefix}rl:${bucket}`, ...budgets[bucket] };
      if (!redis) return new RateLimiterMemory(options);
      return new RateLimiterRedis({
        ...options,
        storeClient: redis,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(options),
      });
    };
    if (redis && log) reportFallback(redis, log);
    this.limiters = {
      messages: make("messages"),
      receipts: make("receipts"),
      typing: make("typing"),
      queries: make("queries"),
      signOn: make("signOn"),
      refresh: make("refresh"),
    };
  }

  /** Throws AppError RATE_LIMITED (with retryAfterMs) when the user is over budget. */
  async consume(bucket: RateLimitBucket, userId: string): Promise<void> {
    try {
      await this.limiters[bucket].consume(userId);
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        throw new AppError("RATE_LIMITED", undefined, { retryAfterMs: err.msBeforeNext });
      }
      throw err;
    }
  }
}

/** One line when the limits turn per node (Redis lost) and one when they are shared again. */
function reportFallback(redis: Redis, log: Log): void {
  let local = false;
  redis.on("close", () => {
    if (local) return;
    local = true;
    log.warn("Redis unreachable: socket rate limits are per node (in memory) until it returns");
  });
  redis.on("ready", () => {
    if (!local) return;
    local = false;
    log.info("Redis reachable again: socket rate limits are shared by every node");
  });
}
