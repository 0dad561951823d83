import { z } from "zod";
import { attachmentSchema, idSchema, LIMITS, linkPreviewSchema, seqSchema } from "../entities.js";

/** Ask for a link's preview before sending it. */
export const linkPreviewBodySchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(LIMITS.linkPreviewUrlMax),
});
/** Null: previews are off, the link is not allowed, or the page gave nothing to show. */
export const linkPreviewResultSchema = z.object({ preview: linkPreviewSchema.nullable() });
export type LinkPreviewResult = z.infer<typeof linkPreviewResultSchema>;

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

/**
 * A voice note's waveform in a query string: LIMITS.voiceWaveformPeaks integers 0..255 separated by
 * commas. The shape is checked here (count, digits), the range by the transform's check.
 */
export const waveformParamSchema = z
  .string()
  .regex(new RegExp(`^\\d{1,3}(,\\d{1,3}){${LIMITS.voiceWaveformPeaks - 1}}$`), {
    message: `${LIMITS.voiceWaveformPeaks} comma-separated integers`,
  })
  .transform((s) => s.split(",").map(Number))
  .refine((peaks) => peaks.every((p) => p <= LIMITS.voicePeakMax), { message: `peaks are 0..${LIMITS.voicePeakMax}` });

/**
 * `square=1`: an image is cropped to a centred square (a profile photo), its thumbnail too.
 * `durationMs` + `waveform` (both or neither): a voice note; the bytes must then be audio
 * (else FILE_TYPE_MISMATCH), the duration within LIMITS.voiceMinMs..voiceMaxMs.
 */
export const uploadQuerySchema = z
  .strictObject({
    square: z.enum(["1"]).optional(),
    durationMs: z.coerce.number().int().min(LIMITS.voiceMinMs).max(LIMITS.voiceMaxMs).optional(),
    waveform: waveformParamSchema.optional(),
  })
  .refine((q) => (q.durationMs === undefined) === (q.waveform === undefined), {
    message: "durationMs and waveform go together",
    path: ["waveform"],
  });
/** As sent in the URL. */
export type UploadQuery = { square?: "1"; durationMs?: string; waveform?: string };
