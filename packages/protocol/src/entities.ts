import { z } from "zod";

/** ISO-8601 timestamps on the wire. */
export const timestampSchema = z.iso.datetime({ offset: true });
export const idSchema = z.uuid();
/** The largest seq the database column (PostgreSQL integer) holds; larger input is a 400, not a 500. */
export const SEQ_MAX = 2_147_483_647;
/** Per-chat, server-assigned, gap-free message sequence number (starts at 1). */
export const seqSchema = z.number().int().nonnegative().max(SEQ_MAX);

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
  /** How much of a replied-to or pinned message travels as its preview. */
  quotePreviewMax: 200,
  /** Pinned messages per chat (as in WhatsApp): pinning one more unpins the oldest pin. */
  pinsPerChat: 3,
  /** Distinct people one message may mention. */
  mentionsMax: 50,
  /** Files on one message. */
  attachmentsPerMessage: 10,
  fileNameMax: 200,
  mediaPageMax: 100,
  externalIdMax: 255,
  departmentMax: 100,
} as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether PostgreSQL can store the text as it is: no NUL, no unpaired UTF-16 surrogate. */
export function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && !LONE_SURROGATE.test(text);
}

/**
 * Free text from users. PostgreSQL refuses NUL in text (a 500), and an unpaired surrogate
 * cannot be encoded as UTF-8 (it would be stored altered, as U+FFFD): both are refused here.
 */
export const textSchema = () =>
  z.string().refine(isStorableText, "must not contain NUL characters or unpaired surrogates");

export const usernameSchema = z
  .string()
  .min(LIMITS.usernameMin)
  .max(LIMITS.usernameMax)
  .regex(/^[a-z0-9._-]+$/, "lowercase letters, digits, dot, dash and underscore only");

export const displayNameSchema = textSchema().trim().min(1).max(LIMITS.displayNameMax);

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

/** How a file is shown: images inline with a thumbnail, audio with a player, the rest as file cards. */
export const attachmentKindSchema = z.enum(["image", "audio", "file"]);
export type AttachmentKind = z.infer<typeof attachmentKindSchema>;

/** An uploaded file, as attached to messages (the bytes are fetched through the files routes). */
export const attachmentSchema = z.object({
  id: idSchema,
  /** Original file name, made safe (no path, no control characters). */
  name: z.string(),
  /** The type detected from the bytes (never the uploader's claim). */
  mimeType: z.string(),
  kind: attachmentKindSchema,
  size: z.number().int().nonnegative(),
  /** Images only: the stored image's size, so the list reserves the right space before it loads. */
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  /** Images only: a tiny blurred WebP as a data: URL, shown until the thumbnail loads. */
  placeholder: z.string().nullable(),
  /** Images only: whether a WebP thumbnail exists (GET files/:id/thumbnail). */
  hasThumbnail: z.boolean(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const messageKindSchema = z.enum(["text", "system"]);

/**
 * The message a reply quotes, as it is now (joined when read, never copied into the reply):
 * once the original is deleted for everyone `deleted` is true and `body` is "".
 */
export const replyPreviewSchema = z.object({
  id: idSchema,
  seq: seqSchema,
  senderId: idSchema.nullable(),
  /** The start of the original's body (at most LIMITS.quotePreviewMax characters). */
  body: z.string(),
  deleted: z.boolean(),
});
export type ReplyPreview = z.infer<typeof replyPreviewSchema>;

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
  /** The message this one replies to (same chat); null or absent when it is not a reply. */
  replyTo: replyPreviewSchema.nullable().optional(),
  /** When the message was pinned in its chat; null or absent when it is not pinned. */
  pinnedAt: timestampSchema.nullable().optional(),
  // The fields below are always sent by this server; optional so that older cached copies parse.
  /** Members mentioned (user ids, checked as members when sent); the body shows them as "@Name". */
  mentions: z.array(idSchema).optional(),
  /** A copy of a message forwarded from another chat (which one is not told). */
  forwarded: z.boolean().optional(),
  /** Sent while the chat had disappearing messages on: removed by the server after this time. */
  expiresAt: timestampSchema.nullable().optional(),
  /** Files on the message, in the order attached (the body is their caption). Empty once deleted. */
  attachments: z.array(attachmentSchema).optional(),
});
export type Message = z.infer<typeof messageSchema>;

/** One pinned message of a chat, enough for the pinned bar without loading the message. */
export const pinnedMessageSchema = z.object({
  messageId: idSchema,
  seq: seqSchema,
  senderId: idSchema.nullable(),
  /** The start of the body (at most LIMITS.quotePreviewMax characters). */
  body: z.string(),
  pinnedAt: timestampSchema,
  pinnedBy: idSchema.nullable(),
});
export type PinnedMessage = z.infer<typeof pinnedMessageSchema>;

/** The disappearing-messages timers a chat can have (seconds); null is off. */
export const DISAPPEARING_OPTIONS = [86_400, 604_800, 7_776_000] as const;
export const disappearingSecondsSchema = z
  .union([z.literal(86_400), z.literal(604_800), z.literal(7_776_000)])
  .nullable();

/** A channel is a group anyone can find in the directory and join. */
export const chatTypeSchema = z.enum(["direct", "group", "channel"]);
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
  /** The group photo: an image file members load like an attachment (its thumbnail for small sizes). */
  avatarFileId: idSchema.nullable().optional(),
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
  /** Group setting: any member (not only admins) may pin messages. False for direct chats (where everyone may). */
  membersCanPin: z.boolean().optional(),
  /** Pinned messages, newest pin first (at most LIMITS.pinsPerChat). */
  pins: z.array(pinnedMessageSchema).optional(),
  /** Unread messages that mention me (a priority unread: the list shows "@"). */
  mentionCount: z.number().int().nonnegative().optional(),
  /** Disappearing messages timer in seconds (24 h, 7 d, 90 d), null when off. */
  disappearingSeconds: disappearingSecondsSchema.optional(),
});
export type ChatSummary = z.infer<typeof chatSummarySchema>;

export const presenceSchema = z.object({
  userId: idSchema,
  online: z.boolean(),
  /** Null while online, when never seen, or when the user hides last seen. */
  lastSeenAt: timestampSchema.nullable(),
});
export type Presence = z.infer<typeof presenceSchema>;
