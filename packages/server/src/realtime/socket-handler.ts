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
import type { RateLimitBucket } from "./rate-limits.js";

type EventName = keyof ClientEventSchemas;

export type SocketHandler<E extends EventName> = {
  event: E;
  bucket: RateLimitBucket;
  handle: (socket: ChatSocket, payload: ClientPayload<E>) => Promise<ClientAckData<E>>;
};

/** Typed constructor so each module's handler list keeps its payload types. */
export function onEvent<E extends EventName>(
  event: E,
  bucket: RateLimitBucket,
  handle: SocketHandler<E>["handle"],
): SocketHandler<E> {
  return { event, bucket, handle };
}

/**
 * Wraps a handler: validate the payload, apply the user's rate limit, run, answer the ack with
 * `{ ok: true, ... }` or `{ ok: false, error }`. Nothing thrown escapes to crash the process.
 */
export function bindHandler<E extends EventName>(ctx: AppContext, socket: ChatSocket, handler: SocketHandler<E>): void {
  const schema = clientEventSchemas[handler.event].payload;
  const listener = (raw: unknown, ack: unknown) => {
    const reply = typeof ack === "function" ? (ack as (a: Ack<ClientAckData<E>>) => void) : () => {};
    const work = (async () => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const details = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
        throw new AppError("VALIDATION_FAILED", undefined, { details });
      }
      await ctx.rateLimits.consume(handler.bucket, socket.data.userId);
      return handler.handle(socket, parsed.data as ClientPayload<E>);
    })();
    ctx.inflight.track(work).then(
      (data) => reply({ ok: true, ...data }),
      (err: unknown) => {
        const appError = toAppError(err);
        if (appError.status >= 500) ctx.log.error({ err, event: handler.event }, "socket handler failed");
        reply({ ok: false, error: appError.toBody() });
      },
    );
  };
  // The typed `on` cannot see through the generic E; the listener validates its input itself.
  (socket.on as (event: string, listener: (raw: unknown, ack: unknown) => void) => void)(handler.event, listener);
}
