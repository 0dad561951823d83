import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { chatMembers, chats, type MessageRow, messages } from "../../db/schema.js";

/**
 * Allocates the chat's next seq and stores the message in one transaction. The UPDATE takes
 * the chat row lock, so concurrent senders in one chat commit in seq order with no gap; the
 * EXISTS makes membership part of the same statement. Returns null when not a member.
 */
export async function insertWithNextSeq(
  db: Executor,
  input: { chatId: string; senderId: string; clientId: string; body: string },
): Promise<MessageRow | null> {
  return db.transaction(async (tx) => {
    const [chat] = await tx
      .update(chats)
      .set({ lastSeq: sql`${chats.lastSeq} + 1`, changeSeq: sql`${chats.changeSeq} + 1`, lastActivityAt: sql`now()` })
      .where(
        and(
          eq(chats.id, input.chatId),
          sql`EXISTS (SELECT 1 FROM ${chatMembers} WHERE ${chatMembers.chatId} = ${input.chatId} AND ${chatMembers.userId} = ${input.senderId})`,
        ),
      )
      .returning({ seq: chats.lastSeq, changeSeq: chats.changeSeq, at: chats.lastActivityAt });
    if (!chat) return null;
    const [row] = await tx
      .insert(messages)
      .values({ ...input, seq: chat.seq, changeSeq: chat.changeSeq, kind: "text", createdAt: chat.at })
      .returning();
    return row ?? null;
  });
}

export async function findBySenderClientId(
  db: Executor,
  senderId: string,
  clientId: string,
): Promise<MessageRow | null> {
  const [row] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.senderId, senderId), eq(messages.clientId, clientId)));
  return row ?? null;
}

/** A page by seq, returned ascending; `hasMore` says whether more lie beyond it in that direction. */
export async function historyPage(
  db: Executor,
  chatId: string,
  page: { before?: number | undefined; after?: number | undefined; limit: number },
): Promise<{ rows: MessageRow[]; hasMore: boolean }> {
  const take = page.limit + 1;
  if (page.after !== undefined) {
    const rows = await db
      .select()
      .from(messages)
      .where(and(eq(messages.chatId, chatId), gt(messages.seq, page.after)))
      .orderBy(asc(messages.seq))
      .limit(take);
    return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
  }
  const rows = await db
    .select()
    .from(messages)
    .where(and(eq(messages.chatId, chatId), page.before !== undefined ? lt(messages.seq, page.before) : undefined))
    .orderBy(desc(messages.seq))
    .limit(take);
  return { rows: rows.slice(0, page.limit).reverse(), hasMore: rows.length > page.limit };
}
