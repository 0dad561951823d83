import { and, eq, inArray, or, sql } from "drizzle-orm";
import { type Executor, rowsOf } from "../../db/database.js";
import { type UserRow, userBlocks, users } from "../../db/schema.js";

export async function block(db: Executor, blockerId: string, blockedId: string): Promise<void> {
  await db.insert(userBlocks).values({ blockerId, blockedId }).onConflictDoNothing();
}

export async function unblock(db: Executor, blockerId: string, blockedId: string): Promise<void> {
  await db.delete(userBlocks).where(and(eq(userBlocks.blockerId, blockerId), eq(userBlocks.blockedId, blockedId)));
}

/** True when either of the two has blocked the other. */
export async function eitherBlocked(db: Executor, a: string, b: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(userBlocks)
    .where(
      or(
        and(eq(userBlocks.blockerId, a), eq(userBlocks.blockedId, b)),
        and(eq(userBlocks.blockerId, b), eq(userBlocks.blockedId, a)),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** True when `blockerId` blocked `blockedId` (one way). */
export async function iBlocked(db: Executor, blockerId: string, blockedId: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(userBlocks)
    .where(and(eq(userBlocks.blockerId, blockerId), eq(userBlocks.blockedId, blockedId)))
    .limit(1);
  return row !== undefined;
}

export async function blockedBy(db: Executor, blockerId: string): Promise<UserRow[]> {
  const rows = await db
    .select({ user: users })
    .from(userBlocks)
    .innerJoin(users, eq(users.id, userBlocks.blockedId))
    .where(eq(userBlocks.blockerId, blockerId))
    .orderBy(users.displayName);
  return rows.map((r) => r.user);
}

/** Ids of the users `userId` blocked: they must not learn `userId`'s presence. */
export async function blockedIdsOf(db: Executor, userId: string): Promise<string[]> {
  const rows = await db.select({ id: userBlocks.blockedId }).from(userBlocks).where(eq(userBlocks.blockerId, userId));
  return rows.map((r) => r.id);
}

/** Of `candidates`, those who blocked `viewerId` (their presence is hidden from the viewer). */
export async function whoBlocked(db: Executor, viewerId: string): Promise<Set<string>> {
  const rows = await db.select({ id: userBlocks.blockerId }).from(userBlocks).where(eq(userBlocks.blockedId, viewerId));
  return new Set(rows.map((r) => r.id));
}

/**
 * True when `chatId` is a direct chat whose two members blocked one another (either way):
 * then neither may reach the other through it, not even by an edit, a reaction or typing.
 */
export async function blockedInDirectChat(db: Executor, chatId: string, userId: string): Promise<boolean> {
  const rows = rowsOf(
    await db.execute(sql`
      SELECT 1 FROM chats c
      JOIN chat_members other ON other.chat_id = c.id AND other.user_id <> ${userId}
      JOIN user_blocks b ON (b.blocker_id = other.user_id AND b.blocked_id = ${userId})
                         OR (b.blocker_id = ${userId} AND b.blocked_id = other.user_id)
      WHERE c.id = ${chatId} AND c.type = 'direct'
      LIMIT 1`),
  );
  return rows.length > 0;
}

/**
 * In a direct chat, who blocked whom between `userId` and the other person (null when the chat is
 * not a direct chat of theirs). Asked only after a send was refused: never on the hot path.
 */
export async function blockStateInDirectChat(
  db: Executor,
  chatId: string,
  userId: string,
): Promise<{ peerId: string; iBlocked: boolean; blockedMe: boolean } | null> {
  const [row] = rowsOf<{ peer_id: string; i_blocked: boolean; blocked_me: boolean }>(
    await db.execute(sql`
      SELECT other.user_id AS peer_id,
        EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = ${userId} AND b.blocked_id = other.user_id) AS i_blocked,
        EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = other.user_id AND b.blocked_id = ${userId}) AS blocked_me
      FROM chats c
      JOIN chat_members other ON other.chat_id = c.id AND other.user_id <> ${userId}
      WHERE c.id = ${chatId} AND c.type = 'direct'
      LIMIT 1`),
  );
  return row ? { peerId: row.peer_id, iBlocked: row.i_blocked, blockedMe: row.blocked_me } : null;
}

/**
 * Among `userIds`, who blocked whom: for each blocked person, the ids of those of `userIds` who
 * blocked them (a chat event sent to several members withholds profiles per recipient).
 */
export async function blocksAmong(db: Executor, userIds: string[]): Promise<Map<string, Set<string>>> {
  const byBlocked = new Map<string, Set<string>>();
  if (userIds.length < 2) return byBlocked;
  const rows = await db
    .select({ blockerId: userBlocks.blockerId, blockedId: userBlocks.blockedId })
    .from(userBlocks)
    .where(and(inArray(userBlocks.blockerId, userIds), inArray(userBlocks.blockedId, userIds)));
  for (const { blockerId, blockedId } of rows) {
    const set = byBlocked.get(blockedId) ?? new Set<string>();
    set.add(blockerId);
    byBlocked.set(blockedId, set);
  }
  return byBlocked;
}
