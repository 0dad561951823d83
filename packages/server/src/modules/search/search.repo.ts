import { and, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { chatMembers, messages } from "../../db/schema.js";

/** Full-text search over messages, only in chats the user belongs to, best match first. */
export async function searchMessages(
  db: Executor,
  userId: string,
  query: { q: string; chatId?: string | undefined; limit: number },
) {
  const tsquery = sql`websearch_to_tsquery('simple', ${query.q})`;
  const rank = sql<number>`ts_rank(${messages}.search_vector, ${tsquery})`.mapWith(Number);
  return db
    .select({ message: messages, rank })
    .from(messages)
    .innerJoin(chatMembers, and(eq(chatMembers.chatId, messages.chatId), eq(chatMembers.userId, userId)))
    .where(
      and(sql`${messages}.search_vector @@ ${tsquery}`, query.chatId ? eq(messages.chatId, query.chatId) : undefined),
    )
    .orderBy(desc(rank), desc(messages.createdAt))
    .limit(query.limit);
}
