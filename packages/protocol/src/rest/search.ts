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
  /** `nextCursor` of the previous page: the page after it. */
  cursor: z.string().max(200).optional(),
});

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
  /** Newest first: whole-word matches, then (when those run out) partial-word matches. */
  results: z.array(searchHitSchema),
  /** Pass as `cursor` for the next page; null at the end. */
  nextCursor: z.string().nullable().optional(),
  /** Searching one chat: how many messages match in all (at most 1,001: show "1000+"). */
  total: z.number().int().nonnegative().optional(),
  /** The same hits grouped by chat; groups ordered by their newest hit. */
  groups: z.array(z.object({ chatId: idSchema, results: z.array(searchHitSchema) })).optional(),
});
export type SearchResults = z.infer<typeof searchResultsSchema>;
