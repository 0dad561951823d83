import { z } from "zod";
import { attachmentSchema, idSchema, LIMITS, seqSchema } from "../entities.js";

/** The answer to an upload: the stored file, ready to be attached to a message. */
export const uploadedFileSchema = attachmentSchema;
export type UploadedFile = z.infer<typeof uploadedFileSchema>;

export const chatMediaQuerySchema = z.strictObject({
  /** Images only, or everything else. */
  kind: z.enum(["image", "file"]).default("image"),
  /** Older than this message seq (the previous page's `nextBefore`). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.mediaPageMax).default(50),
});
export type ChatMediaQuery = { kind?: "image" | "file"; before?: number; limit?: number };

export const chatMediaItemSchema = z.object({
  file: attachmentSchema,
  messageId: idSchema,
  seq: seqSchema,
  senderId: idSchema.nullable(),
  sharedAt: z.iso.datetime({ offset: true }),
});
export type ChatMediaItem = z.infer<typeof chatMediaItemSchema>;

export const chatMediaPageSchema = z.object({
  items: z.array(chatMediaItemSchema),
  /** Pass as `before` for the next (older) page; null at the start of the chat. */
  nextBefore: seqSchema.nullable(),
});
export type ChatMediaPage = z.infer<typeof chatMediaPageSchema>;
