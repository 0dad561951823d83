import { and, desc, eq, gt, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { chatFormerMembers, chatMembers, chats, messageAttachments, messages, users } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import { notHiddenFor } from "../messages/hides.repo.js";
import { likePattern, type ParsedSearch } from "./search-query.js";

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
 * Where a page ends: the phase (whole-word matches first, then partial-only matches) and the last
 * message shown. Opaque to clients (base64url JSON).
 */
export type SearchCursor = { phase: "words" | "partial"; afterId: string };

export function encodeCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

export function decodeCursor(value: string | undefined): SearchCursor | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(Buffer.from(value, "base64url").toString()) as Partial<SearchCursor>;
    if ((parsed.phase === "words" || parsed.phase === "partial") && typeof parsed.afterId === "string") {
      if (/^[0-9a-f-]{36}$/i.test(parsed.afterId)) return { phase: parsed.phase, afterId: parsed.afterId };
    }
  } catch {
    // falls through
  }
  throw new AppError("VALIDATION_FAILED", "The search cursor is not valid");
}

type SearchRow = { message: typeof messages.$inferSelect; rank: number; headline: string };

/**
 * Message search, only in chats the user is a member of, never deleted or system messages,
 * NEWEST FIRST, in pages (keyset on (created_at, id), so a page costs the same however deep).
 * Whole words first: English stemming ("run" finds "running") or word for word ('simple'),
 * newest first; once those run out, messages containing every word of 3+ characters (pg_trgm
 * index: part of a word) that did not match as whole words, newest first. A frequent word walks
 * messages_created_at_idx newest first and stops after a page; a rare one reads the GIN indexes.
 */
export async function searchMessages(
  db: Executor,
  userId: string,
  query: { parsed: ParsedSearch; chatId?: string | undefined; limit: number; cursor: SearchCursor | null },
): Promise<{ rows: SearchRow[]; next: SearchCursor | null }> {
  const { parsed, cursor } = query;
  if (parsed.text.trim().length === 0) {
    const rows = await page(db, userId, query, null, cursor?.afterId ?? null, query.limit + 1);
    return paged(rows, query.limit, "words");
  }
  const english = sql`websearch_to_tsquery('english', ${parsed.text})`;
  const simple = sql`websearch_to_tsquery('simple', ${parsed.text})`;
  const wholeWords = or(sql`${messages}.search_stemmed @@ ${english}`, sql`${messages}.search_vector @@ ${simple}`);
  const rows: SearchRow[] = [];
  if (cursor?.phase !== "partial") {
    rows.push(
      ...(await page(db, userId, query, { match: wholeWords, english }, cursor?.afterId ?? null, query.limit + 1)),
    );
    if (rows.length > query.limit || parsed.words.length === 0) return paged(rows, query.limit, "words");
  }
  const partial = and(
    ...parsed.words.map((w) => sql`${messages.body} ILIKE ${likePattern(w)}`),
    ...parsed.excluded.map((w) => sql`${messages.body} NOT ILIKE ${likePattern(w)}`),
    sql`NOT (${wholeWords})`,
  );
  const after = cursor?.phase === "partial" ? cursor.afterId : null;
  const wanted = query.limit + 1 - rows.length;
  const more = await page(db, userId, query, { match: partial, english }, after, wanted);
  // Partial matches follow every whole-word match.
  const words = rows.length;
  const all = [...rows, ...more];
  const hasMore = all.length > query.limit;
  const shown = all.slice(0, query.limit);
  const last = shown.at(-1);
  return {
    rows: shown,
    next: hasMore && last ? { phase: shown.length > words ? "partial" : "words", afterId: last.message.id } : null,
  };
}

function paged(rows: SearchRow[], limit: number, phase: SearchCursor["phase"]) {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { rows: shown, next: rows.length > limit && last ? { phase, afterId: last.message.id } : null };
}

