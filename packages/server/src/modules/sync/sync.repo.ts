import { and, asc, eq, gt, inArray, lte } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { chatFormerMembers, chatMembers, chats, type MessageRow, messages } from "../../db/schema.js";
import { notHiddenFor } from "../messages/hides.repo.js";

/** Of `chatIds`, the ones the user belongs to, with each chat's current change counter. */
export async function memberChatCursors(db: Executor, userId: string, chatIds: string[]): Promise<Map<string, number>> {
  if (chatIds.length === 0) return new Map();
  const rows = await db
    .select({ chatId: chats.id, changeSeq: chats.changeSeq })
    .from(chatMembers)
    .innerJoin(chats, eq(chats.id, chatMembers.chatId))
    .where(and(eq(chatMembers.userId, userId), inArray(chatMembers.chatId, chatIds)));
  return new Map(rows.map((r) => [r.chatId, r.changeSeq]));
}

/**
 * Of `chatIds`, the groups the user left or was removed from, with the change counter and seq
 * at their departure: their feed ends there.
 */
export async function formerChatCursors(
  db: Executor,
  userId: string,
  chatIds: string[],
): Promise<Map<string, { changeSeq: number; seq: number }>> {
  if (chatIds.length === 0) return new Map();
  const rows = await db
    .select({
      chatId: chatFormerMembers.chatId,
      changeSeq: chatFormerMembers.leftAtChangeSeq,
      seq: chatFormerMembers.leftAtSeq,
    })
    .from(chatFormerMembers)
    .where(and(eq(chatFormerMembers.userId, userId), inArray(chatFormerMembers.chatId, chatIds)));
  return new Map(rows.map((r) => [r.chatId, { changeSeq: r.changeSeq, seq: r.seq }]));
}

/**
 * Messages of a chat stored or modified after `since`, oldest change first; for a former
 * member only changes up to their departure, of messages up to it.
 */
export async function changesSince(
  db: Executor,
  chatId: string,
  since: number,
  limit: number,
  cap: { changeSeq: number; seq: number } | null = null,
  /** Messages this user deleted for themselves never come back through the feed. */
  viewerId: string | null = null,
): Promise<MessageRow[]> {
  return db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.chatId, chatId),
        gt(messages.changeSeq, since),
        cap ? lte(messages.changeSeq, cap.changeSeq) : undefined,
        cap ? lte(messages.seq, cap.seq) : undefined,
        viewerId ? notHiddenFor(viewerId) : undefined,
      ),
    )
    .orderBy(asc(messages.changeSeq))
    .limit(limit);
}
