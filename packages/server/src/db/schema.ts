import type { LinkPreview } from "@teamchat/protocol";
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * Typed mirror of migrations/*.sql for the query builder. The SQL files are the source of
 * truth for the database; a test checks that both agree on every column.
 */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const users = pgTable("users", {
  id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
  username: text("username").notNull(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash"),
  avatarUrl: text("avatar_url"),
  statusMessage: text("status_message"),
  privacyReadReceipts: boolean("privacy_read_receipts").notNull().default(true),
  privacyTyping: boolean("privacy_typing").notNull().default(true),
  privacyLastSeen: boolean("privacy_last_seen").notNull().default(true),
  lastSeenAt: ts("last_seen_at"),
  hideSeq: integer("hide_seq").notNull().default(0),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
  // --- migrations/0011_external_users.sql ---
  externalId: text("external_id"),
  email: text("email"),
  department: text("department"),
  disabledAt: ts("disabled_at"),
  // --- migrations/0020_profile_and_blocks.sql ---
  avatarFileId: uuid("avatar_file_id"),
});

export const refreshTokens = pgTable("refresh_tokens", {
  id: uuid("id").primaryKey(),
  userId: uuid("user_id").notNull(),
  familyId: uuid("family_id").notNull(),
  tokenHash: text("token_hash").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
  expiresAt: ts("expires_at").notNull(),
  revokedAt: ts("revoked_at"),
  revokeReason: text("revoke_reason", { enum: ["rotated", "logout", "reuse"] }),
});

export const chats = pgTable("chats", {
  id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
  type: text("type", { enum: ["direct", "group", "channel"] }).notNull(),
  name: text("name"),
  description: text("description"),
  avatarUrl: text("avatar_url"),
  /** The group photo (migration 0015); read through the files module's authorization. */
  avatarFileId: uuid("avatar_file_id"),
  directKey: text("direct_key"),
  createdBy: uuid("created_by"),
  createdAt: ts("created_at").notNull().defaultNow(),
  lastSeq: integer("last_seq").notNull().default(0),
  lastActivityAt: ts("last_activity_at").notNull().defaultNow(),
  changeSeq: integer("change_seq").notNull().default(0),
  onlyAdminsCanPost: boolean("only_admins_can_post").notNull().default(false),
  membersCanAddOthers: boolean("members_can_add_others").notNull().default(false),
  membersCanPin: boolean("members_can_pin").notNull().default(false),
  disappearingSeconds: integer("disappearing_seconds"),
  // --- migrations/0020_profile_and_blocks.sql ---
  /** A direct chat's other person until its first message: it is not in their chat list yet. */
  unlistedFor: uuid("unlisted_for"),
});

export const chatMembers = pgTable(
  "chat_members",
  {
    chatId: uuid("chat_id").notNull(),
    userId: uuid("user_id").notNull(),
    role: text("role", { enum: ["admin", "member"] })
      .notNull()
      .default("member"),
    joinedAt: ts("joined_at").notNull().defaultNow(),
    deliveredSeq: integer("delivered_seq").notNull().default(0),
    readSeq: integer("read_seq").notNull().default(0),
    mutedUntil: ts("muted_until"),
    archived: boolean("archived").notNull().default(false),
    pinnedAt: ts("pinned_at"),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.userId] })],
);

// --- Group administration (migrations/0005_group_admin.sql) ---
export const chatFormerMembers = pgTable(
  "chat_former_members",
  {
    chatId: uuid("chat_id").notNull(),
    userId: uuid("user_id").notNull(),
    leftAtSeq: integer("left_at_seq").notNull(),
    leftAtChangeSeq: integer("left_at_change_seq").notNull(),
    leftAt: ts("left_at").notNull().defaultNow(),
    readSeq: integer("read_seq").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.userId] })],
);
export type ChatFormerMemberRow = typeof chatFormerMembers.$inferSelect;

