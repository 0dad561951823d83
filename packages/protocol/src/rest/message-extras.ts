import { z } from "zod";
import { idSchema, messageSchema, timestampSchema } from "../entities.js";

/** A message I starred (per user, on all my devices), with when I starred it. */
export const starredMessageSchema = z.object({ message: messageSchema, starredAt: timestampSchema });
export type StarredMessage = z.infer<typeof starredMessageSchema>;

/** Newest star first. */
export const starredMessagesSchema = z.object({ starred: z.array(starredMessageSchema) });
export type StarredMessages = z.infer<typeof starredMessagesSchema>;

/** The answer to star/unstar, and the `message:starred` event to my other devices. */
export const starStateSchema = z.object({
  chatId: idSchema,
  messageId: idSchema,
  starred: z.boolean(),
  /** When it was starred; null when unstarred. */
  starredAt: timestampSchema.nullable(),
});
export type StarState = z.infer<typeof starStateSchema>;

/**
 * Message info of one of my messages: for each other member, when their delivered and read
 * pointers passed the message. Read is false (and `readAt` null) while unread or when the read
 * receipt is hidden (their privacy, or, in a direct chat, mine): `readHidden` says which.
 */
export const messageInfoSchema = z.object({
  chatId: idSchema,
  messageId: idSchema,
  seq: z.number().int().positive(),
  members: z.array(
    z.object({
      userId: idSchema,
      displayName: z.string(),
      delivered: z.boolean(),
      /** Null when not delivered yet, or delivered before times were recorded. */
      deliveredAt: timestampSchema.nullable(),
      read: z.boolean(),
      readAt: timestampSchema.nullable(),
      readHidden: z.boolean(),
    }),
  ),
  /** Members other than me: "read by `readCount` of `memberCount`". */
  memberCount: z.number().int().nonnegative(),
  deliveredCount: z.number().int().nonnegative(),
  readCount: z.number().int().nonnegative(),
});
export type MessageInfo = z.infer<typeof messageInfoSchema>;
