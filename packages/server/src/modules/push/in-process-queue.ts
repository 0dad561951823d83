import type { FastifyBaseLogger } from "fastify";
import { backoffDelayMs, type PushJob, type PushJobHandler, type PushJobQueue, RETRY_POLICY } from "./job-queue.js";

const CONCURRENCY = 8;

type Attempt = { job: PushJob; attempt: number };

/**
 * Single-node queue (no REDIS_URL): jobs live in memory, so a restart loses pending retries,
 * an acceptable price for a notification. Same retry policy as the BullMQ queue.
 */
export class InProcessPushQueue implements PushJobQueue {
  readonly kind = "in-process";
  private readonly waiting: Attempt[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly handle: PushJobHandler,
    private readonly log: FastifyBaseLogger,
  ) {}

  async enqueue(jobs: PushJob[]): Promise<void> {
    if (this.closed) return;
    for (const job of jobs) this.waiting.push({ job, attempt: 1 });
    this.pump();
  }

  async depth(): Promise<number> {
    return this.waiting.length + this.running.size + this.retryTimers.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    this.waiting.length = 0;
    await Promise.allSettled([...this.running]);
  }

  private pump(): void {
    while (!this.closed && this.running.size < CONCURRENCY) {
      const next = this.waiting.shift();
      if (!next) return;
      const run = this.run(next).finally(() => {
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async run({ job, attempt }: Attempt): Promise<void> {
    try {
      await this.handle(job);
    } catch (err) {
      if (attempt >= RETRY_POLICY.attempts || this.closed) {
        this.log.warn({ subscriptionId: job.subscriptionId, attempt, err: (err as Error).message }, "push gave up");
        return;
      }
      const timer = setTimeout(() => {
        this.retryTimers.delete(timer);
        if (this.closed) return;
        this.waiting.push({ job, attempt: attempt + 1 });
        this.pump();
      }, backoffDelayMs(attempt));
      this.retryTimers.add(timer);
    }
  }
}
