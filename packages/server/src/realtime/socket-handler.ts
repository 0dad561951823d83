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
import { OrderedQueue } from "./ordered-queue.js";
import type { RateLimitBucket } from "./rate-limits.js";

type EventName = keyof ClientEventSchemas;

export type SocketHandler<E extends EventName> = {
  event: E;
  bucket: RateLimitBucket;
  /**
   * Ordered handlers run one at a time per socket, in arrival order: a client's sends get seqs
   * in the order it emitted them even when the database commits concurrent work out of order.
   */
  ordered: boolean;
  handle: (socket: ChatSocket, payload: ClientPayload<E>) => Promise<ClientAckData<E>>;
};

/** Typed constructor so each module's handler list keeps its payload types. */
export function onEvent<E extends EventName>(
  event: E,
  bucket: RateLimitBucket,
  handle: SocketHandler<E>["handle"],
  options: { ordered?: boolean } = {},
): SocketHandler<E> {
  return { event, bucket, handle, ordered: options.ordered ?? false };
}

const orderedQueues = new WeakMap<ChatSocket, OrderedQueue>();

function orderedQueueOf(socket: ChatSocket): OrderedQueue {
  let queue = orderedQueues.get(socket);
  if (!queue) {
    queue = new OrderedQueue();
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
    if (ctx.inflight.size >= ctx.config.maxInflightEvents) {
      const busy = new AppError("UNAVAILABLE", "The server is busy; retry shortly", { retryAfterMs: 1_000 });
      if (handler.ordered) orderedQueueOf(socket).refuseQueued(busy); // what follows must not overtake it
      reply({ ok: false, error: busy.toBody() });
      return;
    }
    const run = async () => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const details = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
        throw new AppError("VALIDATION_FAILED", undefined, { details });
      }
      await ctx.rateLimits.consume(handler.bucket, socket.data.userId);
      return handler.handle(socket, parsed.data as ClientPayload<E>);
    };
    const work = handler.ordered ? orderedQueueOf(socket).run(run) : run();
    ctx.inflight.track(work).then(
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
