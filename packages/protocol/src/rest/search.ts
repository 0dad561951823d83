import { z } from "zod";
import { idSchema, LIMITS, messageSchema, textSchema } from "../entities.js";

/**
 * `q` holds words (web-search syntax: `"phrases"`, `-exclude`, `or`) and filters:
 * `from:<username|me>`, `in:<group name|username of a direct peer|chat id>` (quote names with
 * spaces: `in:"Team room"`), `has:file`, `before:YYYY-MM-DD`, `after:YYYY-MM-DD`.
 */
export const searchQuerySchema = z.strictObject({
  q: textSchema().trim().min(1).max(LIMITS.searchQueryMax),
  chatId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

/** A part of `snippet` that matched: UTF-16 offsets, `end` exclusive. Render as <mark>. */
export const textRangeSchema = z.object({ start: z.number().int().nonnegative(), end: z.number().int().positive() });
export type TextRange = z.infer<typeof textRangeSchema>;

export const searchHitSchema = z.object({
  message: messageSchema,
  rank: z.number(),
  /** Plain text around the match (no markup); may be shorter than the body. */
  snippet: z.string().optional(),
  highlights: z.array(textRangeSchema).optional(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const searchResultsSchema = z.object({
  /** Best rank first. */
  results: z.array(searchHitSchema),
  /** The same hits grouped by chat; groups ordered by their best hit. */
  groups: z.array(z.object({ chatId: idSchema, results: z.array(searchHitSchema) })).optional(),
});
export type SearchResults = z.infer<typeof searchResultsSchema>;
