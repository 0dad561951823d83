import { LIMITS } from "@teamchat/protocol";
import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { type FileRow, files, messageAttachments } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import { type AttachmentsByMessage, presentAttachment } from "./attachment.presenter.js";

export type NewFile = Omit<FileRow, "createdAt">;

export async function insertFile(db: Executor, file: NewFile): Promise<FileRow> {
  const [row] = await db.insert(files).values(file).returning();
  if (!row) throw new AppError("INTERNAL");
  return row;
}

/**
 * No message carries the file (as an attachment or as its link preview's picture), no chat or
 * profile shows it as its photo and the link-preview cache does not hold it: its bytes can go.
 */
const unused = sql`NOT EXISTS (SELECT 1 FROM message_attachments ma WHERE ma.file_id = ${files.id})
  AND NOT EXISTS (SELECT 1 FROM messages lm WHERE lm.link_preview_file_id = ${files.id})
  AND NOT EXISTS (SELECT 1 FROM link_previews lp WHERE lp.image_file_id = ${files.id})
  AND NOT EXISTS (SELECT 1 FROM chats c WHERE c.avatar_file_id = ${files.id})
  AND NOT EXISTS (SELECT 1 FROM users pu WHERE pu.avatar_file_id = ${files.id})`;

/**
 * The file if `userId` may read it: its uploader, or a current member of a chat where a message
 * carries it (a deleted message no longer does: its attachment rows go with it) or whose photo it is,
 * or anyone signed in for a profile photo (not those its owner blocked), or a link preview's picture
 * (see below).
 */
export async function findReadableFile(db: Executor, fileId: string, userId: string): Promise<FileRow | null> {
  const [row] = await db
    .select()
    .from(files)
    .where(
      and(
        eq(files.id, fileId),
        sql`(${files.uploaderId} = ${userId} OR EXISTS (
          SELECT 1 FROM message_attachments ma
          JOIN chat_members cm ON cm.chat_id = ma.chat_id AND cm.user_id = ${userId}
          WHERE ma.file_id = ${files.id})
        OR EXISTS (
          SELECT 1 FROM chats c
          JOIN chat_members cm ON cm.chat_id = c.id AND cm.user_id = ${userId}
          WHERE c.avatar_file_id = ${files.id})
        -- A link preview's picture: members of a chat where a message shows it; and, while the
        -- preview cache holds it, anyone signed in (anyone may ask for that URL's preview).
        OR EXISTS (
          SELECT 1 FROM messages lm
          JOIN chat_members cm ON cm.chat_id = lm.chat_id AND cm.user_id = ${userId}
          WHERE lm.link_preview_file_id = ${files.id} AND lm.deleted_at IS NULL)
        OR EXISTS (SELECT 1 FROM link_previews lp WHERE lp.image_file_id = ${files.id})
        -- A profile photo: anyone signed in, except the people its owner blocked.
        OR EXISTS (
          SELECT 1 FROM users pu WHERE pu.avatar_file_id = ${files.id}
            AND NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = pu.id AND b.blocked_id = ${userId})))`,
      ),
    );
  return row ?? null;
}

/**
 * Attaches files to a just-stored message, in the given order. Only the sender's own uploads
 * can be attached (ATTACHMENT_NOT_ALLOWED otherwise, and the caller's transaction rolls back).
 */
export async function attachFiles(
  tx: Executor,
  message: { id: string; chatId: string; seq: number; senderId: string },
  fileIds: string[],
): Promise<FileRow[]> {
  if (fileIds.length === 0) return [];
  const owned = await tx
    .select()
    .from(files)
    .where(and(inArray(files.id, fileIds), eq(files.uploaderId, message.senderId)));
  if (owned.length !== fileIds.length) throw new AppError("ATTACHMENT_NOT_ALLOWED");
  await tx.insert(messageAttachments).values(
    fileIds.map((fileId, position) => ({
      messageId: message.id,
      fileId,
      chatId: message.chatId,
      seq: message.seq,
      position,
    })),
  );
  const byId = new Map(owned.map((f) => [f.id, f]));
  return fileIds.map((id) => byId.get(id) as FileRow);
}

export async function loadAttachments(db: Executor, messageIds: string[]): Promise<AttachmentsByMessage> {
  if (messageIds.length === 0) return new Map();
  const rows = await db
    .select({ messageId: messageAttachments.messageId, file: files })
    .from(messageAttachments)
    .innerJoin(files, eq(files.id, messageAttachments.fileId))
    .where(inArray(messageAttachments.messageId, messageIds))
    .orderBy(asc(messageAttachments.messageId), asc(messageAttachments.position));
  const byMessage = new Map<string, ReturnType<typeof presentAttachment>[]>();
  for (const { messageId, file } of rows) {
    const list = byMessage.get(messageId) ?? [];
    list.push(presentAttachment(file));
    byMessage.set(messageId, list);
  }
  return byMessage;
}

