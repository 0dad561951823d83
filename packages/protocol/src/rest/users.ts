import { z } from "zod";
import { displayNameSchema, idSchema, LIMITS, publicUserSchema, textSchema } from "../entities.js";

const httpUrlSchema = z.url({ protocol: /^https?$/ }).max(LIMITS.urlMax);

export const updateProfileBodySchema = z
  .strictObject({
    displayName: displayNameSchema,
    avatarUrl: httpUrlSchema.nullable(),
    statusMessage: textSchema().trim().max(LIMITS.statusMessageMax).nullable(),
    /** A square image I uploaded (`POST /api/files?square=1`); null removes the photo. */
    avatarFileId: idSchema.nullable(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, "nothing to update");
export type UpdateProfileBody = z.infer<typeof updateProfileBodySchema>;

export const updatePrivacyBodySchema = z
  .strictObject({ readReceipts: z.boolean(), typingIndicators: z.boolean(), lastSeen: z.boolean() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, "nothing to update");
export type UpdatePrivacyBody = z.infer<typeof updatePrivacyBodySchema>;

export const userSearchQuerySchema = z.strictObject({
  q: textSchema().trim().max(LIMITS.searchQueryMax).default(""),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const userParamsSchema = z.strictObject({ userId: idSchema });
export const userListSchema = z.array(publicUserSchema);

export const blockStateSchema = z.object({ userId: idSchema, blocked: z.boolean() });
