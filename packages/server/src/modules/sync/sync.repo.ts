import { and, asc, eq, gt, inArray, isNotNull, lte, max, sql } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { chatFormerMembers, chatMembers, chats, type MessageRow, messages } from "../../db/schema.js";
import type { Departure } from "../messages/departure-view.js";
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
 * Of `chatIds`, the groups the user left or was removed from: their departure and the head of
 * their feed (departure-view.ts).
 */
export async function formerChatCursors(
  db: Executor,
  userId: string,
  chatIds: string[],
): Promise<Map<string, { departure: Departure; head: number }>> {
  if (chatIds.length === 0) return new Map();
  const rows = await db
    .select({
      chatId: chatFormerMembers.chatId,
      changeSeq: chatFormerMembers.leftAtChangeSeq,
      seq: chatFormerMembers.leftAtSeq,
      at: chatFormerMembers.leftAt,
    })
    .from(chatFormerMembers)
    .where(and(eq(chatFormerMembers.userId, userId), inArray(chatFormerMembers.chatId, chatIds)));
  const heads = await Promise.all(rows.map((r) => formerFeedHead(db, r.chatId, r)));
  return new Map(rows.map((r, i) => [r.chatId, { departure: r, head: heads[i] ?? r.changeSeq }]));
}

/** The departure, or a later delete for everyone of a message up to it. */
async function formerFeedHead(db: Executor, chatId: string, departure: Departure): Promise<number> {
  const [row] = await db
    .select({ head: max(messages.changeSeq) })
    .from(messages)
    .where(
      and(
        eq(messages.chatId, chatId),
        lte(messages.seq, departure.seq),
        gt(messages.changeSeq, departure.changeSeq),
        isNotNull(messages.deletedAt),
      ),
    );
  return Math.max(departure.changeSeq, row?.head ?? 0);
}

/**
 * A former member's feed: the messages up to their departure, ordered by the change they see
 * (departure-view.ts): a row changed after they left counts as of the departure (its rolled-back
 * copy), unless deleted for everyone (that change reaches them as it is). Rows of one change
 * number are never split between pages (only the departure's number can be shared), so the
 * cursor moves past all of them at once.
 */
export async function formerChangesSince(
  db: Executor,
  chatId: string,
  since: number,
  limit: number,
  departure: Departure,
  viewerId: string,
): Promise<{ rows: MessageRow[]; hasMore: boolean }> {
  const seen = sql<number>`CASE WHEN ${messages.changeSeq} <= ${departure.changeSeq} OR ${messages.deletedAt} IS NOT NULL
    THEN ${messages.changeSeq} ELSE ${departure.changeSeq} END`;
  const readable = and(eq(messages.chatId, chatId), lte(messages.seq, departure.seq), notHiddenFor(viewerId));
  const rows = await db
    .select({ message: messages, seen })
    .from(messages)
    .where(and(readable, sql`${seen} > ${since}`))
    .orderBy(asc(seen), asc(messages.seq))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  if (!last || rows.length <= limit || rows[limit]?.seen !== last.seen) {
    return { rows: page.map((r) => r.message), hasMore: rows.length > limit };
  }
  const rest = await db
    .select({ message: messages })
    .from(messages)
    .where(and(readable, sql`${seen} = ${last.seen}`, gt(messages.seq, last.message.seq)))
    .orderBy(asc(messages.seq));
  const all = [...page, ...rest].map((r) => r.message);
  const more = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(readable, sql`${seen} > ${last.seen}`))
    .limit(1);
  return { rows: all, hasMore: more.length > 0 };
}

/**
 * Messages of a chat stored or modified after `since`, oldest change first (a member's feed).
 */
export async function changesSince(
  db: Executor,
  chatId: string,
  since: number,
  limit: number,
  /** Messages this user deleted for themselves never come back through the feed. */
  viewerId: string | null = null,
): Promise<MessageRow[]> {
  return db
    .select()
    .from(messages)
    .where(
      and(eq(messages.chatId, chatId), gt(messages.changeSeq, since), viewerId ? notHiddenFor(viewerId) : undefined),
    )
    .orderBy(asc(messages.changeSeq))
    .limit(limit);
}
