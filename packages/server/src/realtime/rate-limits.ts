import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "../errors.js";

/** Budgets per user for socket events, grouped by how costly they are. */
export type RateLimitBucket = "messages" | "receipts" | "typing" | "queries";

export class SocketRateLimits {
  private readonly limiters: Record<RateLimitBucket, RateLimiterMemory>;

  constructor(messagesPer10s: number) {
    this.limiters = {
      messages: new RateLimiterMemory({ keyPrefix: "rl:msg", points: messagesPer10s, duration: 10 }),
      receipts: new RateLimiterMemory({ keyPrefix: "rl:rcpt", points: 200, duration: 10 }),
      typing: new RateLimiterMemory({ keyPrefix: "rl:typing", points: 50, duration: 10 }),
      queries: new RateLimiterMemory({ keyPrefix: "rl:query", points: 30, duration: 10 }),
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
