import { and, desc, eq, lte, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { chatFormerMembers, messages } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import type { Departure } from "../messages/departure-view.js";
import { GT, isTsqueryTooComplex, LT, MARK_END, MARK_START, searchFilters } from "./search.repo.js";
import { likePattern, type ParsedSearch } from "./search-query.js";

/**
 * Search in the groups I left, up to my departure and in the words I saw then (departure-view.ts):
 * a message edited after I left is found by its old body, not its new one. These are few rows
 * (a user's former groups, up to their departures), so the text is matched without the
 * indexes: whole words (English stemming or word for word) or every word as a part of a word.
 */
export async function searchFormerChats(
  db: Executor,
  userId: string,
  query: { parsed: ParsedSearch; chatId?: string | undefined; limit: number },
): Promise<{ message: typeof messages.$inferSelect; rank: number; headline: string; departure: Departure }[]> {
  const { parsed } = query;
  const [any] = await db
    .select({ chatId: chatFormerMembers.chatId })
    .from(chatFormerMembers)
    .where(eq(chatFormerMembers.userId, userId))
    .limit(1);
  if (!any) return [];
  const body = sql<string>`CASE WHEN ${messages.changeSeq} <= ${chatFormerMembers.leftAtChangeSeq} THEN ${messages.body}
    ELSE COALESCE((SELECT e.body FROM message_edits e WHERE e.message_id = ${messages.id}
      AND e.edited_at > ${chatFormerMembers.leftAt} ORDER BY e.edited_at, e.id LIMIT 1), ${messages.body}) END`;
  const hasText = parsed.text.trim().length > 0;
  const english = sql`websearch_to_tsquery('english', ${parsed.text})`;
  const simple = sql`websearch_to_tsquery('simple', ${parsed.text})`;
  const match: SQL | undefined = hasText
    ? or(
        sql`to_tsvector('english', ${body}) @@ ${english}`,
        sql`to_tsvector('simple', ${body}) @@ ${simple}`,
        parsed.words.length > 0
          ? and(
              ...parsed.words.map((w) => sql`${body} ILIKE ${likePattern(w)}`),
              ...parsed.excluded.map((w) => sql`${body} NOT ILIKE ${likePattern(w)}`),
            )
          : undefined,
      )
    : undefined;
  const rank = hasText
    ? sql<number>`ts_rank(to_tsvector('english', ${body}), ${english}) + similarity(${body}, ${parsed.text})`.mapWith(
        Number,
      )
    : sql<number>`0::float8`.mapWith(Number);
  const headline = hasText
    ? sql<string>`ts_headline('english', translate(${body}, ${`<>${MARK_START}${MARK_END}${LT}${GT}`}, ${`${LT}${GT}`}), ${english},
        ${`StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=24, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`})`
    : body;
  try {
    const rows = await db
      .select({
        message: messages,
        rank,
        headline,
        seq: chatFormerMembers.leftAtSeq,
        changeSeq: chatFormerMembers.leftAtChangeSeq,
        at: chatFormerMembers.leftAt,
      })
      .from(messages)
      .innerJoin(
        chatFormerMembers,
        and(eq(chatFormerMembers.chatId, messages.chatId), eq(chatFormerMembers.userId, userId)),
      )
      .where(and(lte(messages.seq, chatFormerMembers.leftAtSeq), match, searchFilters(userId, query)))
      .orderBy(desc(rank), desc(messages.createdAt))
      .limit(query.limit);
    return rows.map(({ message, rank, headline, seq, changeSeq, at }) => ({
      message,
      rank,
      headline,
      departure: { seq, changeSeq, at },
    }));
  } catch (err) {
    if (isTsqueryTooComplex(err)) throw new AppError("VALIDATION_FAILED", "The search query is too complex");
    throw err;
  }
}
