import { z } from "zod";
import { type ErrorBody, errorBodySchema } from "../error-body.js";

/** Every client→server event is acknowledged with exactly one of these. */
export type AckOk<T> = { ok: true } & T;
export type AckError = { ok: false; error: ErrorBody };
export type Ack<T> = AckOk<T> | AckError;

export function ackSchema<T extends z.ZodRawShape>(shape: T) {
  return z.discriminatedUnion("ok", [
    z.object({ ok: z.literal(true), ...shape }),
    z.object({ ok: z.literal(false), error: errorBodySchema }),
  ]);
}
