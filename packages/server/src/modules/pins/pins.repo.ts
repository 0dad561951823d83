import { LIMITS, type PinnedMessage } from "@teamchat/protocol";
import { and, desc, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { chatMembers, chats, messages, userBlocks, users } from "../../db/schema.js";

/** Pins of many chats in one query, newest pin first per chat. */
export async function pinsOfChats(db: Executor, chatIds: string[]): Promise<Map<string, PinnedMessage[]>> {
  const byChat = new Map<string, PinnedMessage[]>();
  if (chatIds.length === 0) return byChat;
  const rows = await db
    .select({
      chatId: messages.chatId,
      messageId: messages.id,
      seq: messages.seq,
      senderId: messages.senderId,
      body: sql<string>`left(${messages.body}, ${LIMITS.quotePreviewMax})`,
      pinnedAt: messages.pinnedAt,
      pinnedBy: messages.pinnedBy,
    })
    .from(messages)
    .where(and(inArray(messages.chatId, chatIds), isNotNull(messages.pinnedAt)))
    .orderBy(desc(messages.pinnedAt), desc(messages.seq));
  for (const { chatId, pinnedAt, ...pin } of rows) {
    if (!pinnedAt) continue;
    const list = byChat.get(chatId) ?? [];
    list.push({ ...pin, pinnedAt: pinnedAt.toISOString() });
    byChat.set(chatId, list);
  }
  return byChat;
}

export async function pinsOfChat(db: Executor, chatId: string): Promise<PinnedMessage[]> {
  return (await pinsOfChats(db, [chatId])).get(chatId) ?? [];
}

/** Pinned messages beyond the newest LIMITS.pinsPerChat (locked): the ones a new pin pushes out. */
export async function pinsOverLimit(tx: Executor, chatId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.chatId, chatId), isNotNull(messages.pinnedAt)))
    .orderBy(desc(messages.pinnedAt), desc(messages.seq))
    .offset(LIMITS.pinsPerChat)
    .for("update");
  return rows.map((r) => r.id);
}

export async function membersCanPin(db: Executor, chatId: string): Promise<boolean> {
  const [row] = await db.select({ on: chats.membersCanPin }).from(chats).where(eq(chats.id, chatId));
  return row?.on ?? false;
}

/** In a direct chat: whether a block stands between `userId` and the other person. */
export async function blockedInDirectChat(db: Executor, chatId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(chatMembers)
    .innerJoin(
      userBlocks,
      sql`(${userBlocks.blockerId} = ${chatMembers.userId} AND ${userBlocks.blockedId} = ${userId})
        OR (${userBlocks.blockerId} = ${userId} AND ${userBlocks.blockedId} = ${chatMembers.userId})`,
    )
    .where(and(eq(chatMembers.chatId, chatId), ne(chatMembers.userId, userId)))
    .limit(1);
  return row !== undefined;
}

export async function displayNameOf(db: Executor, userId: string): Promise<string> {
  const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId));
  return row?.name ?? "Someone";
}