/** Storage keys of deleted file rows, to remove from storage once the transaction committed. */
export type OrphanedKeys = string[];

/**
 * Takes a deleted message's files off it and deletes the files no other message carries.
 */
export async function detachFiles(tx: Executor, messageId: string): Promise<OrphanedKeys> {
  const detached = await tx
    .delete(messageAttachments)
    .where(eq(messageAttachments.messageId, messageId))
    .returning({ fileId: messageAttachments.fileId });
  if (detached.length === 0) return [];
  const gone = await tx
    .delete(files)
    .where(
      and(
        inArray(
          files.id,
          detached.map((d) => d.fileId),
        ),
        unused,
      ),
    )
    .returning();
  return keysOf(gone);
}

/** Deletes the given files if nothing uses them any more (a replaced group photo). */
export async function deleteIfUnused(tx: Executor, fileIds: string[]): Promise<OrphanedKeys> {
  if (fileIds.length === 0) return [];
  const gone = await tx
    .delete(files)
    .where(and(inArray(files.id, fileIds), unused))
    .returning();
  return keysOf(gone);
}

/**
 * An image `uploaderId` uploaded that can become a group photo (it has a thumbnail for the small
 * sizes); someone else's file is ATTACHMENT_NOT_ALLOWED, anything but an image FILE_TYPE_NOT_ALLOWED.
 */
export async function ownImage(tx: Executor, fileId: string, uploaderId: string): Promise<FileRow> {
  const [file] = await tx
    .select()
    .from(files)
    .where(and(eq(files.id, fileId), eq(files.uploaderId, uploaderId)));
  if (!file) throw new AppError("ATTACHMENT_NOT_ALLOWED");
  if (file.kind !== "image" || !file.thumbnailKey) throw new AppError("FILE_TYPE_NOT_ALLOWED");
  return file;
}

/** Deletes files created before `cutoff` that no message carries; returns their storage keys. */
export async function deleteUnattachedBefore(db: Executor, cutoff: Date): Promise<OrphanedKeys> {
  const gone = await db
    .delete(files)
    .where(and(lt(files.createdAt, cutoff), unused))
    .returning();
  return keysOf(gone);
}

function keysOf(rows: FileRow[]): OrphanedKeys {
  return rows.flatMap((f) => (f.thumbnailKey ? [f.storageKey, f.thumbnailKey] : [f.storageKey]));
}

/** A chat's shared files, newest message first: images, or everything else. */
export async function chatMediaPage(
  db: Executor,
  chatId: string,
  query: { kind: "image" | "file"; before?: number | undefined; limit: number },
) {
  const rows = await db
    .select({
      file: files,
      messageId: messageAttachments.messageId,
      seq: messageAttachments.seq,
      senderId: sql<string | null>`(SELECT sender_id FROM messages m WHERE m.id = ${messageAttachments.messageId})`,
      sharedAt: sql<string>`(SELECT created_at FROM messages m WHERE m.id = ${messageAttachments.messageId})`,
    })
    .from(messageAttachments)
    .innerJoin(files, eq(files.id, messageAttachments.fileId))
    .where(
      and(
        eq(messageAttachments.chatId, chatId),
        query.kind === "image" ? eq(files.kind, "image") : sql`${files.kind} <> 'image'`,
        query.before !== undefined ? lt(messageAttachments.seq, query.before) : undefined,
      ),
    )
    .orderBy(desc(messageAttachments.seq), desc(messageAttachments.position))
    .limit(query.limit + LIMITS.attachmentsPerMessage);
  const page = wholeMessages(rows, query.limit);
  const more = rows.length > page.length;
  return {
    items: page.map((r) => ({
      file: presentAttachment(r.file),
      messageId: r.messageId,
      seq: r.seq,
      senderId: r.senderId,
      sharedAt: new Date(r.sharedAt).toISOString(),
    })),
    nextBefore: more ? (page.at(-1)?.seq ?? null) : null,
  };
}

/**
 * At most `limit` rows, ending on a message boundary so the next page (before the last seq)
 * misses none of a message's files; a single message with more files than `limit` is kept whole.
 */
function wholeMessages<T extends { seq: number }>(rows: T[], limit: number): T[] {
  if (rows.length <= limit) return rows;
  const cutSeq = rows[limit]?.seq;
  const page = rows.slice(0, limit);
  const trimmed = page.filter((r) => r.seq !== cutSeq);
  if (trimmed.length > 0) return trimmed;
  return rows.filter((r) => r.seq === cutSeq);
}
