import { isRetryable } from "@teamchat/protocol";
import { AppError, toAppError } from "../errors.js";

/** After a retryable failure, ordered events arriving this soon are refused too (see below). */
const REFUSE_WINDOW_MS = 400;
const RESEND_AFTER_MS = 500;

/**
 * What an ordered event may do about its place in its socket's line (given to its handler).
 * Only pipelined events (plain sends) use `release`; the rest settle before the next one starts.
 */
export type EventOrder = {
  /** The socket's line: the same object for every event of one socket. */
  readonly lane: object;
  /**
   * Lets the socket's next pipelined event start before this one settles. Call it once this
   * event's place is fixed, e.g. queued in the send batcher, which writes in arrival order.
   */
  release(): void;
  /** The retryable refusal this event now gets because an earlier one of its socket failed, or null. */
  refusal(): AppError | null;
  /**
   * This event failed retryably after it released its successors: refuse them (synchronously, so
   * a batch forming next already leaves them out).
   */
  failed(cause: AppError): void;
  /** Resolves once every earlier event of the socket settled; throws the refusal if one failed retryably. */
  afterEarlier(): Promise<void>;
  /** Resolves once every earlier event of the socket settled (never rejects): to fan out in order. */
  readonly earlierSettled: Promise<void>;
};

/**
 * One socket's ordered events (sends, edits, reactions): run in arrival order, so a client's
 * messages get seqs in the order it emitted them.
 *
 * An ordered event starts when every earlier one has settled. A pipelined one (a plain send)
 * starts as soon as the previous one released its place (a send: once it is queued in the send
 * batcher, which keeps arrival order) and the one `depth` places before it settled, so up to
 * `depth` of a socket's sends share a batch. Depth 1: each waits for the previous commit.
 *
 * When one fails with a retryable error (database away, rate limit, overload), the events queued
 * behind it, and those arriving within REFUSE_WINDOW_MS (emitted before the client could see
 * the failure), are refused as retryable too: the client resends all of them after the failed
 * one, in order, instead of later messages taking earlier seqs. Pipelined events already past
 * their start ask `refusal()` again where they would be stored (the send batcher does). The
 * window is shorter than any retry delay the server asks for, so the resends themselves run.
 */
export class OrderedQueue {
  private enqueued = 0;
  private refuseUpTo = 0;
  private refuseUntil = 0;
  /** The time window applies only to tickets after this one (0: every ticket). */
  private windowAfterTicket = 0;
  /**
   * The failure the refused events answer with (same code and retry delay, e.g. RATE_LIMITED).
   * Not an Error until one is refused: every socket has a queue, and capturing a stack trace for
   * each was 17 ms of the main thread when 1,000 sockets sent their first message in one second.
   */
  private cause: Pick<AppError, "code" | "extra"> = { code: "UNAVAILABLE", extra: { retryAfterMs: RESEND_AFTER_MS } };
  /** Settles when every event so far has settled. */
  private allSettled: Promise<unknown> = Promise.resolve();
  /** Settles when the latest event released its place (or settled). */
  private lastReleased: Promise<unknown> = Promise.resolve();
  /** The settling of the latest `depth` events, oldest first. */
  private recent: Promise<unknown>[] = [];

  constructor(private readonly depth = 1) {}

  run<T>(work: (order: EventOrder) => Promise<T>, options: { pipelined?: boolean } = {}): Promise<T> {
    const ticket = ++this.enqueued;
    const arrivedAt = Date.now();
    const earlier = this.allSettled;
    const pipelined = options.pipelined === true && this.depth > 1;
    const waitFor = pipelined
      ? Promise.all([this.lastReleased, this.recent.length >= this.depth ? this.recent[0] : undefined])
      : earlier;
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const refusal = () => this.refusalFor(ticket, arrivedAt);
    const order: EventOrder = {
      lane: this,
      release: () => release(),
      refusal,
      failed: (cause) => this.refuseAfter(ticket, cause),
      earlierSettled: earlier.then(() => {}),
      afterEarlier: async () => {
        await earlier;
        const refused = refusal();
        if (refused) throw refused;
      },
    };
    const attempt = async () => {
      const refused = refusal();
      if (refused) throw refused;
      try {
        return await work(order);
      } catch (err) {
        const failure = toAppError(err);
        if (isRetryable(failure.code)) this.refuseAfter(ticket, failure);
        throw err;
      }
    };
    const next = waitFor.then(attempt, attempt);
    const settled = next.then(
      () => {},
      () => {},
    );
    void settled.then(release);
    // A pipelined event's successors may start once it released; anything else holds them until it settled.
    this.lastReleased = pipelined ? released : settled;
    this.allSettled = Promise.all([earlier, settled]);
    this.recent.push(settled);
    if (this.recent.length > this.depth) this.recent.shift();
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
    this.refuseAfter(this.enqueued, cause);
  }

  /**
   * Refuses the events after `ticket` that arrived before now or arrive in the next moment. With
   * pipelining, earlier ones may still be in flight (stored, fanning out): they are not refused.
   */
  private refuseAfter(ticket: number, cause: AppError): void {
    this.cause = cause;
    const windowOpen = Date.now() < this.refuseUntil;
    this.windowAfterTicket = windowOpen ? Math.min(this.windowAfterTicket, ticket) : ticket;
    this.refuseUntil = Date.now() + REFUSE_WINDOW_MS;
  }

  private refusalFor(ticket: number, arrivedAt: number): AppError | null {
    if (ticket > this.refuseUpTo && (ticket <= this.windowAfterTicket || arrivedAt >= this.refuseUntil)) return null;
    return new AppError(this.cause.code, "An earlier event failed; resend in order", {
      retryAfterMs: Math.max(RESEND_AFTER_MS, this.cause.extra.retryAfterMs ?? 0),
    });
  }
}
