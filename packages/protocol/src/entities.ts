import { z } from "zod";

/** ISO-8601 timestamps on the wire. */
export const timestampSchema = z.iso.datetime({ offset: true });
export const idSchema = z.uuid();
/** Per-chat, server-assigned, gap-free message sequence number (starts at 1). */
export const seqSchema = z.number().int().nonnegative();

export const LIMITS = {
  usernameMin: 3,
  usernameMax: 32,
  passwordMin: 8,
  passwordMax: 256,
  displayNameMax: 64,
  statusMessageMax: 140,
  urlMax: 2048,
  messageBodyMax: 4000,
  clientIdMin: 8,
  clientIdMax: 64,
  groupNameMax: 100,
  groupDescriptionMax: 1000,
  groupMembersMax: 1000,
  historyPageMax: 200,
  syncChatsMax: 500,
  syncChangesPerChat: 200,
  historyPageDefault: 50,
  searchQueryMax: 200,
  /** A reaction is one emoji grapheme; 16 code points fit the longest ZWJ sequences and tag flags. */
  reactionEmojiMax: 16,
  presenceQueryMax: 500,
  externalIdMax: 255,
  departmentMax: 100,
} as const;

export const usernameSchema = z
  .string()
  .min(LIMITS.usernameMin)
  .max(LIMITS.usernameMax)
  .regex(/^[a-z0-9._-]+$/, "lowercase letters, digits, dot, dash and underscore only");

export const displayNameSchema = z.string().trim().min(1).max(LIMITS.displayNameMax);

/** Client-generated idempotency key of a send; a retry must reuse it. */
export const clientIdSchema = z
  .string()
  .min(LIMITS.clientIdMin)
  .max(LIMITS.clientIdMax)
  .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, dash and underscore only");

export const publicUserSchema = z.object({
  id: idSchema,
  username: z.string(),
  displayName: z.string(),
  avatarUrl: z.string().nullable(),
  statusMessage: z.string().nullable(),
});
export type PublicUser = z.infer<typeof publicUserSchema>;

export const privacySettingsSchema = z.object({
  /** Off: my read pointer is not shown to others. */
  readReceipts: z.boolean(),
  /** Off: my typing is not relayed. */
  typingIndicators: z.boolean(),
  /** Off: others see me online but never my last-seen time. */
  lastSeen: z.boolean(),
});
export type PrivacySettings = z.infer<typeof privacySettingsSchema>;

export const meSchema = publicUserSchema.extend({
  privacy: privacySettingsSchema,
  createdAt: timestampSchema,
});
export type Me = z.infer<typeof meSchema>;

/**
 * What a client sends as a reaction: one emoji grapheme in practice. The server checks only
 * the length and that it holds no whitespace, control characters or lone surrogates (ZWJ and
 * variation selectors are allowed: emoji sequences need them).
 */
export const reactionEmojiSchema = z
  .string()
  .min(1)
  .max(LIMITS.reactionEmojiMax)
  .regex(/^[^\s\p{Cc}\p{Cs}]+$/u, "one emoji, without spaces or control characters");

/** One emoji on a message and who reacted with it, oldest reaction first. */
export const reactionSchema = z.object({ emoji: z.string(), userIds: z.array(idSchema) });
export type Reaction = z.infer<typeof reactionSchema>;

export const messageKindSchema = z.enum(["text", "system"]);

export const messageSchema = z.object({
  id: idSchema,
  chatId: idSchema,
  seq: seqSchema,
  /** Null for system messages. */
  senderId: idSchema.nullable(),
  /** The sender's idempotency key; null for system messages. */
  clientId: z.string().nullable(),
  kind: messageKindSchema,
  body: z.string(),
  createdAt: timestampSchema,
  /** When the body was last edited; null if never (or once deleted). */
  editedAt: timestampSchema.nullable(),
  /** Deleted for everyone: the tombstone has body "" and no reactions. */
  deletedAt: timestampSchema.nullable(),
  /** Grouped by emoji, in order of each emoji's first reaction. */
  reactions: z.array(reactionSchema),
  /**
   * The chat's change counter when this message was last stored or modified. Of two copies of
   * a message, the one with the higher changeSeq is current.
   */
  changeSeq: seqSchema,
});
export type Message = z.infer<typeof messageSchema>;

export const chatTypeSchema = z.enum(["direct", "group"]);
export type ChatType = z.infer<typeof chatTypeSchema>;
export const memberRoleSchema = z.enum(["admin", "member"]);
export type MemberRole = z.infer<typeof memberRoleSchema>;

export const chatMemberSchema = z.object({
  user: publicUserSchema,
  role: memberRoleSchema,
  joinedAt: timestampSchema,
  deliveredSeq: seqSchema,
  /** Null when that member has read receipts turned off. */
  readSeq: seqSchema.nullable(),
});
export type ChatMember = z.infer<typeof chatMemberSchema>;

export const chatSummarySchema = z.object({
  id: idSchema,
  type: chatTypeSchema,
  /** Group name; null for direct chats (show the other member). */
  name: z.string().nullable(),
  description: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  createdAt: timestampSchema,
  lastSeq: seqSchema,
  /** The chat's change counter: sync cursors compare against it. */
  changeSeq: seqSchema,
  lastActivityAt: timestampSchema,
  lastMessage: messageSchema.nullable(),
  unreadCount: z.number().int().nonnegative(),
  myRole: memberRoleSchema,
  myReadSeq: seqSchema,
  myDeliveredSeq: seqSchema,
  /** My settings for this chat (the same on all my devices). Null: not muted. */
  mutedUntil: timestampSchema.nullable(),
  archived: z.boolean(),
  pinned: z.boolean(),
  members: z.array(chatMemberSchema),
  /** Group setting: only admins may send messages (reactions stay open to all). False for direct chats. */
  onlyAdminsCanPost: z.boolean(),
  /** Group setting: any member (not only admins) may add people. False for direct chats. */
  membersCanAddOthers: z.boolean(),
  /**
   * Null while I am a member. After I left or was removed: the seq of that system message, the
   * last one I can read; the chat is then read-only for me and `lastSeq`/`changeSeq` stop there.
   */
  leftAtSeq: seqSchema.nullable(),
});
export type ChatSummary = z.infer<typeof chatSummarySchema>;

export const presenceSchema = z.object({
  userId: idSchema,
  online: z.boolean(),
  /** Null while online, when never seen, or when the user hides last seen. */
  lastSeenAt: timestampSchema.nullable(),
});
export type Presence = z.infer<typeof presenceSchema>;
