import type { LinkPreview } from "@teamchat/protocol";
import { and, eq, gt, lt } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { files, type LinkPreviewRow, linkPreviews, type MessageRow, messages } from "../../db/schema.js";
import type { ChangeSlot } from "../messages/message-changes.repo.js";

export type CachedPreview = { row: LinkPreviewRow; image: LinkPreview["image"] };

/** The URL's cached preview (or refusal) that has not expired, with its picture's size. */
export async function findCached(db: Executor, url: string, now: Date): Promise<CachedPreview | null> {
  const [found] = await db
    .select({
      row: linkPreviews,
      file: { id: files.id, width: files.width, height: files.height, placeholder: files.placeholder },
    })
    .from(linkPreviews)
    .leftJoin(files, eq(files.id, linkPreviews.imageFileId))
    .where(and(eq(linkPreviews.url, url), gt(linkPreviews.expiresAt, now)));
  if (!found) return null;
  const image = found.file?.id
    ? { fileId: found.file.id, width: found.file.width, height: found.file.height, placeholder: found.file.placeholder }
    : null;
  return { row: found.row, image };
}

/** Replaces whatever was cached for the URL (an expired entry, or a concurrent node's fetch). */
export async function storeCached(db: Executor, row: Omit<LinkPreviewRow, "fetchedAt">): Promise<void> {
  await db
    .insert(linkPreviews)
    .values(row)
    .onConflictDoUpdate({
      target: linkPreviews.url,
      set: {
        ok: row.ok,
        title: row.title,
        description: row.description,
        siteName: row.siteName,
        imageFileId: row.imageFileId,
        expiresAt: row.expiresAt,
        fetchedAt: new Date(),
      },
    });
}

/** Expired entries go (their pictures then count as unused unless a message shows them). */
export async function deleteExpiredPreviews(db: Executor, now: Date): Promise<void> {
  await db.delete(linkPreviews).where(lt(linkPreviews.expiresAt, now));
}

/** Stamps the message with its preview as one message change. */
export async function setMessagePreview(
  tx: Executor,
  messageId: string,
  slot: ChangeSlot,
  preview: LinkPreview,
): Promise<MessageRow> {
  const [row] = await tx
    .update(messages)
    .set({ linkPreview: preview, linkPreviewFileId: preview.image?.fileId ?? null, changeSeq: slot.changeSeq })
    .where(eq(messages.id, messageId))
    .returning();
  if (!row) throw new Error("message vanished inside its change transaction");
  return row;
}
