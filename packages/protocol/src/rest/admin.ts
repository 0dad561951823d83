import { z } from "zod";
import { displayNameSchema, idSchema, LIMITS, timestampSchema, usernameSchema } from "../entities.js";

/** The host app's own id for a person (the `sub` of its JWTs). */
export const externalIdSchema = z
  .string()
  .min(1)
  .max(LIMITS.externalIdMax)
  .regex(/^[^\s\p{Cc}]+$/u, "no spaces or control characters");
const departmentSchema = z.string().trim().min(1).max(LIMITS.departmentMax);
const emailSchema = z.email().max(320);
const urlSchema = z.url({ protocol: /^https?$/ }).max(LIMITS.urlMax);

export const adminUserParamsSchema = z.strictObject({ externalId: externalIdSchema });
/** One member of a group, by the host's id for them. */
export const adminChatMemberParamsSchema = z.strictObject({ chatId: idSchema, externalId: externalIdSchema });

/** Create, or update when the external id is known (idempotent: the host may replay it). */
export const adminUpsertUserBodySchema = z.strictObject({
  externalId: externalIdSchema,
  /** Preferred username; taken or absent → derived from email / name with a suffix. */
  username: usernameSchema.optional(),
  displayName: displayNameSchema,
  email: emailSchema.nullable().optional(),
  avatarUrl: urlSchema.nullable().optional(),
  department: departmentSchema.nullable().optional(),
});
export type AdminUpsertUserBody = z.infer<typeof adminUpsertUserBodySchema>;

/** `disabled: true` deprovisions: every session and live socket of the user ends at once. */
export const adminUpdateUserBodySchema = z
  .strictObject({
    displayName: displayNameSchema.optional(),
    email: emailSchema.nullable().optional(),
    avatarUrl: urlSchema.nullable().optional(),
    department: departmentSchema.nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "nothing to change");
export type AdminUpdateUserBody = z.infer<typeof adminUpdateUserBodySchema>;

export const adminUserSchema = z.object({
  id: idSchema,
  externalId: z.string().nullable(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  department: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: timestampSchema,
});
export type AdminUser = z.infer<typeof adminUserSchema>;

/** Members picked by external id and/or whole departments (current, enabled users). */
const memberSelectionSchema = {
  memberExternalIds: z.array(externalIdSchema).max(LIMITS.groupMembersMax).default([]),
  departments: z.array(departmentSchema).max(20).default([]),
};

export const adminCreateChatBodySchema = z.strictObject({
  /** A private group, or a channel (listed in the directory, joinable by anyone). */
  kind: z.enum(["group", "channel"]).default("group"),
  /** Channels only: only admins post (everyone may still react). */
  announcement: z.boolean().default(false),
  name: z.string().trim().min(1).max(LIMITS.groupNameMax),
  description: z.string().trim().max(LIMITS.groupDescriptionMax).optional(),
  /** The group's admin (a person: the group never stays without one). */
  ownerExternalId: externalIdSchema,
  ...memberSelectionSchema,
});
export type AdminCreateChatBody = z.infer<typeof adminCreateChatBodySchema>;

export const adminAddMembersBodySchema = z
  .strictObject(memberSelectionSchema)
  .refine((b) => b.memberExternalIds.length + b.departments.length > 0, "name members or departments");
export type AdminAddMembersBody = z.infer<typeof adminAddMembersBodySchema>;

export const adminChatResultSchema = z.object({
  chatId: idSchema,
  name: z.string(),
  memberCount: z.number().int().nonnegative(),
  /** Users added by this call (already-present members are skipped). */
  addedUserIds: z.array(idSchema),
});
export type AdminChatResult = z.infer<typeof adminChatResultSchema>;

/** A notice shown as a system message in the chat ("Leave request approved"). */
export const adminNoticeBodySchema = z.strictObject({ text: z.string().trim().min(1).max(LIMITS.messageBodyMax) });
/** `GET /api/admin/users`: people the host provisioned, by external id, a page at a time. */
export const adminListUsersQuerySchema = z.strictObject({
  department: departmentSchema.optional(),
  /** "true": only disabled people; "false": only active ones; absent: both. */
  disabled: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  /** The `next` of the previous page. */
  after: externalIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
/** What a caller passes (the query string carries it as text). */
export type AdminListUsersQuery = { department?: string; disabled?: boolean; after?: string; limit?: number };

export const adminUserPageSchema = z.object({
  users: z.array(adminUserSchema),
  /** Pass as `after` for the next page; null on the last one. */
  next: z.string().nullable(),
});
export type AdminUserPage = z.infer<typeof adminUserPageSchema>;
