import { z } from "zod";
import { idSchema, LIMITS, messageSchema, seqSchema } from "../entities.js";

/**
 * Catch-up after any disconnect: for each chat the client has cached, the changeSeq it has
 * seen up to (contiguously). The answer holds every message stored or modified since, in
 * changeSeq order, up to a page per chat (`hasMore`: ask again from the new cursor).
 */
export const syncBodySchema = z.strictObject({
  chats: z.array(z.strictObject({ chatId: idSchema, since: seqSchema })).max(LIMITS.syncChatsMax),
});
export type SyncBody = z.infer<typeof syncBodySchema>;

export const chatChangesSchema = z.object({
  chatId: idSchema,
  /** The caller is no longer a member (or the chat is gone): drop it from the cache. */
  removed: z.boolean(),
  changes: z.array(messageSchema),
  /** The cursor to store: the highest changeSeq in `changes`, or `since` when none. */
  cursor: seqSchema,
  hasMore: z.boolean(),
});
export type ChatChanges = z.infer<typeof chatChangesSchema>;

export const syncResultSchema = z.object({ chats: z.array(chatChangesSchema) });
export type SyncResult = z.infer<typeof syncResultSchema>;
