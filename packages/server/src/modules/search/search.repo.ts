import { and, desc, eq, gt, inArray, isNull, lt, notInArray, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { chatMembers, chats, messageAttachments, messages, users } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import { notHiddenFor } from "../messages/hides.repo.js";
import { likePattern, type ParsedSearch } from "./search-query.js";

/**
 * Ranking is computed for the most recent matches only: ranking every hit made a common word
 * over 1,000,000 messages cost 0.5-1.5 s (docs/benchmarks.md); the newest thousand hits are
 * more than a page of results (at most 50) is picked from.
 *
 * How the candidates are found is PostgreSQL's choice, from its statistics of how common each
 * word is (tsvector statistics, kept by ANALYZE): a rare word reads its few rows from the GIN
 * indexes and sorts them; a frequent one walks messages newest first (messages_created_at_idx,
 * migration 0017) and stops after RANKED_CANDIDATES matches, which for a word in 10-100 % of
 * the rows is a few thousand rows instead of a bitmap of all of them. The walk's cost grows with
 * how many newer messages of other people's chats it passes, so it is bounded by the table, like
 * the bitmap it replaces.
 */
const RANKED_CANDIDATES = 1_000;
const DAY_MS = 86_400_000;
/** Marks ts_headline puts around matches: private-use characters, removed from bodies first. */
export const MARK_START = "\uE000";
export const MARK_END = "\uE001";
/**
 * ts_headline's parser drops what looks like an HTML tag; angle brackets travel as these and are
 * restored afterwards, so the snippet is the message's own text.
 */
export const LT = "\uE002";
export const GT = "\uE003";

/**
 * Message search, only in chats the user is a member of, never deleted or system messages.
 * Whole words first: English stemming ("run" finds "running") or word for word ('simple').
 * Only when those give fewer hits than asked, messages containing every word of 3+ characters
 * (pg_trgm index: part of a word) fill the rest, ranked after them: a partial match of a common
 * word would otherwise scan a large part of the trigram index on every search.
 */
export async function searchMessages(
  db: Executor,
  userId: string,
  query: { parsed: ParsedSearch; chatId?: string | undefined; limit: number },
) {
  const { parsed } = query;
  if (parsed.text.trim().length === 0) return ranked(db, userId, query, null);
  const english = sql`websearch_to_tsquery('english', ${parsed.text})`;
  const simple = sql`websearch_to_tsquery('simple', ${parsed.text})`;
  const wholeWords = or(sql`${messages}.search_stemmed @@ ${english}`, sql`${messages}.search_vector @@ ${simple}`);
  const found = await ranked(db, userId, query, { match: wholeWords, english });
  if (found.length >= query.limit || parsed.words.length === 0) return found;
  const partial = and(
    ...parsed.words.map((w) => sql`${messages.body} ILIKE ${likePattern(w)}`),
    ...parsed.excluded.map((w) => sql`${messages.body} NOT ILIKE ${likePattern(w)}`),
    found.length > 0
      ? notInArray(
          messages.id,
          found.map((r) => r.message.id),
        )
      : undefined,
  );
  const more = await ranked(db, userId, { ...query, limit: query.limit - found.length }, { match: partial, english });
  // Partial matches rank below every whole-word match.
  const floor = Math.min(0, ...found.map((r) => r.rank));
  return [...found, ...more.map((r) => ({ ...r, rank: floor - 1 + r.rank / 10 }))];
}

/** The newest RANKED_CANDIDATES matches in my chats, ranked; without text, newest first. */
async function ranked(
  db: Executor,
  userId: string,
  query: { parsed: ParsedSearch; chatId?: string | undefined; limit: number },
  text: { match: SQL | undefined; english: SQL } | null,
) {
  const { parsed } = query;
  const candidates = db
    .select({ id: messages.id })
    .from(messages)
    .innerJoin(chatMembers, and(eq(chatMembers.chatId, messages.chatId), eq(chatMembers.userId, userId)))
    .where(
      and(
        text?.match,
        isNull(messages.deletedAt),
        eq(messages.kind, "text"),
        notHiddenFor(userId),
        query.chatId ? eq(messages.chatId, query.chatId) : undefined,
        parsed.in.length > 0 ? inArray(messages.chatId, chatsNamed(userId, parsed.in)) : undefined,
        parsed.from.length > 0 ? inArray(messages.senderId, sendersNamed(userId, parsed.from)) : undefined,
        parsed.before ? lt(messages.createdAt, parsed.before) : undefined,
        parsed.after ? gt(messages.createdAt, new Date(parsed.after.getTime() + DAY_MS - 1)) : undefined,
        parsed.hasFile
          ? sql`EXISTS (SELECT 1 FROM ${messageAttachments} a WHERE a.message_id = ${messages.id})`
          : undefined,
      ),
    )
    .orderBy(desc(messages.createdAt))
    .limit(RANKED_CANDIDATES)
    .as("candidates");
  const rank = text
    ? sql<number>`ts_rank(${messages}.search_stemmed, ${text.english})
        + similarity(${messages.body}, ${parsed.text})`.mapWith(Number)
    : sql<number>`0::float8`.mapWith(Number);
  const headline = text
    ? sql<string>`ts_headline('english', translate(${messages.body}, ${`<>${MARK_START}${MARK_END}${LT}${GT}`}, ${`${LT}${GT}`}), ${text.english},
        ${`StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=24, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`})`
    : sql<string>`${messages.body}`;
  try {
    return await db
      .select({ message: messages, rank, headline })
      .from(candidates)
      .innerJoin(messages, eq(messages.id, candidates.id))
      .orderBy(desc(rank), desc(messages.createdAt))
      .limit(query.limit);
  } catch (err) {
    if (isTsqueryTooComplex(err)) throw new AppError("VALIDATION_FAILED", "The search query is too complex");
    throw err;
  }
}

/**
 * PostgreSQL's tsquery parser has a fixed operator stack: a run of some 30+ operators (e.g.
 * "------x") fails with an internal error (XX000) instead of a syntax error. It is the
 * input's fault, so the client gets a validation error, not a 500.
 */
function isTsqueryTooComplex(err: unknown): boolean {
  for (let e = err as { message?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.message === "string" && e.message.includes("tsquery stack too small")) return true;
  }
  return false;
}

/** `in:` values → ids of my chats: a chat id, a group name, or a direct peer's username. */
function chatsNamed(userId: string, names: string[]): SQL {
  const lowered = names.map((n) => n.toLowerCase());
  return sql`(SELECT c.id FROM ${chats} c JOIN ${chatMembers} me ON me.chat_id = c.id AND me.user_id = ${userId}
    WHERE c.id::text IN ${names} OR lower(c.name) IN ${lowered}
      OR (c.type = 'direct' AND EXISTS (SELECT 1 FROM ${chatMembers} peer JOIN ${users} u ON u.id = peer.user_id
        WHERE peer.chat_id = c.id AND peer.user_id <> ${userId} AND u.username IN ${lowered})))`;
}

/** `from:` values → user ids by username ("me" is the searcher). */
function sendersNamed(userId: string, usernames: string[]): SQL {
  const includesMe = usernames.includes("me");
  return sql`(SELECT u.id FROM ${users} u WHERE u.username IN ${usernames}
    ${includesMe ? sql`OR u.id = ${userId}` : sql``})`;
}
