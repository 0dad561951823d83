import type { UpdatePrivacyBody, UpdateProfileBody } from "@teamchat/protocol";
import { and, asc, eq, ilike, isNull, ne, or, sql } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import { type UserRow, users } from "../../db/schema.js";

export async function findUserById(db: Executor, id: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.username, username.toLowerCase()));
  return row ?? null;
}

export async function insertUser(
  db: Executor,
  values: { username: string; displayName: string; passwordHash: string },
): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function updateProfile(db: Executor, id: string, patch: UpdateProfileBody): Promise<UserRow | null> {
  const [row] = await db
    .update(users)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(users.id, id))
    .returning();
  return row ?? null;
}

export async function updatePrivacy(db: Executor, id: string, patch: UpdatePrivacyBody): Promise<UserRow | null> {
  const [row] = await db
    .update(users)
    .set({
      ...(patch.readReceipts !== undefined && { privacyReadReceipts: patch.readReceipts }),
      ...(patch.typingIndicators !== undefined && { privacyTyping: patch.typingIndicators }),
      ...(patch.lastSeen !== undefined && { privacyLastSeen: patch.lastSeen }),
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, id))
    .returning();
  return row ?? null;
}

/** Directory search by username or display-name prefix (case-insensitive), excluding me. */
export async function searchUsers(db: Executor, meId: string, q: string, limit: number): Promise<UserRow[]> {
  const pattern = `${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .select()
    .from(users)
    .where(
      and(
        ne(users.id, meId),
        isNull(users.disabledAt),
        q
          ? or(
              ilike(users.username, pattern),
              ilike(users.displayName, pattern),
              ilike(users.displayName, `% ${pattern}`),
            )
          : undefined,
      ),
    )
    .orderBy(asc(users.displayName), asc(users.id))
    .limit(limit);
}

export async function setLastSeen(db: Executor, id: string, at: Date): Promise<void> {
  await db.update(users).set({ lastSeenAt: at }).where(eq(users.id, id));
}
