import { z } from "zod";
import { idSchema, LIMITS, timestampSchema } from "../entities.js";

/** The creator becomes its admin; `announcement`: only admins post (everyone may still react). */
export const createChannelBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(LIMITS.groupNameMax),
  description: z.string().trim().max(LIMITS.groupDescriptionMax).optional(),
  announcement: z.boolean().default(false),
});
export type CreateChannelBody = z.infer<typeof createChannelBodySchema>;

/** Channels whose name contains `q` (case-insensitive), by name, a page at `offset`. */
export const channelDirectoryQuerySchema = z.strictObject({
  q: z.string().trim().max(LIMITS.groupNameMax).default(""),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type ChannelDirectoryQuery = z.infer<typeof channelDirectoryQuerySchema>;

export const channelListingSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string().nullable(),
  memberCount: z.number().int().nonnegative(),
  /** Announcement channel: only admins post. */
  onlyAdminsCanPost: z.boolean(),
  /** Whether the caller is a member. */
  joined: z.boolean(),
  createdAt: timestampSchema,
});
export type ChannelListing = z.infer<typeof channelListingSchema>;

export const channelDirectorySchema = z.object({ channels: z.array(channelListingSchema), hasMore: z.boolean() });
export type ChannelDirectory = z.infer<typeof channelDirectorySchema>;