export const messages = pgTable("messages", {
  id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
  chatId: uuid("chat_id").notNull(),
  seq: integer("seq").notNull(),
  senderId: uuid("sender_id"),
  clientId: text("client_id"),
  kind: text("kind", { enum: ["text", "system", "notice"] })
    .notNull()
    .default("text"),
  body: text("body").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
  changeSeq: integer("change_seq").notNull().default(0),
  editedAt: ts("edited_at"),
  deletedAt: ts("deleted_at"),
  replyToId: uuid("reply_to_id"),
  pinnedAt: ts("pinned_at"),
  pinnedBy: uuid("pinned_by"),
  // --- migrations/0010_rich_messaging.sql ---
  mentions: uuid("mentions").array().notNull().default(sql`'{}'`),
  forwarded: boolean("forwarded").notNull().default(false),
  expiresAt: ts("expires_at"),
  // --- migrations/0020_profile_and_blocks.sql ---
  undelivered: boolean("undelivered").notNull().default(false),
  // --- migrations/0024_link_previews.sql ---
  linkPreview: jsonb("link_preview").$type<LinkPreview>(),
  linkPreviewFileId: uuid("link_preview_file_id"),
});

// --- Edits and reactions (migrations/0004_message_changes.sql) ---
export const messageEdits = pgTable("message_edits", {
  id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
  messageId: uuid("message_id").notNull(),
  body: text("body").notNull(),
  editedAt: ts("edited_at").notNull().defaultNow(),
});

export const messageReactions = pgTable(
  "message_reactions",
  {
    messageId: uuid("message_id").notNull(),
    userId: uuid("user_id").notNull(),
    emoji: text("emoji").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId, t.emoji] })],
);

// --- Voice notes (migrations/0025_voice_notes.sql) ---
export const voicePlays = pgTable(
  "voice_plays",
  {
    messageId: uuid("message_id").notNull(),
    userId: uuid("user_id").notNull(),
    playedAt: ts("played_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId] })],
);

export type UserRow = typeof users.$inferSelect;
export type ChatRow = typeof chats.$inferSelect;
export type ChatMemberRow = typeof chatMembers.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type MessageReactionRow = typeof messageReactions.$inferSelect;

// --- Web Push (migrations/0002_push_subscriptions.sql) ---
export const pushSubscriptions = pgTable("push_subscriptions", {
  id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
  userId: uuid("user_id").notNull(),
  endpoint: text("endpoint").notNull(),
  p256dh: text("p256dh").notNull(),
  auth: text("auth").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
  lastSuccessAt: ts("last_success_at"),
});

export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;

export const userBlocks = pgTable(
  "user_blocks",
  {
    blockerId: uuid("blocker_id").notNull(),
    blockedId: uuid("blocked_id").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.blockerId, t.blockedId] })],
);

// --- Delete for me (migrations/0010_rich_messaging.sql) ---
export const messageHides = pgTable(
  "message_hides",
  {
    userId: uuid("user_id").notNull(),
    messageId: uuid("message_id").notNull(),
    chatId: uuid("chat_id").notNull(),
    hideSeq: integer("hide_seq").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.messageId] })],
);

// --- Files and attachments (migrations/0008_files.sql) ---
export const files = pgTable("files", {
  id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
  uploaderId: uuid("uploader_id").notNull(),
  storageKey: text("storage_key").notNull(),
  thumbnailKey: text("thumbnail_key"),
  name: text("name").notNull(),
  mimeType: text("mime_type").notNull(),
  kind: text("kind", { enum: ["image", "audio", "file"] }).notNull(),
  size: bigint("size", { mode: "number" }).notNull(),
  width: integer("width"),
  height: integer("height"),
  placeholder: text("placeholder"),
  createdAt: ts("created_at").notNull().defaultNow(),
  // Voice notes (migrations/0025_voice_notes.sql).
  durationMs: integer("duration_ms"),
  waveform: smallint("waveform").array(),
});
export type FileRow = typeof files.$inferSelect;

export const messageAttachments = pgTable(
  "message_attachments",
  {
    messageId: uuid("message_id").notNull(),
    fileId: uuid("file_id").notNull(),
    chatId: uuid("chat_id").notNull(),
    seq: integer("seq").notNull(),
    position: smallint("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.fileId] })],
);

// --- Link previews (migrations/0024_link_previews.sql) ---
export const linkPreviews = pgTable("link_previews", {
  url: text("url").primaryKey(),
  ok: boolean("ok").notNull(),
  title: text("title"),
  description: text("description"),
  siteName: text("site_name"),
  imageFileId: uuid("image_file_id"),
  fetchedAt: ts("fetched_at").notNull().defaultNow(),
  expiresAt: ts("expires_at").notNull(),
});
export type LinkPreviewRow = typeof linkPreviews.$inferSelect;
