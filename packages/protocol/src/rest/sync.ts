import { z } from "zod";
import { idSchema, LIMITS, messageSchema, seqSchema } from "../entities.js";

/**
 * Catch-up after any disconnect: for each chat the client has cached, the changeSeq it has
 * seen up to (contiguously). The answer holds every message stored or modified since, in
 * changeSeq order, up to a page per chat (`hasMore`: ask again from the new cursor).
 */
export const syncBodySchema = z.strictObject({
  chats: z.array(z.strictObject({ chatId: idSchema, since: seqSchema })).max(LIMITS.syncChatsMax),
  /** My own hide (delete for me) feed: the hideSeq seen up to. Omitted: not asked. */
  hiddenSince: seqSchema.optional(),
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

/** Messages I hid (delete for me) since `hiddenSince`, on any device, in hideSeq order. */
export const hiddenChangesSchema = z.object({
  items: z.array(z.object({ chatId: idSchema, messageId: idSchema, hideSeq: seqSchema })),
  cursor: seqSchema,
  hasMore: z.boolean(),
});
export type HiddenChanges = z.infer<typeof hiddenChangesSchema>;

export const syncResultSchema = z.object({
  chats: z.array(chatChangesSchema),
  /** Present when `hiddenSince` was sent. */
  hidden: hiddenChangesSchema.optional(),
});
