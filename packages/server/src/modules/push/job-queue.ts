/** One notification to one browser: ids only, so the queue (Redis) never holds message text. */
export type PushJob = { subscriptionId: string; messageId: string };

/** Returns normally when done (delivered or dropped for good); throws to have the job retried. */
export type PushJobHandler = (job: PushJob) => Promise<void>;

/** The same policy for both queues: 5 attempts, waiting 1 s, 2 s, 4 s, 8 s between them. */
export const RETRY_POLICY = { attempts: 5, backoffBaseMs: 1_000 } as const;

export function backoffDelayMs(failedAttempts: number): number {
  return RETRY_POLICY.backoffBaseMs * 2 ** (failedAttempts - 1);
}

export interface PushJobQueue {
  /** Which implementation runs, for logs and tests. */
  readonly kind: "bullmq" | "in-process";
  enqueue(jobs: PushJob[]): Promise<void>;
  /** Jobs waiting, delayed or running (for /metrics). */
  depth(): Promise<number>;
  /** Stops taking work, lets running jobs finish; pending in-process retries are dropped. */
  close(): Promise<void>;
}
