import { z } from "zod";
import { LIMITS, SEQ_MAX } from "./limits.js";

export { LIMITS, SEQ_MAX };

/** ISO-8601 timestamps on the wire. */
export const timestampSchema = z.iso.datetime({ offset: true });
export const idSchema = z.uuid();
/** Per-chat, server-assigned, gap-free message sequence number (starts at 1). */
export const seqSchema = z.number().int().nonnegative().max(SEQ_MAX);

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
  /**
   * The profile photo: a square image the user uploaded (`?square=1`), read like an attachment
   * (its thumbnail for small sizes). Wins over `avatarUrl` (a host app's picture) when set.
   */
  avatarFileId: idSchema.nullable(),
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
  /**
   * Voice notes only (audio uploaded with `durationMs` and `waveform`): the length, and
   * LIMITS.voiceWaveformPeaks peaks (0..LIMITS.voicePeakMax) drawn as the bubble's waveform.
   * Null for every other file. Rows cached by older clients may lack them (read as null).
   */
  durationMs: z.number().int().positive().nullable(),
  waveform: z.array(z.number().int().min(0).max(LIMITS.voicePeakMax)).nullable(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/**
 * A link preview: what the server read from the first http(s) URL of a message (Open Graph or
 * the page's title/description). The image is a copy the server fetched, checked and stored like
 * an upload: clients load it from GET files/:fileId (authorized), never from the third-party site.
 */
export const linkPreviewSchema = z.object({
  url: z.string().max(LIMITS.linkPreviewUrlMax),
  title: z.string().max(LIMITS.linkPreviewTitleMax).nullable(),
  description: z.string().max(LIMITS.linkPreviewDescriptionMax).nullable(),
  siteName: z.string().max(LIMITS.linkPreviewSiteNameMax).nullable(),
  image: z
    .object({
      fileId: idSchema,
      width: z.number().int().positive().nullable(),
      height: z.number().int().positive().nullable(),
      placeholder: z.string().nullable(),
    })
    .nullable(),
});
export type LinkPreview = z.infer<typeof linkPreviewSchema>;

/**
 * `system`: written by the chat for a member's action ("Ann added Ben"). `notice`: written for the
 * host app (the admin API: its notices and the changes it makes, attributed to the app by name,
 * "Ben was added by Acme HR"); clients show notices in a look of their own. Both have no sender.
 */
export const messageKindSchema = z.enum(["text", "system", "notice"]);

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
  /** The message this one replies to (same chat); null when it is not a reply. */
  replyTo: replyPreviewSchema.nullable(),
  /** When the message was pinned in its chat; null when it is not pinned. */
  pinnedAt: timestampSchema.nullable(),
  /** Members mentioned (user ids, checked as members when sent); the body shows them as "@Name". */
  mentions: z.array(idSchema),
  /** A copy of a message forwarded from another chat (which one is not told). */
  forwarded: z.boolean(),
  /** Sent while the chat had disappearing messages on: removed by the server after this time. */
  expiresAt: timestampSchema.nullable(),
  /** Files on the message, in the order attached (the body is their caption). Empty once deleted. */
  attachments: z.array(attachmentSchema),
  /**
   * True only on the sender's own copy when the message will never be delivered (the recipient
   * is not reachable): it stays at one ✓ for good. False on every other copy.
   */
  undelivered: z.boolean(),
  /**
   * The preview of the body's first link, added by the server after the send as a message change
   * (`message:updated`, sync feed); absent when there is none (yet, or ever: previews off, the
   * sender removed it, the page refused). Never on a tombstone.
   */
  linkPreview: linkPreviewSchema.optional(),
  /**
   * Voice notes: the members who played it (oldest first), shown to the sender as "played".
   * Like read receipts, a member who hides read receipts is never listed. Empty for other
   * messages; copies cached by older clients may lack it (read as empty).
   */
  playedBy: z.array(idSchema),
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
export const disappearingSecondsSchema = z.literal(DISAPPEARING_OPTIONS).nullable();

/** A channel is a group anyone can find in the directory and join. */
export const chatTypeSchema = z.enum(["direct", "group", "channel"]);
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
  avatarFileId: idSchema.nullable(),
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
  membersCanPin: z.boolean(),
  /** Pinned messages, newest pin first (at most LIMITS.pinsPerChat). */
  pins: z.array(pinnedMessageSchema),
  /** Unread messages that mention me (a priority unread: the list shows "@"). */
  mentionCount: z.number().int().nonnegative(),
  /** Disappearing messages timer in seconds (24 h, 7 d, 90 d), null when off. */
  disappearingSeconds: disappearingSecondsSchema,
});
export type ChatSummary = z.infer<typeof chatSummarySchema>;

export const presenceSchema = z.object({
  userId: idSchema,
  online: z.boolean(),
  /** Null while online, when never seen, or when the user hides last seen. */
  lastSeenAt: timestampSchema.nullable(),
});
export type Presence = z.infer<typeof presenceSchema>;
