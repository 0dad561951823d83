import { z } from "zod";
import { errorBodySchema } from "../error-body.js";

/** REST envelope: `{ success: true, data }` or `{ success: false, error }`. */
export function successSchema<T extends z.ZodType>(data: T) {
  return z.object({ success: z.literal(true), data });
}
export const failureSchema = z.object({ success: z.literal(false), error: errorBodySchema });
export type Success<T> = { success: true; data: T };
export type Failure = z.infer<typeof failureSchema>;
export type Envelope<T> = Success<T> | Failure;
