import {
  type Ack,
  type ClientAckData,
  type ClientEventSchemas,
  type ClientPayload,
  clientEventSchemas,
} from "@teamchat/protocol";
import type { AppContext } from "../context.js";
import { AppError, toAppError } from "../errors.js";
import type { ChatSocket } from "./io.js";
import { type EventOrder, OrderedQueue } from "./ordered-queue.js";
import type { RateLimitBucket } from "./rate-limits.js";

type EventName = keyof ClientEventSchemas;

export type SocketHandler<E extends EventName> = {
  event: E;
  bucket: RateLimitBucket;
  /**
   * Ordered handlers run one at a time per socket, in arrival order: a client's sends get seqs
   * in the order it emitted them even when the database commits concurrent work out of order.
   * "pipelined": the next one may start once this one released its place (ordered-queue.ts).
   */
  ordered: boolean | "pipelined";
  /**
   * The handler mostly waits in a batch window (delivered and read marks: up to 200 / 50 ms)
   * for one statement that writes the whole window. Such waits are not queued database work:
   * they count against their user's limits but not the node's in-flight budget, which at 1,000
   * receivers they filled (~1,000 marks a second each held ~100 ms), so sends were refused
   * UNAVAILABLE on an idle database (docs/benchmarks.md, "Admission").
   */
  batched: boolean;
  /** `order`: the event's place in its socket's line, for ordered handlers. */
  handle: (socket: ChatSocket, payload: ClientPayload<E>, order?: EventOrder) => Promise<ClientAckData<E>>;
};

/** Typed constructor so each module's handler list keeps its payload types. */
export function onEvent<E extends EventName>(
  event: E,
  bucket: RateLimitBucket,
  handle: SocketHandler<E>["handle"],
  options: { ordered?: boolean | "pipelined"; batched?: boolean } = {},
): SocketHandler<E> {
  return { event, bucket, handle, ordered: options.ordered ?? false, batched: options.batched ?? false };
}

/** A quarter of the node's in-flight budget per user (at least 20) may run at once. */
const maxActivePerUser = (ctx: AppContext) => Math.max(20, Math.floor(ctx.config.maxInflightEvents / 4));
/** Events one user may have waiting (each holds its payload, up to 64 KB, in memory). */
const MAX_PENDING_PER_USER = 500;

const orderedQueues = new WeakMap<ChatSocket, OrderedQueue>();

function orderedQueueOf(ctx: AppContext, socket: ChatSocket): OrderedQueue {
  let queue = orderedQueues.get(socket);
  if (!queue) {
    queue = new OrderedQueue(ctx.config.sendPipelineDepth);
    orderedQueues.set(socket, queue);
  }
  return queue;
}

/**
 * Wraps a handler: validate the payload, apply the user's rate limit, run, answer the ack with
 * `{ ok: true, ... }` or `{ ok: false, error }`. Nothing thrown escapes to crash the process.
 */
export function bindHandler<E extends EventName>(ctx: AppContext, socket: ChatSocket, handler: SocketHandler<E>): void {
  const schema = clientEventSchemas[handler.event].payload;
  const listener = (raw: unknown, ack: unknown) => {
    const answer = typeof ack === "function" ? (ack as (a: Ack<ClientAckData<E>>) => void) : () => {};
    const stopTimer = ctx.metrics.ackSeconds.startTimer({ event: handler.event });
    const reply = (a: Ack<ClientAckData<E>>) => {
      stopTimer();
      if (!a.ok) ctx.metrics.eventErrors.inc({ event: handler.event, code: a.error.code });
      answer(a);
    };
    // Overload: refuse at once (retryable) rather than queue work that would answer too late.
    if (ctx.inflight.activeCount >= ctx.config.maxInflightEvents) {
      const busy = new AppError("UNAVAILABLE", "The server is busy; retry shortly", { retryAfterMs: 1_000 });
      if (handler.ordered) orderedQueueOf(ctx, socket).refuseQueued(busy); // what follows must not overtake it
      reply({ ok: false, error: busy.toBody() });
      return;
    }
    // One user's flood must not fill the node's budget and turn everyone else away with
    // UNAVAILABLE, nor queue without bound.
    const userId = socket.data.userId;
    if (
      ctx.inflight.activeOf(userId) >= maxActivePerUser(ctx) ||
      ctx.inflight.pendingOf(userId) >= MAX_PENDING_PER_USER
    ) {
      const limited = new AppError("RATE_LIMITED", undefined, { retryAfterMs: 1_000 });
      if (handler.ordered) orderedQueueOf(ctx, socket).refuseArriving(limited);
      reply({ ok: false, error: limited.toBody() });
      return;
    }
    const run = (order?: EventOrder) =>
      ctx.inflight.active(
        userId,
        async () => {
          // Budget first: a flood of junk payloads is throttled like a flood of valid ones.
          await ctx.rateLimits.consume(handler.bucket, userId);
          const parsed = schema.safeParse(raw);
          if (!parsed.success) {
            const details = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
            throw new AppError("VALIDATION_FAILED", undefined, { details });
          }
          return handler.handle(socket, parsed.data as ClientPayload<E>, order);
        },
        { nodeBudget: !handler.batched },
      );
    const work = handler.ordered
      ? orderedQueueOf(ctx, socket).run(run, { pipelined: handler.ordered === "pipelined" })
      : run();
    ctx.inflight.track(work, userId).then(
      (data) => reply({ ok: true, ...data }),
      (err: unknown) => {
        const appError = toAppError(err);
        if (appError.status >= 500)
          ctx.log.error({ err, event: handler.event, socketId: socket.id }, "socket handler failed");
        reply({ ok: false, error: appError.toBody() });
      },
    );
  };
  // The typed `on` cannot see through the generic E; the listener validates its input itself.
  (socket.on as (event: string, listener: (raw: unknown, ack: unknown) => void) => void)(handler.event, listener);
}
