import type { Redis } from "ioredis";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "../errors.js";

/** Budgets per user for socket events, grouped by how costly they are. */
export type RateLimitBucket = "messages" | "receipts" | "typing" | "queries";

type Budget = { points: number; duration: number };

/**
 * Per-user socket rate limits. With Redis the budget is shared by every node (a user cannot
 * multiply it by opening sockets on several nodes); an in-memory limiter stands in while Redis
 * is unreachable, so an outage degrades to per-node limits instead of refusing everything.
 */
export class SocketRateLimits {
  private readonly limiters: Record<RateLimitBucket, RateLimiterAbstract>;

  constructor(messagesPer10s: number, redis: Redis | null = null, redisKeyPrefix = "teamchat:") {
    const budgets: Record<RateLimitBucket, Budget> = {
      messages: { points: messagesPer10s, duration: 10 },
      receipts: { points: 200, duration: 10 },
      typing: { points: 50, duration: 10 },
      queries: { points: 30, duration: 10 },
    };
    const make = (bucket: RateLimitBucket): RateLimiterAbstract => {
      const options = { keyPrefix: `${redisKeyPrefix}rl:${bucket}`, ...budgets[bucket] };
      if (!redis) return new RateLimiterMemory(options);
      return new RateLimiterRedis({
        ...options,
        storeClient: redis,
        insuranceLimiter: new RateLimiterMemory(options),
      });
    };
    this.limiters = {
      messages: make("messages"),
      receipts: make("receipts"),
      typing: make("typing"),
      queries: make("queries"),
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