/** One page of matches in my chats, newest first, after the message `afterId` (keyset). */
async function page(
  db: Executor,
  userId: string,
  query: { parsed: ParsedSearch; chatId?: string | undefined },
  text: { match: SQL | undefined; english: SQL } | null,
  afterId: string | null,
  limit: number,
): Promise<SearchRow[]> {
  const rank = text
    ? sql<number>`ts_rank(${messages}.search_stemmed, ${text.english})`.mapWith(Number)
    : sql<number>`0::float8`.mapWith(Number);
  const headline = text
    ? sql<string>`ts_headline('english', translate(${messages.body}, ${`<>${MARK_START}${MARK_END}${LT}${GT}`}, ${`${LT}${GT}`}), ${text.english},
        ${`StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=24, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`})`
    : sql<string>`''`;
  try {
    return await db
      .select({ message: messages, rank, headline })
      .from(messages)
      .innerJoin(chatMembers, and(eq(chatMembers.chatId, messages.chatId), eq(chatMembers.userId, userId)))
      .where(conditions(userId, query, text?.match, afterId))
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(limit);
  } catch (err) {
    if (isTsqueryTooComplex(err)) throw new AppError("VALIDATION_FAILED", "The search query is too complex");
    throw err;
  }
}

/** What every page and count applies: my chats, visible text messages, the filters. */
function conditions(
  userId: string,
  query: { parsed: ParsedSearch; chatId?: string | undefined },
  match: SQL | undefined,
  afterId: string | null,
) {
  return and(
    match,
    searchFilters(userId, query),
    afterId
      ? sql`(${messages.createdAt}, ${messages.id}) < (SELECT a.created_at, a.id FROM ${messages} a WHERE a.id = ${afterId})`
      : undefined,
  );
}

/** Counted at most this far: "k of 1000+" is as useful as an exact count of a huge chat. */
export const COUNT_CAP = 1_000;

/**
 * How many messages of ONE chat match (whole or partial words), up to COUNT_CAP: the "k of N"
 * of in-chat search. Bounded by that chat's size, never run over all my chats.
 */
export async function countInChat(
  db: Executor,
  userId: string,
  query: { parsed: ParsedSearch; chatId: string },
): Promise<number> {
  const { parsed } = query;
  let match: SQL | undefined;
  if (parsed.text.trim().length > 0) {
    const english = sql`websearch_to_tsquery('english', ${parsed.text})`;
    const simple = sql`websearch_to_tsquery('simple', ${parsed.text})`;
    const whole = or(sql`${messages}.search_stemmed @@ ${english}`, sql`${messages}.search_vector @@ ${simple}`);
    const partial =
      parsed.words.length > 0
        ? and(
            ...parsed.words.map((w) => sql`${messages.body} ILIKE ${likePattern(w)}`),
            ...parsed.excluded.map((w) => sql`${messages.body} NOT ILIKE ${likePattern(w)}`),
          )
        : undefined;
    match = partial ? or(whole, partial) : whole;
  }
  const capped = db
    .select({ one: sql`1` })
    .from(messages)
    .innerJoin(chatMembers, and(eq(chatMembers.chatId, messages.chatId), eq(chatMembers.userId, userId)))
    .where(conditions(userId, query, match, null))
    .limit(COUNT_CAP + 1)
    .as("capped");
  try {
    const [row] = await db.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(capped);
    return row?.n ?? 0;
  } catch (err) {
    if (isTsqueryTooComplex(err)) throw new AppError("VALIDATION_FAILED", "The search query is too complex");
    throw err;
  }
}

/** What every search applies besides the text: live text messages I see, and the query's filters. */
export function searchFilters(
  userId: string,
  query: { parsed: ParsedSearch; chatId?: string | undefined },
): SQL | undefined {
  const { parsed } = query;
  return and(
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
  );
}

/**
 * PostgreSQL's tsquery parser has a fixed operator stack: a run of some 30+ operators (e.g.
 * "------x") fails with an internal error (XX000) instead of a syntax error. It is the
 * input's fault, so the client gets a validation error, not a 500.
 */
export function isTsqueryTooComplex(err: unknown): boolean {
  for (let e = err as { message?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.message === "string" && e.message.includes("tsquery stack too small")) return true;
  }
  return false;
}

/** `in:` values → ids of my chats (groups I left included): a chat id, a group name, or a direct peer's username. */
function chatsNamed(userId: string, names: string[]): SQL {
  const lowered = names.map((n) => n.toLowerCase());
  return sql`(SELECT c.id FROM ${chats} c JOIN (SELECT chat_id FROM ${chatMembers} WHERE user_id = ${userId}
      UNION ALL SELECT chat_id FROM ${chatFormerMembers} WHERE user_id = ${userId}) me ON me.chat_id = c.id
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
