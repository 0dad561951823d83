import { and, eq, inArray, ne } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "../../db/database.js";
import { chatMembers, users } from "../../db/schema.js";

/** Of `candidateIds`, those who share at least one chat with `userId`, with last-seen data. */
export async function visibleContacts(db: Executor, userId: string, candidateIds: string[]) {
  const mine = alias(chatMembers, "mine");
  const theirs = alias(chatMembers, "theirs");
  return db
    .selectDistinct({ id: users.id, lastSeenAt: users.lastSeenAt, sharesLastSeen: users.privacyLastSeen })
    .from(mine)
    .innerJoin(theirs, eq(theirs.chatId, mine.chatId))
    .innerJoin(users, eq(users.id, theirs.userId))
    .where(and(eq(mine.userId, userId), inArray(theirs.userId, candidateIds)));
}

export async function lastSeenPrivacy(db: Executor, userId: string): Promise<boolean> {
  const [row] = await db.select({ shares: users.privacyLastSeen }).from(users).where(eq(users.id, userId));
  return row?.shares ?? false;
}

/**
 * People who share a chat with `userId` and hide their own last seen: as in WhatsApp, they do
 * not see anyone else's either.
 */
export async function coMembersHidingLastSeen(db: Executor, userId: string): Promise<string[]> {
  const mine = alias(chatMembers, "mine");
  const theirs = alias(chatMembers, "theirs");
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(mine)
    .innerJoin(theirs, eq(theirs.chatId, mine.chatId))
    .innerJoin(users, eq(users.id, theirs.userId))
    .where(and(eq(mine.userId, userId), ne(theirs.userId, userId), eq(users.privacyLastSeen, false)));
  return rows.map((r) => r.id);
}
