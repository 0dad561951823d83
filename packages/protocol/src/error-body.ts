import { z } from "zod";
import { ErrorCatalogue, type ErrorCode } from "./errors.js";

// The error body's schema apart from the catalogue (errors.ts has no zod): see limits.ts.

export const errorCodeSchema = z.enum(Object.keys(ErrorCatalogue) as [ErrorCode, ...ErrorCode[]]);

export const errorBodySchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  /** Field-level problems for VALIDATION_FAILED: path → message. */
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** For RATE_LIMITED: how long to wait before retrying. */
  retryAfterMs: z.number().int().nonnegative().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
