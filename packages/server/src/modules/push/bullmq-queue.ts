import { Queue, Worker } from "bullmq";
import type { FastifyBaseLogger } from "fastify";
import { Redis } from "ioredis";
import type { PushJob, PushJobHandler, PushJobQueue } from "./job-queue.js";
import { RETRY_POLICY } from "./job-queue.js";

const JOB_NAME = "deliver";
const CONCURRENCY = 8;

/**
 * Redis-backed queue (REDIS_URL): jobs survive a restart and every node both adds and works
 * them. Completed jobs are removed; failed ones are kept briefly (ids only) for inspection.
 */
export class BullmqPushQueue implements PushJobQueue {
  readonly kind = "bullmq";

  private constructor(
    private readonly queue: Queue<PushJob>,
    private readonly worker: Worker<PushJob>,
    private readonly connections: Redis[],
  ) {}

  static async start(options: {
    redisUrl: string;
    queueName: string;
    handle: PushJobHandler;
    log: FastifyBaseLogger;
  }): Promise<BullmqPushQueue> {
    // BullMQ needs maxRetriesPerRequest: null: its blocking commands must wait out reconnects.
    const connect = () => new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    const queueConnection = connect();
    const workerConnection = connect();
    for (const connection of [queueConnection, workerConnection]) connection.on("error", () => {}); // reconnects by itself

    const queue = new Queue<PushJob>(options.queueName, {
      connection: queueConnection,
      defaultJobOptions: {
        attempts: RETRY_POLICY.attempts,
        backoff: { type: "exponential", delay: RETRY_POLICY.backoffBaseMs },
        removeOnComplete: true,
        removeOnFail: { count: 1000 },
      },
    });
    const worker = new Worker<PushJob>(options.queueName, async (job) => options.handle(job.data), {
      connection: workerConnection,
      concurrency: CONCURRENCY,
    });
    worker.on("error", (err) => options.log.warn({ err: err.message }, "push worker error"));
    worker.on("failed", (job, err) => {
      if (job && job.attemptsMade >= RETRY_POLICY.attempts) {
        options.log.warn({ subscriptionId: job.data.subscriptionId, err: err.message }, "push gave up");
      }
    });
    await worker.waitUntilReady();
    return new BullmqPushQueue(queue, worker, [queueConnection, workerConnection]);
  }

  async enqueue(jobs: PushJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(jobs.map((data) => ({ name: JOB_NAME, data })));
  }

  async depth(): Promise<number> {
    return this.queue.getJobCountByTypes("waiting", "delayed", "active", "prioritized");
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.queue.close();
    await Promise.allSettled(this.connections.map((c) => c.quit()));
  }
}
