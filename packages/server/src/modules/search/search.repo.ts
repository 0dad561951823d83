import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { chatMembers, messages } from "../../db/schema.js";
import { AppError } from "../../errors.js";

/**
 * Ranking is computed for the most recent matches only: ranking every hit made a common word
 * over 1,000,000 messages cost 0.5-1.5 s (docs/benchmarks.md); the newest few thousand hits are
 * what a person scrolls through anyway.
 */
const RANKED_CANDIDATES = 2_000;

/**
 * Full-text search over messages, only in chats the user belongs to, best match first. Deleted
 * messages have an empty body (nothing to match) and are excluded besides.
 */
export async function searchMessages(
  db: Executor,
  userId: string,
  query: { q: string; chatId?: string | undefined; limit: number },
) {
  const tsquery = sql`websearch_to_tsquery('simple', ${query.q})`;
  const candidates = db
    .select({ id: messages.id })
    .from(messages)
    .innerJoin(chatMembers, and(eq(chatMembers.chatId, messages.chatId), eq(chatMembers.userId, userId)))
    .where(
      and(
        sql`${messages}.search_vector @@ ${tsquery}`,
        isNull(messages.deletedAt),
        query.chatId ? eq(messages.chatId, query.chatId) : undefined,
      ),
    )
    .orderBy(desc(messages.createdAt))
    .limit(RANKED_CANDIDATES)
    .as("candidates");
  const rank = sql<number>`ts_rank(${messages}.search_vector, ${tsquery})`.mapWith(Number);
  try {
    return await db
      .select({ message: messages, rank })
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
