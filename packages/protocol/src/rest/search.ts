import { z } from "zod";
import { idSchema, LIMITS, messageSchema, textSchema } from "../entities.js";

export const searchQuerySchema = z.strictObject({
  q: textSchema().trim().min(1).max(LIMITS.searchQueryMax),
  chatId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export const searchResultsSchema = z.object({
  results: z.array(z.object({ message: messageSchema, rank: z.number() })),
});
export type SearchResults = z.infer<typeof searchResultsSchema>;
