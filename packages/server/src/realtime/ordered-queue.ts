import { isRetryable } from "@teamchat/protocol";
import { AppError, toAppError } from "../errors.js";

/** After a retryable failure, ordered events arriving this soon are refused too (see below). */
const REFUSE_WINDOW_MS = 400;
const RESEND_AFTER_MS = 500;

/**
 * One socket's ordered events (sends, edits, reactions): run one at a time in arrival order, so
 * a client's messages get seqs in the order it emitted them.
 *
 * When one fails with a retryable error (database away, rate limit, overload), the events queued
 * behind it, and those arriving within REFUSE_WINDOW_MS (emitted before the client could see
 * the failure), are refused as retryable too: the client resends all of them after the failed
 * one, in order, instead of later messages taking earlier seqs. The window is shorter than any
 * retry delay the server asks for, so the resends themselves run.
 */
export class OrderedQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private enqueued = 0;
  private refuseUpTo = 0;
  private refuseUntil = 0;
  /** The time window applies only to tickets after this one (0: every ticket). */
  private windowAfterTicket = 0;
  /** The failure the refused events answer with (same code and retry delay, e.g. RATE_LIMITED). */
  private cause: AppError = new AppError("UNAVAILABLE", undefined, { retryAfterMs: RESEND_AFTER_MS });

  run<T>(work: () => Promise<T>): Promise<T> {
    const ticket = ++this.enqueued;
    const arrivedAt = Date.now();
    const attempt = async () => {
      if (ticket <= this.refuseUpTo || (ticket > this.windowAfterTicket && arrivedAt < this.refuseUntil)) {
        throw new AppError(this.cause.code, "An earlier event failed; resend in order", {
          retryAfterMs: Math.max(RESEND_AFTER_MS, this.cause.extra.retryAfterMs ?? 0),
        });
      }
      try {
        return await work();
      } catch (err) {
        const failure = toAppError(err);
        if (isRetryable(failure.code)) this.refuseQueued(failure);
        throw err;
      }
    };
    const next = this.tail.then(attempt, attempt);
    this.tail = next.catch(() => {});
    return next;
  }

  /** Refuses what is queued now and what arrives in the next moment (also for refusals made outside run). */
  refuseQueued(cause?: AppError): void {
    if (cause) this.cause = cause;
    this.refuseUpTo = this.enqueued;
    this.windowAfterTicket = 0;
    this.refuseUntil = Date.now() + REFUSE_WINDOW_MS;
  }

  /**
   * Refuses only what arrives in the next moment: for an event refused before it was queued
   * (the sender's own flood), whose predecessors still run in order but whose followers must not
   * overtake it.
   */
  refuseArriving(cause: AppError): void {
    this.cause = cause;
    this.windowAfterTicket = this.enqueued;
    this.refuseUntil = Date.now() + REFUSE_WINDOW_MS;
  }
}
