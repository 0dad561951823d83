import { z } from "zod";
import {
  chatSummarySchema,
  disappearingSecondsSchema,
  idSchema,
  LIMITS,
  memberRoleSchema,
  messageSchema,
  SEQ_MAX,
  seqSchema,
  textSchema,
  timestampSchema,
} from "../entities.js";
import { externalIdSchema } from "./admin.js";

export const chatParamsSchema = z.strictObject({ chatId: idSchema });

/** The other person by our id, or (embedded: a host's deep link) by the host app's own id. */
export const createDirectChatBodySchema = z.union([
  z.strictObject({ userId: idSchema }),
  z.strictObject({ externalId: externalIdSchema }),
]);
export type CreateDirectChatBody = z.infer<typeof createDirectChatBodySchema>;
export const createDirectChatResultSchema = z.object({
  chat: chatSummarySchema,
  /** False when the pair already had a direct chat: that one is returned. */
  created: z.boolean(),
});

export const createGroupChatBodySchema = z.strictObject({
  name: textSchema().trim().min(1).max(LIMITS.groupNameMax),
  description: textSchema().trim().max(LIMITS.groupDescriptionMax).optional(),
  /** Other members; the creator is added as admin. */
  memberIds: z.array(idSchema).max(LIMITS.groupMembersMax).default([]),
});
export type CreateGroupChatBody = z.infer<typeof createGroupChatBodySchema>;

export const chatListSchema = z.array(chatSummarySchema);

/**
 * History page by seq, ascending. `before`: messages with seq < before (the newest of them);
 * `after`: seq > after (the oldest of them); `around`: the message with that seq in the middle
 * of the page (jump to a message); none: the newest page.
 */
export const historyQuerySchema = z
  .strictObject({
    before: z.coerce.number().int().min(1).max(SEQ_MAX).optional(),
    after: z.coerce.number().int().min(0).max(SEQ_MAX).optional(),
    around: z.coerce.number().int().min(1).max(SEQ_MAX).optional(),
    limit: z.coerce.number().int().min(1).max(LIMITS.historyPageMax).default(LIMITS.historyPageDefault),
  })
  .refine(
    (q) => [q.before, q.after, q.around].filter((v) => v !== undefined).length <= 1,
    "use one of before, after or around",
  );

export const historyPageSchema = z.object({
  messages: z.array(messageSchema),
  /** More messages exist beyond this page in the direction asked. */
  hasMore: z.boolean(),
  lastSeq: seqSchema,
  /**
   * The chat's change counter read BEFORE the page: every change up to it is reflected in the
   * page's messages, so a client may use it as the chat's first sync cursor.
   */
  changeSeq: seqSchema,
  /** `around` pages only: messages exist before / after this page. */
  hasOlder: z.boolean().optional(),
  hasNewer: z.boolean().optional(),
});
export type HistoryPage = z.infer<typeof historyPageSchema>;

export const messageParamsSchema = z.strictObject({ chatId: idSchema, messageId: idSchema });

/** A message's previous bodies, oldest first; empty when never edited or deleted for everyone. */
export const messageEditsSchema = z.object({
  edits: z.array(
    z.object({
      /** The body as it was before this edit. */
      body: z.string(),
      /** When the edit replaced it. */
      editedAt: timestampSchema,
    }),
  ),
});
export type MessageEdits = z.infer<typeof messageEditsSchema>;

/** How long to mute a chat; "off" unmutes. A mention still notifies in a muted chat. */
export const muteDurationSchema = z.enum(["8h", "1w", "always", "off"]);
export type MuteDuration = z.infer<typeof muteDurationSchema>;

export const chatSettingsBodySchema = z
  .strictObject({ mute: muteDurationSchema, archived: z.boolean(), pinned: z.boolean() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, "nothing to update");
export type ChatSettingsBody = z.infer<typeof chatSettingsBodySchema>;

export const chatSettingsSchema = z.object({
  chatId: idSchema,
  mutedUntil: chatSummarySchema.shape.mutedUntil,
  archived: z.boolean(),
  pinned: z.boolean(),
});
export type ChatSettings = z.infer<typeof chatSettingsSchema>;

// --- Group administration ---

export const chatMemberParamsSchema = z.strictObject({ chatId: idSchema, userId: idSchema });

/** Admins, or any member when the group has `membersCanAddOthers`. Present members are skipped. */
export const addMembersBodySchema = z.strictObject({
  userIds: z.array(idSchema).min(1).max(LIMITS.groupMembersMax),
});
export type AddMembersBody = z.infer<typeof addMembersBodySchema>;

export const setMemberRoleBodySchema = z.strictObject({ role: memberRoleSchema });

/**
 * Any subset; `description`/`avatarFileId` null clears them. `avatarFileId`: an image the admin
 * uploaded (`POST /api/files`), which becomes the group photo every member can load.
 */
export const updateGroupBodySchema = z
  .strictObject({
    name: textSchema().trim().min(1).max(LIMITS.groupNameMax).optional(),
    description: textSchema().trim().max(LIMITS.groupDescriptionMax).nullable().optional(),
    avatarFileId: idSchema.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "nothing to change");
export type UpdateGroupBody = z.infer<typeof updateGroupBodySchema>;

export const updateGroupSettingsBodySchema = z
  .strictObject({
    onlyAdminsCanPost: z.boolean().optional(),
    membersCanAddOthers: z.boolean().optional(),
    membersCanPin: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "nothing to change");
export type UpdateGroupSettingsBody = z.infer<typeof updateGroupSettingsBodySchema>;

/** null turns disappearing messages off; only messages sent afterwards expire. */
export const setDisappearingBodySchema = z.strictObject({ seconds: disappearingSecondsSchema });
export type SetDisappearingBody = z.infer<typeof setDisappearingBodySchema>;
