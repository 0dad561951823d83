import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { chatMembers, chats, type MessageRow, messages } from "../../db/schema.js";

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

/** Messages of a chat stored or modified after `since`, oldest change first. */
export async function changesSince(db: Executor, chatId: string, since: number, limit: number): Promise<MessageRow[]> {
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.chatId, chatId), gt(messages.changeSeq, since)))
    .orderBy(asc(messages.changeSeq))
    .limit(limit);
}
