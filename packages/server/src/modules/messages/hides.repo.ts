import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { messageHides, messages, users } from "../../db/schema.js";

export type Hide = { chatId: string; messageId: string; hideSeq: number };

/** SQL condition: the message (in `messages`) is not hidden for the viewer. */
export function notHiddenFor(viewerId: string) {
  return sql`NOT EXISTS (SELECT 1 FROM ${messageHides} h WHERE h.user_id = ${viewerId} AND h.message_id = ${messages.id})`;
}

export async function isHiddenFor(db: Executor, userId: string, messageId: string): Promise<boolean> {
  const [row] = await db
    .select({ hideSeq: messageHides.hideSeq })
    .from(messageHides)
    .where(and(eq(messageHides.userId, userId), eq(messageHides.messageId, messageId)));
  return row !== undefined;
}

/**
 * Hides a message for one user with their next hide_seq (the user row lock orders their hides);
 * a message already hidden keeps its hide and takes no new number. Meant for a transaction.
 */
export async function insertHide(tx: Executor, userId: string, chatId: string, messageId: string): Promise<Hide> {
  const [existing] = await tx
    .select({ hideSeq: messageHides.hideSeq })
    .from(messageHides)
    .where(and(eq(messageHides.userId, userId), eq(messageHides.messageId, messageId)));
  if (existing) return { chatId, messageId, hideSeq: existing.hideSeq };
  const [counter] = await tx
    .update(users)
    .set({ hideSeq: sql`${users.hideSeq} + 1` })
    .where(eq(users.id, userId))
    .returning({ hideSeq: users.hideSeq });
  if (!counter) throw new Error("user vanished while hiding a message");
  await tx.insert(messageHides).values({ userId, chatId, messageId, hideSeq: counter.hideSeq });
  return { chatId, messageId, hideSeq: counter.hideSeq };
}

/** The user's hides after `since`, in hide_seq order (their own feed, across all chats). */
export async function hidesSince(db: Executor, userId: string, since: number, limit: number): Promise<Hide[]> {
  return db
    .select({ chatId: messageHides.chatId, messageId: messageHides.messageId, hideSeq: messageHides.hideSeq })
    .from(messageHides)
    .where(and(eq(messageHides.userId, userId), gt(messageHides.hideSeq, since)))
    .orderBy(asc(messageHides.hideSeq))
    .limit(limit);
}
